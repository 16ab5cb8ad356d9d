"""Reminders follow the one rule the pages follow: only active trainees count (Enrolment.active_q)."""

import datetime

import pytest
from django.utils import timezone

from competencies import services as portfolio
from competencies.models import Evidence
from reminders.due import find_due
from trainees import services as trainees

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def subjects_for(person, today=None):
    return {(d.kind, d.subject) for d in find_due(today) if d.recipient == person}


def _waiting_too_long(cohort_setup, people, settings):
    evidence = portfolio.create_evidence(
        enrolment=cohort_setup.enrolment,
        by=people.trainee,
        ksbs=cohort_setup.programme.standard.ksbs.all()[:1],
        title="Handover",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I led the evening handover.",
    )
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    waited = datetime.timedelta(days=settings.REMINDER_EVIDENCE_WAITING_DAYS + 1)
    Evidence.objects.filter(pk=evidence.pk).update(submitted_at=timezone.now() - waited)
    return ("evidence_waiting", f"evidence:{evidence.pk}")


def test_evidence_of_a_trainee_on_a_break_is_not_chased(people, cohort_setup, settings):
    reminder = _waiting_too_long(cohort_setup, people, settings)
    assert reminder in subjects_for(people.mentor)
    trainees.change_status(enrolment=cohort_setup.enrolment, status="on_break", by=people.lead)
    assert reminder not in subjects_for(people.mentor)


def test_a_withdrawn_trainee_is_not_reminded_of_an_overdue_review(people, cohort_setup):
    late = cohort_setup.cohort.start_date + datetime.timedelta(weeks=14)  # past 3 calendar months
    reminder = ("review_overdue", f"enrolment:{cohort_setup.enrolment.pk}")
    assert reminder in subjects_for(people.trainee, late)
    trainees.change_status(enrolment=cohort_setup.enrolment, status="withdrawn", by=people.lead)
    assert reminder not in subjects_for(people.trainee, late)
