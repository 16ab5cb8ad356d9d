"""What is due, found in the database. Each finder yields ``Due`` items; later capabilities add their own
finder to FINDERS (interviews due, say)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from competencies.models import Evidence
from trainees import selectors as trainee_selectors
from trainees.models import ContractSignature, Enrolment, LearningContract, Party, ProgressReview

from .models import Reminder

REVIEW_NOTICE_DAYS = 14
PASTORAL_NOTICE_DAYS = 30


@dataclass(frozen=True)
class Due:
    kind: str
    recipient: object
    subject: str
    due_on: datetime.date
    title: str
    body: str
    url: str


def pastoral_revisits(today):
    from pastoral.selectors import next_revisit

    leads = Membership.objects.filter(role=Membership.Role.WORKFORCE_LEAD).select_related(
        "user", "organisation"
    )
    by_org = {}
    for m in leads:
        by_org.setdefault(m.organisation, []).append(m.user)
    for organisation, people in by_org.items():
        revisit = next_revisit(organisation, today=today)
        if revisit is None or revisit.due_on is None:
            continue
        if revisit.due_on - datetime.timedelta(days=PASTORAL_NOTICE_DAYS) > today:
            continue
        when = "was due" if revisit.due_on < today else "is due"
        for person in people:
            yield Due(
                Reminder.Kind.PASTORAL_REVISIT,
                person,
                f"organisation:{organisation.pk}",
                revisit.due_on,
                f"Pastoral self-assessment {when} on {revisit.due_on:%-d %B %Y}",
                f"{organisation}'s pastoral support self-assessment {when} on {revisit.due_on:%-d %B %Y}. "
                "Start the revisit from the last assessment's ratings.",
                reverse("pastoral:organisation", args=[organisation.pk]),
            )


def progress_reviews(today):
    active = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)
    for row in trainee_selectors.rows(active, today):
        review = row.review
        # Booked earlier than it is due: remind before the booking, so everyone keeps the date.
        when = min(review.due_on, review.booked_on or review.due_on)
        if when - datetime.timedelta(days=REVIEW_NOTICE_DAYS) > today:
            continue
        enrolment = row.enrolment
        overdue = review.overdue
        kind = Reminder.Kind.REVIEW_OVERDUE if overdue else Reminder.Kind.REVIEW_DUE
        title = (
            f"Progress review for {enrolment.trainee} {'overdue since' if overdue else 'due by'} "
            f"{review.due_on:%-d %B %Y}"
        )
        if review.booked_on and not overdue:
            title += f", booked for {review.booked_on:%-d %B %Y}"
        people = [enrolment.trainee, *enrolment.mentor_people(), enrolment.lecturer, enrolment.manager]
        interval = enrolment.cohort.programme.review_interval_weeks
        for person in {p.pk: p for p in people if p is not None}.values():
            yield Due(
                kind,
                person,
                f"enrolment:{enrolment.pk}",
                review.due_on,
                title,
                f"{title}. Reviews are held at least every {interval} weeks with the trainee, "
                "the employer side and the lecturer.",
                reverse("trainees:enrolment_detail", args=[enrolment.pk]),
            )


def evidence_waiting(today):
    days = settings.REMINDER_EVIDENCE_WAITING_DAYS
    cutoff = timezone.now() - datetime.timedelta(days=days)
    waiting = (
        Evidence.objects.filter(status=Evidence.Status.SUBMITTED, submitted_at__lt=cutoff)
        .select_related("enrolment__trainee")
        .prefetch_related("enrolment__mentors")
    )
    for evidence in waiting:
        due_on = (evidence.submitted_at + datetime.timedelta(days=days)).date()
        for mentor in evidence.enrolment.mentor_people():
            yield Due(
                Reminder.Kind.EVIDENCE_WAITING,
                mentor,
                f"evidence:{evidence.pk}",
                due_on,
                f"“{evidence}” from {evidence.enrolment.trainee} has waited over {days} days",
                f"{evidence.enrolment.trainee} submitted “{evidence}” on {evidence.submitted_at:%-d %B %Y}. "
                "Sign it off or return it with feedback.",
                reverse("competencies:evidence_detail", args=[evidence.pk]),
            )


def contracts_awaiting_signature(today):
    contracts = LearningContract.objects.filter(
        superseded_at__isnull=True, enrolment__status=Enrolment.Status.ACTIVE
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
                    Reminder.Kind.CONTRACT_UNSIGNED,
                    person,
                    f"contract:{contract.pk}",
                    contract.created_at.date(),
                    f"Sign {enrolment.trainee}'s learning contract (version {contract.version})",
                    f"{enrolment.trainee}'s learning contract, version {contract.version}, is waiting "
                    f"for your signature as {Party(party).label.lower()}.",
                    reverse("trainees:contract_detail", args=[contract.pk]),
                )


def reviews_awaiting_signature(today):
    reviews = ProgressReview.objects.filter(enrolment__status=Enrolment.Status.ACTIVE).select_related(
        "enrolment__trainee", "enrolment__manager", "enrolment__lecturer"
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
                    Reminder.Kind.REVIEW_UNSIGNED,
                    person,
                    f"review:{review.pk}",
                    review.held_on,
                    f"Sign {enrolment.trainee}'s progress review of {review.held_on:%-d %B %Y}",
                    f"{enrolment.trainee}'s progress review, held on {review.held_on:%-d %B %Y}, is waiting "
                    f"for your signature as {party.label.lower()}.",
                    reverse("trainees:review_detail", args=[review.pk]),
                )


FINDERS = [
    pastoral_revisits,
    progress_reviews,
    evidence_waiting,
    contracts_awaiting_signature,
    reviews_awaiting_signature,
]


def find_due(today=None):
    today = today or timezone.localdate()
    for finder in FINDERS:
        yield from finder(today)
