"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink, Panel, ToDoSource

from . import access, demo, demo_career, views_career


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_career.seed],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
    # The code of practice to acknowledge, and the way to it for people who do not plan the workforce.
    dashboard_panels=[Panel(views_career.dashboard_panel, order=68)],
    todo_sources=[ToDoSource(views_career.TODO_KINDS, views_career.todo_items, order=68)],
)
