"""Panels that other apps add to the dashboard, in this order.

Each entry is the dotted path of a function ``panel(request) -> dict | None``. It returns None when the
person has nothing to see there, or a dict with ``template`` (rendered inside the dashboard's card grid)
and whatever that template needs. Each panel decides what to show through accounts.access.
"""

from django.utils.module_loading import import_string

PANELS: list[str] = [
    "accounts.views_people.invitations_panel",
    "reminders.panels.dashboard_panel",
    "competencies.panels.dashboard_panel",
    "trainees.panels.dashboard_panel",
    "standards.panels.dashboard_panel",
    "pastoral.panels.dashboard_panel",
]


def panels_for(request):
    found = (import_string(path)(request) for path in PANELS)
    return [panel for panel in found if panel]


def your_enrolments(user):
    """Where the trainee's own apprenticeship is: their active enrolments, or all of theirs if none is."""
    from trainees.models import Enrolment

    enrolments = list(
        Enrolment.objects.filter(trainee=user)
        .select_related("cohort__programme")
        .order_by("-cohort__start_date", "pk")
    )
    return [e for e in enrolments if e.status == Enrolment.Status.ACTIVE] or enrolments
