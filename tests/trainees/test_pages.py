"""Programmes, cohorts and enrolments in the browser's pages: who sees what, and what is flagged."""

import datetime

import pytest
from django.urls import reverse

from trainees import services
from trainees.models import Cohort, Enrolment, Programme

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_lead_sets_up_programme_then_cohort(client, people, cohort_setup):
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:programme_create"),
        {
            "organisation": people.trust.pk,
            "name": "AP radiography",
            "standard": cohort_setup.programme.standard.pk,
            "university": cohort_setup.university.pk,
            "award": "FdSc Radiography",
            "length_months": 24,
            "review_interval_weeks": 12,
            "minimum_study_hours": 0,
        },
    )
    assert response.url == reverse("trainees:cohort_create")
    programme = Programme.objects.get(name="AP radiography")
    response = client.post(
        reverse("trainees:cohort_create"),
        {
            "programme": programme.pk,
            "name": "Radiography 2027",
            "start_date": "2027-01-11",
            "expected_end_date": "2029-01-10",
        },
    )
    cohort = Cohort.objects.get(name="Radiography 2027")
    assert response.url == reverse("trainees:cohort_detail", args=[cohort.pk])
    assert cohort.organisation == people.trust


def test_cohort_ending_before_it_starts_is_refused_beside_the_field(client, people, cohort_setup):
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:cohort_create"),
        {
            "programme": cohort_setup.programme.pk,
            "name": "Bad",
            "start_date": "2027-01-11",
            "expected_end_date": "2026-01-10",
        },
    )
    assert response.status_code == 200
    assert "The expected end must be after the start date." in response.text
    assert not Cohort.objects.filter(name="Bad").exists()


def test_programme_university_must_be_a_university(client, people, cohort_setup):
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:programme_create"),
        {
            "organisation": people.trust.pk,
            "name": "X",
            "standard": cohort_setup.programme.standard.pk,
            "university": people.other_trust.pk,
            "award": "FdSc",
            "length_months": 24,
            "review_interval_weeks": 12,
            "minimum_study_hours": 0,
        },
    )
    assert "Select a valid choice" in response.text
    assert not Programme.objects.filter(name="X").exists()


def test_cohort_page_flags_shortfall_overdue_and_unsigned(client, people, cohort_setup):
    cohort = cohort_setup.cohort
    cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort.save()
    client.force_login(people.lead)
    response = client.get(reverse("trainees:cohort_detail", args=[cohort.pk]))
    html = response.text
    assert response.context["shortfalls"] == 2 and response.context["overdue"] == 2
    assert "⚠ Short by" in html and "⚠ Overdue" in html and "Not signed" in html
    assert people.trainee.get_full_name() in html


def test_cohort_page_query_count_does_not_grow_with_trainees(
    client, people, cohort_setup, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client.force_login(people.lead)
    url = reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])
    with django_assert_max_num_queries(18) as few:
        client.get(url)
    for _ in range(10):
        services.enrol(
            cohort=cohort_setup.cohort, trainee=UserFactory(), by=people.lead, mentors=[people.mentor]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 12


@pytest.mark.parametrize("who", ["trainee", "mentor", "manager", "lecturer", "lead"])
def test_people_concerned_open_the_enrolment(client, people, cohort_setup, who):
    person = getattr(cohort_setup, who, None) or getattr(people, who)
    client.force_login(person)
    assert (
        client.get(reverse("trainees:enrolment_detail", args=[cohort_setup.enrolment.pk])).status_code == 200
    )


@pytest.mark.parametrize(
    "who", ["other_trainee", "other_mentor", "other_lead", "regional", "outside_trainee"]
)
def test_others_cannot_open_the_enrolment(client, people, cohort_setup, who):
    person = getattr(cohort_setup, who, None) or getattr(people, who)
    client.force_login(person)
    pk = cohort_setup.enrolment.pk
    for name in ("enrolment_detail", "study_time", "contract_current"):
        assert client.get(reverse(f"trainees:{name}", args=[pk])).status_code == 404, name


def test_supporters_see_the_cohort_trainees_and_outsiders_do_not(client, people, cohort_setup):
    url = reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])
    for who in (cohort_setup.manager, cohort_setup.lecturer, people.mentor):
        client.force_login(who)
        assert client.get(url).status_code == 200
    for who in (people.trainee, people.other_lead):
        client.force_login(who)
        assert client.get(url).status_code == 404


def test_lead_assigns_mentors_manager_and_lecturer(client, people, cohort_setup):
    enrolment = cohort_setup.other_enrolment
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:enrolment_edit", args=[enrolment.pk]),
        {
            "mentors": [people.mentor.pk, cohort_setup.other_mentor.pk],
            "manager": cohort_setup.manager.pk,
            "lecturer": cohort_setup.lecturer.pk,
            "service": "Oak Ward",
            "band": 3,
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert set(enrolment.mentors.all()) == {people.mentor, cohort_setup.other_mentor}
    assert (enrolment.manager, enrolment.lecturer) == (cohort_setup.manager, cohort_setup.lecturer)


def test_lead_cannot_assign_someone_from_another_organisation(client, people, cohort_setup):
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:enrolment_edit", args=[cohort_setup.enrolment.pk]),
        {"manager": people.other_lead.pk},
    )
    assert "Select a valid choice" in response.text
    cohort_setup.enrolment.refresh_from_db()
    assert cohort_setup.enrolment.manager == cohort_setup.manager


def test_status_change_is_kept_in_history(client, people, cohort_setup):
    client.force_login(people.lead)
    url = reverse("trainees:enrolment_status", args=[cohort_setup.enrolment.pk])
    client.post(url, {"status": "on_break", "changed_on": TODAY.isoformat(), "note": "Maternity leave"})
    page = client.get(reverse("trainees:enrolment_detail", args=[cohort_setup.enrolment.pk])).text
    assert "On a break from" in page and "Maternity leave" in page
    response = client.post(url, {"status": "on_break", "changed_on": TODAY.isoformat()})
    assert "already on a break" in response.text
    assert cohort_setup.enrolment.status_changes.count() == 2


def test_mentor_cannot_change_status(client, people, cohort_setup):
    client.force_login(people.mentor)
    url = reverse("trainees:enrolment_status", args=[cohort_setup.enrolment.pk])
    assert client.post(url, {"status": "withdrawn", "changed_on": TODAY.isoformat()}).status_code == 403
    assert Enrolment.objects.get(pk=cohort_setup.enrolment.pk).status == "active"


def overdue_cohort(cohort_setup):
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort_setup.cohort.save()


def test_trainee_dashboard_shows_own_shortfall_and_overdue_review(client, people, cohort_setup):
    overdue_cohort(cohort_setup)
    client.force_login(people.trainee)
    html = client.get(reverse("dashboard")).text
    assert "Your training" in html
    assert "⚠ short by" in html and "⚠ overdue" in html


def test_mentor_dashboard_flags_their_trainee_only(client, people, cohort_setup):
    overdue_cohort(cohort_setup)
    client.force_login(people.mentor)
    html = client.get(reverse("dashboard")).text
    assert people.trainee.get_full_name() in html and "⚠ review overdue" in html
    assert people.other_trainee.get_full_name() not in html


def test_manager_dashboard_counts_study_time_to_confirm(client, people, cohort_setup):
    services.log_study_time(
        enrolment=cohort_setup.enrolment, by=people.trainee, date=TODAY, hours=2, activity="taught"
    )
    client.force_login(cohort_setup.manager)
    assert "1</strong> study time entry waiting for you to confirm" in client.get(reverse("dashboard")).text


def test_lead_dashboard_counts_flags_per_cohort(client, people, cohort_setup):
    overdue_cohort(cohort_setup)
    client.force_login(people.lead)
    html = client.get(reverse("dashboard")).text
    assert "2 behind with off-the-job hours" in html and "2 reviews overdue" in html


def test_enrolment_page_links_to_the_cohort_only_for_those_who_may_open_it(client, people, cohort_setup):
    cohort_url = reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])
    enrolment_url = reverse("trainees:enrolment_detail", args=[cohort_setup.enrolment.pk])
    for who, linked in ((people.trainee, False), (people.mentor, True), (cohort_setup.manager, True)):
        client.force_login(who)
        assert (cohort_url in client.get(enrolment_url).text) is linked
