"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink, ToDoSource

from . import access, demo, demo_targets, views_targets


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_targets.seed],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
    todo_sources=[ToDoSource(views_targets.TODO_KINDS, views_targets.todo_items, order=97)],
)
