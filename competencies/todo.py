"""Evidence waiting for someone: the trainee's returned items and drafts, the mentor's items to decide; the
gateway declaration waiting for a party's signature; end-point assessments for a lead to book or grade."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from accounts.access import Role, organisation_ids
from core.todo import Item
from trainees.models import Enrolment

from . import access, selectors
from .gateway import requirements_for
from .models import Evidence

KINDS = {
    "evidence_returned": "Evidence returned to you",
    "evidence_draft": "Drafts not yet submitted",
    "evidence_to_decide": "Evidence waiting for your decision",
    "gateway_to_sign": "Gateway declarations waiting for your signature",
    "assessment_to_record": "End-point assessments to book or record",
}

# Only active trainees' evidence waits for anyone (Enrolment.active_q: the one rule).
ACTIVE = Enrolment.active_q("enrolment")


def items(user, today):
    return [*_own_evidence(user), *_to_decide(user), *_declarations(user), *_assessments(user, today)]


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


def _gateway_url(enrolment, anchor):
    return reverse("competencies:gateway", args=[enrolment.pk]) + anchor


def _declarations(user):
    """Active trainees before gateway whose checklist is confirmed, where the person holds a party not yet
    signed and nothing stops them signing (the same rule as the page's buttons)."""
    theirs = Q(trainee=user) | Q(mentors=user) | Q(manager=user) | Q(lecturer=user)
    enrolments = (
        Enrolment.objects.filter(theirs, Enrolment.active_q(), gateway_on__isnull=True)
        .filter(gateway_confirmations__isnull=False)
        .select_related("trainee", "cohort__programme__standard")
        .prefetch_related("gateway_confirmations", "mentors")
        .distinct()
        .order_by("pk")
    )
    found = []
    for enrolment in enrolments:
        confirmed = {c.requirement for c in enrolment.gateway_confirmations.all()}
        if any(r.code not in confirmed for r in requirements_for(enrolment.cohort.programme.standard)):
            continue
        if not access.can_sign_gateway_declaration(user, enrolment):
            continue
        if selectors.declaration(enrolment).signable_by(user):
            title = "Your gateway declaration" if enrolment.trainee_id == user.pk else str(enrolment.trainee)
            found.append(Item("gateway_to_sign", title, _gateway_url(enrolment, "#declaration")))
    return found


def _assessments(user, today):
    """For a workforce lead: trainees of their organisations through gateway whose end-point assessment is
    not booked yet, or held (both its dates passed) and waiting for its result."""
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    if not led:
        return []
    enrolments = (
        Enrolment.objects.filter(Enrolment.active_q(), cohort__organisation__in=led, gateway_on__isnull=False)
        .select_related("trainee", "cohort")
        .prefetch_related("end_point_assessments")
        .order_by("gateway_on", "pk")
    )
    found = []
    for enrolment in enrolments:
        if not access.can_record_assessment(user, enrolment):
            continue
        attempts = sorted(enrolment.end_point_assessments.all(), key=lambda a: a.attempt)
        latest = attempts[-1] if attempts else None
        if latest is None:
            note = "Book the end-point assessment"
        elif not latest.has_result:
            if max(latest.observation_on, latest.discussion_on) > today:
                continue  # booked ahead: nothing to do until it has been held
            note = f"Record the results (professional discussion {latest.discussion_on:%-d %B %Y})"
        elif not latest.passed:
            note = "Failed: book a resit"
        else:
            continue
        found.append(
            Item(
                "assessment_to_record",
                str(enrolment.trainee),
                _gateway_url(enrolment, "#assessment"),
                enrolment.gateway_on,
                note,
            )
        )
    return found
