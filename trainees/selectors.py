"""Reads that take some working out: study time against plan, review due dates, contract state, the cohort."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, Sum

from .models import ContractSignature, Enrolment, LearningContract, Party, StudyTimeEntry

ZERO = Decimal("0")


@dataclass(frozen=True)
class StudyTime:
    hours_per_week: Decimal
    planned_to_date: Decimal
    confirmed: Decimal
    pending: Decimal
    minimum: int

    @property
    def behind_by(self):
        return max(ZERO, self.planned_to_date - self.confirmed)

    @property
    def shortfall(self):
        # More than a week's agreed study time behind the plan: worth a conversation, not a rounding error.
        return self.hours_per_week > 0 and self.behind_by > self.hours_per_week

    @property
    def percent_of_plan(self):
        return int(self.confirmed * 100 / self.planned_to_date) if self.planned_to_date else 100


def plan_to_date(hours_per_week, start, end, today):
    days = (min(today, end) - start).days
    return (Decimal(hours_per_week) * Decimal(max(days, 0)) / 7).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ReviewDue:
    last_held_on: datetime.date | None
    due_on: datetime.date
    overdue: bool
    applies: bool  # only active trainees are due reviews


def review_due(enrolment, last_held_on, today):
    programme = enrolment.cohort.programme
    since = last_held_on or enrolment.cohort.start_date
    due_on = since + datetime.timedelta(weeks=programme.review_interval_weeks)
    applies = enrolment.status == Enrolment.Status.ACTIVE
    return ReviewDue(last_held_on, due_on, applies and today > due_on, applies)


@dataclass(frozen=True)
class ContractState:
    contract: LearningContract | None
    signed: tuple
    missing: tuple

    @property
    def signed_by_all(self):
        return self.contract is not None and not self.missing

    @property
    def label(self):
        if self.contract is None:
            return "No contract"
        if not self.missing:
            return "Signed by all"
        if not self.signed:
            return "Not signed"
        return f"Waiting for {', '.join(Party(p).label.lower() for p in self.missing)}"


def contract_state(contract):
    if contract is None:
        return ContractState(None, (), tuple(Party))
    signed = tuple(s.party for s in contract.signatures.all())
    return ContractState(contract, signed, tuple(p for p in Party if p not in signed))


@dataclass
class TraineeRow:
    enrolment: Enrolment
    contract: ContractState
    study_time: StudyTime
    review: ReviewDue


def with_progress(enrolments):
    """Enrolments annotated and prefetched so that rows() costs a fixed number of queries."""
    confirmed = StudyTimeEntry.State.CONFIRMED
    pending = StudyTimeEntry.State.PENDING
    return (
        enrolments.select_related(
            "trainee", "cohort__programme", "cohort__organisation", "manager", "lecturer"
        )
        .annotate(
            confirmed_hours=Sum("study_time__hours", filter=Q(study_time__state=confirmed)),
            pending_hours=Sum("study_time__hours", filter=Q(study_time__state=pending)),
            last_review=Max("reviews__held_on"),
        )
        .prefetch_related(
            "mentors",
            Prefetch(
                "contracts",
                queryset=LearningContract.objects.filter(superseded_at__isnull=True).prefetch_related(
                    Prefetch("signatures", queryset=ContractSignature.objects.select_related("signed_by"))
                ),
                to_attr="current_contracts",
            ),
        )
    )


def row(enrolment, today):
    """One trainee's state; ``enrolment`` must come from with_progress()."""
    contract = enrolment.current_contracts[0] if enrolment.current_contracts else None
    cohort = enrolment.cohort
    hours = contract.study_hours_per_week if contract else ZERO
    study_time = StudyTime(
        hours_per_week=hours,
        planned_to_date=plan_to_date(hours, cohort.start_date, cohort.expected_end_date, today),
        confirmed=enrolment.confirmed_hours or ZERO,
        pending=enrolment.pending_hours or ZERO,
        minimum=cohort.programme.minimum_study_hours,
    )
    return TraineeRow(
        enrolment, contract_state(contract), study_time, review_due(enrolment, enrolment.last_review, today)
    )


def rows(enrolments, today=None):
    today = today or datetime.date.today()
    return [row(e, today) for e in with_progress(enrolments)]


def trainee_row(enrolment, today=None):
    return rows(Enrolment.objects.filter(pk=enrolment.pk), today)[0]


def study_time_summary(enrolment, today=None):
    return trainee_row(enrolment, today).study_time
