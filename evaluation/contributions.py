"""What the evaluation adds to the rest of the product (see core/plugins.py): the workforce lead's dashboard
panel of interviews due and overdue, interviews to record on the to-do list, the interview reminder, and the
menu entry."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.access import Role, organisation_ids, region_ids
from accounts.models import Region
from core.plugins import Contributions, MenuLink, Panel, ToDoSource
from core.todo import Item
from trainees.models import Enrolment

from . import access, demo, reminders, reports, selectors
from .models import Interview

ORDER = 65  # after pastoral (60)

# --- Dashboard panel ------------------------------------------------------------------------------------


def dashboard_panel(request):
    """Workforce leads: their organisations' interviews due in the next 14 days and overdue. Regional leads:
    a link to their region's aggregates."""
    user = request.user
    today = timezone.localdate()
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    rows = []
    if led:
        for interview in selectors.due_interviews(led, today, selectors.WITHIN_DAYS):
            if access.can_run_evaluation_of(user, interview.cohort):
                rows.append(
                    {
                        "interview": interview,
                        "overdue": selectors.is_overdue(interview, today),
                        "url": selectors.interview_url(interview),
                        "cohort_url": reverse("evaluation:cohort", args=[interview.cohort_id]),
                    }
                )
    regions = [
        r
        for r in Region.objects.filter(pk__in=region_ids(user, Role.REGIONAL_LEAD)).order_by("name")
        if access.can_view_region_evaluation(user, r)
    ]
    if not led and not regions:
        return None
    return {
        "template": "evaluation/_dashboard_panel.html",
        "is_lead": bool(led),
        "overdue": [r for r in rows if r["overdue"]],
        "due": [r for r in rows if not r["overdue"]],
        "within_days": selectors.WITHIN_DAYS,
        "regions": regions,
    }


# --- To do ---------------------------------------------------------------------------------------------

KINDS = {"interview_to_record": "Evaluation interviews to record"}


def todo_items(user, today):
    """Interviews due in the next 14 days or overdue that the person may record: as the lead of the
    cohort's organisation or as the named interviewer (never their own interview)."""
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    candidates = (
        Interview.objects.exclude(status=Interview.Status.COMPLETED)
        .filter(Q(cohort__organisation_id__in=led) | Q(interviewer=user))
        .filter(due_on__lte=today + datetime.timedelta(days=selectors.WITHIN_DAYS))
        .filter(Q(enrolment__isnull=True) | Enrolment.active_q("enrolment"))
        .select_related("cohort", "interviewee")
        .order_by("due_on", "pk")
    )
    items = []
    for interview in candidates:
        if not access.can_record_interview(user, interview):
            continue
        on = f"{interview.due_on:%-d %B %Y}"
        items.append(
            Item(
                "interview_to_record",
                f"{interview.get_stage_display()} interview of "
                f"{interview.interviewee.get_full_name() or interview.interviewee} ({interview.cohort})",
                selectors.interview_url(interview),
                interview.due_on,
                f"Overdue since {on}" if selectors.is_overdue(interview, today) else f"Due {on}",
            )
        )
    return items


# --- Menu -----------------------------------------------------------------------------------------------


def evaluation_link(user):
    """Workforce leads: their cohorts' evaluation. Regional leads: their region's page (or the list of
    their regions when they have several). Anyone interviewed or interviewing: their own interviews."""
    if organisation_ids(user, Role.WORKFORCE_LEAD):
        return reverse("evaluation:home")
    regions = region_ids(user, Role.REGIONAL_LEAD)
    if len(regions) == 1:
        return reverse("evaluation:region", args=[next(iter(regions))])
    if regions:
        return reverse("evaluation:home")
    # Interviewees and interviewers: their own interviews (a trainee reads their own record).
    if Interview.objects.filter(Q(interviewee=user) | Q(interviewer=user)).exists():
        return reverse("evaluation:mine")
    return None


contributions = Contributions(
    dashboard_panels=[Panel(dashboard_panel, order=ORDER)],
    todo_sources=[ToDoSource(KINDS, todo_items, order=ORDER)],
    report_kinds=[reports.EVALUATION],
    reminder_kinds=[reminders.INTERVIEW_DUE],
    demo_steps=[demo.seed],
    # Last in the menu: tests/test_plugins.py pins Cohorts, Pastoral, Standards side by side and the test
    # app's entry (90) right after Standards.
    menu_links=[MenuLink("Evaluation", evaluation_link, order=95, namespace="evaluation")],
)
