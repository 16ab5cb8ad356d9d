"""The portfolio's reports, listed in contributions.py: the trainee's portfolio, for the gateway and for the
trainee to keep (every signed-off item of evidence with its KSBs, its sign-off record and fingerprint, and KSB
coverage); and the cohort report, for managers (each trainee's progress by duty and KSB, sign-offs, study
time against plan, reviews and gateway readiness, with charts), read cohort-wide in a fixed number of
queries."""

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils.text import slugify

from reports.charts import horizontal_bars
from reports.kinds import Kind
from reports.rendering import render_pdf
from standards.selectors import duty_ksbs, mapping_summary
from trainees import access as trainee_access
from trainees import selectors as trainee_selectors
from trainees.models import Cohort, Enrolment, ProgressReview

from . import access, bundle, selectors
from .models import Decision, Evidence


def build(enrolment, viewer=None):
    progress = selectors.progress(enrolment)
    signed = (
        enrolment.evidence.filter(status=Evidence.Status.SIGNED_OFF)
        .prefetch_related(
            "ksbs",
            "competencies",
            "attachments",
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
        )
        .order_by("occurred_on", "pk")
    )
    achievements = {
        a.ksb_id: a for a in enrolment.achievements.select_related("signed_by").prefetch_related("evidence")
    }
    return {
        "enrolment": enrolment,
        "progress": progress,
        "evidence": signed,
        "ksb_rows": [(ksb, cell, achievements.get(ksb.pk)) for ksb, cell, _items in progress.ksbs],
        "gateway": selectors.gateway(enrolment),
        "duty_chart": horizontal_bars(
            [(share.label.split(":")[0], share.achieved, share.total) for share in progress.by_duty],
            None,
            title="KSBs achieved by duty",
        )
        if progress.mapped_duties  # no chart of zeros where no duty has KSBs mapped yet
        else None,
    }


PORTFOLIO = Kind(
    name="portfolio",
    label="Portfolio",
    model=Enrolment,
    can_view=access.can_view_portfolio,
    build=build,
    template="reports/portfolio.html",
    filename=lambda enrolment: f"portfolio-{slugify(enrolment.trainee.get_full_name() or enrolment.trainee)}",
)


def build_cohort(cohort, viewer=None):
    """The cohort as ``viewer`` may see it: a lead all its trainees, a supporter their own caseload."""
    if viewer is None:
        enrolments = cohort.enrolments.all()
    else:
        enrolments = trainee_access.visible_enrolments(viewer, cohort)
    matrix = selectors.cohort_matrix(cohort, enrolments)
    duties = duty_ksbs(cohort.programme.standard, matrix.ksbs, organisation_id=cohort.organisation_id)
    position = {k.pk: i for i, k in enumerate(matrix.ksbs)}
    # Each trainee's row (with mentors, manager and lecturer), gateway, sign-offs and reviews: read for the
    # whole cohort at once, so the report costs the same queries for 2 trainees as for 60.
    rows = {r.enrolment.pk: r for r in trainee_selectors.rows(enrolments)}
    gateways = selectors.gateways(list(rows.values()))
    sign_offs = dict(
        Decision.objects.filter(evidence__enrolment__in=enrolments, action=Decision.Action.SIGNED_OFF)
        .values_list("evidence__enrolment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reviews = defaultdict(list)
    # Oldest first, each with who has signed (it counts only once all three have) and its next actions.
    for review in (
        ProgressReview.objects.filter(enrolment__in=enrolments)
        .prefetch_related("signatures", "next_actions")
        .order_by("held_on", "pk")
    ):
        reviews[review.enrolment_id].append(review)
    trainees = []
    for enrolment, cells, achieved in matrix.rows:
        row = rows[enrolment.pk]
        by_duty = [
            (duty, sum(cells[position[k.pk]].is_achieved for k in ksbs), len(ksbs)) for duty, ksbs in duties
        ]
        trainees.append(
            {
                "enrolment": row.enrolment,
                "row": row,
                "achieved": achieved,
                "cells": list(zip(matrix.ksbs, cells, strict=True)),
                "by_duty": by_duty,
                "sign_offs": sign_offs.get(enrolment.pk, 0),
                "reviews": reviews[enrolment.pk],
                "gateway": gateways[enrolment.pk],
                "duty_chart": horizontal_bars(
                    [(d.code, n, total) for d, n, total in by_duty], None,
                    title=f"KSBs achieved by duty: {enrolment.trainee}",
                ) if any(ksbs for _duty, ksbs in duties) else None,
            }
        )  # fmt: skip
    total = len(matrix.ksbs)
    return {
        "cohort": cohort,
        "trainees": trainees,
        "ksb_total": total,
        "states": selectors.STATES,
        "summary_chart": horizontal_bars(
            [(t["enrolment"].trainee, t["achieved"]) for t in trainees],
            total,
            title="KSBs achieved by trainee",
        ),
        "active": (flags := trainee_selectors.cohort_flags(rows.values())).active,
        "caseload_only": viewer is not None and not trainee_access.can_manage_cohort(viewer, cohort),
        # Only active trainees count in the flags, as on the cohort page (trainees.selectors.cohort_flags).
        "flags": {
            "shortfalls": flags.shortfalls,
            "on_track": flags.on_track,
            "behind": flags.behind,
            "at_risk": flags.at_risk,
            "overdue": flags.overdue,
            "unsigned": flags.unsigned,
            "ready": sum(t["gateway"].ready for t in trainees if t["row"].active),
        },
        "mapping_note": mapping_summary(duties),
    }


COHORT = Kind(
    name="cohort",
    label="Cohort report",
    model=Cohort,
    can_view=trainee_access.can_view_cohort,
    build=build_cohort,
    template="reports/cohort.html",
    filename=lambda cohort: f"cohort-report-{slugify(cohort.name)}",
)


def _name(enrolment):
    return slugify(enrolment.trainee.get_full_name() or enrolment.trainee)


def gateway_bundle(enrolment, viewer=None, progress=lambda percent, step: None):
    """The gateway bundle's zip (competencies/bundle.py), its portfolio rendered as the portfolio kind."""
    progress(15, "Laying out the portfolio")
    return bundle.make(enrolment, portfolio_pdf=render_pdf(PORTFOLIO, enrolment, viewer), progress=progress)


GATEWAY_BUNDLE = Kind(
    name="gateway_bundle",
    label="Gateway bundle",
    model=Enrolment,
    can_view=access.can_view_portfolio,
    build=build,
    template="reports/portfolio.html",
    filename=lambda enrolment: f"gateway-bundle-{_name(enrolment)}",
    archive=gateway_bundle,
)
