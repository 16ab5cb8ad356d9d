from django.contrib.auth import get_user_model

from accounts.models import Membership
from core.plugins import Contributions, MenuLink, Panel, Scheduled, ToDoSource
from core.todo import Item
from reminders.kinds import Due, ReminderKind
from reports.kinds import Kind


def panel(request):
    return {"template": "plugin_app/_panel.html", "who": request.user.username}


def todo_items(user, today):
    return [Item(kind="plugin_thing", title=f"Plugin thing for {user.username}", url="/")]


def checks_due(today):
    for lead in Membership.objects.filter(role=Membership.Role.WORKFORCE_LEAD).select_related("user"):
        yield Due(
            "plugin_check", lead.user, f"organisation:{lead.organisation_id}", today, "Plugin check", "-", "/"
        )


def demo_step(demo):
    # After the layers below it: the people and the cohort are already in the namespace.
    demo["report_subjects"]["plugin_person"] = demo["people"]["trainee"].pk


PERSON = Kind(
    name="plugin_person",
    label="Plugin person",
    model=get_user_model(),
    can_view=lambda user, person: user == person,
    build=lambda person, viewer=None: {"person": person},
    template="plugin_app/report.html",
    filename=lambda person: f"plugin-{person.pk}",
)

contributions = Contributions(
    dashboard_panels=[Panel(panel, order=70)],
    todo_sources=[ToDoSource({"plugin_thing": "Plugin things"}, todo_items, order=70)],
    report_kinds=[PERSON],
    reminder_kinds=[ReminderKind("plugin_check", "Plugin check due", checks_due)],
    demo_steps=[demo_step],
    scheduled_tasks=[Scheduled(name="Plugin tidy-up", task="plugin_app.tidy", every_minutes=15)],
    # For leads only, after every other entry.
    menu_links=[
        MenuLink("Plugin", lambda user: "/todo/?plugin" if user.username == "lead" else None, 90, "")
    ],
)
