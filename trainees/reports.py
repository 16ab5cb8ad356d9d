"""The cohort report, for managers: each trainee's progress by duty and KSB, sign-offs, study time against
plan, reviews and gateway readiness, with charts. Registered in reports/kinds.py."""

from django.db.models import Count
from django.utils.text import slugify

from competencies import selectors as portfolio
from competencies.models import Decision
from reports.charts import horizontal_bars
from reports.kinds import Kind
from standards.selectors import duty_ksbs

from . import access, selectors
from .models import Cohort


def build(cohort, viewer=None):
    """The cohort as ``viewer`` may see it: a lead all its trainees, a supporter their own caseload."""
    enrolments = cohort.enrolments.all() if viewer is None else access.visible_enrolments(viewer, cohort)
    matrix = portfolio.cohort_matrix(cohort, enrolments)
    duties = duty_ksbs(cohort.programme.standard, matrix.ksbs)
    position = {k.pk: i for i, k in enumerate(matrix.ksbs)}
    rows = {r.enrolment.pk: r for r in selectors.rows(enrolments)}
    sign_offs = dict(
        Decision.objects.filter(evidence__enrolment__in=enrolments, action=Decision.Action.SIGNED_OFF)
        .values_list("evidence__enrolment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    trainees = []
    for enrolment, cells, achieved in matrix.rows:
        by_duty = [
            (duty, sum(cells[position[k.pk]].is_achieved for k in ksbs), len(ksbs)) for duty, ksbs in duties
        ]
        trainees.append(
            {
                "enrolment": enrolment,
                "row": rows[enrolment.pk],
                "achieved": achieved,
                "cells": list(zip(matrix.ksbs, cells, strict=True)),
                "by_duty": by_duty,
                "sign_offs": sign_offs.get(enrolment.pk, 0),
                "reviews": enrolment.reviews.annotate(signed=Count("signatures")),
                "gateway": portfolio.gateway(enrolment),
                "duty_chart": horizontal_bars(
                    [(d.code, n, total) for d, n, total in by_duty], None,
                    title=f"KSBs achieved by duty: {enrolment.trainee}",
                ) if duties else None,
            }
        )  # fmt: skip
    total = len(matrix.ksbs)
    return {
        "cohort": cohort,
        "trainees": trainees,
        "ksb_total": total,
        "states": portfolio.STATES,
        "summary_chart": horizontal_bars(
            [(t["enrolment"].trainee, t["achieved"]) for t in trainees],
            total,
            title="KSBs achieved by trainee",
        ),
        "active": (flags := selectors.cohort_flags(rows.values())).active,
        "caseload_only": viewer is not None and not access.can_manage_cohort(viewer, cohort),
        # Only active trainees count in the flags, as on the cohort page (selectors.cohort_flags).
        "flags": {
            "shortfalls": flags.shortfalls,
            "overdue": flags.overdue,
            "unsigned": flags.unsigned,
            "ready": sum(t["gateway"].ready for t in trainees if t["row"].active),
        },
        "mapping_note": cohort.programme.standard.get_duty_mapping_display(),
    }


COHORT = Kind(
    name="cohort",
    label="Cohort report",
    model=Cohort,
    can_view=access.can_view_cohort,
    build=build,
    template="reports/cohort.html",
    filename=lambda cohort: f"cohort-report-{slugify(cohort.name)}",
)
