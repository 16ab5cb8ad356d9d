"""Targets and headcount returns: the checks every return passes (the form and the import share them), saving
returns and targets, adding returns up over the organisations a target covers, projecting the recent trend to
the target date, and the trainees who completed since an organisation's last return.

How a period's total is formed (said on every progress page, ``TOTAL_RULE``): the periods are the ends of the
periods any organisation in scope returned for; each organisation counts its return for that period or, when
it made none, its latest earlier return, carried forward (and marked so); an organisation counts nothing
before its first return. People in post, in training and vacancies are carried forward; starters and leavers
are counted only from returns for the period itself.

How the trend projects (``PROJECTION_RULE``): a straight line fitted by least squares through the totals in
post of the last four periods (fewer if there are fewer; with fewer than two there is nothing to project),
time measured in months, extended to the target date; a projection is never below zero.
"""

import calendar
import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organisation
from competencies.models import EndPointAssessment
from core.charts import Series
from core.forms import save_or_refuse
from trainees.models import Enrolment, StatusChange

from .models import RETURN_FIGURES, HeadcountReturn, Target, WorkforceRole

WINDOW = 4  # periods the projection is fitted through
EMPLOYERS = (Organisation.Kind.NHS_TRUST, Organisation.Kind.CARE_PROVIDER)
TOTAL_RULE = (
    "Each period's total adds up every organisation in scope: its return for the period or, where it made "
    "none, its latest earlier return, carried forward and marked. An organisation counts nothing before its "
    "first return. Starters and leavers are counted only from returns for the period itself."
)
PROJECTION_RULE = (
    f"A straight line fitted by least squares through the totals in post of the last {WINDOW} periods "
    "(time measured in months), extended to the target date; never below zero."
)
COMPLETION_RULE = (
    "Counted: the organisation's trainees on a programme that delivers this role's standard (any version) "
    "whose enrolment is Completed (a passed end-point assessment completes it), dated by the status change "
    "or else the assessment's result, after the end of the previous return's period. Trainees who withdrew "
    "or progressed to registered training are not counted."
)
# Dates and figures beyond these are typing slips (a year typed as 26 is the year 26, which would stretch a
# progress chart over two thousand years); a figure past the bound would not fit the database column.
EARLIEST = datetime.date(2000, 1, 1)
LATEST_TARGET = datetime.date(2100, 12, 31)
MOST = 999_999_999
FIGURE_LABELS = {
    "in_post": "People in post",
    "in_training": "People in training",
    "vacancies": "Vacancies",
    "starters": "Starters",
    "leavers": "Leavers",
}


def _today():
    return timezone.localdate()


def long_date(day):
    return f"{day:%-d %B %Y}"


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day):
    return day == month_end(day)


# --- The checks every return and target passes --------------------------------------------------------------


def return_errors(*, period_end, figures, today=None):
    """{field: message} for what cannot be in a return; empty when it may be saved."""
    today = today or _today()
    errors = {}
    if period_end is not None:
        if period_end > today:
            errors["period_end"] = (
                f"The period ends on {long_date(period_end)}, which is in the future: make the return once "
                "the period has ended"
            )
        elif period_end < EARLIEST:
            errors["period_end"] = (
                f"The period ends on {long_date(period_end)}, before {EARLIEST.year}: check the year"
            )
        elif not is_month_end(period_end):
            errors["period_end"] = (
                f"A period ends on the last day of a month: for {period_end:%B %Y}, enter "
                f"{long_date(month_end(period_end))}"
            )
    for name in RETURN_FIGURES:
        value = figures.get(name)
        if value is not None and value < 0:
            errors[name] = f"{FIGURE_LABELS[name]} cannot be negative"
        elif value is not None and value > MOST:
            errors[name] = f"{FIGURE_LABELS[name]} is more than {MOST:,}: check the figure"
    return errors


def target_errors(*, number, due_on=None):
    errors = {}
    if number is not None and number < 1:
        errors["number"] = "A target is at least 1 person in post"
    elif number is not None and number > MOST:
        errors["number"] = f"A target is at most {MOST:,} people in post: check the figure"
    if due_on is not None and not EARLIEST <= due_on <= LATEST_TARGET:
        errors["due_on"] = (
            f"The target's date is {long_date(due_on)}: check the year (a target is due between "
            f"{EARLIEST.year} and {LATEST_TARGET.year})"
        )
    return errors


def return_unchanged(headcount_return, *, workforce_role, period_end, figures):
    """Saving this would change nothing (a correction form saved as it opened, a file imported again)."""
    return (
        headcount_return.workforce_role_id == workforce_role.pk
        and headcount_return.period_end == period_end
        and headcount_return.figures() == {name: figures[name] for name in RETURN_FIGURES}
    )


def _refuse_if(errors):
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def roles_for(organisation):
    """The workforce roles an organisation may return: the national catalogue and its own."""
    return WorkforceRole.objects.filter(Q(organisation=None) | Q(organisation=organisation))


def already_returned(organisation, workforce_role, period_end, *, other_than=None):
    clash = HeadcountReturn.objects.filter(
        organisation=organisation, workforce_role=workforce_role, period_end=period_end
    )
    return clash.exclude(pk=other_than.pk).exists() if other_than is not None else clash.exists()


def duplicate_return(workforce_role, period_end):
    return (
        f"There is already a return for {workforce_role} for the period ending {long_date(period_end)}: "
        "correct that one instead"
    )


# --- Saving -------------------------------------------------------------------------------------------------


@transaction.atomic
def save_return(
    *, organisation, by, workforce_role, period_end, headcount_return=None, today=None, **figures
):
    """Records a return, or corrects ``headcount_return``; ValidationError (nothing saved) if it cannot be. A
    correction that changes nothing is not saved, and records no correction."""
    errors = return_errors(period_end=period_end, figures=figures, today=today)
    if not roles_for(organisation).filter(pk=workforce_role.pk).exists():
        errors["workforce_role"] = "Choose a workforce role of the national catalogue or of the organisation"
    if (
        period_end is not None
        and "period_end" not in errors
        and already_returned(organisation, workforce_role, period_end, other_than=headcount_return)
    ):
        errors["period_end"] = duplicate_return(workforce_role, period_end)
    _refuse_if(errors)
    if headcount_return is not None and return_unchanged(
        headcount_return, workforce_role=workforce_role, period_end=period_end, figures=figures
    ):
        return headcount_return
    if headcount_return is None:
        headcount_return = HeadcountReturn(organisation=organisation, submitted_by=by)
    else:
        headcount_return.corrected_by = by
        headcount_return.corrected_at = timezone.now()
    headcount_return.workforce_role = workforce_role
    headcount_return.period_end = period_end
    for name in RETURN_FIGURES:
        setattr(headcount_return, name, figures[name])
    # The same return recorded twice at the same moment (two tabs, two leads).
    save_or_refuse(headcount_return, {"period_end": [duplicate_return(workforce_role, period_end)]})
    return headcount_return


@transaction.atomic
def save_target(
    *, by, workforce_role, number, due_on, source="", target=None, region=None, organisation=None
):
    """Sets a target (national without region and organisation), or changes ``target`` (its scope stays)."""
    _refuse_if(target_errors(number=number, due_on=due_on))
    if target is None:
        if region is not None and organisation is not None:
            raise ValidationError("A target is for the country, a region or an organisation: not both.")
        target = Target(region=region, organisation=organisation, set_by=by)
    target.workforce_role = workforce_role
    target.number = number
    target.due_on = due_on
    target.source = source
    clash = Target.objects.filter(
        workforce_role=workforce_role,
        due_on=due_on,
        region_id=target.region_id,
        organisation_id=target.organisation_id,
    ).exclude(pk=target.pk)
    if clash.exists():
        raise ValidationError(
            {"due_on": f"There is already a target for {workforce_role} by {long_date(due_on)} here"}
        )
    # Two people setting the same target at once.
    save_or_refuse(target, {"due_on": "There is already a target for this workforce role by this date"})
    return target


@transaction.atomic
def delete_target(*, target):
    target.delete()


@transaction.atomic
def delete_return(*, headcount_return, by):
    """A return made in error (wrong role or period). The history keeps what it said and who removed it."""
    headcount_return._history_user = by
    headcount_return.delete()


# --- Adding up ----------------------------------------------------------------------------------------------


def organisations_in_scope(target):
    if target.organisation_id:
        return Organisation.objects.filter(pk=target.organisation_id)
    if target.region_id:
        return Organisation.objects.filter(region_id=target.region_id)
    return Organisation.objects.all()


@dataclass
class PeriodTotal:
    period_end: datetime.date
    in_post: int = 0
    in_training: int = 0
    vacancies: int = 0
    starters: int = 0
    leavers: int = 0
    returned: list = field(default_factory=list)  # organisation ids that returned for the period
    carried: list = field(default_factory=list)  # organisation ids whose earlier return is carried forward


def period_totals(workforce_role, organisations):
    """Every period's totals over ``organisations`` (a queryset) for one workforce role, oldest first
    (TOTAL_RULE)."""
    rows = (
        HeadcountReturn.objects.filter(workforce_role=workforce_role, organisation__in=organisations)
        .order_by("period_end", "organisation_id")
        .values("organisation_id", "period_end", *RETURN_FIGURES)
    )
    by_period = {}
    for row in rows:
        by_period.setdefault(row["period_end"], []).append(row)
    current, totals = {}, []
    for period_end, returned in by_period.items():
        for row in returned:
            current[row["organisation_id"]] = row
        total = PeriodTotal(period_end)
        for organisation_id, row in current.items():
            total.in_post += row["in_post"]
            total.in_training += row["in_training"]
            total.vacancies += row["vacancies"]
            if row["period_end"] == period_end:
                total.starters += row["starters"]
                total.leavers += row["leavers"]
                total.returned.append(organisation_id)
            else:
                total.carried.append(organisation_id)
        totals.append(total)
    return totals


@dataclass
class Missing:
    organisation: Organisation
    last_period: datetime.date | None  # its latest return for the role, if any


def not_returned(workforce_role, organisations, latest):
    """The organisations expected to return (the NHS trusts and care providers in scope, and any other that
    has returned the role) that have no return for the period ending ``latest``, by name. An organisation's
    own role is returned only by that organisation."""
    if latest is None:
        return []
    if workforce_role.organisation_id is not None:
        organisations = organisations.filter(pk=workforce_role.organisation_id)
    returned_before = HeadcountReturn.objects.filter(
        workforce_role=workforce_role, organisation__in=organisations
    ).values("organisation_id")
    expected = organisations.filter(Q(kind__in=EMPLOYERS) | Q(pk__in=returned_before)).annotate(
        last_period=Max(
            "headcount_returns__period_end", filter=Q(headcount_returns__workforce_role=workforce_role)
        )
    )
    return [
        Missing(organisation, organisation.last_period)
        for organisation in expected.order_by("name")
        if organisation.last_period is None or organisation.last_period < latest
    ]


# --- Projection ---------------------------------------------------------------------------------------------


def month_number(day):
    """Time in months: a month's last day is a whole number, other days a fraction of their month."""
    days = calendar.monthrange(day.year, day.month)[1]
    return Fraction(day.year * 12 + day.month - 1) + Fraction(day.day, days)


def day_of(months):
    """The day a month number falls on (the inverse of month_number, to the day)."""
    index = math.ceil(months) - 1
    year, month = divmod(index, 12)
    days = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, max(1, math.ceil((months - index) * days)))


def whole(value):
    """Rounded to the nearest whole number, a half up (Python's round() rounds a half to even)."""
    return math.floor(value + Fraction(1, 2))


@dataclass
class Projection:
    periods: int  # periods fitted through
    slope: Fraction | None = None  # people in post a month
    intercept: Fraction | None = None

    @property
    def enough(self):
        return self.slope is not None

    def at(self, day):
        return self.intercept + self.slope * month_number(day)

    def value_at(self, day):
        return max(0, whole(self.at(day)))

    @property
    def trend(self):
        if not self.enough:
            return None
        return "rising" if self.slope > 0 else "falling" if self.slope < 0 else "flat"

    def reaches(self, number):
        """The day the fitted line reaches ``number``, when it is rising."""
        if not self.enough or self.slope <= 0:
            return None
        return day_of((number - self.intercept) / self.slope)


def project(totals):
    """The least-squares line through the last WINDOW (date, in post) points; not enough with fewer than 2."""
    recent = totals[-WINDOW:]
    if len(recent) < 2:
        return Projection(periods=len(recent))
    xs = [month_number(day) for day, _ in recent]
    ys = [Fraction(count) for _, count in recent]
    n = len(recent)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return Projection(periods=n, slope=slope, intercept=mean_y - slope * mean_x)


def _per_month(slope):
    value = abs(float(slope))
    return f"{value:.1f}".removesuffix(".0")


def projection_words(projection, target, latest):
    """What the projection says, in a sentence or two, for the progress page."""
    if latest is not None and latest.period_end >= target.due_on:
        return "The returns reach the target date, so there is nothing to project."
    if latest is not None and latest.in_post >= target.number:
        return (
            f"The target is already met: {latest.in_post:,} in post at the end of the period ending "
            f"{long_date(latest.period_end)}."
        )
    if not projection.enough:
        have = "no returns" if projection.periods == 0 else "returns for only one period"
        return f"There are not enough returns to project: {have}, and a trend needs at least two periods."
    value = projection.value_at(target.due_on)
    fitted = f"the last {projection.periods} periods" if projection.periods > 1 else "the last period"
    how = f"Fitted through {fitted}: "
    by = long_date(target.due_on)
    if projection.trend == "flat":
        trend = f"the trend is flat, so about {value:,} would be in post by {by}"
    else:
        trend = (
            f"{projection.trend} by about {_per_month(projection.slope)} a month, so about {value:,} would "
            f"be in post by {by}"
        )
    if value >= target.number:
        reached = projection.reaches(target.number)
        end = f"; at that rate the target of {target.number:,} is reached"
        end += f" around {reached:%B %Y}." if reached and reached > latest.period_end else "."
    else:
        end = f": {target.number - value:,} short of the target of {target.number:,}."
    return how + trend + end


# --- Progress of a target -----------------------------------------------------------------------------------


@dataclass
class Progress:
    target: Target
    totals: list
    projection: Projection
    words: str
    not_returned: list
    organisations: dict  # id -> organisation, for the carried-forward notes

    @property
    def latest(self):
        return self.totals[-1] if self.totals else None

    @property
    def reaches_target_date(self):
        return self.latest is not None and self.latest.period_end >= self.target.due_on

    @property
    def at_target_date(self):
        """The last period on or before the target date."""
        before = [t for t in self.totals if t.period_end <= self.target.due_on]
        return before[-1] if before else None

    @property
    def met(self):
        reached = self.at_target_date
        return reached is not None and reached.in_post >= self.target.number

    @property
    def projected(self):
        if not self.projection.enough or self.reaches_target_date:
            return None
        return self.projection.value_at(self.target.due_on)

    @property
    def rows(self):
        """The table's rows, newest first: the total and who is carried forward."""
        return [(total, [self.organisations[pk] for pk in total.carried]) for total in reversed(self.totals)]


def progress(target):
    organisations = organisations_in_scope(target)
    totals = period_totals(target.workforce_role, organisations)
    projection = project([(t.period_end, t.in_post) for t in totals])
    latest = totals[-1] if totals else None
    ids = {pk for t in totals for pk in t.carried}
    return Progress(
        target=target,
        totals=totals,
        projection=projection,
        words=projection_words(projection, target, latest),
        not_returned=not_returned(target.workforce_role, organisations, latest and latest.period_end),
        organisations=Organisation.objects.in_bulk(ids),
    )


# --- Chart: server-drawn SVG (templates/workforce/_targets_chart.html) --------------------------------------

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 40, 20, 50
ACTUAL = ("People in post (returns)", "#005eb8", "", 4)
TREND = ("Projection (trend)", "#212b32", "8 6", 2)
TARGET_COLOUR = "#d5281b"


def _nice_ceiling(value):
    """A round number at or above ``value`` (and at least 4) for the top of the axis: 1, 2, 4, 6 or 8 times
    a power of ten."""
    if value <= 4:
        return 4
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 4, 6, 8, 10) if step * power >= value)


def progress_chart(prog):
    """Chart data for a target's progress; None when there are no returns."""
    if not prog.totals:
        return None
    target = prog.target
    first = prog.totals[0].period_end
    last_day = max(prog.totals[-1].period_end, target.due_on)
    start_x, end_x = month_number(first), month_number(last_day)
    span = end_x - start_x or Fraction(1)
    projected = prog.projected
    top = _nice_ceiling(max([target.number, *(t.in_post for t in prog.totals), projected or 0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day):
        return LEFT + float((month_number(day) - start_x) / span) * plot_w

    def y_of(count):
        return TOP + (top - count) * plot_h / top

    actual = Series(*ACTUAL)
    for total in prog.totals:
        label = f"{long_date(total.period_end)}: {total.in_post:,} in post"
        actual.points.append((x_of(total.period_end), y_of(total.in_post), label))
    series = [actual]
    if projected is not None:
        trend = Series(*TREND)
        fitted_from = prog.totals[-prog.projection.periods].period_end
        for day in (fitted_from, target.due_on):
            value = max(0, float(prog.projection.at(day)))
            trend.points.append(
                (x_of(day), y_of(value), f"Projection, {long_date(day)}: about {whole(value):,}")
            )
        series.append(trend)
    return {
        "title": f"{target.workforce_role} in post against the target of {target.number:,}",
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "label_x": LEFT - 8,
        "grid": [(f"{top * i / 4:,g}", y_of(top * i / 4)) for i in range(5)],
        "x_labels": [
            (x_of(day), HEIGHT - BOTTOM + 22, label) for day, label in _time_labels(first, last_day)
        ],
        "series": series,
        "target": {
            "x": x_of(target.due_on),
            "y": y_of(target.number),
            "label": f"Target: {target.number:,} by {long_date(target.due_on)}",
            "colour": TARGET_COLOUR,
        },
    }


def _time_labels(first, last):
    """At most seven labels along the time axis: each year's start over a long span, else every so many
    month ends from the first period's."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if months > 36:
        years = range(first.year + 1, last.year + 1)
        every = max(1, math.ceil(len(years) / 7))
        return [(datetime.date(year, 1, 1), str(year)) for year in years[::every]]
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 6)
    labels, day = [], first
    while day <= last:
        labels.append((day, f"{day:%b %Y}"))
        day = month_end(_plus_months(day, step))
    return labels


def _plus_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    return datetime.date(day.year + year, month + 1, 1)


# --- Trainees who completed since the last return -----------------------------------------------------------


@dataclass
class Completion:
    enrolment: Enrolment
    completed_on: datetime.date


@dataclass
class Suggestion:
    workforce_role: WorkforceRole
    since: datetime.date  # the end of the period of the return it changes
    until: datetime.date
    completions: list

    @property
    def count(self):
        return len(self.completions)

    def applied_to(self, headcount_return):
        """(in post, in training) of ``headcount_return`` changed as suggested; in training never below 0."""
        return headcount_return.in_post + self.count, max(0, headcount_return.in_training - self.count)


def completions(organisation, workforce_role, *, after, until):
    """The organisation's enrolments completed after ``after`` and on or before ``until``, on a programme
    delivering (a version of) the workforce role's standard. Completed means the enrolment's status is
    Completed; the day is that of the status change, or else of the end-point assessment passed."""
    if workforce_role.standard_id is None:
        return []
    changed = StatusChange.objects.filter(enrolment=OuterRef("pk"), status=Enrolment.Status.COMPLETED)
    passed = EndPointAssessment.objects.filter(
        enrolment=OuterRef("pk"),
        grade__in=[EndPointAssessment.Grade.PASS, EndPointAssessment.Grade.DISTINCTION],
    )
    found = (
        Enrolment.objects.filter(
            cohort__organisation=organisation,
            status=Enrolment.Status.COMPLETED,
            cohort__programme__standard__reference=workforce_role.standard.reference,
        )
        .annotate(
            completed_on=Coalesce(
                Subquery(changed.order_by("-changed_on", "-pk").values("changed_on")[:1]),
                Subquery(passed.order_by("-result_on").values("result_on")[:1]),
            )
        )
        .filter(completed_on__gt=after, completed_on__lte=until)
        .select_related("trainee")
        .order_by("completed_on", "trainee__last_name", "trainee__first_name")
    )
    return [Completion(enrolment, enrolment.completed_on) for enrolment in found]


def previous_return(organisation, workforce_role, before=None):
    found = HeadcountReturn.objects.filter(organisation=organisation, workforce_role=workforce_role)
    if before is not None:
        found = found.filter(period_end__lt=before)
    return found.order_by("-period_end").first()


def suggestion(organisation, workforce_role, *, period_end=None, today=None):
    """The change the trainees who completed since the previous return suggest: for the return of the period
    ending ``period_end``, or for the next return (up to today). None without a previous return (the first
    return counts everyone as they are) or when no one completed."""
    previous = previous_return(organisation, workforce_role, before=period_end)
    if previous is None:
        return None
    until = period_end or today or _today()
    found = completions(organisation, workforce_role, after=previous.period_end, until=until)
    if not found:
        return None
    return Suggestion(workforce_role, previous.period_end, until, found)


# --- Returns due (the to-do list) ---------------------------------------------------------------------------

DUE_WITHIN_DAYS = 366  # a period that ended longer ago than this is history, not a return to make


@dataclass(frozen=True)
class Due:
    organisation: Organisation
    workforce_role: WorkforceRole
    period_end: datetime.date


def returns_due(organisation_ids, today=None):
    """For each organisation, the workforce roles it has returned whose latest period in its region (the
    period the regional page lists organisations missing from) it has not returned; periods that ended in
    the last year only."""
    today = today or _today()
    since = today - datetime.timedelta(days=DUE_WITHIN_DAYS)
    own = (
        HeadcountReturn.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id", "workforce_role_id", "organisation__region_id")
        .annotate(last=Max("period_end"))
    )
    due = []
    for row in own:
        regional = HeadcountReturn.objects.filter(
            workforce_role_id=row["workforce_role_id"],
            organisation__region_id=row["organisation__region_id"],
            period_end__gt=row["last"],
            period_end__gte=since,
        ).aggregate(latest=Max("period_end"))["latest"]
        if regional is not None:
            due.append((row["organisation_id"], row["workforce_role_id"], regional))
    organisations = Organisation.objects.in_bulk({o for o, _, _ in due})
    roles = WorkforceRole.objects.in_bulk({r for _, r, _ in due})
    return [
        Due(organisations[o], roles[r], period_end) for o, r, period_end in sorted(due, key=lambda d: d[2])
    ]
