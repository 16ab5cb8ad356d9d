"""How an app contributes to the rest of the product: one contract, found by app-config discovery.

An app that adds anything outside its own pages (a dashboard panel, a to-do source, a report kind, a
reminder kind, demo data, a scheduled task, a menu link) declares it once, in ``<app>/contributions.py``::

    from core.plugins import Contributions

    contributions = Contributions(
        dashboard_panels=[panels.dashboard_panel],
        report_kinds=[reports.COHORT],
        ...
    )

The objects are plain Python objects imported by that module, so a typo fails when the module is imported
(at start-up, by the system check in core.checks), never later at request time. Consumers (the dashboard, the
reports pipeline, the reminder scan, ``seed_demo``) ask ``collected("report_kinds")`` and never name an app.
Apps are visited in INSTALLED_APPS order, so that order is the order of panels, demo steps and menu links.
"""

import functools
import importlib
import importlib.util
from dataclasses import dataclass, fields

from django.apps import apps

MODULE = "contributions"


@dataclass(frozen=True)
class Contributions:
    # panel(request) -> dict | None: a dict with "template" and its context, None when nothing to show.
    dashboard_panels: tuple = ()
    # Objects with KINDS (kind -> heading, in order) and items(user, today) -> the person's to-do items.
    todo_sources: tuple = ()
    # reports.kinds.Kind: what a report is about, who may see it, its data and its template.
    report_kinds: tuple = ()
    # reminders.kinds.ReminderKind: a kind of reminder and the finder of what is due.
    reminder_kinds: tuple = ()
    # step(demo) -> None: adds this app's demo data to the namespace the earlier steps filled; idempotent.
    demo_steps: tuple = ()
    # core.plugins.Scheduled: a Celery task run on a schedule by beat (stored by django-celery-beat).
    scheduled_tasks: tuple = ()

    def __post_init__(self):
        for f in fields(self):  # lists are accepted for convenience; stored as tuples so nothing mutates them
            object.__setattr__(self, f.name, tuple(getattr(self, f.name)))


@dataclass(frozen=True)
class Scheduled:
    name: str  # unique, shown in the admin's periodic tasks
    task: str  # the Celery task's registered name
    every_minutes: int | None = None
    crontab: str | None = None  # "minute hour day_of_month month day_of_week", e.g. "30 3 * * *"


class ContributionError(Exception):
    pass


@functools.cache
def contributions():
    """[(app_config, Contributions)] for every installed app that has a contributions module, in order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)  # an error in it propagates: it must fail loudly
        declared = getattr(module, "contributions", None)
        if not isinstance(declared, Contributions):
            raise ContributionError(f"{name} must define `contributions = Contributions(...)`.")
        found.append((config, declared))
    return found


def collected(what):
    """Every app's contributions of one sort, e.g. collected("report_kinds"), in INSTALLED_APPS order."""
    return [item for _config, declared in contributions() for item in getattr(declared, what)]
