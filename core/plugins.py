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
Apps are visited in INSTALLED_APPS order, lower layers first, so that is the order of demo steps (each builds
on the data of the layers below it), report kinds and reminder kinds. What a person sees in a chosen order
(dashboard panels, to-do lists) says so with its own ``order``, because "what to act on first" is not the
order of the layers. See docs/adr/0004-one-way-for-an-app-to-plug-in.md.
"""

import functools
import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver

MODULE = "contributions"


class ContributionError(Exception):
    pass


@dataclass(frozen=True)
class Contributions:
    # core.plugins.Panel: a card on the dashboard, in its own order.
    dashboard_panels: tuple = ()
    # core.plugins.ToDoSource: kinds of thing waiting for a person, on the to-do page, dashboard and menu.
    todo_sources: tuple = ()
    # reports.kinds.Kind: what a report is about, who may see it, its data and its template.
    report_kinds: tuple = ()
    # reminders.kinds.ReminderKind: a kind of reminder, its label and the finder of what is due.
    reminder_kinds: tuple = ()
    # step(demo) -> None: adds this app's demo data to the namespace (a dict) the earlier steps filled;
    # idempotent. seed_demo gives demo["password"] for sign-ins, prints demo["sign_ins"] (username -> who)
    # and, with --json, demo["report_subjects"] (report kind name -> the id of its demo subject).
    demo_steps: tuple = ()
    # core.plugins.Scheduled: a Celery task run on a schedule by beat (stored by django-celery-beat).
    scheduled_tasks: tuple = ()
    # core.plugins.MenuLink: an entry in the top menu, for the people it has a use for.
    menu_links: tuple = ()
    # snapshot(enrolment, after, until) -> dict: what a progress review keeps of this app's records between
    # the previous counted review (``after``, exclusive) and the review's date (``until``), JSON-able; stored
    # on the review and signed with it (trainees.services.portfolio_snapshot).
    review_snapshots: tuple = ()

    def __post_init__(self):
        for f in fields(self):  # lists are accepted for convenience; stored as tuples so nothing mutates them
            object.__setattr__(self, f.name, tuple(getattr(self, f.name)))


@dataclass(frozen=True)
class Panel:
    """show(request) -> None when the person has nothing to see there, or a dict with "template" (rendered
    inside the dashboard's card grid) and what that template needs. Each panel decides through its app's
    access rules. Panels are shown lowest ``order`` first; today: 10 invitations, 20 reminders, 30 evidence,
    40 apprenticeships, 50 standards, 60 pastoral self-assessment. A new app picks a free number."""

    show: Callable
    order: int


@dataclass(frozen=True)
class ToDoSource:
    """kinds: kind -> heading, in the order shown; items(user, today) -> the person's core.todo.Items.
    Sources are listed lowest ``order`` first, with the same numbers as the panels (10 invitations,
    30 evidence, 40 apprenticeships), so the to-do page reads in the dashboard's order."""

    kinds: Mapping
    items: Callable
    order: int


@dataclass(frozen=True)
class MenuLink:
    """url(user) -> the address to link to, or None when the person has no use for it (the page still
    checks its own rule). It is marked as the current page on every page of the URL namespace ``namespace``
    (only on ``url_name`` there, if given). Shown lowest ``order`` first after Dashboard and To do; today:
    10 portfolio, 20 cohorts, 30 pastoral, 40 standards. A new app picks a free number."""

    label: str
    url: Callable
    order: int
    namespace: str
    url_name: str = ""


@dataclass(frozen=True)
class Scheduled:
    """A periodic task made in django-celery-beat's tables after `migrate` (core.scheduling) if missing.
    From then on the administrator owns its schedule (and may disable it) in the admin."""

    name: str  # unique, shown in the admin's periodic tasks
    task: str  # the Celery task's registered name
    every_minutes: int | None = None
    crontab: str | None = None  # "minute hour day_of_month month_of_year day_of_week", e.g. "30 3 * * *"

    def __post_init__(self):
        if (self.every_minutes is None) == (self.crontab is None):
            raise ContributionError(f"Scheduled {self.name!r}: give either every_minutes or crontab.")
        if self.crontab is not None and len(self.crontab.split()) != 5:
            raise ContributionError(f"Scheduled {self.name!r}: a crontab has five fields: {self.crontab!r}.")


def load(config):
    """The app's Contributions, or None if it has no contributions module. An error importing it propagates:
    a broken module must fail loudly (core.checks reports it at start-up), never be skipped."""
    name = f"{config.name}.{MODULE}"
    if importlib.util.find_spec(name) is None:
        return None
    declared = getattr(importlib.import_module(name), "contributions", None)
    if not isinstance(declared, Contributions):
        raise ContributionError(f"{name} must define `contributions = Contributions(...)`.")
    return declared


@functools.cache
def contributions():
    """[(app_config, Contributions)] for every installed app that has a contributions module, in order."""
    found = [(config, load(config)) for config in apps.get_app_configs()]
    return [(config, declared) for config, declared in found if declared is not None]


def collected(what):
    """Every app's contributions of one sort, e.g. collected("report_kinds"), in INSTALLED_APPS order."""
    return [item for _config, declared in contributions() for item in getattr(declared, what)]


@receiver(setting_changed)
def _forget_on_new_apps(*, setting, **kwargs):
    # Tests that install an app (override_settings(INSTALLED_APPS=...)) must see its contributions.
    if setting == "INSTALLED_APPS":
        contributions.cache_clear()
