"""Mentors, managers and lecturers see a cohort showing only their own caseload; a lead sees everyone."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from reports import kinds
from reports.rendering import render_html
from tests.factories import person_with_role
from trainees import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_caseload(people, cohort_setup):
    """A third trainee with a different manager and lecturer, so no supporter has the whole cohort."""
    trust = people.trust
    other_manager = person_with_role(Membership.Role.MANAGER, trust, username="manager2")
    other_lecturer = person_with_role(Membership.Role.LECTURER, trust, username="lecturer2")
    third = person_with_role(Membership.Role.TRAINEE, trust, username="third", first_name="Thea")
    return services.enrol(
        cohort=cohort_setup.cohort,
        trainee=third,
        by=people.lead,
        mentors=[people.mentor],
        manager=other_manager,
        lecturer=other_lecturer,
    )


def names_on(client, user, url_name, cohort):
    client.force_login(user)
    response = client.get(reverse(url_name, args=[cohort.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("url_name", ["trainees:cohort_detail", "competencies:cohort_matrix"])
def test_each_supporter_sees_only_their_caseload(client, people, cohort_setup, second_caseload, url_name):
    cohort = cohort_setup.cohort
    everyone = {e.pk for e in cohort.enrolments.all()}
    assert len(everyone) == 3
    expected = {
        people.lead: everyone,
        people.mentor: {cohort_setup.enrolment.pk, second_caseload.pk},
        cohort_setup.other_mentor: {cohort_setup.other_enrolment.pk},
        cohort_setup.manager: {cohort_setup.enrolment.pk},
        cohort_setup.lecturer: {cohort_setup.enrolment.pk},
        second_caseload.manager: {second_caseload.pk},
    }
    for user, visible in expected.items():
        response = names_on(client, user, url_name, cohort)
        page = response.content.decode()
        for enrolment in cohort.enrolments.all():
            shown = reverse("competencies:portfolio", args=[enrolment.pk]) in page
            assert shown == (enrolment.pk in visible), (user, enrolment)


def test_mentor_finds_their_trainees_cohort_in_the_list(client, people, cohort_setup):
    client.force_login(people.mentor)
    page = client.get(reverse("trainees:cohort_list")).content.decode()
    assert reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk]) in page


def test_trainee_cannot_open_the_cohort_page(client, people, cohort_setup):
    client.force_login(people.trainee)
    assert client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])).status_code == 404


def test_cohort_report_for_a_manager_holds_only_their_caseload(people, cohort_setup, second_caseload):
    kind = kinds.get("cohort")
    for_manager = render_html(kind, cohort_setup.cohort, viewer=cohort_setup.manager)
    for_lead = render_html(kind, cohort_setup.cohort, viewer=people.lead)
    other = cohort_setup.other_enrolment.trainee.get_full_name()
    third = second_caseload.trainee.get_full_name()
    mine = cohort_setup.enrolment.trainee.get_full_name()
    assert mine in for_manager and other not in for_manager and third not in for_manager
    assert mine in for_lead and other in for_lead and third in for_lead


def test_a_report_job_is_only_for_its_requester(client, people, cohort_setup):
    from reports.models import ReportJob

    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    client.force_login(cohort_setup.manager)
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
