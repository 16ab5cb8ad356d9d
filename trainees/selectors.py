"""Reads that take some working out: study time against plan, review due dates, contract state, the cohort."""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum

from core.plugins import collected

from . import offthejob
from .models import (
    BreakInLearning,
    ContractSignature,
    Enrolment,
    LearningContract,
    Party,
    ProgressReview,
    StudyTimeEntry,
)

ZERO = Decimal("0")


@dataclass(frozen=True)
class StudyTime:
    """A trainee's off-the-job time against the rule that applies to them (trainees/offthejob.py)."""

    hours_per_week: Decimal  # from the learning contract in force
    planned_to_date: Decimal
    confirmed: Decimal
    pending: Decimal
    minimum: int  # the programme's setting
    plan: offthejob.Plan | None = None

    @property
    def behind_by(self):
        return max(ZERO, self.planned_to_date - self.confirmed)

    @property
    def week_hours(self):
        """A week of the plan now: the larger of the contract's hours and the rule's even pace."""
        return self.plan.week_hours if self.plan else self.hours_per_week

    @property
    def shortfall(self):
        # More than a week's planned study time behind the plan: worth a conversation, not a rounding error.
        return self.week_hours > 0 and self.behind_by > self.week_hours

    @property
    def required(self):
        return self.plan.requirement.total if self.plan else Decimal(self.minimum)

    @property
    def rule(self):
        return self.plan.requirement.rule if self.plan else None

    @property
    def status(self):
        if self.plan is None:
            return offthejob.Status.BEHIND if self.shortfall else offthejob.Status.ON_TRACK
        return offthejob.decide_status(
            planned_to_date=self.planned_to_date,
            confirmed=self.confirmed,
            week_hours=self.week_hours,
            required=self.required,
            rule_pace=self.plan.rule_pace,
            weeks_left=self.plan.weeks_left,
        )

    @property
    def on_track(self):
        return self.status == offthejob.Status.ON_TRACK

    @property
    def at_risk(self):
        return self.status == offthejob.Status.AT_RISK

    @property
    def percent_of_plan(self):
        return int(self.confirmed * 100 / self.planned_to_date) if self.planned_to_date else 100


def plan_to_date(hours_per_week, start, end, today):
    days = (min(today, end) - start).days
    return (Decimal(hours_per_week) * Decimal(max(days, 0)) / 7).quantize(Decimal("0.1"))


def contract_periods(contracts, enrolment):
    """(hours a week, from, until) for each contract version: a version counts from the day it was made
    (the first from the trainee's start) until the next version took over, so a change of hours never
    rewrites the plan before it."""
    ordered = sorted(contracts, key=lambda c: c.version)
    start, end = enrolment.starts_on, enrolment.planned_end_on
    starts = [start] + [max(start, c.created_at.date()) for c in ordered[1:]]
    ends = [*starts[1:], end]
    return [(c.study_hours_per_week, start, end) for c, start, end in zip(ordered, starts, ends, strict=True)]


def off_the_job_plan(enrolment, contracts, breaks, today):
    """The off-the-job plan as of ``today`` (offthejob.plan) from an enrolment's facts, without queries
    beyond what is given: ``contracts`` in force by ``today`` and the enrolment's ``breaks``."""
    ordered = sorted(contracts, key=lambda c: c.version)
    return offthejob.plan(
        start=enrolment.starts_on,
        planned_end=enrolment.planned_end_on,
        contracted=enrolment.contracted_hours_per_week,
        programme_minimum=enrolment.cohort.programme.minimum_study_hours,
        prior_learning=enrolment.prior_learning_hours,
        contracts=[(c.study_hours_per_week, c.created_at.date()) for c in ordered],
        breaks=[(b.starts_on, b.ends_on) for b in breaks],
        gateway_on=enrolment.gateway_on,
        today=today,
    )


@dataclass(frozen=True)
class ReviewDue:
    last_held_on: datetime.date | None
    due_on: datetime.date  # the latest the next review may be held under the programme's interval
    overdue: bool
    applies: bool  # only active trainees are due reviews
    booked_on: datetime.date | None = None  # when the next one is booked, if it is

    @property
    def booked_too_late(self):
        return self.booked_on is not None and self.booked_on > self.due_on


# The apprenticeship funding rules in force: progress reviews at least every 12 weeks (2022/23 to 2024/25);
# at least every three calendar months from 1 August 2025 (2025/26).
THREE_MONTHS_FROM = datetime.date(2025, 8, 1)
RULE_WEEKS = 12


def add_months(day, months):
    """The same day ``months`` calendar months later, or the month's last day if it has no such day
    (30 November + 3 months = 28 February, or 29 February in a leap year)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def rule_due_on(since):
    """The latest the next review may be held under the rules, counting from ``since`` (the last counted
    review, or the start). The rule is the one in force on the day the review falls due: 12 weeks after
    ``since`` while that day is before 1 August 2025; from then, three calendar months after ``since``.
    So ``since`` up to 8 May 2025 gives 12 weeks (8 May → 31 July 2025), from 9 May 2025 three months
    (9 May → 9 August 2025)."""
    twelve_weeks = since + datetime.timedelta(weeks=RULE_WEEKS)
    if twelve_weeks < THREE_MONTHS_FROM:
        return twelve_weeks
    return add_months(since, 3)


def next_review_due_on(programme, since):
    """The rules' date, or sooner where the programme holds reviews more often than every 12 weeks
    (``review_interval_weeks`` below 12 is a tighter bound; 12 or 13 leave the rules' date alone)."""
    due = rule_due_on(since)
    if programme.review_interval_weeks < RULE_WEEKS:
        due = min(due, since + datetime.timedelta(weeks=programme.review_interval_weeks))
    return due


def review_rule(enrolment, due):
    """The rule behind a ReviewDue, in words: "12 weeks" or "3 calendar months" (or the programme's)."""
    since = due.last_held_on or enrolment.cohort.start_date
    weeks = enrolment.cohort.programme.review_interval_weeks
    if weeks < RULE_WEEKS and due.due_on == since + datetime.timedelta(weeks=weeks):
        return f"{weeks} weeks (the programme's rule)"
    return "12 weeks" if due.due_on == since + datetime.timedelta(weeks=RULE_WEEKS) else "3 calendar months"


def review_due(enrolment, last_held_on, today):
    """When the next review is due: ``last_held_on`` must be the last *counted* review (signed by all
    three; ProgressReview.objects.counted()) up to ``today``, or None (then from the cohort's start)."""
    programme = enrolment.cohort.programme
    since = last_held_on or enrolment.cohort.start_date
    due_on = next_review_due_on(programme, since)
    applies = enrolment.is_active
    booked = enrolment.next_review_on
    if booked is not None and last_held_on is not None and booked <= last_held_on:
        booked = None  # that booking has been held
    return ReviewDue(last_held_on, due_on, applies and today > due_on, applies, booked)


def last_counted_review(enrolment, before=None):
    """The latest review signed by all three, held on or before ``before`` (today by default), or None."""
    reviews = ProgressReview.objects.counted().filter(enrolment=enrolment)
    if before is not None:
        reviews = reviews.filter(held_on__lte=before)
    return reviews.order_by("-held_on", "-pk").first()


@dataclass(frozen=True)
class ReviewSnapshot:
    """What a review held on ``held_on`` keeps: off-the-job time to date and since the previous counted
    review (``previous``, or the start), slippage against plan, and the portfolio since then."""

    held_on: datetime.date
    previous: ProgressReview | None
    since: datetime.date
    planned_to_date: Decimal
    confirmed: Decimal
    behind_by: Decimal
    planned_since: Decimal
    taken_since: Decimal
    portfolio: dict


def review_snapshot(enrolment, held_on, previous=None):
    """The figures for a review held on ``held_on`` after ``previous`` (the last counted review, looked up
    if not given). Since-figures are today's totals less those the previous review kept (zero at the start);
    the portfolio comes from each app's review_snapshots contribution (core.plugins)."""
    if previous is None:
        previous = last_counted_review(enrolment, before=held_on)
    now = study_time_summary(enrolment, today=held_on)
    start = enrolment.cohort.start_date
    after = previous.held_on if previous else start - datetime.timedelta(days=1)
    portfolio = {}
    for make in collected("review_snapshots"):
        portfolio |= make(enrolment, after, held_on)
    return ReviewSnapshot(
        held_on=held_on,
        previous=previous,
        since=previous.held_on if previous else start,
        planned_to_date=now.planned_to_date,
        confirmed=now.confirmed,
        behind_by=now.behind_by,
        planned_since=max(now.planned_to_date - (previous.planned_hours if previous else ZERO), ZERO),
        taken_since=max(now.confirmed - (previous.taken_hours if previous else ZERO), ZERO),
        portfolio=portfolio,
    )


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
    """One trainee's state, with the flags pages, reports and to-do lists show, each decided here once.

    Only active trainees count (``Enrolment.is_active``): one on a break, withdrawn or finished is never
    flagged short of study time, overdue for a review or unsigned, whatever their figures say."""

    enrolment: Enrolment
    contract: ContractState
    study_time: StudyTime
    review: ReviewDue
    active: bool = field(init=False)
    short_of_study_time: bool = field(init=False)
    review_overdue: bool = field(init=False)
    contract_unsigned: bool = field(init=False)
    off_the_job: str | None = field(init=False)  # offthejob.Status while active, else None

    def __post_init__(self):
        self.active = self.enrolment.is_active
        self.off_the_job = self.study_time.status if self.active else None
        self.short_of_study_time = self.active and self.off_the_job != offthejob.Status.ON_TRACK
        self.review_overdue = self.active and self.review.overdue
        self.contract_unsigned = self.active and not self.contract.signed_by_all


@dataclass(frozen=True)
class CohortFlags:
    """How many of the rows' active trainees are flagged, for a cohort's page, report or to-do list."""

    active: int
    shortfalls: int  # behind or at risk
    overdue: int
    unsigned: int
    # The off-the-job status of the active trainees (shortfalls = behind + at risk).
    behind: int = field(default=0, compare=False)
    at_risk: int = field(default=0, compare=False)
    on_track: int = field(default=0, compare=False)

    @property
    def needs_attention(self):
        return bool(self.shortfalls or self.overdue or self.unsigned)


def cohort_flags(rows):
    rows = [r for r in rows if r.active]
    return CohortFlags(
        active=len(rows),
        shortfalls=sum(r.short_of_study_time for r in rows),
        overdue=sum(r.review_overdue for r in rows),
        unsigned=sum(r.contract_unsigned for r in rows),
        behind=sum(r.off_the_job == offthejob.Status.BEHIND for r in rows),
        at_risk=sum(r.off_the_job == offthejob.Status.AT_RISK for r in rows),
        on_track=sum(r.off_the_job == offthejob.Status.ON_TRACK for r in rows),
    )


def _hours(state, today):
    """Sum of the enrolment's study hours in one state up to ``today``, as a subquery (joining study time
    and reviews in one query would multiply each by the other)."""
    entries = StudyTimeEntry.objects.filter(enrolment=OuterRef("pk"), state=state, date__lte=today)
    return Subquery(
        entries.order_by().values("enrolment").annotate(total=Sum("hours")).values("total"),
        output_field=DecimalField(),
    )


def with_progress(enrolments, today=None):
    """Enrolments annotated and prefetched so that rows() costs a fixed number of queries.

    Figures are as of ``today``: study time dated after it and reviews held after it are not counted,
    so a review's snapshot shows what was known on its day.
    """
    today = today or datetime.date.today()
    # Only counted reviews (signed by trainee, employer and provider) reset the clock.
    last_review = ProgressReview.objects.counted().filter(enrolment=OuterRef("pk"), held_on__lte=today)
    return (
        enrolments.select_related(
            "trainee", "cohort__programme", "cohort__organisation", "manager", "lecturer"
        )
        .annotate(
            confirmed_hours=_hours(StudyTimeEntry.State.CONFIRMED, today),
            pending_hours=_hours(StudyTimeEntry.State.PENDING, today),
            last_review=Subquery(last_review.order_by("-held_on").values("held_on")[:1]),
        )
        .prefetch_related(
            "mentors",
            Prefetch("breaks", queryset=BreakInLearning.objects.order_by("starts_on"), to_attr="all_breaks"),
            Prefetch(
                "contracts",
                queryset=LearningContract.objects.prefetch_related(
                    Prefetch("signatures", queryset=ContractSignature.objects.select_related("signed_by"))
                ),
                to_attr="all_contracts",
            ),
        )
    )


def row(enrolment, today):
    """One trainee's state; ``enrolment`` must come from with_progress()."""
    # The versions in force by ``today`` (the first counts from the trainee's start, whenever it was made).
    contracts = [c for c in enrolment.all_contracts if c.version == 1 or c.created_at.date() <= today]
    contract = max(contracts, key=lambda c: c.version, default=None)
    plan = off_the_job_plan(enrolment, contracts, enrolment.all_breaks, today)
    study_time = StudyTime(
        hours_per_week=contract.study_hours_per_week if contract else ZERO,
        planned_to_date=plan.planned_to_date,
        confirmed=enrolment.confirmed_hours or ZERO,
        pending=enrolment.pending_hours or ZERO,
        minimum=enrolment.cohort.programme.minimum_study_hours,
        plan=plan,
    )
    return TraineeRow(
        enrolment, contract_state(contract), study_time, review_due(enrolment, enrolment.last_review, today)
    )


def rows(enrolments, today=None):
    today = today or datetime.date.today()
    return [row(e, today) for e in with_progress(enrolments, today)]


def trainee_row(enrolment, today=None):
    return rows(Enrolment.objects.filter(pk=enrolment.pk), today)[0]


def study_time_summary(enrolment, today=None):
    return trainee_row(enrolment, today).study_time


def your_enrolments(user):
    """Where the trainee's own apprenticeship is: their active enrolments, or all of theirs if none is."""
    enrolments = list(
        Enrolment.objects.filter(trainee=user)
        .select_related("cohort__programme")
        .order_by("-cohort__start_date", "pk")
    )
    return [e for e in enrolments if e.is_active] or enrolments
