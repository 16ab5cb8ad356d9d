"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink, Panel, ToDoSource

from . import access, demo, demo_profiles, reports_profiles, todo_profiles, views_profiles


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_profiles.seed],
    report_kinds=[reports_profiles.ROLE_PROFILE],
    todo_sources=[ToDoSource(todo_profiles.KINDS, todo_profiles.items, order=todo_profiles.ORDER)],
    dashboard_panels=[Panel(views_profiles.dashboard_panel, order=todo_profiles.ORDER)],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
)
