"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink, Scheduled, ToDoSource

from . import access, demo, demo_profiles, demo_recruitment, tasks_recruitment, views_recruitment


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_profiles.seed, demo_recruitment.seed],
    todo_sources=[ToDoSource(views_recruitment.TODO_KINDS, views_recruitment.todo_items, order=70)],
    scheduled_tasks=[
        Scheduled(
            name="Delete candidates past their retention period",
            task=tasks_recruitment.DELETE_EXPIRED,
            crontab="50 3 * * *",
        )
    ],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
)
