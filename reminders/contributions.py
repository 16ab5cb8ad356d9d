"""What reminders add to the rest of the product (see core/plugins.py): the dashboard's unread reminders
and the daily scan, at 07:00 (the administrator may change it under Periodic tasks)."""

from core.plugins import Contributions, Panel, Scheduled

from . import panels, tasks

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=20)],
    scheduled_tasks=[
        Scheduled(name="Send due reminders", task=tasks.send_due_reminders.name, crontab="0 7 * * *")
    ],
)
