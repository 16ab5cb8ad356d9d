import datetime

from django.db.models import Q

from accounts import access
from accounts.models import Membership

from . import selectors, services
from .models import Cohort, Enrolment, StudyTimeEntry


def dashboard_panel(request):
    """Trainees: their own apprenticeship. Supporters: the trainees they support, with what needs doing."""
    user = request.user
    today = datetime.date.today()
    mine = selectors.rows(Enrolment.objects.filter(trainee=user), today)
    supported = selectors.rows(
        Enrolment.objects.filter(Q(mentors=user) | Q(manager=user) | Q(lecturer=user))
        .exclude(trainee=user)
        .distinct(),
        today,
    )
    led = access.organisation_ids(user, Membership.Role.WORKFORCE_LEAD)
    led_cohorts = list(Cohort.objects.filter(organisation__in=led).select_related("programme"))
    active = selectors.rows(
        Enrolment.objects.filter(cohort__in=led_cohorts, status=Enrolment.Status.ACTIVE), today
    )
    by_cohort = {}
    for row in active:
        by_cohort.setdefault(row.enrolment.cohort_id, []).append(row)
    cohorts = [
        {
            "cohort": cohort,
            "trainees": len(rows := by_cohort.get(cohort.pk, [])),
            "shortfalls": sum(r.study_time.shortfall for r in rows),
            "overdue": sum(r.review.overdue for r in rows),
            "unsigned": sum(not r.contract.signed_by_all for r in rows),
        }
        for cohort in led_cohorts
    ]
    if not (mine or supported or cohorts or access.can_manage_trainees(user)):
        return None
    for row in supported + mine:
        row.my_parties = [p for p in row.contract.missing if p in services.parties_of(user, row.enrolment)]
    return {
        "template": "trainees/_dashboard_panel.html",
        "mine": mine,
        "supported": supported,
        "cohorts": cohorts,
        "can_manage": access.can_manage_trainees(user),
        "to_confirm": StudyTimeEntry.objects.filter(
            enrolment__manager=user, state=StudyTimeEntry.State.PENDING
        ).count(),
    }
