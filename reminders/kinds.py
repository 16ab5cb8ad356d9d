"""The kinds of reminder. Each app owns its own: it describes each as a ``ReminderKind`` in its
``reminders.py`` (a name, a label and a finder of what is due) and lists them in its ``contributions.py``
as ``reminder_kinds=[...]``. The daily scan (reminders.due) asks every kind; nothing here names an app, and
a new kind needs no migration: ``Reminder.kind`` is checked against these, not against a list of choices.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.plugins import collected


@dataclass(frozen=True)
class Due:
    """One reminder to send: once per kind, recipient, subject and due date (the Reminder's constraint)."""

    kind: str
    recipient: object
    subject: str  # what it is about, e.g. "enrolment:12"
    due_on: datetime.date
    title: str
    body: str
    url: str  # the page where the person acts, as a path


@dataclass(frozen=True)
class ReminderKind:
    name: str  # stored in Reminder.kind: never rename one that has been sent
    label: str  # shown beside each reminder in the app
    find: Callable[[datetime.date], Iterable[Due]]  # find(today) yields this kind's Due items


def by_name():
    return {kind.name: kind for kind in collected("reminder_kinds")}


def label(name):
    """A kind's label; a kind no app declares any more (its app removed) shows its stored name."""
    kind = by_name().get(name)
    return kind.label if kind else name
