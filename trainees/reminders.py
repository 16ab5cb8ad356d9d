"""Reminders about apprenticeships: progress reviews due or overdue, contracts and reviews to sign."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse

from reminders.kinds import Due, ReminderKind

from . import selectors
from .models import ContractSignature, Enrolment, LearningContract, Party, ProgressReview, TrainingPlan

REVIEW_NOTICE_DAYS = 14


def _reviews(today, *, overdue):
    for row in selectors.rows(Enrolment.objects.active(), today):
        review = row.review
        if review.overdue != overdue:
            continue
        # Booked earlier than it is due: remind before the booking, so everyone keeps the date.
        when = min(review.due_on, review.booked_on or review.due_on)
        if when - datetime.timedelta(days=REVIEW_NOTICE_DAYS) > today:
            continue
        enrolment = row.enrolment
        title = (
            f"Progress review for {enrolment.trainee} {'overdue since' if overdue else 'due by'} "
            f"{review.due_on:%-d %B %Y}"
        )
        if review.booked_on and not overdue:
            title += f", booked for {review.booked_on:%-d %B %Y}"
        people = [enrolment.trainee, *enrolment.mentor_people(), enrolment.lecturer, enrolment.manager]
        rule = selectors.review_rule(enrolment, review)
        for person in {p.pk: p for p in people if p is not None}.values():
            yield Due(
                REVIEW_OVERDUE.name if overdue else REVIEW_DUE.name,
                person,
                f"enrolment:{enrolment.pk}",
                review.due_on,
                title,
                f"{title}. Reviews are held at least every {rule} with the "
                "trainee, the employer side and the lecturer, and count once all three have signed.",
                reverse("trainees:enrolment_detail", args=[enrolment.pk]),
            )


def reviews_due(today):
    return _reviews(today, overdue=False)


def reviews_overdue(today):
    return _reviews(today, overdue=True)


def contracts_awaiting_signature(today):
    contracts = LearningContract.objects.filter(
        Enrolment.active_q("enrolment"), superseded_at__isnull=True
    ).select_related("enrolment__trainee", "enrolment__manager", "enrolment__lecturer")
    contracts = contracts.prefetch_related(
        "enrolment__mentors",
        Prefetch("signatures", queryset=ContractSignature.objects.only("party", "contract")),
    ).exclude(service_cover="")
    for contract in contracts:
        enrolment = contract.enrolment
        signed = {s.party for s in contract.signatures.all()}
        for party in Party:
            if party in signed:
                continue
            persons = contract.signers(party)
            for person in persons:
                yield Due(
                    CONTRACT_UNSIGNED.name,
                    person,
                    f"contract:{contract.pk}",
                    contract.created_at.date(),
                    f"Sign {enrolment.trainee}'s learning contract (version {contract.version})",
                    f"{enrolment.trainee}'s learning contract, version {contract.version}, is waiting "
                    f"for your signature as {Party(party).label.lower()}.",
                    reverse("trainees:contract_detail", args=[contract.pk]),
                )


def reviews_awaiting_signature(today):
    # Reviews not yet signed by all three: they count nowhere until then.
    reviews = (
        ProgressReview.objects.uncounted()
        .filter(Enrolment.active_q("enrolment"))
        .select_related("enrolment__trainee", "enrolment__manager", "enrolment__lecturer")
    )
    reviews = reviews.prefetch_related("enrolment__mentors", "signatures")
    for review in reviews:
        enrolment = review.enrolment
        signatures = list(review.signatures.all())
        signed_parties = {s.party for s in signatures}
        # Each person signs once, for one party: nobody who signed is asked again, nor anyone asked twice.
        asked = {s.signed_by_id for s in signatures}
        for party in ProgressReview.Party:
            if party in signed_parties:
                continue
            for person in review.signers(party):
                if person.pk in asked:
                    continue
                asked.add(person.pk)
                yield Due(
                    REVIEW_UNSIGNED.name,
                    person,
                    f"review:{review.pk}",
                    review.held_on,
                    f"Sign {enrolment.trainee}'s progress review of {review.held_on:%-d %B %Y}",
                    f"{enrolment.trainee}'s progress review, held on {review.held_on:%-d %B %Y}, is waiting "
                    f"for your signature as {party.label.lower()}. It counts once all three have signed.",
                    reverse("trainees:review_detail", args=[review.pk]),
                )


REVIEW_DUE = ReminderKind("review_due", "Progress review due", reviews_due)
REVIEW_OVERDUE = ReminderKind("review_overdue", "Progress review overdue", reviews_overdue)
CONTRACT_UNSIGNED = ReminderKind(
    "contract_unsigned", "Learning contract to sign", contracts_awaiting_signature
)
REVIEW_UNSIGNED = ReminderKind("review_unsigned", "Progress review to sign", reviews_awaiting_signature)


def plans_awaiting_signature(today):
    """Each person who may sign a party of a current training plan not yet signed for it, once the plan can
    be signed (it says what is delivered and records the skills scan); each person asked once."""
    plans = (
        TrainingPlan.objects.filter(Enrolment.active_q("enrolment"), superseded_at__isnull=True)
        .filter(deliveries__isnull=False, skills_scan__isnull=False)
        .distinct()
        .select_related(
            "enrolment__trainee", "enrolment__manager", "enrolment__lecturer", "enrolment__cohort"
        )
        .prefetch_related("enrolment__mentors", "signatures")
    )
    for plan in plans:
        enrolment = plan.enrolment
        signatures = list(plan.signatures.all())
        signed_parties = {s.party for s in signatures}
        asked = {s.signed_by_id for s in signatures}
        for party in TrainingPlan.Party:
            if party in signed_parties:
                continue
            for person in plan.signers(party):
                if person.pk in asked:
                    continue
                asked.add(person.pk)
                yield Due(
                    PLAN_UNSIGNED.name,
                    person,
                    f"plan:{plan.pk}",
                    plan.created_at.date(),
                    f"Sign {enrolment.trainee}'s training plan (version {plan.version})",
                    f"{enrolment.trainee}'s training plan, version {plan.version}, is waiting for your "
                    f"signature as {party.label.lower()}. It is signed before training starts "
                    f"({enrolment.starts_on:%-d %B %Y}).",
                    reverse("trainees:plan_detail", args=[plan.pk]),
                )


PLAN_UNSIGNED = ReminderKind("plan_unsigned", "Training plan to sign", plans_awaiting_signature)
