"""Start-up checks of the contributions: every app's contributions module imports, and names are unique.

Run by `manage.py check`, `migrate` and `runserver` (production runs `migrate` before it serves), so a
broken contributions module stops the start with its error instead of a page failing later. Report kinds'
names are checked by the reports app itself (reports.checks, reports.E003).
"""

from django.apps import apps
from django.core.checks import Error

from . import plugins

# Sorts whose items are named, the name being what is stored or shown: it must be unique across apps.
NAMED = {"reminder_kinds": "core.E002", "scheduled_tasks": "core.E003"}


def contributions(app_configs=None, **kwargs):
    found, errors = [], []
    for config in apps.get_app_configs():
        try:
            declared = plugins.load(config)
        except Exception as exc:  # noqa: BLE001 - whatever broke the import is what the operator must read
            errors.append(
                Error(
                    f"{config.name}.{plugins.MODULE} could not be loaded: {exc!r}",
                    hint="Fix it: an app's contributions must never disappear quietly.",
                    id="core.E001",
                )
            )
            continue
        if declared is not None:
            found.append((config, declared))
    for what, error_id in NAMED.items():
        errors += _duplicates(found, what, error_id)
    return errors


def _duplicates(found, what, error_id):
    by_name = {}
    for config, declared in found:
        for item in getattr(declared, what):
            by_name.setdefault(item.name, []).append(config.name)
    return [
        Error(f"Two {what.replace('_', ' ')} are called {name!r}: from {', '.join(owners)}.", id=error_id)
        for name, owners in by_name.items()
        if len(owners) > 1
    ]
