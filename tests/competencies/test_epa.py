"""The end-point assessment after gateway: booked and graded by a workforce lead, the overall grade from the
two methods' results, a resit after a Fail, the enrolment completed by a Pass or Distinction, and the grades
fed to the evaluation's outcomes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competencies import access, services
from competencies.models import EndPointAssessment
from core.todo import collect
from evaluation import impact
from evaluation.forms_impact import OutcomeForm
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Grade = EndPointAssessment.Grade


@pytest.mark.parametrize(
    ("observation", "discussion", "overall"),
    [
        ("pass", "distinction", "distinction"),
        ("pass", "pass", "pass"),
        ("pass", "fail", "fail"),
        ("fail", "pass", "fail"),
        ("fail", "distinction", "fail"),
        ("fail", "fail", "fail"),
    ],
)
def test_the_overall_grade_of_each_combination(observation, discussion, overall):
    assert EndPointAssessment.overall_grade(observation, discussion) == overall


def book(enrolment, lead, **dates):
    return services.book_assessment(
        enrolment=enrolment,
        by=lead,
        assessment_organisation="Northern Assessment Ltd",
        observation_on=dates.get("observation_on", TODAY),
        discussion_on=dates.get("discussion_on", TODAY),
    )


def test_refused_before_gateway(people, cohort_setup):
    with pytest.raises(ValidationError, match="after gateway"):
        book(cohort_setup.enrolment, people.lead)
    assert not access.can_record_assessment(people.lead, cohort_setup.enrolment)
    client_url = reverse("competencies:assessment_book", args=[cohort_setup.enrolment.pk])
    assert client_url  # the URL's refusal is tested below


def test_booked_dates_are_on_or_after_gateway(people, at_gateway):
    with pytest.raises(ValidationError) as refused:
        book(at_gateway, people.lead, observation_on=TODAY - datetime.timedelta(days=1))
    assert "observation_on" in refused.value.message_dict


def test_a_distinction_is_recorded_and_completes_the_apprenticeship(people, at_gateway):
    attempt = book(at_gateway, people.lead)
    recorded = services.record_assessment_result(
        assessment=attempt,
        by=people.lead,
        observation_result="pass",
        discussion_result="distinction",
        result_on=TODAY,
    )
    assert recorded.grade == Grade.DISTINCTION
    at_gateway.refresh_from_db()
    assert at_gateway.status == Enrolment.Status.COMPLETED
    assert at_gateway.status_changes.last().note == "End-point assessment passed: Distinction."
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_assessment_result(
            assessment=attempt,
            by=people.lead,
            observation_result="fail",
            discussion_result="fail",
            result_on=TODAY,
        )
    with pytest.raises(ValidationError, match="nothing to book"):
        book(at_gateway, people.lead)


def test_a_fail_leaves_the_trainee_active_and_a_resit_is_a_new_attempt(people, at_gateway):
    first = book(at_gateway, people.lead)
    services.record_assessment_result(
        assessment=first, by=people.lead, observation_result="fail", discussion_result="pass", result_on=TODAY
    )
    at_gateway.refresh_from_db()
    assert at_gateway.status == Enrolment.Status.ACTIVE
    resit = book(at_gateway, people.lead)
    assert resit.attempt == 2 and resit.pk != first.pk
    services.record_assessment_result(
        assessment=resit, by=people.lead, observation_result="pass", discussion_result="pass", result_on=TODAY
    )
    assert [a.grade for a in at_gateway.end_point_assessments.order_by("attempt")] == ["fail", "pass"]


def test_the_result_comes_after_both_methods_and_not_in_the_future(people, at_gateway):
    later = TODAY + datetime.timedelta(days=10)
    attempt = book(at_gateway, people.lead, discussion_on=later)
    with pytest.raises(ValidationError) as refused:
        services.record_assessment_result(
            assessment=attempt,
            by=people.lead,
            observation_result="pass",
            discussion_result="pass",
            result_on=TODAY,
        )
    assert "result_on" in refused.value.message_dict


def test_only_a_lead_of_the_trainees_organisation_records_it(people, cohort_setup, at_gateway):
    assert access.can_record_assessment(people.lead, at_gateway)
    for person in (
        people.trainee,
        people.mentor,
        cohort_setup.manager,
        cohort_setup.lecturer,
        people.other_lead,
    ):
        assert not access.can_record_assessment(person, at_gateway)
        with pytest.raises(ValidationError, match="workforce lead"):
            book(at_gateway, person)


def test_the_urls_refuse_others(client, people, cohort_setup, at_gateway):
    book_url = reverse("competencies:assessment_book", args=[at_gateway.pk])
    result_url = reverse("competencies:assessment_result", args=[at_gateway.pk])
    client.force_login(people.mentor)
    assert client.get(book_url).status_code == 403
    assert client.post(result_url, {}).status_code == 403
    client.force_login(people.other_lead)
    assert client.get(book_url).status_code == 404
    client.force_login(people.lead)
    before = reverse("competencies:assessment_book", args=[cohort_setup.other_enrolment.pk])
    assert client.get(before).status_code == 403  # not through gateway


def test_the_lead_books_and_records_through_the_pages(client, people, at_gateway):
    client.force_login(people.lead)
    day = TODAY.isoformat()
    response = client.post(
        reverse("competencies:assessment_book", args=[at_gateway.pk]),
        {"assessment_organisation": "Northern Assessment Ltd", "observation_on": day, "discussion_on": day},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("competencies:assessment_result", args=[at_gateway.pk]),
        {"observation_result": "pass", "discussion_result": "pass", "result_on": day},
    )
    assert response.status_code == 302
    page = client.get(reverse("competencies:gateway", args=[at_gateway.pk])).text
    assert 'id="overall-grade-1">Pass<' in page


def test_the_todo_prompts_the_lead_to_book_then_record(people, at_gateway):
    items = collect(people.lead).group("assessment_to_record").items
    assert [i.note for i in items] == ["Book the end-point assessment"]
    book(at_gateway, people.lead)
    assert collect(people.lead).group("assessment_to_record").items[0].note.startswith("Record the results")
    assert collect(people.mentor).group("assessment_to_record") is None


def test_an_assessment_booked_ahead_asks_nothing_until_it_has_been_held(people, at_gateway):
    import datetime

    book(at_gateway, people.lead, discussion_on=TODAY + datetime.timedelta(days=21))
    assert collect(people.lead).group("assessment_to_record") is None  # booked; its results come later
    [item] = collect(people.lead, TODAY + datetime.timedelta(days=21)).group("assessment_to_record").items
    assert item.note.startswith("Record the results")  # held on the day: now the lead records its results


def test_the_todo_prompts_each_party_to_sign_the_declaration(people, cohort_setup, ready):
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert collect(person).group("gateway_to_sign").items, person
    services.sign_declaration(enrolment=ready, party="employer", by=cohort_setup.manager)
    assert collect(people.mentor).group("gateway_to_sign") is None  # the employer has signed
    assert collect(people.trainee).group("gateway_to_sign").items
    assert collect(people.lead).group("gateway_to_sign") is None


# --- The evaluation ------------------------------------------------------------------------------------


def test_grades_feed_the_cohorts_outcomes(client, people, cohort_setup, at_gateway):
    attempt = book(at_gateway, people.lead)
    services.record_assessment_result(
        assessment=attempt,
        by=people.lead,
        observation_result="pass",
        discussion_result="distinction",
        result_on=TODAY,
    )
    totals = dict(impact.cohort_grade_totals(cohort_setup.cohort))
    assert totals["Through gateway"] == 1
    assert totals["End-point assessment: Distinction"] == 1
    assert totals["End-point assessment: Pass"] == 0
    assert totals["Through gateway, awaiting a result"] == 0
    rows = dict(impact.outcome_rows(cohort_setup.cohort))
    assert next(e for e in rows if e.pk == at_gateway.pk).assessment.grade == Grade.DISTINCTION
    form = OutcomeForm(enrolment=at_gateway)
    assert form.initial["result"] == "completed" and form.initial["qualified_on"] == TODAY
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:outcome_list", args=[cohort_setup.cohort.pk])).text
    assert "Distinction" in page
    overview = client.get(reverse("evaluation:cohort", args=[cohort_setup.cohort.pk])).text
    assert re.search(r"End-point assessment: Distinction</dt><dd[^>]*>1</dd>", overview)
