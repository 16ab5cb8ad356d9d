"""What is waiting for a person to act on, collected once and shown on the dashboard and the to-do page.

Each app contributes ``ToDoSource``s (core.plugins) with ``kinds`` (kind -> heading, in the order shown) and
``items(user, today)``, which returns the person's ``Item``s. Each app asks its own access rules whether the
person may act on each item, and counts only active enrolments. The dashboard panels, the /todo/ page and
the menu's count all read ``todo_for(request)``, so they cannot disagree; it is worked out once per request.
"""

import datetime
from dataclasses import dataclass, field

from .plugins import collected

# The dashboard shows this many of a kind, then "and N more" linking to the to-do page.
SHOWN = 5


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    url: str  # the page where the person acts
    since: datetime.date | None = None  # waiting since (or held on, for a review)
    note: str = ""


@dataclass
class Group:
    kind: str
    heading: str
    items: list = field(default_factory=list)

    @property
    def shown(self):
        return self.items[:SHOWN]

    @property
    def more(self):
        return max(0, len(self.items) - SHOWN)


@dataclass
class ToDo:
    groups: list  # only kinds with something waiting, in the sources' order

    @property
    def total(self):
        return sum(len(g.items) for g in self.groups)

    def group(self, kind):
        return next((g for g in self.groups if g.kind == kind), None)

    def of(self, *kinds):
        return [g for g in self.groups if g.kind in kinds]


def collect(user, today=None):
    today = today or datetime.date.today()
    if not user.is_authenticated:
        return ToDo([])
    groups = []
    for source in sorted(collected("todo_sources"), key=lambda source: source.order):
        found = {}
        for item in source.items(user, today):
            found.setdefault(item.kind, []).append(item)
        groups += [
            Group(kind, heading, found[kind]) for kind, heading in source.kinds.items() if kind in found
        ]
    return ToDo(groups)


def todo_for(request):
    """The signed-in person's to-do, worked out once per request however many panels ask."""
    if not hasattr(request, "_todo"):
        request._todo = collect(request.user)
    return request._todo
