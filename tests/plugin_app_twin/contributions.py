from core.plugins import Contributions, Scheduled
from reminders.kinds import ReminderKind

contributions = Contributions(
    reminder_kinds=[ReminderKind("review_due", "Another review due", lambda today: [])],
    scheduled_tasks=[Scheduled(name="Send due reminders", task="plugin_app.tidy", every_minutes=5)],
)
