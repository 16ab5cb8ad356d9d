"""Service impact (audits of physical healthcare assessments, service-user satisfaction) and each trainee's
outcome: the checks every entry passes (forms and imports share them), saving, importing from a CSV or Excel
file all or nothing, and the trends and totals the pages, the overview and the region show.

Seed 000 ("Evaluation on the impact of the introduction of the role"): audits and surveys before the
programme and at its stages, wards with trainees beside wards without where the data allows; outcomes: seven
trainees, all completed, two progressed to an abbreviated degree in nursing.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Organisation
from competencies.models import EndPointAssessment
from core import tabular
from core.charts import Series
from core.templatetags.portal import at_least_small_group
from trainees.models import Enrolment

from .models import Audit, Outcome, ProgrammeStage, SatisfactionResult

STAGE_ORDER = [value for value, _label in ProgrammeStage.choices]
STAGE_LABELS = dict(ProgrammeStage.choices)


def _today():
    return timezone.localdate()


def _long(date):
    return f"{date:%-d %B %Y}"


def add_months(date, months):
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(date)


# --- The checks every audit, satisfaction result and outcome passes -------------------------------------


def audit_errors(cohort, *, stage, audited_on, number_audited, number_meeting_standard, today=None):
    """{field: message} for what is impossible in an audit of this cohort; empty when it may be saved."""
    today = today or _today()
    errors = {}
    if number_audited is not None:
        if number_audited < 0:
            errors["number_audited"] = "The number audited cannot be negative"
        elif number_audited == 0:
            errors["number_audited"] = "The number audited must be at least 1"
    if number_meeting_standard is not None and number_meeting_standard < 0:
        errors["number_meeting_standard"] = "The number meeting the standard cannot be negative"
    elif (
        number_meeting_standard is not None
        and number_audited is not None
        and number_audited > 0
        and number_meeting_standard > number_audited
    ):
        errors["number_meeting_standard"] = (
            "The number meeting the standard cannot be more than the number audited"
        )
    if audited_on is not None:
        if audited_on > today:
            errors["audited_on"] = "The date of the audit cannot be in the future"
        elif stage == ProgrammeStage.BEFORE and audited_on >= cohort.start_date:
            errors["audited_on"] = (
                f"An audit before the programme must be dated before the cohort started on "
                f"{_long(cohort.start_date)}"
            )
        elif stage and stage != ProgrammeStage.BEFORE and audited_on < cohort.start_date:
            errors["audited_on"] = (
                f"The date of the audit cannot be before the cohort started on {_long(cohort.start_date)}"
            )
    return errors


def format_number(value):
    """4.20 as 4.2, 5.00 as 5: a score or scale as it was meant."""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def satisfaction_errors(*, period_start, period_end, responses, score, scale_min, scale_max):
    """{field: message} for what is impossible in a satisfaction result; empty when it may be saved."""
    errors = {}
    if responses is not None and responses < 0:
        errors["responses"] = "The number of responses cannot be negative"
    if period_start is not None and period_end is not None and period_end < period_start:
        errors["period_end"] = "The end of the period cannot be before its start"
    if scale_min is not None and scale_max is not None:
        if scale_max <= scale_min:
            errors["scale_max"] = "The highest score on the scale must be more than the lowest"
        elif score is not None and not scale_min <= score <= scale_max:
            low, high = format_number(scale_min), format_number(scale_max)
            errors["score"] = f"The score must be on its scale, from {low} to {high}"
    return errors


def outcome_errors(cohort, *, result, withdrawal_reason, qualified_on, in_post_after_12_months, today=None):
    """{field: message} for an outcome that cannot be; empty when it may be saved."""
    today = today or _today()
    errors = {}
    withdrawn = result == Outcome.Result.WITHDRAWN
    if withdrawn and not (withdrawal_reason or "").strip():
        errors["withdrawal_reason"] = "Give the reason the trainee withdrew"
    if qualified_on is not None:
        if withdrawn:
            errors["qualified_on"] = "A trainee who withdrew has no qualified date: leave it empty"
        elif qualified_on > today:
            errors["qualified_on"] = "The qualified date cannot be in the future"
        elif qualified_on < cohort.start_date:
            errors["qualified_on"] = (
                f"The qualified date cannot be before the cohort started on {_long(cohort.start_date)}"
            )
    if in_post_after_12_months is not None and "qualified_on" not in errors:
        if qualified_on is None or withdrawn:
            errors["in_post_after_12_months"] = (
                "Whether they are still in post can only be answered 12 months after qualifying: "
                "choose not yet known"
            )
        elif add_months(qualified_on, 12) > today:
            errors["in_post_after_12_months"] = (
                f"Whether they are still in post can only be answered from "
                f"{_long(add_months(qualified_on, 12))}, 12 months after qualifying: choose not yet known"
            )
    return errors


def _refuse_if(errors):
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


# --- Saving ---------------------------------------------------------------------------------------------

AUDIT_FIELDS = (
    "service",
    "has_trainees",
    "stage",
    "audited_on",
    "number_audited",
    "number_meeting_standard",
    "standard_used",
)
SATISFACTION_FIELDS = (
    "service",
    "has_trainees",
    "stage",
    "period_start",
    "period_end",
    "question",
    "responses",
    "score",
    "scale_min",
    "scale_max",
)
OUTCOME_FIELDS = (
    "result",
    "withdrawal_reason",
    "qualified_on",
    "band_before",
    "band_after",
    "destination",
    "in_post_after_12_months",
)


def save_audit(*, cohort, by, audit=None, **values):
    _refuse_if(
        audit_errors(
            cohort,
            **{k: values[k] for k in ("stage", "audited_on", "number_audited", "number_meeting_standard")},
        )
    )
    audit = audit or Audit(cohort=cohort, organisation_id=cohort.organisation_id, entered_by=by)
    for name in AUDIT_FIELDS:
        setattr(audit, name, values[name])
    audit.save()
    return audit


def save_satisfaction(*, cohort, by, result=None, **values):
    _refuse_if(
        satisfaction_errors(
            **{
                k: values[k]
                for k in ("period_start", "period_end", "responses", "score", "scale_min", "scale_max")
            }
        )
    )
    result = result or SatisfactionResult(
        cohort=cohort, organisation_id=cohort.organisation_id, entered_by=by
    )
    for name in SATISFACTION_FIELDS:
        setattr(result, name, values[name])
    result.save()
    return result


def save_outcome(*, enrolment, by, **values):
    _refuse_if(
        outcome_errors(
            enrolment.cohort,
            **{
                k: values[k]
                for k in ("result", "withdrawal_reason", "qualified_on", "in_post_after_12_months")
            },
        )
    )
    if values["result"] != Outcome.Result.WITHDRAWN:
        values["withdrawal_reason"] = ""  # only a withdrawal has a reason
    outcome = Outcome.objects.filter(enrolment=enrolment).first() or Outcome(enrolment=enrolment)
    for name in OUTCOME_FIELDS:
        setattr(outcome, name, values[name])
    outcome.recorded_by = by
    outcome.save()
    return outcome


# --- Importing audits and satisfaction results from a CSV or Excel file ------------------------------------

MAX_FILE_BYTES = 2 * tabular.MB
MAX_ROWS = 1000
FORMATS = ("csv", "xlsx")

AUDIT_COLUMNS = tabular.Columns(
    AUDIT_FIELDS,
    required=AUDIT_FIELDS,
    aliases={
        "ward": "service",
        "ward_or_service": "service",
        "date": "audited_on",
        "standard": "standard_used",
    },
)
SATISFACTION_COLUMNS = tabular.Columns(
    SATISFACTION_FIELDS,
    required=SATISFACTION_FIELDS,
    aliases={"ward": "service", "ward_or_service": "service", "number_of_responses": "responses"},
)
AUDIT_EXAMPLE = [
    "Willow Ward",
    "yes",
    "before",
    "2026-08-14",
    "20",
    "13",
    "NEWS2 recorded and escalated",
]
SATISFACTION_EXAMPLE = [
    "Willow Ward",
    "yes",
    "midway",
    "2027-01-01",
    "2027-03-31",
    "Staff had time to talk with me",
    "42",
    "4.1",
    "1",
    "5",
]
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def audit_template_rows():
    return [list(AUDIT_FIELDS), AUDIT_EXAMPLE]


def satisfaction_template_rows():
    return [list(SATISFACTION_FIELDS), SATISFACTION_EXAMPLE]


class _Cell:
    """Reads one row's cells, noting each problem against its row and column."""

    def __init__(self, row, problems):
        self.number = row.number
        self.values = row.values
        self.problems = problems
        self.bad = set()

    def problem(self, column, message):
        self.bad.add(column)
        self.problems.add(self.number, column, message)

    def text(self, column, *, max_length):
        value = " ".join(tabular.text(self.values.get(column)).split())
        if not value:
            self.problem(column, "Missing: give a value")
        elif len(value) > max_length:
            self.problem(column, f"Longer than {max_length} characters")
        return value

    def yes_no(self, column):
        value = tabular.text(self.values.get(column)).strip().lower()
        if value in _YES:
            return True
        if value in _NO:
            return False
        self.problem(column, f"“{value}” is not yes or no" if value else "Missing: give yes or no")
        return None

    def stage(self, column):
        value = " ".join(tabular.text(self.values.get(column)).replace("_", " ").split()).lower()
        for choice, label in ProgrammeStage.choices:
            if value in (choice, label.lower()):
                return choice
        stages = ", ".join(f"{c} ({label})" for c, label in ProgrammeStage.choices)
        self.problem(column, f"Unknown stage “{value}”: use one of {stages}")
        return None

    def date(self, column):
        value = self.values.get(column)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        written = tabular.text(value).strip()
        for pattern in _DATE_FORMATS:
            try:
                return datetime.datetime.strptime(written, pattern).date()
            except ValueError:
                continue
        self.problem(
            column,
            f"“{written}” is not a date: write it as 2026-09-30" if written else "Missing: give a date",
        )
        return None

    def whole_number(self, column):
        written = tabular.text(self.values.get(column)).strip()
        if re.fullmatch(r"-?\d{1,9}", written):
            return int(written)
        self.problem(
            column,
            f"“{written}” is not a whole number" if written else "Missing: give a whole number",
        )
        return None

    def decimal(self, column):
        written = tabular.text(self.values.get(column)).strip()
        try:
            value = Decimal(written)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) >= 10000 or value != round(value, 2):
            self.problem(
                column,
                f"“{written}” is not a number with at most 2 decimal places"
                if written
                else "Missing: give a number",
            )
            return None
        return value

    def rule_problems(self, errors):
        for column, message in errors.items():
            if column not in self.bad:
                self.problem(column, message)


def _read(name, content, columns, noun):
    return tabular.read_table(
        name=name,
        content=content,
        formats=FORMATS,
        columns=columns,
        noun=noun,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        empty_hint="download the template to see them",
    )


def import_audits(*, cohort, by, name, content, today=None):
    """Saves every audit in the file, or none: ImportRefused names each bad row and column."""
    table = _read(name, content, AUDIT_COLUMNS, "audits")
    rows = []
    for row in table.rows:
        cell = _Cell(row, table.problems)
        values = {
            "service": cell.text("service", max_length=120),
            "has_trainees": cell.yes_no("has_trainees"),
            "stage": cell.stage("stage"),
            "audited_on": cell.date("audited_on"),
            "number_audited": cell.whole_number("number_audited"),
            "number_meeting_standard": cell.whole_number("number_meeting_standard"),
            "standard_used": cell.text("standard_used", max_length=200),
        }
        cell.rule_problems(
            audit_errors(
                cohort,
                today=today,
                **{
                    k: values[k] for k in ("stage", "audited_on", "number_audited", "number_meeting_standard")
                },
            )
        )
        rows.append(values)
    with tabular.all_or_nothing(table.problems, columns=AUDIT_FIELDS) as problems:
        problems.refuse_if_any()
        for values in rows:
            Audit.objects.create(
                cohort=cohort, organisation_id=cohort.organisation_id, entered_by=by, **values
            )
    return len(rows)


def import_satisfaction(*, cohort, by, name, content):
    """Saves every satisfaction result in the file, or none: ImportRefused names each bad row and column."""
    table = _read(name, content, SATISFACTION_COLUMNS, "satisfaction results")
    rows = []
    for row in table.rows:
        cell = _Cell(row, table.problems)
        values = {
            "service": cell.text("service", max_length=120),
            "has_trainees": cell.yes_no("has_trainees"),
            "stage": cell.stage("stage"),
            "period_start": cell.date("period_start"),
            "period_end": cell.date("period_end"),
            "question": cell.text("question", max_length=300),
            "responses": cell.whole_number("responses"),
            "score": cell.decimal("score"),
            "scale_min": cell.decimal("scale_min"),
            "scale_max": cell.decimal("scale_max"),
        }
        cell.rule_problems(
            satisfaction_errors(
                **{
                    k: values[k]
                    for k in ("period_start", "period_end", "responses", "score", "scale_min", "scale_max")
                }
            )
        )
        rows.append(values)
    with tabular.all_or_nothing(table.problems, columns=SATISFACTION_FIELDS) as problems:
        problems.refuse_if_any()
        for values in rows:
            SatisfactionResult.objects.create(
                cohort=cohort, organisation_id=cohort.organisation_id, entered_by=by, **values
            )
    return len(rows)


# --- Trends ---------------------------------------------------------------------------------------------


@dataclass
class AuditFigure:
    meeting: int
    audited: int
    audits: int

    @property
    def percentage(self):
        return round(100 * self.meeting / self.audited, 1) if self.audited else None


@dataclass
class AuditStage:
    stage: str
    label: str
    overall: AuditFigure
    with_trainees: AuditFigure | None
    without_trainees: AuditFigure | None

    @property
    def side_by_side(self):
        """Both kinds of ward were audited at this stage, so they can be compared."""
        return self.with_trainees is not None and self.without_trainees is not None


def _audit_figure(audits):
    if not audits:
        return None
    return AuditFigure(
        meeting=sum(a.number_meeting_standard for a in audits),
        audited=sum(a.number_audited for a in audits),
        audits=len(audits),
    )


def audit_trend(cohort):
    """The percentage meeting the standard at each programme stage (in the programme's order), over every
    audit at that stage (sum meeting / sum audited), and for wards with and without trainees."""
    audits = list(cohort.audits.all())
    trend = []
    for stage in STAGE_ORDER:
        at_stage = [a for a in audits if a.stage == stage]
        if at_stage:
            trend.append(
                AuditStage(
                    stage=stage,
                    label=STAGE_LABELS[stage],
                    overall=_audit_figure(at_stage),
                    with_trainees=_audit_figure([a for a in at_stage if a.has_trainees]),
                    without_trainees=_audit_figure([a for a in at_stage if not a.has_trainees]),
                )
            )
    return trend


def normalised(score, scale_min, scale_max):
    """A score as a percentage of its scale: the lowest score 0, the highest 100."""
    return float((Decimal(score) - scale_min) * 100 / (scale_max - scale_min))


@dataclass
class SatisfactionFigure:
    percentage: float | None  # the mean score, weighted by responses, as a percentage of its scale
    responses: int
    results: int


@dataclass
class SatisfactionStage:
    stage: str
    label: str
    overall: SatisfactionFigure
    with_trainees: SatisfactionFigure | None
    without_trainees: SatisfactionFigure | None

    @property
    def side_by_side(self):
        return self.with_trainees is not None and self.without_trainees is not None


@dataclass
class SatisfactionQuestion:
    question: str
    stages: list = field(default_factory=list)


def _satisfaction_figure(results):
    if not results:
        return None
    responses = sum(r.responses for r in results)
    if responses:
        mean = sum(normalised(r.score, r.scale_min, r.scale_max) * r.responses for r in results) / responses
    else:
        mean = None  # no one answered
    return SatisfactionFigure(
        percentage=round(mean, 1) if mean is not None else None, responses=responses, results=len(results)
    )


def satisfaction_trend(cohort):
    """For each question (in the order first asked), its mean score at each stage as a percentage of its
    scale (so a 1-5 and a 0-10 survey compare), weighted by the number of responses; overall and for wards
    with and without trainees."""
    results = list(cohort.satisfaction_results.all())
    questions = list(dict.fromkeys(r.question for r in results))
    trend = []
    for question in questions:
        asked = [r for r in results if r.question == question]
        entry = SatisfactionQuestion(question)
        for stage in STAGE_ORDER:
            at_stage = [r for r in asked if r.stage == stage]
            if at_stage:
                entry.stages.append(
                    SatisfactionStage(
                        stage=stage,
                        label=STAGE_LABELS[stage],
                        overall=_satisfaction_figure(at_stage),
                        with_trainees=_satisfaction_figure([r for r in at_stage if r.has_trainees]),
                        without_trainees=_satisfaction_figure([r for r in at_stage if not r.has_trainees]),
                    )
                )
        trend.append(entry)
    return trend


# --- Charts: a percentage at each stage, drawn by the server as SVG (templates/evaluation/_trend_chart*.html)

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 100, 80, 20, 50
LINES = [
    ("All wards", "#212b32", "", 4),
    ("Wards with trainees", "#0072b2", "8 4", 2),
    ("Wards without trainees", "#d55e00", "2 4", 2),
]


def trend_chart(stages, *, title, unit="meeting the standard"):
    """Chart data for AuditStage or SatisfactionStage rows; None when there is nothing to draw."""
    if not stages:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(stages) - 1) if len(stages) > 1 else 0

    def x_of(index):
        return LEFT + (index * step if len(stages) > 1 else plot_w / 2)

    def y_of(percentage):
        return TOP + (100 - percentage) * plot_h / 100

    series = [Series(*line) for line in LINES]
    rows = []
    for index, stage in enumerate(stages):
        figures = [stage.overall, stage.with_trainees, stage.without_trainees]
        for line, figure in zip(series, figures, strict=True):
            if figure is not None and figure.percentage is not None:
                label = f"{line.name}, {stage.label}: {figure.percentage:g}% {unit}"
                line.points.append((x_of(index), y_of(figure.percentage), label))
        rows.append(
            (
                stage.label,
                [
                    f"{f.percentage:g}%" if f is not None and f.percentage is not None else "—"
                    for f in figures
                ],
            )
        )
    return {
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "label_x": LEFT - 8,
        "grid": [(f"{p}%", y_of(p)) for p in (0, 25, 50, 75, 100)],
        "x_labels": [(x_of(i), HEIGHT - BOTTOM + 22, s.label) for i, s in enumerate(stages)],
        "series": [s for s in series if s.points],
        "table_headers": [s.name for s in series],
        "table_rows": rows,
    }


# --- Outcomes -------------------------------------------------------------------------------------------

NURSE_TRAINING = (
    Outcome.Destination.NURSING_DEGREE,
    Outcome.Destination.NURSING_ASSOCIATE,
    Outcome.Destination.OTHER_REGISTERED,
)
TOTAL_LABELS = [
    ("trainees", "Trainees"),
    ("recorded", "Outcomes recorded"),
    ("completed", "Completed"),
    ("withdrawn", "Withdrawn"),
    ("progressed", "Progressed to nurse training"),
    (Outcome.Destination.NURSING_DEGREE.value, "of whom: abbreviated nursing degree"),
    (Outcome.Destination.NURSING_ASSOCIATE.value, "of whom: nursing associate"),
    (Outcome.Destination.OTHER_REGISTERED.value, "of whom: other registered training"),
    ("stayed_ap", "Stayed as an assistant practitioner"),
    ("left", "Left the organisation"),
    ("in_post_12_months", "Still in post 12 months on"),
]


def outcome_totals(enrolments):
    """Counts over ``enrolments`` (a queryset): trainees, outcomes recorded, completed, withdrawn, progressed
    to nurse training (and each kind), stayed as AP, left, and still in post 12 months on."""
    outcomes = list(Outcome.objects.filter(enrolment__in=enrolments))
    totals = {
        "trainees": enrolments.count(),
        "recorded": len(outcomes),
        "completed": sum(o.result == Outcome.Result.COMPLETED for o in outcomes),
        "withdrawn": sum(o.result == Outcome.Result.WITHDRAWN for o in outcomes),
        "progressed": sum(o.progressed_to_nurse_training for o in outcomes),
        "stayed_ap": sum(o.destination == Outcome.Destination.STAYED_AP for o in outcomes),
        "left": sum(o.destination == Outcome.Destination.LEFT for o in outcomes),
        "in_post_12_months": sum(o.in_post_after_12_months is True for o in outcomes),
    }
    for kind in NURSE_TRAINING:
        totals[kind.value] = sum(o.destination == kind for o in outcomes)
    return totals


def cohort_outcome_totals(cohort):
    return outcome_totals(Enrolment.objects.filter(cohort=cohort))


def organisation_outcome_totals(organisation):
    return outcome_totals(Enrolment.objects.filter(cohort__organisation=organisation))


def region_outcome_totals(region):
    """The region's totals as a regional lead may see them: counts only, each of 1 to 4 as "fewer than 5"."""
    organisations = Organisation.objects.filter(region=region)
    totals = outcome_totals(Enrolment.objects.filter(cohort__organisation__in=organisations))
    return {name: at_least_small_group(count) for name, count in totals.items()}


def labelled_totals(totals):
    """(label, count) in reading order, for a table."""
    return [(label, totals[key]) for key, label in TOTAL_LABELS]


def outcome_rows(cohort):
    """Each enrolment of the cohort with its outcome (or None), by the trainee's name; each enrolment's
    ``assessment`` is its end-point assessment's latest graded attempt (or None)."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .select_related("trainee", "evaluation_outcome")
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
    graded = assessment_results(enrolments)
    for e in enrolments:
        e.assessment = graded.get(e.pk)
    return [(e, getattr(e, "evaluation_outcome", None)) for e in enrolments]


# --- End-point assessment grades (recorded in competencies, read here) ------------------------------------
# The end-point assessment's results feed the evaluation from where they are recorded (the gateway page):
# each trainee's latest graded attempt gives their grade, the cohort's totals count the grades, and the
# outcome form of a trainee who passed starts as Completed on the result date.

GRADE_LABELS = [
    ("through_gateway", "Through gateway"),
    ("distinction", "End-point assessment: Distinction"),
    ("pass", "End-point assessment: Pass"),
    ("fail", "End-point assessment: Fail (latest attempt; a resit may follow)"),
    ("awaiting", "Through gateway, awaiting a result"),
]


def assessment_results(enrolments):
    """{enrolment id: its latest graded EndPointAssessment} of ``enrolments``; one query."""
    graded = EndPointAssessment.objects.filter(enrolment__in=enrolments).exclude(grade="")
    return {a.enrolment_id: a for a in graded.order_by("enrolment", "attempt")}


def grade_totals(enrolments):
    """(label, count) of ``enrolments`` (a queryset) through gateway and by their latest grade."""
    latest = {}  # each enrolment's latest attempt, graded or not
    attempts = EndPointAssessment.objects.filter(enrolment__in=enrolments).order_by("enrolment", "attempt")
    for attempt in attempts:
        latest[attempt.enrolment_id] = attempt
    graded = [a for a in latest.values() if a.has_result]
    through = enrolments.filter(gateway_on__isnull=False).values_list("pk", flat=True)
    counts = {
        "through_gateway": len(through),
        "awaiting": sum(pk not in latest or not latest[pk].has_result for pk in through),
    }
    for grade in EndPointAssessment.Grade.values:
        counts[grade] = sum(a.grade == grade for a in graded)
    return [(label, counts[key]) for key, label in GRADE_LABELS]


def cohort_grade_totals(cohort):
    return grade_totals(Enrolment.objects.filter(cohort=cohort))


def passed_assessment(enrolment):
    """The enrolment's passed end-point assessment, or None."""
    return (
        EndPointAssessment.objects.filter(enrolment=enrolment, grade__in=["pass", "distinction"])
        .order_by("-attempt")
        .first()
    )
