"""What is due: every app's reminder kinds (reminders.kinds) asked in turn, for the daily scan."""

from django.utils import timezone

from core.plugins import collected


def find_due(today=None):
    today = today or timezone.localdate()
    for kind in collected("reminder_kinds"):
        for due in kind.find(today):
            if due.kind != kind.name:
                # A finder yields only its own kind, so every Reminder.kind stored is a declared kind.
                raise ValueError(f"The {kind.name!r} reminder finder yielded a {due.kind!r} reminder.")
            yield due
