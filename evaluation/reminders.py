"""Reminders about evaluation interviews: one due within a week, or overdue, reminds the person who will hold
it (its interviewer, or the organisation's workforce leads while none is named) and the interviewee."""

import datetime

from django.db.models import Q

from accounts.models import Membership
from reminders.kinds import Due, ReminderKind
from trainees.models import Enrolment

from . import selectors
from .models import Interview

INTERVIEW_NOTICE_DAYS = 7


def _leads_by_organisation(organisation_ids):
    leads = {}
    for m in Membership.objects.filter(
        role=Membership.Role.WORKFORCE_LEAD, organisation_id__in=organisation_ids
    ).select_related("user"):
        leads.setdefault(m.organisation_id, []).append(m.user)
    return leads


def _when(interview, today):
    return "was due" if interview.due_on < today else "is due"


def interviews_due(today):
    interviews = list(
        Interview.objects.exclude(status=Interview.Status.COMPLETED)
        .filter(due_on__lte=today + datetime.timedelta(days=INTERVIEW_NOTICE_DAYS))
        # A trainee who has left the cohort is not chased for an interview.
        .filter(Q(enrolment__isnull=True) | Enrolment.active_q("enrolment"))
        .select_related("cohort", "interviewee", "interviewer")
    )
    leads = _leads_by_organisation({i.cohort.organisation_id for i in interviews})
    for interview in interviews:
        when, on = _when(interview, today), f"{interview.due_on:%-d %B %Y}"
        stage = interview.get_stage_display().lower()
        whom = interview.interviewee.get_full_name() or interview.interviewee
        subject = f"interview:{interview.pk}"
        holders = (
            [interview.interviewer]
            if interview.interviewer_id
            else leads.get(interview.cohort.organisation_id, [])
        )
        for person in holders:
            if person.pk == interview.interviewee_id:
                continue  # nobody interviews themself; they are reminded as the interviewee below
            yield Due(
                INTERVIEW_DUE.name,
                person,
                subject,
                interview.due_on,
                f"Evaluation interview of {whom} {when} on {on}",
                f"The evaluation interview of {whom} ({interview.cohort}), {stage}, {when} on {on}. "
                "Arrange it, then record the answers and consent.",
                selectors.interview_url(interview),
            )
        yield Due(
            INTERVIEW_DUE.name,
            interview.interviewee,
            subject,
            interview.due_on,
            f"Your evaluation interview {when} on {on}",
            f"Your evaluation interview about the programme ({interview.cohort}), {stage}, {when} on {on}. "
            "What you say is counted or quoted only with your consent, which you may withdraw at any time.",
            selectors.interview_url(interview),
        )


INTERVIEW_DUE = ReminderKind("evaluation_interview_due", "Evaluation interview due", interviews_due)
