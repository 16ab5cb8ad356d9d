"""The off-the-job training rules, chosen by the trainee's start date (docs/adr/0009-off-the-job-rules.md).

Pure functions of an enrolment's facts (start, planned end, contracted hours, breaks in learning, prior
learning, gateway, the programme's minimum and the learning contract's versions): no queries here, so the
cohort page, dashboards and reports work them out for every trainee from what ``selectors.with_progress``
read once.

- Starts before 1 August 2022: at least 20% of contracted hours, over the weeks on programme less statutory
  leave.
- Starts 1 August 2022 to 31 July 2025: 6 hours a week for 30 or more contracted hours, pro rata below 30,
  over the weeks on programme less statutory leave.
- Starts on or after 1 August 2025: the programme's published minimum, less prior learning recorded in the
  signed training plan, never below 187 hours.

Where the rules are silent we chose: statutory leave is 5.6 weeks in every 52.14 (as the funding rules'
calculator does), taken off the weeks on programme for the two earlier rules (the 2025 minimum is a fixed
total); the required total is spread evenly over the days on programme, breaks excluded; the plan to date
is, for each learning contract version from the day it took effect, the larger of the contract's protected
hours a week and that even pace.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
TENTH = Decimal("0.1")
DAY = datetime.timedelta(days=1)

RULE_2022_FROM = datetime.date(2022, 8, 1)
RULE_2025_FROM = datetime.date(2025, 8, 1)
WEEKS_PER_YEAR = Decimal("52.14")
LEAVE_WEEKS_PER_YEAR = Decimal("5.6")
FULL_TIME_HOURS = Decimal("30")  # the 2022 rule's 6 hours a week is for 30 or more contracted hours
FLOOR_HOURS = Decimal("187")
MINIMUM_MONTHS = 8
CATCH_UP = Decimal("1.5")  # at risk: catching up would need more than this times the rule's pace


def tenth(value):
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def _hours(value):
    value = tenth(value)
    return f"{value.normalize():f} hour{'' if value == 1 else 's'}"


def _date(day):
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    starts: datetime.date | None  # first start date it applies to
    ends: datetime.date | None  # last start date it applies to
    description: str

    def applies_to(self, start):
        return (self.starts is None or start >= self.starts) and (self.ends is None or start <= self.ends)

    @property
    def why(self):
        if self.starts is None:
            return f"Started before {_date(self.ends + DAY)}"
        if self.ends is None:
            return f"Started on or after {_date(self.starts)}"
        return f"Started between {_date(self.starts)} and {_date(self.ends)}"


PRE_2022 = Rule(
    "pre_2022",
    "20% of contracted hours",
    None,
    RULE_2022_FROM - DAY,
    "Apprentices who started before 1 August 2022 spend at least 20% of their contracted hours in "
    "off-the-job training over the apprenticeship, not counting statutory leave.",
)
FROM_2022 = Rule(
    "from_2022",
    "6 hours a week",
    RULE_2022_FROM,
    RULE_2025_FROM - DAY,
    "Apprentices who started from 1 August 2022 to 31 July 2025 spend an average of 6 hours a week in "
    "off-the-job training if they work 30 hours a week or more, and pro rata if they work fewer, over the "
    "apprenticeship, not counting statutory leave.",
)
FROM_2025 = Rule(
    "from_2025",
    "The programme's minimum hours",
    RULE_2025_FROM,
    None,
    "Apprentices who started on or after 1 August 2025 spend at least the minimum off-the-job hours "
    "published for their standard, reduced only for prior learning recorded with its evidence in the signed "
    f"training plan, and never below {FLOOR_HOURS} hours; the practical period lasts at least "
    f"{MINIMUM_MONTHS} months.",
)
RULES = (PRE_2022, FROM_2022, FROM_2025)

# Logged time that never counts, whatever the rule: refused by services.log_study_time.
NOT_COUNTED = {
    "progress_review": "Progress reviews do not count as off-the-job training, so they are not logged here.",
    "english_maths": "English and maths do not count as off-the-job training, so they are not logged here.",
}
PAID_HOURS = (
    "Off-the-job training must take place in the trainee's paid working hours. Time outside them is not "
    "logged: ask your manager for the time back (time off in lieu) and log it when you take it."
)


def rule_for(start):
    return next(rule for rule in RULES if rule.applies_to(start))


def working_weeks(days):
    """Weeks on programme less statutory leave (5.6 weeks in every 52.14)."""
    weeks = Decimal(days) / 7
    return weeks - weeks * LEAVE_WEEKS_PER_YEAR / WEEKS_PER_YEAR


@dataclass(frozen=True)
class Requirement:
    """The off-the-job hours a trainee needs over the whole programme, and how we got there."""

    rule: Rule
    total: Decimal
    working: tuple
    floor_applies: bool = False
    problems: tuple = ()


def months_between(start, end):
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def requirement(*, start, planned_end, contracted, programme_minimum, prior_learning=ZERO):
    """The required total for a trainee who started on ``start`` with a practical period planned to end on
    ``planned_end`` (before breaks), working ``contracted`` hours a week."""
    rule = rule_for(start)
    days = max((planned_end - start).days, 0)
    contracted = Decimal(contracted)
    prior_learning = Decimal(prior_learning or 0)
    on_programme = (
        f"{_date(start)} to {_date(planned_end)}: {tenth(Decimal(days) / 7)} weeks on programme, "
        f"{tenth(working_weeks(days))} after statutory leave (5.6 weeks a year)"
    )
    problems = []
    if rule is FROM_2025:
        minimum = Decimal(programme_minimum or 0)
        working = []
        if minimum:
            working.append(f"The programme's minimum: {_hours(minimum)}.")
        else:
            problems.append(
                "The programme's minimum off-the-job hours is not set: a workforce lead sets it on the "
                f"programme. Until then the floor of {FLOOR_HOURS} hours is used."
            )
        total = minimum - prior_learning
        if prior_learning and minimum:
            working.append(
                f"Less {_hours(prior_learning)} for prior learning in the signed training plan: "
                f"{_hours(max(total, ZERO))}."
            )
        elif prior_learning:
            # Nothing to take it from (not "0 hours"): the floor is the required total.
            working.append(
                f"{_hours(prior_learning)} for prior learning in the signed training plan cannot take the "
                f"required total below the floor of {FLOOR_HOURS} hours."
            )
        floor = total < FLOOR_HOURS
        if floor:
            total = FLOOR_HOURS
            if minimum:
                working.append(f"That is below the floor, so the required total is {FLOOR_HOURS} hours.")
        if months_between(start, planned_end) < MINIMUM_MONTHS:
            problems.append(
                f"The planned practical period is shorter than {MINIMUM_MONTHS} months, the least allowed."
            )
        return Requirement(rule, tenth(total), tuple(working), floor, tuple(problems))
    if rule is PRE_2022:
        weekly = contracted / 5
        first = f"20% of {_hours(contracted)} contracted a week: {_hours(weekly)} a week."
    else:
        weekly = Decimal(6) * min(contracted, FULL_TIME_HOURS) / FULL_TIME_HOURS
        if contracted >= FULL_TIME_HOURS:
            first = f"6 hours a week, as {_hours(contracted)} a week is 30 or more."
        else:
            share = f"{tenth(contracted).normalize():f}"
            first = f"Part time, pro rata: 6 × {share} ÷ 30 = {_hours(weekly)} a week."
    total = tenth(weekly * working_weeks(days))
    working = (first, f"{on_programme}.", f"Required: {_hours(total)}.")
    if prior_learning:
        problems.append(
            "Under this rule prior learning shortens the planned duration: set the planned end to match."
        )
    return Requirement(rule, total, working, False, tuple(problems))


# --- Time on programme: breaks pause it and move the end on -----------------------------------------------


def break_spans(breaks, today):
    """(from, until) for each break: an open break lasts so far up to and including ``today``."""
    spans = []
    for starts_on, ends_on in breaks:
        if ends_on is None:
            ends_on = max(starts_on, today + DAY) if starts_on <= today else starts_on
        spans.append((starts_on, ends_on))
    return spans


def days_in(start, until, spans):
    """Days from ``start`` up to (not including) ``until`` that are not in a break."""
    if until <= start:
        return 0
    paused = sum(max(0, (min(until, e) - max(start, s)).days) for s, e in spans)
    return (until - start).days - paused


def extended_end(planned_end, spans):
    """The planned end moved on by the length of every break that starts before it (breaks move it on in
    turn, so a break that starts in the extended time moves it on too)."""
    end = planned_end
    for s, e in sorted(spans):
        if s < end:
            end += e - s
    return end


# --- Status against time ----------------------------------------------------------------------------------


class Status:
    ON_TRACK = "On track"
    BEHIND = "Behind"
    AT_RISK = "At risk"


def decide_status(*, planned_to_date, confirmed, week_hours, required, rule_pace, weeks_left):
    """On track, Behind or At risk.

    - At risk: the hours still needed for the required total could not be taken by the planned end even at
      one and a half times the rule's weekly pace (``rule_pace``) for every week left; so a trainee still
      short at the end, or at gateway, is at risk.
    - Behind: confirmed hours more than one week of the plan (``week_hours``) below the plan to date.
    - On track: otherwise (at most one week's plan behind, exactly a week is on track).
    """
    needed = required - confirmed
    if needed > 0 and needed > CATCH_UP * rule_pace * Decimal(weeks_left):
        return Status.AT_RISK
    if planned_to_date - confirmed > week_hours:
        return Status.BEHIND
    return Status.ON_TRACK


@dataclass(frozen=True)
class Plan:
    """A trainee's off-the-job plan as of ``today``."""

    requirement: Requirement
    starts_on: datetime.date
    planned_end: datetime.date  # before breaks
    ends_on: datetime.date  # after breaks
    rule_pace: Decimal  # hours a calendar week that meets the required total evenly
    week_hours: Decimal  # the plan's hours a week now: the larger of contract and rule pace
    planned_to_date: Decimal
    weeks_left: Decimal
    stopped_at_gateway: bool = False
    periods: tuple = field(default=())  # (hours a week planned, from, until) per contract version


def plan(
    *, start, planned_end, contracted, programme_minimum, prior_learning, contracts, breaks, gateway_on, today
):
    """``contracts``: (hours a week, took effect on) for each version in force by ``today``, oldest first;
    a version counts from the day it took effect (the first from the start) until the next took over, so a
    change part-way never rewrites the plan before it. ``breaks``: (from, until or None)."""
    req = requirement(
        start=start,
        planned_end=planned_end,
        contracted=contracted,
        programme_minimum=programme_minimum,
        prior_learning=prior_learning,
    )
    spans = break_spans(breaks, today)
    ends_on = extended_end(planned_end, spans)
    days = max((planned_end - start).days, 1)
    rule_pace = req.total * 7 / days
    stop = min(today, ends_on)
    at_gateway = gateway_on is not None and gateway_on <= stop
    if at_gateway:
        stop = gateway_on
    starts = [start] + [max(start, took_effect) for _hours_a_week, took_effect in contracts[1:]]
    ends = [*starts[1:], ends_on]
    periods = []
    for (hours_a_week, _took_effect), s, e in zip(contracts, starts, ends, strict=True):
        periods.append((max(Decimal(hours_a_week), rule_pace), s, e))
    if not periods:
        periods = [(rule_pace, start, ends_on)]
    planned = sum(
        (tenth(pace * days_in(s, min(e, stop), spans) / 7) for pace, s, e in periods),
        ZERO,
    )
    left = ZERO if at_gateway else Decimal(days_in(max(today, start), ends_on, spans)) / 7
    return Plan(
        requirement=req,
        starts_on=start,
        planned_end=planned_end,
        ends_on=ends_on,
        rule_pace=tenth(rule_pace),
        week_hours=periods[-1][0],
        planned_to_date=planned,
        weeks_left=tenth(left),
        stopped_at_gateway=at_gateway,
        periods=tuple(periods),
    )
