"""The cohort report, made by the competencies app: the same queries for any number of trainees."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from competencies import selectors, services
from reports import kinds
from reports.rendering import render_html
from standards.models import KSB
from tests.factories import UserFactory
from trainees import selectors as trainee_selectors
from trainees import services as trainee_services

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def ksbs(*codes):
    return [KSB.objects.get(standard__reference="ST0215", kind=c[0], number=int(c[1:])) for c in codes]


def portfolio_of(enrolment, people, mentor, manager):
    """Several items of evidence over several KSBs, sign-offs, an achieved KSB, a signed review, confirmed
    study time and a gateway requirement confirmed: every part of the report has something per trainee."""
    trainee = enrolment.trainee
    items = []
    for title, codes in (("Handover", ("K1", "S1")), ("Medicines", ("K2", "S2", "B1")), ("Audit", ("K3",))):
        evidence = services.create_evidence(
            enrolment=enrolment, by=trainee, ksbs=ksbs(*codes), title=title, occurred_on=TODAY,
            kind="observation", narrative="What happened.",
        )  # fmt: skip
        items.append(services.submit_evidence(evidence=evidence, by=trainee))
    for evidence in items[:2]:
        services.decide_evidence(evidence=evidence, by=mentor, sign_off=True)
    services.decide_evidence(evidence=items[2], by=mentor, sign_off=False, comment="Add the outcome.")
    services.achieve_ksb(enrolment=enrolment, ksb=ksbs("K1")[0], by=mentor, evidence=[items[0]])
    review = trainee_services.record_review(
        enrolment=enrolment, by=mentor, held_on=TODAY - datetime.timedelta(days=7), progress="Steady",
        actions="Finish the audit.",
    )  # fmt: skip
    trainee_services.sign_review(review=review, party="trainee", by=trainee)
    entry = trainee_services.log_study_time(
        enrolment=enrolment, by=trainee, date=enrolment.cohort.start_date + datetime.timedelta(days=1),
        hours=Decimal("3"), activity="self_study",
    )  # fmt: skip
    if manager is not None:
        trainee_services.decide_study_time(entry=entry, by=manager, confirm=True)
    services.confirm_gateway_requirement(enrolment=enrolment, requirement="employer_ready", by=people.lead)


def grow(cohort_setup, people, to):
    """The cohort's trainees, each with a portfolio, until there are ``to`` of them."""
    cohort = cohort_setup.cohort
    while cohort.enrolments.count() < to:
        enrolment = trainee_services.enrol(
            cohort=cohort, trainee=UserFactory(), by=people.lead, mentors=[people.mentor],
            manager=cohort_setup.manager, lecturer=cohort_setup.lecturer, service="Ash Ward",
        )  # fmt: skip
        portfolio_of(enrolment, people, people.mentor, cohort_setup.manager)


@pytest.fixture
def two_trainees(people, cohort_setup):
    portfolio_of(cohort_setup.enrolment, people, people.mentor, cohort_setup.manager)
    portfolio_of(cohort_setup.other_enrolment, people, cohort_setup.other_mentor, None)
    return cohort_setup


def queries(cohort, viewer):
    """Queries of one report for ``viewer`` (None: everything), loaded afresh as a worker loads its job's."""
    viewer = None if viewer is None else User.objects.get(pk=viewer.pk)
    with CaptureQueriesContext(connection) as captured:
        html = render_html(kinds.get("cohort"), cohort, viewer)
    return len(captured.captured_queries), html


@pytest.mark.parametrize("viewer", ["lead", "manager", None])
def test_the_cohort_report_makes_the_same_queries_for_two_trainees_as_for_six(people, two_trainees, viewer):
    viewer = {"lead": people.lead, "manager": two_trainees.manager, None: None}[viewer]
    cohort = two_trainees.cohort
    two, _ = queries(cohort, viewer)
    grow(two_trainees, people, 6)
    six, html = queries(cohort, viewer)
    assert six == two
    shown = 5 if viewer == two_trainees.manager else 6  # the manager's caseload: not bob
    names = [e.trainee.get_full_name() for e in cohort.enrolments.select_related("trainee")]
    assert sum(f"<h2>{name}</h2>" in html for name in names) == shown


def test_cohort_wide_gateways_agree_with_each_trainees_own(people, two_trainees):
    grow(two_trainees, people, 4)
    enrolment = two_trainees.enrolment
    for ksb in ksbs("K2", "S2", "B1"):  # signed off on the second item of evidence
        services.achieve_ksb(
            enrolment=enrolment,
            ksb=ksb,
            by=people.mentor,
            evidence=[enrolment.evidence.get(title="Medicines")],
        )
    rows = trainee_selectors.rows(two_trainees.cohort.enrolments.all())
    together = selectors.gateways(rows)
    assert len(together) == 4
    for row in rows:
        alone = selectors.gateway(row.enrolment)
        assert (together[row.enrolment.pk].ready, together[row.enrolment.pk].missing) == (
            alone.ready,
            alone.missing,
        )
        assert together[row.enrolment.pk].requirements == alone.requirements
    assert together[enrolment.pk].missing[0] == "68 of 72 KSBs not yet achieved"
