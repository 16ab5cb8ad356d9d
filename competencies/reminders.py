"""Reminders about the portfolio: evidence waiting too long for the mentor's decision."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reminders.kinds import Due, ReminderKind
from trainees.models import Enrolment

from .models import Evidence


def evidence_waiting(today):
    days = settings.REMINDER_EVIDENCE_WAITING_DAYS
    cutoff = timezone.now() - datetime.timedelta(days=days)
    waiting = (
        # As the mentor's queue: only active trainees' evidence waits for a decision.
        Evidence.objects.filter(
            Enrolment.active_q("enrolment"), status=Evidence.Status.SUBMITTED, submitted_at__lt=cutoff
        )
        .select_related("enrolment__trainee")
        .prefetch_related("enrolment__mentors")
    )
    for evidence in waiting:
        due_on = (evidence.submitted_at + datetime.timedelta(days=days)).date()
        for mentor in evidence.enrolment.mentor_people():
            yield Due(
                EVIDENCE_WAITING.name,
                mentor,
                f"evidence:{evidence.pk}",
                due_on,
                f"“{evidence}” from {evidence.enrolment.trainee} has waited over {days} days",
                f"{evidence.enrolment.trainee} submitted “{evidence}” on {evidence.submitted_at:%-d %B %Y}. "
                "Sign it off or return it with feedback.",
                reverse("competencies:evidence_detail", args=[evidence.pk]),
            )


EVIDENCE_WAITING = ReminderKind("evidence_waiting", "Evidence waiting for sign-off", evidence_waiting)
