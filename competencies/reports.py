"""The trainee's portfolio, for the gateway and for the trainee to keep: every signed-off item of evidence
with its KSBs, its sign-off record and fingerprint, and KSB coverage. Registered in reports/kinds.py."""

from django.db.models import Prefetch
from django.utils.text import slugify

from reports.charts import horizontal_bars
from reports.kinds import Kind
from trainees.models import Enrolment

from . import access, selectors
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
        if progress.by_duty
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
