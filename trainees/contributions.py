"""What trainees add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, MenuLink, Panel, Scheduled, ToDoSource

from . import demo, panels, reminders, tasks, todo

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=40)],
    todo_sources=[ToDoSource(todo.KINDS, todo.items, order=40)],
    reminder_kinds=[
        reminders.REVIEW_DUE,
        reminders.REVIEW_OVERDUE,
        reminders.CONTRACT_UNSIGNED,
        reminders.REVIEW_UNSIGNED,
        reminders.PLAN_UNSIGNED,
    ],
    demo_steps=[demo.seed],
    menu_links=[MenuLink("Cohorts", panels.cohorts_link, order=20, namespace="trainees")],
    scheduled_tasks=[
        Scheduled(name="Delete old trainee import jobs", task=tasks.PURGE, crontab="40 3 * * *")
    ],
)
