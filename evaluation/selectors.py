"""What the cohort's evaluation overview, the region page, the dashboard panel, the to-do list and the
reminders read: composed from the parts' own selectors (schedule, coding, impact), never recomputed here.

The parts were built side by side; while they were not in yet this module called them through adapters
with stand-ins. All are in now, so it calls them directly: ``schedule.due_interviews`` and ``is_overdue``,
``coding.theme_counts`` and ``region_theme_counts``, ``impact.audit_trend``, ``satisfaction_trend``,
``cohort_outcome_totals``, ``region_outcome_totals`` and ``labelled_totals``. Only the region's audit
percentages are aggregated here (no part has them).

The region's aggregates never carry a name or a quote, and every count of people (and every audit of fewer
than 5 assessments) of 1 to 4 is shown as "fewer than 5" (``at_least_small_group``).
"""

from django.db.models import Count, Sum
from django.urls import reverse

from core.templatetags.portal import SMALL_GROUP, at_least_small_group

from . import coding, impact, schedule
from .models import Audit, Interview, ProgrammeStage, Stage

STAGES = list(Stage)
WITHIN_DAYS = 14  # the dashboard and the to-do list: due in the next two weeks, or overdue
TOP_THEMES = 5

due_interviews = schedule.due_interviews
is_overdue = schedule.is_overdue
region_theme_counts = coding.region_theme_counts


def interview_url(interview):
    return reverse("evaluation:interview", args=[interview.pk])


# --- The cohort's overview ----------------------------------------------------------------------------


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


def top_themes(cohort, limit=TOP_THEMES):
    """The cohort's most often coded themes, as (name, interviews coded with it), most first; counted
    interviews only (coding.theme_counts reads only those)."""
    rows = [(row.name, row.total) for row in coding.theme_counts(cohort).rows if row.total]
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))[:limit]


def audit_percentages(cohort):
    """(stage label, percentage meeting the standard, number audited) per programme stage audited."""
    return [(s.label, s.overall.percentage, s.overall.audited) for s in impact.audit_trend(cohort)]


def satisfaction_points(cohort):
    """Per survey question: (question, [(stage label, mean score as a percentage of its scale)]) for each
    stage it was asked at."""
    return [
        (q.question, [(s.label, s.overall.percentage if s.overall else None) for s in q.stages])
        for q in impact.satisfaction_trend(cohort)
    ]


def cohort_outcomes(cohort):
    """(label, count) of the cohort's outcome totals."""
    return impact.labelled_totals(impact.cohort_outcome_totals(cohort))


def cohort_grades(cohort):
    """(label, count) of the cohort's trainees through gateway and their end-point assessment grades."""
    return impact.cohort_grade_totals(cohort)


# --- The region: aggregates only ------------------------------------------------------------------------


# Totals that add up to another: when one part is hidden as "fewer than 5", the whole less the other parts
# would give it away, so one more part is hidden too (secondary suppression).
OUTCOME_PARTS = [
    ("recorded", ["completed", "withdrawn"]),
    ("completed", ["progressed", "stayed_ap", "left"]),
    ("progressed", ["nursing_degree", "nursing_associate", "other_registered"]),
]
NOT_SHOWN = "not shown (it would give away a group of fewer than 5)"


def _hidden(shown):
    return not isinstance(shown, int)


def hide_complements(totals):
    """``totals`` (name -> 0, a number, or "fewer than 5") with more parts hidden so that no hidden number can
    be worked out by adding or subtracting shown ones: in each whole and its parts, when exactly one is
    hidden, the smallest other shown non-zero one is hidden too (a part that is no whole itself first)."""
    totals = dict(totals)
    wholes = {whole for whole, _parts in OUTCOME_PARTS}
    changed = True
    while changed:
        changed = False
        for whole, parts in OUTCOME_PARTS:
            members = [whole, *parts]
            hidden = [m for m in members if _hidden(totals[m])]
            shown = [m for m in members if not _hidden(totals[m]) and totals[m] > 0]
            if len(hidden) == 1 and shown:
                chosen = min(shown, key=lambda m: (m == whole, m in wholes, totals[m]))
                totals[chosen] = NOT_SHOWN
                changed = True
    return totals


def region_outcomes(region):
    """(label, count, "fewer than 5" or "not shown") of the region's outcome totals."""
    return impact.labelled_totals(hide_complements(impact.region_outcome_totals(region)))


def region_audits(region):
    """Per programme stage across the region's organisations: the percentage meeting the standard over every
    audit (sum meeting / sum audited), shown only when at least 5 assessments were audited at that stage
    ("fewer than 5" otherwise), and how many organisations audited."""
    audits = Audit.objects.filter(organisation__region=region)
    by_stage = {
        row["stage"]: row
        for row in audits.values("stage").annotate(
            audited=Sum("number_audited"),
            meeting=Sum("number_meeting_standard"),
            organisations=Count("organisation", distinct=True),
        )
    }
    rows = []
    for value, label in ProgrammeStage.choices:
        row = by_stage.get(value)
        if not row:
            continue
        audited = row["audited"] or 0
        enough = audited >= SMALL_GROUP
        rows.append(
            {
                "label": label,
                "audited": at_least_small_group(audited),
                "percentage": round(100 * row["meeting"] / audited, 1) if enough else None,
                "suppressed": not enough,
                "organisations": row["organisations"],
            }
        )
    return rows


def region_overview(region):
    """Everything the region page shows: aggregates only."""
    counted = Interview.objects.counted().filter(cohort__organisation__region=region)
    return {
        "organisations": list(region.organisations.order_by("name")),
        "interviews": at_least_small_group(counted.values("interviewee").distinct().count()),
        "themes": region_theme_counts(region),
        "audits": region_audits(region),
        "outcomes": region_outcomes(region),
    }
