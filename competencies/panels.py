from django.db.models import Count
from django.urls import reverse

from accounts.access import Role, has_role
from core.todo import todo_for
from standards.models import KSB
from trainees.models import Enrolment
from trainees.selectors import your_enrolments

from . import access
from .models import Achievement


def dashboard_panel(request):
    """Mentors: evidence waiting for their decision. Trainees: their portfolio and evidence to act on. Each
    party: gateway declarations to sign; workforce leads: end-point assessments to book or record.
    The lists come from the to-do collector (core.todo), so the dashboard and the to-do page agree."""
    user = request.user
    todo = todo_for(request)
    to_decide = todo.group("evidence_to_decide")
    is_mentor = access.can_view_mentor_queue(user)
    mine = list(Enrolment.objects.filter(trainee=user).select_related("cohort__programme"))
    own = todo.of("evidence_returned", "evidence_draft")
    gateway = todo.of("gateway_to_sign", "assessment_to_record")
    if not (is_mentor or mine or own or gateway):
        return None
    # Separate counts: one query joining achievements and KSBs would multiply their rows.
    achieved = _counts(Achievement.objects.filter(enrolment__in=mine))
    totals = _counts(
        KSB.objects.filter(standard__programmes__cohorts__enrolments__in=mine),
        "standard__programmes__cohorts__enrolments",
    )
    for enrolment in mine:
        enrolment.achieved = achieved.get(enrolment.pk, 0)
        enrolment.ksb_total = totals.get(enrolment.pk, 0)
    return {
        "template": "competencies/_dashboard_panel.html",
        "waiting": (len(to_decide.items) if to_decide else 0) if is_mentor else None,
        "to_decide": to_decide,
        "mine": mine,
        "own": own,
        "gateway": gateway,
    }


def _counts(queryset, by="enrolment"):
    return dict(queryset.values_list(by).annotate(n=Count("pk")).order_by())


def portfolio_link(user):
    """The top menu's Portfolio: a trainee's own, of their current enrolment (the page they use most)."""
    if not has_role(user, Role.TRAINEE):
        return None
    enrolment = next(iter(your_enrolments(user)), None)
    return reverse("competencies:portfolio", args=[enrolment.pk]) if enrolment else None
