"""Evidence waiting for someone: the trainee's returned items and drafts, the mentor's items to decide."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.todo import Item
from trainees.models import Enrolment

from . import access
from .models import Evidence

KINDS = {
    "evidence_returned": "Evidence returned to you",
    "evidence_draft": "Drafts not yet submitted",
    "evidence_to_decide": "Evidence waiting for your decision",
}

# Only active trainees' evidence waits for anyone (Enrolment.active_q: the one rule).
ACTIVE = Enrolment.active_q("enrolment")


def items(user, today):
    return [*_own_evidence(user), *_to_decide(user)]


def _url(evidence):
    return reverse("competencies:evidence_detail", args=[evidence.pk])


def _own_evidence(user):
    evidence = (
        Evidence.objects.filter(ACTIVE, enrolment__trainee=user, status__in=Evidence.EDITABLE)
        .select_related("enrolment")
        .order_by("updated_at", "pk")
    )
    found = []
    for e in evidence:
        if not access.can_edit_evidence(user, e):
            continue
        if e.status == Evidence.Status.RETURNED:
            found.append(Item("evidence_returned", f"“{e}”", _url(e), e.updated_at.date()))
        else:
            found.append(Item("evidence_draft", f"“{e}”", _url(e), e.created_at.date()))
    return found


def _to_decide(user):
    """Submitted evidence of the mentor's active trainees, oldest first; never their own."""
    if not access.can_view_mentor_queue(user):
        return []
    mentored = Enrolment.mentors.through.objects.filter(enrolment=OuterRef("enrolment"), user=user)
    evidence = (
        Evidence.objects.filter(ACTIVE, Exists(mentored), status=Evidence.Status.SUBMITTED)
        .exclude(enrolment__trainee=user)
        .select_related("enrolment__trainee")
        .prefetch_related("enrolment__mentors")
        .order_by("submitted_at", "pk")
    )
    return [
        Item(
            "evidence_to_decide",
            f"{e.enrolment.trainee}: “{e}”",
            _url(e),
            e.submitted_at.date() if e.submitted_at else None,
        )
        for e in evidence
        if access.can_decide_evidence(user, e)
    ]
