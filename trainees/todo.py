"""What waits in apprenticeships: signatures, study time to confirm or put right, cohorts to see to.

The queries find candidates (active enrolments the person is on in some part); each record's parties_of
(Enrolment.signers) and the access rules decide, so the list asks no more than the
signing pages allow. Nobody is asked to sign for themself in a supporter's part.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from accounts.access import organisation_ids
from accounts.models import Membership
from core.templatetags.portal import hours
from core.todo import Item

from . import access, selectors, training_plan
from .models import (
    Cohort,
    Enrolment,
    LearningContract,
    Party,
    ProgressReview,
    StudyTimeEntry,
    TrainingPlan,
)

KINDS = {
    "plan_to_sign": "Training plans to sign",
    "plan_unsigned": "Training plan not signed",
    "contract_to_sign": "Learning contracts to sign",
    "review_to_sign": "Progress reviews to sign",
    "study_time_queried": "Study time your manager queried",
    "study_time_to_confirm": "Study time to confirm",
    "cohort_attention": "Cohorts needing attention",
}

# Only active trainees' work waits for anyone (Enrolment.active_q: the one rule).
ACTIVE = Enrolment.active_q("enrolment")


def items(user, today):
    return [
        *_plans_to_sign(user),
        *_plans_unsigned(user, today),
        *_contracts_to_sign(user),
        *_reviews_to_sign(user),
        *_study_time_queried(user),
        *_study_time_to_confirm(user),
        *_cohorts(user, today),
    ]


def _on_enrolment(user):
    """Active enrolments where the person is the trainee, a mentor, the manager or the lecturer."""
    mentored = Enrolment.mentors.through.objects.filter(enrolment=OuterRef("enrolment_id"), user=user)
    return ACTIVE & (
        Q(enrolment__trainee=user)
        | Q(enrolment__manager=user)
        | Q(enrolment__lecturer=user)
        | Exists(mentored)
    )


def _not_for_themself(user, enrolment, parties, trainee_party):
    # A trainee who also supports their own enrolment signs only as the trainee.
    return [p for p in parties if p == trainee_party or enrolment.trainee_id != user.pk]


def _whose(user, enrolment, what):
    return f"Your {what}" if enrolment.trainee_id == user.pk else f"{enrolment.trainee}'s {what}"


def _as(parties, trainee_party):
    others = [p.label.lower() for p in parties if p != trainee_party]
    return f", as {' and '.join(others)}" if others else ""


def _contracts_to_sign(user):
    # Nobody can sign until the contract says how the service is covered, and each person signs a version
    # once, for one party (services.sign_contract).
    contracts = (
        LearningContract.objects.filter(_on_enrolment(user), superseded_at__isnull=True)
        .exclude(service_cover="")
        .annotate(signed=Count("signatures"))
        .filter(signed__lt=len(Party))
        .select_related("enrolment__trainee", "enrolment__manager", "enrolment__lecturer")
        .prefetch_related("enrolment__mentors", "signatures")
        .order_by("created_at", "pk")
    )
    found = []
    for contract in contracts:
        enrolment = contract.enrolment
        signatures = contract.signatures.all()
        if not contract.service_cover.strip() or any(s.signed_by_id == user.pk for s in signatures):
            continue
        signed = {s.party for s in signatures}
        mine = [p for p in contract.parties_of(user) if p not in signed]
        mine = _not_for_themself(user, enrolment, mine, Party.TRAINEE)
        if mine and access.can_sign_contract(user, contract):
            found.append(
                Item(
                    "contract_to_sign",
                    _whose(user, enrolment, f"learning contract, version {contract.version}")
                    + _as([Party(p) for p in mine], Party.TRAINEE),
                    reverse("trainees:contract_detail", args=[contract.pk]),
                    contract.created_at.date(),
                )
            )
    return found


def _reviews_to_sign(user):
    reviews = (
        ProgressReview.objects.uncounted()
        .filter(_on_enrolment(user))
        .select_related("enrolment__trainee", "enrolment__manager", "enrolment__lecturer")
        .prefetch_related("enrolment__mentors", "signatures")
        .order_by("held_on", "pk")
    )
    found = []
    for review in reviews:
        enrolment = review.enrolment
        signatures = review.signatures.all()
        if any(s.signed_by_id == user.pk for s in signatures):
            continue  # each person signs once, for one party
        signed = {s.party for s in signatures}
        mine = [p for p in review.parties_of(user) if p not in signed]
        mine = _not_for_themself(user, enrolment, mine, ProgressReview.Party.TRAINEE)
        if mine and access.can_sign_review(user, review):
            found.append(
                Item(
                    "review_to_sign",
                    _whose(user, enrolment, f"progress review of {review.held_on:%-d %B %Y}")
                    + _as(mine, ProgressReview.Party.TRAINEE),
                    reverse("trainees:review_detail", args=[review.pk]),
                    review.recorded_at.date(),
                    note=f"{review.signing_state().label}: it counts once all three have signed",
                )
            )
    return found


def _study_time_queried(user):
    """The trainee's entries their manager queried and they have not yet put right. An entry is not
    changed once decided: the trainee puts it right by logging that day's time again as it was taken."""
    logged_again = StudyTimeEntry.objects.filter(
        enrolment=OuterRef("enrolment"), date=OuterRef("date"), logged_at__gt=OuterRef("decided_at")
    )
    entries = (
        StudyTimeEntry.objects.filter(ACTIVE, enrolment__trainee=user, state=StudyTimeEntry.State.QUERIED)
        .exclude(Exists(logged_again))
        .select_related("enrolment")
        .order_by("date", "pk")
    )
    return [
        Item(
            "study_time_queried",
            f"{hours(entry.hours)} on {entry.date:%-d %b %Y} ({entry.get_activity_display()})",
            reverse("trainees:study_time", args=[entry.enrolment_id]),
            entry.decided_at.date() if entry.decided_at else None,
            f"Queried: {entry.query_note}",
        )
        for entry in entries
        if access.can_log_study_time(user, entry.enrolment)
    ]


def _study_time_to_confirm(user):
    entries = (
        StudyTimeEntry.objects.filter(ACTIVE, enrolment__manager=user, state=StudyTimeEntry.State.PENDING)
        .exclude(enrolment__trainee=user)
        .select_related("enrolment__trainee")
        .order_by("date", "logged_at", "pk")
    )
    return [
        Item(
            "study_time_to_confirm",
            f"{entry.enrolment.trainee}: {hours(entry.hours)} on {entry.date:%-d %b %Y} "
            f"({entry.get_activity_display()})",
            reverse("trainees:study_time", args=[entry.enrolment_id]),
            entry.logged_at.date(),
        )
        for entry in entries
        if access.can_decide_study_time(user, entry)
    ]


def _cohort_flags(user, today):
    """(cohort, selectors.CohortFlags) for each cohort the person leads, as its page counts them."""
    led = organisation_ids(user, Membership.Role.WORKFORCE_LEAD)
    if not led:
        return []
    cohorts = list(Cohort.objects.filter(organisation__in=led).select_related("programme"))
    rows = selectors.rows(Enrolment.objects.active().filter(cohort__in=cohorts), today)
    by_cohort = {}
    for row in rows:
        by_cohort.setdefault(row.enrolment.cohort_id, []).append(row)
    return [
        (cohort, selectors.cohort_flags(by_cohort.get(cohort.pk, [])))
        for cohort in cohorts
        if access.can_manage_cohort(user, cohort)
    ]


def _flags_text(flags):
    parts = []
    if flags.unsigned:
        parts.append(f"{flags.unsigned} contract{'s' if flags.unsigned != 1 else ''} unsigned")
    if flags.overdue:
        parts.append(f"{flags.overdue} review{'s' if flags.overdue != 1 else ''} overdue")
    if flags.at_risk:
        parts.append(f"{flags.at_risk} at risk of missing their off-the-job hours")
    if flags.behind:
        parts.append(f"{flags.behind} behind with off-the-job hours")
    return ", ".join(parts)


def _cohorts(user, today):
    return [
        Item(
            "cohort_attention",
            f"{cohort}: {_flags_text(flags)}",
            reverse("trainees:cohort_detail", args=[cohort.pk]),
            note=f"{flags.active} active",
        )
        for cohort, flags in _cohort_flags(user, today)
        if flags.needs_attention
    ]


def _plans_to_sign(user):
    # Only once the plan says what is delivered and records the skills scan can anyone sign it; each person
    # signs a version once, for one party (training_plan.sign_plan).
    plans = (
        TrainingPlan.objects.filter(
            _on_enrolment(user),
            superseded_at__isnull=True,
            deliveries__isnull=False,
            skills_scan__isnull=False,
        )
        .distinct()
        .select_related("enrolment__trainee", "enrolment__manager", "enrolment__lecturer")
        .prefetch_related("enrolment__mentors", "signatures")
        .order_by("created_at", "pk")
    )
    found = []
    for plan in plans:
        enrolment = plan.enrolment
        signatures = plan.signatures.all()
        if len(signatures) >= len(TrainingPlan.Party) or any(s.signed_by_id == user.pk for s in signatures):
            continue
        signed = {s.party for s in signatures}
        mine = [p for p in plan.parties_of(user) if p not in signed]
        mine = _not_for_themself(user, enrolment, mine, TrainingPlan.Party.TRAINEE)
        if mine and access.can_sign_plan(user, plan):
            found.append(
                Item(
                    "plan_to_sign",
                    _whose(user, enrolment, f"training plan, version {plan.version}")
                    + _as([TrainingPlan.Party(p) for p in mine], TrainingPlan.Party.TRAINEE),
                    reverse("trainees:plan_detail", args=[plan.pk]),
                    plan.created_at.date(),
                )
            )
    return found


def _plans_unsigned(user, today):
    """For the organisation's workforce leads: active trainees whose training has started without a training
    plan signed by all three. (The lecturer and the signers see it on the trainee's pages, and are asked to
    sign once there is something to sign.)"""
    led = organisation_ids(user, Membership.Role.WORKFORCE_LEAD)
    if not led:
        return []
    signed_by_all = (
        TrainingPlan.objects.filter(superseded_at__isnull=True)
        .annotate(n=Count("signatures"))
        .filter(n__gte=len(TrainingPlan.Party))
        .values("enrolment")
    )
    enrolments = [
        enrolment
        for enrolment in Enrolment.objects.active()
        .filter(cohort__organisation__in=led)
        .filter(Q(start_date__lt=today) | Q(start_date__isnull=True, cohort__start_date__lt=today))
        .exclude(pk__in=signed_by_all)
        .select_related("trainee", "cohort")
        .order_by("cohort__start_date", "pk")
        if access.can_manage_enrolment(user, enrolment)
    ]
    states = training_plan.plan_states(enrolments)
    return [
        Item(
            "plan_unsigned",
            f"{enrolment.trainee}: {states[enrolment.pk].label.lower()}",
            reverse("trainees:plan_current", args=[enrolment.pk]),
            enrolment.starts_on,
            f"Training started {enrolment.starts_on:%-d %B %Y}",
        )
        for enrolment in enrolments
    ]
