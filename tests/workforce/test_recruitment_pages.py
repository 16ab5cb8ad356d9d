# ruff: noqa: F811  (pytest's fixtures, imported from test_recruitment.py, are arguments of the same name)
"""Recruitment's pages: who opens them (404 for outsiders, 403 for the panel where only leads act), the
scoring page per stage, the summary, the one-step enrolment, and every form saved again unchanged."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import Truncator

from accounts.models import Membership
from trainees.models import Enrolment
from workforce import services_recruitment as services
from workforce.models import Candidate, Score, Stage, Vacancy

from .test_recruitment import (  # noqa: F401 (fixtures)
    MET,
    NOT_MET,
    PARTLY,
    A,
    I,
    add,
    application_all,
    cohorts,
    score,
    spec,
    through_every_stage,
    vacancy,
)

Role = Membership.Role


@pytest.fixture
def candidate(people, vacancy):
    return add(vacancy, people.lead, "ann")


def url(name, obj, *more):
    return reverse(f"workforce:{name}", args=[obj.pk, *more])


def resubmit(client, path, form_names=None):
    """Opens the page and posts back what its form(s) show, unchanged."""
    response = client.get(path)
    assert response.status_code == 200
    forms = form_names or ["form"]
    data = {}
    for name in forms:
        found = response.context[name]
        for form in found if isinstance(found, list) else [found]:
            form = form[-1] if isinstance(form, tuple) else form
            for field in form:
                value = field.value()
                if value is None or value is False:
                    continue
                if isinstance(value, list | tuple):
                    data[field.html_name] = [getattr(v, "pk", v) for v in value]
                elif hasattr(value, "pk"):
                    data[field.html_name] = value.pk
                elif isinstance(value, datetime.date):
                    data[field.html_name] = value.isoformat()
                else:
                    data[field.html_name] = value
    return client.post(path, data)


# --- Who opens what -------------------------------------------------------------------------------------

LEAD_ONLY = ["vacancy_edit", "candidate_add"]
CANDIDATE_LEAD_ONLY = ["candidate_edit", "candidate_delete", "candidate_shortlist", "candidate_appoint"]


def test_the_lead_opens_every_page(client, people, vacancy, candidate):
    client.force_login(people.lead)
    pages = [
        reverse("workforce:recruitment"),
        url("vacancy_add", people.trust),
        *(url(name, vacancy) for name in ["vacancy_detail", *LEAD_ONLY]),
        *(url(name, candidate) for name in ["candidate_detail", *CANDIDATE_LEAD_ONLY]),
        url("candidate_score", candidate, "application"),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_the_panel_sees_and_scores_but_is_refused_the_leads_pages(client, people, vacancy, candidate):
    client.force_login(people.mentor)
    assert client.get(reverse("workforce:recruitment")).status_code == 200
    assert client.get(url("vacancy_detail", vacancy)).status_code == 200
    assert client.get(url("candidate_detail", candidate)).status_code == 200
    assert client.get(url("candidate_score", candidate, "application")).status_code == 200
    for name in LEAD_ONLY:
        assert client.get(url(name, vacancy)).status_code == 403, name
    for name in [*CANDIDATE_LEAD_ONLY, "candidate_enrol"]:
        assert client.get(url(name, candidate)).status_code == 403, name
    assert client.get(url("vacancy_add", people.trust)).status_code == 404


def test_the_vacancy_page_links_its_profile_version_for_those_who_may_read_it(client, people, vacancy):
    version = vacancy.profile_version
    link = f'<a href="{url("profile_version", version)}">'
    client.force_login(people.lead)
    page = client.get(url("vacancy_detail", vacancy)).text
    assert link + f"{version.profile.name}, version {version.number}</a>" in page
    assert client.get(url("profile_version", version)).status_code == 200
    # The panel (here a mentor) reads the vacancy but not the organisation's profiles: named, not linked.
    client.force_login(people.mentor)
    page = client.get(url("vacancy_detail", vacancy)).text
    assert f"{version.profile.name}, version {version.number}" in page and link not in page


@pytest.mark.parametrize("who", ["regional", "other_lead", "trainee", "administrator"])
def test_outsiders_get_404_on_every_page_with_a_candidate(
    client, people, vacancy, candidate, who, administrator
):
    client.force_login(administrator if who == "administrator" else getattr(people, who))
    pages = [
        *(url(name, vacancy) for name in ["vacancy_detail", *LEAD_ONLY]),
        *(url(name, candidate) for name in ["candidate_detail", *CANDIDATE_LEAD_ONLY, "candidate_enrol"]),
        url("candidate_score", candidate, "application"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 404, page
        assert "ann Candidate" not in response.text
        assert client.post(page, {"decision": "yes", "e1-result": "met"}).status_code == 404, page
    assert Candidate.objects.get(pk=candidate.pk).shortlisted is None


def test_the_regional_lead_and_others_are_refused_the_recruitment_list(client, people, vacancy):
    for person in (people.regional, people.trainee):
        client.force_login(person)
        assert client.get(reverse("workforce:recruitment")).status_code == 403


def test_the_list_shows_each_person_only_the_vacancies_they_may_see(client, people, vacancy, candidate):
    client.force_login(people.other_lead)
    response = client.get(reverse("workforce:recruitment"))
    assert response.status_code == 200 and "Therapy assistant practitioner" not in response.text
    client.force_login(people.mentor)
    assert "Therapy assistant practitioner (OT-1)" in client.get(reverse("workforce:recruitment")).text


# --- The scoring page -------------------------------------------------------------------------------------


def test_a_stages_scoring_page_shows_only_the_criteria_it_assesses(client, people, spec, candidate):
    client.force_login(people.mentor)
    response = client.get(url("candidate_score", candidate, "application"))
    shown = [criterion.text for criterion, _score, _form in response.context["rows"]]
    assert shown == ["E1", "E2", "D1", "D2"]
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    response = client.get(url("candidate_score", candidate, "interview"))
    assert [c.text for c, _s, _f in response.context["rows"]] == ["E2", "E3", "D3"]
    response = client.get(url("candidate_score", candidate, "references"))
    assert [c.text for c, _s, _f in response.context["rows"]] == ["E4"]


def test_scoring_through_the_page_records_the_panel_member(client, people, spec, candidate):
    client.force_login(people.mentor)
    ids = {text: c.pk for text, c in spec.criteria.items()}
    response = client.post(
        url("candidate_score", candidate, "application"),
        {
            f"c{ids['E1']}-result": "met",
            f"c{ids['E1']}-note": "NVQ 3 certificate seen",
            f"c{ids['E2']}-result": "partly",
            f"c{ids['D1']}-result": "",
            f"c{ids['D2']}-result": "not_met",
        },
    )
    assert response.status_code == 302
    scores = {
        s.criterion.text: (s.result, s.note, s.scored_by) for s in Score.objects.select_related("criterion")
    }
    assert scores == {
        "E1": (MET, "NVQ 3 certificate seen", people.mentor),
        "E2": (PARTLY, "", people.mentor),
        "D2": (NOT_MET, "", people.mentor),
    }


def test_a_note_without_a_result_is_shown_beside_the_criterion_and_nothing_saved(
    client, people, spec, candidate
):
    client.force_login(people.lead)
    e1 = spec.criteria["E1"].pk
    response = client.post(
        url("candidate_score", candidate, "application"),
        {f"c{e1}-note": "Keen", f"c{spec.criteria['D1'].pk}-result": "met"},
    )
    assert response.status_code == 400
    # The error summary names the criterion, since it lists every criterion's problems together.
    which = Truncator(spec.criteria["E1"].text).words(8)
    assert f"Choose met, partly met or not met for “{which}” to keep the note." in response.text
    assert "There is a problem" in response.text
    assert not Score.objects.exists()


def test_a_later_stage_before_the_shortlist_sends_back_with_the_reason(client, people, candidate):
    client.force_login(people.lead)
    response = client.get(url("candidate_score", candidate, "interview"), follow=True)
    assert "Decide the shortlist first" in response.text
    assert response.redirect_chain[-1][0] == url("candidate_detail", candidate)


def test_an_unknown_stage_is_not_found(client, people, candidate):
    client.force_login(people.lead)
    assert client.get(url("candidate_score", candidate, "astrology")).status_code == 404


# --- The summary ------------------------------------------------------------------------------------------


def test_the_vacancy_page_summarises_who_meets_every_essential_and_who_is_shortlisted_and_why(
    client,
    people,
    spec,
    vacancy,
):
    ann, bob, cat = (add(vacancy, people.lead, name) for name in ("ann", "bob", "cat"))
    through_every_stage(ann, people.lead, spec)
    score(bob, A, people.lead, spec, E1=PARTLY, E2=MET, D1=MET, D2=NOT_MET)
    services.decide_shortlist(candidate=bob, by=people.lead, shortlisted=False)
    score(cat, A, people.lead, spec, E1=MET)
    client.force_login(people.mentor)
    response = client.get(url("vacancy_detail", vacancy))
    text = " ".join(response.text.split())
    assert "Meets every essential criterion" in text
    assert "Meets all 2 essential criteria assessed at application; 2 of 2 desirable." in text
    assert "Does not meet 1" in text and "E1 (partly met)" in text
    assert "Not shortlisted" in text
    assert (
        "Meets 1 of 2 essential criteria assessed at application (partly met: E1); 1 of 2 desirable." in text
    )
    assert "To score: application (1 of 4)" in text
    assert 'class="nhsuk-table nhsuk-table--responsive"' in text  # stacks at phone width
    standings = {s.candidate.first_name: s for s in response.context["standings"]}
    assert (
        standings["ann"].essential_met,
        standings["bob"].essential_met,
        standings["cat"].essential_met,
    ) == (
        5,
        1,
        1,
    )


def test_the_vacancy_page_says_when_its_candidates_will_be_deleted(client, people, vacancy, settings):
    settings.CANDIDATE_RETENTION_DAYS = 180
    client.force_login(people.lead)
    text = " ".join(client.get(url("vacancy_detail", vacancy)).text.split())
    assert (
        "Their records will be deleted on 27 September 2026</strong>, 180 days after the closing date" in text
    )


def test_after_deletion_the_vacancy_page_says_so(client, people, vacancy, candidate):
    services.delete_expired_candidates(today=datetime.date(2030, 1, 1))
    client.force_login(people.lead)
    text = client.get(url("vacancy_detail", vacancy)).text
    assert "The candidates' records were deleted on 1 January 2030" in text
    assert "ann Candidate" not in text
    assert client.get(url("candidate_detail", candidate)).status_code == 404


def test_the_front_page_lists_the_leads_vacancies(client, people, vacancy, candidate):
    client.force_login(people.lead)
    text = client.get(reverse("workforce:home")).text
    # The count says what it counts: it read "1; 0 shortlisted".
    assert "Therapy assistant practitioner (OT-1)" in text and "1 candidate, 0 shortlisted" in text
    client.force_login(people.regional)
    assert "Therapy assistant practitioner" not in client.get(reverse("workforce:home")).text


def test_the_panel_members_to_do_lists_the_vacancy_with_candidates_to_score(
    client, people, vacancy, candidate
):
    client.force_login(people.mentor)
    text = " ".join(client.get(reverse("todo")).text.split())
    assert "Candidates to score" in text
    assert "Therapy assistant practitioner (OT-1): 1 candidate to score" in text


# --- Shortlisting, appointment and enrolment through the pages ---------------------------------------------


def test_the_shortlisting_page_offers_the_drawn_reason_and_records_it(client, people, spec, candidate):
    application_all(candidate, people.lead, spec)
    client.force_login(people.lead)
    response = client.get(url("candidate_shortlist", candidate))
    drawn = "Meets all 2 essential criteria assessed at application; 2 of 2 desirable."
    assert response.context["form"].initial["reason"] == drawn
    response = client.post(url("candidate_shortlist", candidate), {"decision": "yes", "reason": ""})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.shortlisted, candidate.shortlist_reason) == (True, drawn)


def test_shortlisting_before_the_application_is_scored_is_refused_with_a_message(client, people, candidate):
    client.force_login(people.lead)
    response = client.post(url("candidate_shortlist", candidate), {"decision": "yes"})
    assert response.status_code == 400
    assert "Score every criterion assessed at application" in response.text
    assert Candidate.objects.get(pk=candidate.pk).shortlisted is None


def test_appointing_without_every_essential_is_refused_until_the_lead_says_why(
    client, people, spec, candidate
):
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    client.force_login(people.lead)
    assert "still to assess" in client.get(url("candidate_appoint", candidate)).text
    response = client.post(url("candidate_appoint", candidate), {"reason": ""})
    assert response.status_code == 400
    assert "Record why you appoint them anyway" in response.text
    assert not Candidate.objects.get(pk=candidate.pk).is_appointed
    response = client.post(url("candidate_appoint", candidate), {"reason": "Interview next week; post held."})
    assert response.status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).appointment_reason == "Interview next week; post held."


def test_enrolling_in_one_step_shows_the_sign_in_details_as_adding_a_trainee_does(
    client,
    people,
    spec,
    vacancy,
    cohorts,
):
    candidate = add(vacancy, people.lead, "ann", "ann.new@example.org")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead)
    client.force_login(people.lead)
    form = client.get(url("candidate_enrol", candidate)).context["form"]
    assert list(form.fields["cohort"].queryset) == [cohorts.ours]  # not the other organisation's
    response = client.post(
        url("candidate_enrol", candidate),
        {"cohort": cohorts.ours.pk, "mentors": [people.mentor.pk], "service": "Stroke unit"},
        follow=True,
    )
    text = " ".join(response.text.split())
    assert "ann Candidate is now on Cohort 1, with a new account: set them a temporary password" in text
    enrolment = Enrolment.objects.get(trainee__email="ann.new@example.org")
    assert enrolment.trainee.memberships.filter(role=Role.TRAINEE, organisation=people.trust).exists()
    assert f"signing in as <strong>{enrolment.trainee.username}</strong>" in response.text
    assert reverse("set_password", args=[enrolment.trainee.pk]) in response.text

    again = client.post(url("candidate_enrol", candidate), {"cohort": cohorts.ours.pk})
    assert again.status_code == 400
    assert "already enrolled, on Cohort 1" in again.text
    assert Enrolment.objects.filter(trainee=enrolment.trainee).count() == 1


def test_someone_appointed_to_a_cohort_under_way_is_enrolled_from_the_day_they_start(
    client, people, spec, vacancy, cohorts
):
    # Without a start date the appointee counted as starting with the cohort, months before they were
    # appointed: behind on off-the-job hours from their first day.
    candidate = add(vacancy, people.lead, "ann", "ann.new@example.org")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead)
    starts = cohorts.ours.start_date + datetime.timedelta(days=120)
    client.force_login(people.lead)
    assert "Starts on" in client.get(url("candidate_enrol", candidate)).text
    response = client.post(
        url("candidate_enrol", candidate), {"cohort": cohorts.ours.pk, "start_date": starts.isoformat()}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(trainee__email="ann.new@example.org")
    assert enrolment.start_date == starts and enrolment.starts_on == starts
    # Their history says they were enrolled the day they start, not the day the cohort began.
    assert enrolment.status_changes.get(note="Enrolled").changed_on == starts


# --- Every form, saved again unchanged, loses nothing ----------------------------------------------------


def test_the_vacancy_form_saved_again_unchanged_loses_nothing(client, people, vacancy):
    services.save_vacancy(vacancy=vacancy, by=people.lead, panel=[people.mentor, people.lead])
    before = Vacancy.objects.values().get(pk=vacancy.pk)
    client.force_login(people.lead)
    response = resubmit(client, url("vacancy_edit", vacancy))
    assert response.status_code == 302, response.context["form"].errors
    assert Vacancy.objects.values().get(pk=vacancy.pk) == before
    assert set(vacancy.panel.all()) == {people.mentor, people.lead}


def test_adding_a_vacancy_through_its_form(client, people, spec):
    client.force_login(people.lead)
    response = client.post(
        url("vacancy_add", people.trust),
        {
            "title": "Therapy AP",
            "reference": "OT-2",
            "profile_version": spec.version.pk,
            "closing_date": "2026-05-01",
            "status": "open",
            "panel": [people.mentor.pk],
        },
    )
    vacancy = Vacancy.objects.get(reference="OT-2")
    assert response.url == url("vacancy_detail", vacancy)
    assert (vacancy.organisation, vacancy.created_by, list(vacancy.panel.all())) == (
        people.trust,
        people.lead,
        [people.mentor],
    )


def test_the_candidate_form_saved_again_unchanged_loses_nothing(client, people, vacancy):
    candidate = services.add_candidate(
        vacancy=vacancy,
        by=people.lead,
        first_name="Ann",
        last_name="Lee",
        email="ann@example.org",
        phone="07700 900000",
        notes="Line one\nLine two",
    )
    before = Candidate.objects.values().get(pk=candidate.pk)
    client.force_login(people.lead)
    response = resubmit(client, url("candidate_edit", candidate))
    assert response.status_code == 302
    assert Candidate.objects.values().get(pk=candidate.pk) == before


def test_the_add_candidate_form_adds_once_when_sent_twice(client, people, vacancy):
    client.force_login(people.lead)
    form = client.get(url("candidate_add", vacancy)).context["form"]
    data = {
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.org",
        "submission_key": form["submission_key"].value(),
    }
    assert client.post(url("candidate_add", vacancy), data).status_code == 302
    assert client.post(url("candidate_add", vacancy), data).status_code == 302
    assert Candidate.objects.filter(vacancy=vacancy).count() == 1
    response = client.post(url("candidate_add", vacancy), {**data, "submission_key": ""})
    assert response.status_code == 400
    assert "This vacancy already has a candidate with this email address." in response.text


def test_the_scoring_form_saved_again_unchanged_loses_nothing(client, people, spec, candidate):
    score(candidate, A, people.mentor, spec, E1=(MET, "Seen"), E2=(PARTLY, "In progress"), D2=NOT_MET)
    before = list(Score.objects.order_by("pk").values())
    client.force_login(people.lead)
    response = resubmit(client, url("candidate_score", candidate, "application"), ["rows"])
    assert response.status_code == 302
    assert list(Score.objects.order_by("pk").values()) == before  # who scored it too


def test_the_shortlisting_form_saved_again_unchanged_loses_nothing(client, people, spec, candidate):
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=False, reason="Not this time.")
    client.force_login(people.lead)
    response = resubmit(client, url("candidate_shortlist", candidate))
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.shortlisted, candidate.shortlist_reason) == (False, "Not this time.")


def test_the_appointment_form_sent_again_changes_nothing(client, people, spec, candidate):
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    client.force_login(people.lead)
    client.post(url("candidate_appoint", candidate), {"reason": "Held post."})
    before = Candidate.objects.values().get(pk=candidate.pk)
    response = client.post(url("candidate_appoint", candidate), {"reason": "Something else."})
    assert response.status_code == 400 and "already been appointed" in response.text
    assert Candidate.objects.values().get(pk=candidate.pk) == before


def test_deleting_a_candidate_through_the_page(client, people, spec, candidate):
    application_all(candidate, people.lead, spec)
    client.force_login(people.lead)
    response = client.post(url("candidate_delete", candidate))
    assert response.url == url("vacancy_detail", candidate.vacancy)
    assert not Candidate.objects.exists() and not Score.objects.exists()


def test_stage_names_in_urls_are_the_stages_values():
    assert [str(stage) for stage in services.STAGES] == ["application", "interview", "references", "testing"]
    assert Stage.INTERVIEW == I
