from django.db.models import Count

from accounts import access
from standards.models import KSB
from trainees.models import Enrolment

from .models import Achievement, Evidence
from .selectors import mentor_queue


def dashboard_panel(request):
    """Mentors: evidence waiting for sign-off. Trainees: their portfolio."""
    user = request.user
    waiting = mentor_queue(user).count() if access.can_view_mentor_queue(user) else None
    mine = list(Enrolment.objects.filter(trainee=user).select_related("cohort__programme"))
    if waiting is None and not mine:
        return None
    # Separate counts: one query joining achievements and evidence would multiply their rows.
    achieved = _counts(Achievement.objects.filter(enrolment__in=mine))
    returned = _counts(Evidence.objects.filter(enrolment__in=mine, status=Evidence.Status.RETURNED))
    totals = _counts(
        KSB.objects.filter(standard__programmes__cohorts__enrolments__in=mine),
        "standard__programmes__cohorts__enrolments",
    )
    for enrolment in mine:
        enrolment.achieved = achieved.get(enrolment.pk, 0)
        enrolment.returned = returned.get(enrolment.pk, 0)
        enrolment.ksb_total = totals.get(enrolment.pk, 0)
    return {"template": "competencies/_dashboard_panel.html", "waiting": waiting, "mine": mine}


def _counts(queryset, by="enrolment"):
    return dict(queryset.values_list(by).annotate(n=Count("pk")).order_by())
