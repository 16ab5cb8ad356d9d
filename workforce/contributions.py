"""What workforce plans add to the rest of the product (see core/plugins.py): the menu entry, dashboard panels
(the code of practice and career framework; job descriptions to sign), to-do sources, the role profile report
and demo data."""

from django.urls import reverse

from core.plugins import Contributions, MenuLink, Panel, Scheduled, ToDoSource

from . import (
    access,
    demo,
    demo_career,
    demo_profiles,
    demo_recruitment,
    demo_targets,
    reports_profiles,
    tasks_recruitment,
    todo_profiles,
    views_career,
    views_profiles,
    views_recruitment,
    views_targets,
)


def workforce_link(user):
    return reverse("workforce:home") if access.plans_workforce(user) else None


contributions = Contributions(
    demo_steps=[demo.seed, demo_career.seed, demo_profiles.seed, demo_recruitment.seed, demo_targets.seed],
    report_kinds=[reports_profiles.ROLE_PROFILE],
    todo_sources=[
        # The code of practice to acknowledge, candidates to score, job descriptions to sign, returns to make.
        ToDoSource(views_career.TODO_KINDS, views_career.todo_items, order=68),
        ToDoSource(views_recruitment.TODO_KINDS, views_recruitment.todo_items, order=70),
        ToDoSource(todo_profiles.KINDS, todo_profiles.items, order=todo_profiles.ORDER),
        ToDoSource(views_targets.TODO_KINDS, views_targets.todo_items, order=97),
    ],
    dashboard_panels=[
        # The way to the code of practice and career framework for people who do not plan the workforce.
        Panel(views_career.dashboard_panel, order=68),
        Panel(views_profiles.dashboard_panel, order=todo_profiles.ORDER),
    ],
    scheduled_tasks=[
        Scheduled(
            name="Delete candidates past their retention period",
            task=tasks_recruitment.DELETE_EXPIRED,
            crontab="50 3 * * *",
        )
    ],
    menu_links=[MenuLink("Workforce", workforce_link, order=97, namespace="workforce")],
)
