"""Only active trainees count: decided once (Enrolment.is_active and Enrolment.objects.active(), the row's
flags, selectors.cohort_flags) and read alike by the cohort page, the cohort report and the mentor queue."""

import datetime

import pytest
from django.urls import reverse

from competencies import selectors as portfolio
from competencies import services as evidence_services
from competencies.models import Evidence
from competencies.reports import build_cohort as cohort_report
from trainees import selectors, services
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
NOT_ACTIVE = [s for s in Enrolment.Status if s != Enrolment.Status.ACTIVE]


@pytest.fixture
def behind(cohort_setup):
    """Both trainees 20 weeks in with no study time, no review and unsigned contracts: every flag is up."""
    cohort = cohort_setup.cohort
    cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort.save()
    return cohort_setup


def test_active_queryset_and_property_agree_for_every_status(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    for status in Enrolment.Status:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
        enrolment.refresh_from_db()
        assert Enrolment.objects.active().filter(pk=enrolment.pk).exists() == enrolment.is_active
        assert enrolment.is_active == (status == Enrolment.Status.ACTIVE)


def test_active_trainee_row_raises_every_flag(people, behind):
    row = selectors.trainee_row(behind.enrolment)
    assert row.active and row.short_of_study_time and row.review_overdue and row.contract_unsigned


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_trainee_not_active_is_flagged_for_nothing_whatever_their_figures(people, behind, status):
    services.change_status(enrolment=behind.enrolment, status=status, by=people.lead)
    row = selectors.trainee_row(behind.enrolment)
    assert row.study_time.shortfall  # the figures still say so...
    assert not (row.active or row.short_of_study_time or row.review_overdue or row.contract_unsigned)


def test_cohort_flags_count_only_active_trainees(people, behind):
    services.change_status(enrolment=behind.other_enrolment, status="on_break", by=people.lead)
    flags = selectors.cohort_flags(selectors.rows(behind.cohort.enrolments.all()))
    assert flags == selectors.CohortFlags(active=1, shortfalls=1, overdue=1, unsigned=1)
    assert flags.needs_attention


def test_cohort_page_and_report_count_the_same_trainees(client, people, behind):
    services.change_status(enrolment=behind.other_enrolment, status="withdrawn", by=people.lead)
    client.force_login(people.lead)
    page = client.get(reverse("trainees:cohort_detail", args=[behind.cohort.pk])).context
    report = cohort_report(behind.cohort)
    assert (page["shortfalls"], page["overdue"], page["unsigned"]) == (1, 1, 1)
    flags = report["flags"]
    assert (flags["shortfalls"], flags["overdue"], flags["unsigned"], report["active"]) == (1, 1, 1, 1)


def test_cohort_page_shows_no_warning_beside_a_trainee_on_a_break(client, people, behind):
    for enrolment in (behind.enrolment, behind.other_enrolment):
        services.change_status(enrolment=enrolment, status="on_break", by=people.lead)
    client.force_login(people.lead)
    html = client.get(reverse("trainees:cohort_detail", args=[behind.cohort.pk])).text
    assert "⚠" not in html and "On a break" in html


def _submitted(cohort_setup, people):
    evidence = evidence_services.create_evidence(
        enrolment=cohort_setup.enrolment,
        by=people.trainee,
        ksbs=[cohort_setup.programme.standard.ksbs.first()],
        title="Handover on Elm Ward",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I led the evening handover with my mentor watching.",
    )
    evidence_services.submit_evidence(evidence=evidence, by=people.trainee)
    return evidence


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_mentor_queue_leaves_out_evidence_of_a_trainee_not_active(client, people, cohort_setup, status):
    evidence = _submitted(cohort_setup, people)
    assert list(portfolio.mentor_queue(people.mentor)) == [evidence]
    services.change_status(enrolment=cohort_setup.enrolment, status=status, by=people.lead)
    assert list(portfolio.mentor_queue(people.mentor)) == []
    client.force_login(people.mentor)
    assert list(client.get(reverse("competencies:mentor_queue")).context["queue"]) == []


def test_mentor_queue_shows_the_evidence_again_when_the_trainee_returns(people, cohort_setup):
    evidence = _submitted(cohort_setup, people)
    services.change_status(enrolment=cohort_setup.enrolment, status="on_break", by=people.lead)
    services.change_status(enrolment=cohort_setup.enrolment, status="active", by=people.lead)
    assert list(portfolio.mentor_queue(people.mentor)) == [evidence]
