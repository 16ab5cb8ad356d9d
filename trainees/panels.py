import datetime

from django.db.models import Q
from django.urls import reverse

from core.todo import todo_for

from . import access, selectors, training_plan
from .models import Enrolment


def dashboard_panel(request):
    """Trainees: their own apprenticeship. Supporters: the trainees they support. Everyone: what to do,
    as lists from the to-do collector (core.todo), so the dashboard and the to-do page agree."""
    user = request.user
    today = datetime.date.today()
    mine = selectors.rows(Enrolment.objects.filter(trainee=user), today)
    plans = training_plan.plan_states(row.enrolment for row in mine)
    for row in mine:
        row.plan = plans[row.enrolment.pk]
    supported = selectors.rows(
        Enrolment.objects.filter(Q(mentors=user) | Q(manager=user) | Q(lecturer=user))
        .exclude(trainee=user)
        .distinct(),
        today,
    )
    todo = todo_for(request)
    can_manage = access.can_manage_trainees(user)
    to_sign = todo.of("plan_to_sign", "contract_to_sign", "review_to_sign")
    if not (mine or supported or can_manage or to_sign):
        return None
    return {
        "template": "trainees/_dashboard_panel.html",
        "mine": mine,
        "supported": supported,
        "can_manage": can_manage,
        "to_sign": to_sign,
        "queried": todo.group("study_time_queried"),
        "to_confirm": todo.group("study_time_to_confirm"),
        "cohorts": todo.group("cohort_attention"),
        "plans_unsigned": todo.group("plan_unsigned"),
    }


def cohorts_link(user):
    return reverse("trainees:cohort_list")
