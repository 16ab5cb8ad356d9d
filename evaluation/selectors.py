"""What the cohort's evaluation overview, the region page, the dashboard panel, the to-do list and the
reminders read: composed from the parts' own selectors (schedule, coding, impact), never recomputed here.

Adapters. The parts are built side by side; each function below marked "adapter" calls the part's own
selector when its module is there (``evaluation.schedule.due_interviews`` and ``is_overdue``,
``evaluation.coding.theme_counts`` and ``region_theme_counts``, ``evaluation.impact.audit_trend``,
``satisfaction_trend``, ``cohort_outcome_totals``, ``region_outcome_totals`` and ``labelled_totals``), and
otherwise a small stand-in with the same answer shape, so the overview works before the part lands. The
stand-ins read only ``Interview.objects.counted()`` for anything about answers, like the parts do.

The region's aggregates never carry a name or a quote, and every count of people (and every audit of fewer
than 5 assessments) of 1 to 4 is shown as "fewer than 5" (``at_least_small_group``).
"""

import datetime
import importlib

from django.db.models import Count, Sum
from django.urls import NoReverseMatch, reverse

from core.templatetags.portal import SMALL_GROUP, at_least_small_group
from trainees.models import Enrolment

from .models import Audit, CodedPassage, Interview, Outcome, ProgrammeStage, Stage

STAGES = list(Stage)
WITHIN_DAYS = 14  # the dashboard and the to-do list: due in the next two weeks, or overdue
TOP_THEMES = 5


def _part(name):
    """The part's module (evaluation.schedule, .coding, .impact), or None while it is not there yet."""
    try:
        return importlib.import_module(f"evaluation.{name}")
    except ImportError:
        return None


def url_or_none(name, *args):
    """The address of another part's page, or None while that part has not added it: the overview links out
    only to pages that exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- Schedule (adapters for evaluation.schedule) --------------------------------------------------------


def due_interviews(organisation_ids, today, within_days=WITHIN_DAYS):
    """Adapter: interviews not completed, of the organisations' cohorts, due by ``today + within_days``
    (overdue included), soonest first."""
    schedule = _part("schedule")
    if schedule is not None and hasattr(schedule, "due_interviews"):
        return schedule.due_interviews(organisation_ids, today, within_days)
    return (
        Interview.objects.filter(
            cohort__organisation_id__in=organisation_ids,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .exclude(status=Interview.Status.COMPLETED)
        .select_related("cohort", "interviewee", "interviewer", "enrolment")
        .order_by("due_on", "cohort_id", "respondent", "pk")
    )


def is_overdue(interview, today):
    """Adapter: not completed and past its due date."""
    schedule = _part("schedule")
    if schedule is not None and hasattr(schedule, "is_overdue"):
        return schedule.is_overdue(interview, today)
    return not interview.is_completed and interview.due_on < today


def interview_url(interview):
    """The interview's own page (recording part) if there is one, else the cohort's evaluation overview."""
    return url_or_none("evaluation:interview", interview.pk) or reverse(
        "evaluation:cohort", args=[interview.cohort_id]
    )


def schedule_summary(cohort, today):
    """Per stage: interviews not yet held, in draft, completed, and overdue (of those not completed)."""
    rows = []
    interviews = list(cohort.interviews.all())
    for stage in STAGES:
        at_stage = [i for i in interviews if i.stage == stage]
        rows.append(
            {
                "stage": stage,
                "label": stage.label,
                "due": sum(i.status == Interview.Status.DUE for i in at_stage),
                "draft": sum(i.status == Interview.Status.DRAFT for i in at_stage),
                "completed": sum(i.is_completed for i in at_stage),
                "overdue": sum(is_overdue(i, today) for i in at_stage),
                "total": len(at_stage),
            }
        )
    return {
        "rows": rows,
        "total": len(interviews),
        "completed": sum(r["completed"] for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
        "counted": Interview.objects.counted().filter(cohort=cohort).count(),
    }


# --- Themes (adapters for evaluation.coding) -----------------------------------------------------------


def top_themes(cohort, limit=TOP_THEMES):
    """Adapter: the cohort's most often coded themes, as (name, interviews coded with it), most first;
    counted interviews only."""
    coding = _part("coding")
    if coding is not None and hasattr(coding, "theme_counts"):
        rows = [(row.name, row.total) for row in coding.theme_counts(cohort).rows if row.total]
    else:
        rows = list(
            CodedPassage.objects.filter(
                answer__interview__in=Interview.objects.counted().filter(cohort=cohort)
            )
            .values_list("theme__name")
            .annotate(total=Count("answer__interview", distinct=True))
        )
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))[:limit]


def region_theme_counts(region):
    """Adapter: per theme and stage, people interviewed with that theme across the region; counts only."""
    coding = _part("coding")
    if coding is not None and hasattr(coding, "region_theme_counts"):
        return coding.region_theme_counts(region)
    counted = Interview.objects.counted().filter(cohort__organisation__region=region)
    people = {}
    for name, stage, person in (
        CodedPassage.objects.filter(answer__interview__in=counted)
        .values_list("theme__name", "answer__interview__stage", "answer__interview__interviewee")
        .distinct()
    ):
        people.setdefault(name, {}).setdefault(stage, set()).add(person)
    interviewees = {stage: set() for stage in STAGES}
    for stage, person in counted.values_list("stage", "interviewee"):
        interviewees[stage].add(person)
    return {
        "stages": STAGES,
        "rows": [
            {
                "theme": name,
                "cells": [(s, at_least_small_group(len(people[name].get(s, ())))) for s in STAGES],
                "change": None,
            }
            for name in sorted(people, key=str.casefold)
        ],
        "interviewees": [(s, at_least_small_group(len(interviewees[s]))) for s in STAGES],
    }


# --- Impact and outcomes (adapters for evaluation.impact) ------------------------------------------------


def audit_percentages(cohort):
    """Adapter: (stage label, percentage meeting the standard, number audited) per programme stage audited."""
    impact = _part("impact")
    if impact is not None and hasattr(impact, "audit_trend"):
        return [(s.label, s.overall.percentage, s.overall.audited) for s in impact.audit_trend(cohort)]
    return [(label, row["percentage"], row["audited"]) for label, row in _audit_rows(cohort.audits.all())]


def satisfaction_points(cohort):
    """Adapter: (stage label, mean score as a percentage of its scale) per stage surveyed; [] if none."""
    impact = _part("impact")
    if impact is None or not hasattr(impact, "satisfaction_trend"):
        return []
    points = []
    for stage in impact.satisfaction_trend(cohort):
        overall = getattr(stage, "overall", None)
        points.append((getattr(stage, "label", ""), getattr(overall, "percentage", None)))
    return points


OUTCOME_LABELS = [
    ("trainees", "Trainees"),
    ("recorded", "Outcomes recorded"),
    ("completed", "Completed"),
    ("withdrawn", "Withdrawn"),
    ("progressed", "Progressed to nurse training"),
    ("stayed_ap", "Stayed as an assistant practitioner"),
    ("left", "Left the organisation"),
    ("in_post_12_months", "Still in post 12 months on"),
]


def _outcome_totals(enrolments):
    outcomes = list(Outcome.objects.filter(enrolment__in=enrolments))
    return {
        "trainees": enrolments.count(),
        "recorded": len(outcomes),
        "completed": sum(o.is_completed for o in outcomes),
        "withdrawn": sum(not o.is_completed for o in outcomes),
        "progressed": sum(o.progressed_to_nurse_training for o in outcomes),
        "stayed_ap": sum(o.destination == Outcome.Destination.STAYED_AP for o in outcomes),
        "left": sum(o.destination == Outcome.Destination.LEFT for o in outcomes),
        "in_post_12_months": sum(o.in_post_after_12_months is True for o in outcomes),
    }


def _labelled(totals):
    impact = _part("impact")
    if impact is not None and hasattr(impact, "labelled_totals"):
        return impact.labelled_totals(totals)
    return [(label, totals[key]) for key, label in OUTCOME_LABELS]


def cohort_outcomes(cohort):
    """Adapter: (label, count) of the cohort's outcome totals."""
    impact = _part("impact")
    if impact is not None and hasattr(impact, "cohort_outcome_totals"):
        return _labelled(impact.cohort_outcome_totals(cohort))
    return _labelled(_outcome_totals(Enrolment.objects.filter(cohort=cohort)))


def region_outcomes(region):
    """Adapter: (label, count or "fewer than 5") of the region's outcome totals."""
    impact = _part("impact")
    if impact is not None and hasattr(impact, "region_outcome_totals"):
        totals = impact.region_outcome_totals(region)
    else:
        raw = _outcome_totals(Enrolment.objects.filter(cohort__organisation__region=region))
        totals = {key: at_least_small_group(count) for key, count in raw.items()}
    return _labelled(totals)


# --- The region's audits: our own aggregate -------------------------------------------------------------


def _audit_rows(audits):
    by_stage = {
        row["stage"]: row
        for row in audits.values("stage").annotate(
            audited=Sum("number_audited"), meeting=Sum("number_meeting_standard"), audits=Count("pk")
        )
    }
    rows = []
    for value, label in ProgrammeStage.choices:
        row = by_stage.get(value)
        if row:
            audited = row["audited"] or 0
            row["percentage"] = round(100 * row["meeting"] / audited, 1) if audited else None
            rows.append((label, row))
    return rows


def region_audits(region):
    """Per programme stage across the region's organisations: the percentage meeting the standard over every
    audit (sum meeting / sum audited), shown only when at least 5 assessments were audited at that stage
    ("fewer than 5" otherwise), with and without trainees alike; how many organisations audited."""
    audits = Audit.objects.filter(organisation__region=region)
    rows = []
    for label, row in _audit_rows(audits):
        enough = row["audited"] >= SMALL_GROUP
        organisations = audits.filter(stage=row["stage"]).values("organisation").distinct().count()
        rows.append(
            {
                "label": label,
                "audited": at_least_small_group(row["audited"]),
                "percentage": row["percentage"] if enough else None,
                "suppressed": not enough,
                "organisations": organisations,
            }
        )
    return rows


def region_overview(region):
    """Everything the region page shows: aggregates only."""
    organisations = region.organisations.order_by("name")
    counted = Interview.objects.counted().filter(cohort__organisation__region=region)
    return {
        "organisations": list(organisations),
        "interviews": at_least_small_group(counted.values("interviewee").distinct().count()),
        "themes": region_theme_counts(region),
        "audits": region_audits(region),
        "outcomes": region_outcomes(region),
    }
