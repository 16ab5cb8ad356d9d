"""Start-up check of the report kinds: a kind that cannot be loaded stops the start with the reason, rather
than disappearing from the reports (it used to be skipped on ImportError). Independent of core's check of
the contributions as a whole, so the reports app says what it needs itself."""

from django.core.checks import Error
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from . import kinds


def report_kinds(app_configs=None, **kwargs):
    try:
        found = kinds.available()
    except Exception as exc:  # noqa: BLE001 - whatever broke the import is what the operator must read
        return [
            Error(
                f"The report kinds could not be loaded: {exc!r}",
                hint="Fix the module named in the error; a report kind must never silently disappear.",
                id="reports.E001",
            )
        ]
    errors = []
    names = set()
    for kind in found:
        if not isinstance(kind, kinds.Kind):
            errors.append(Error(f"{kind!r} in report_kinds is not a reports.kinds.Kind.", id="reports.E002"))
            continue
        if kind.name in names:
            errors.append(Error(f"Two report kinds are called {kind.name!r}.", id="reports.E003"))
        names.add(kind.name)
        try:
            get_template(kind.template)
        except TemplateDoesNotExist:
            message = f"The {kind.name!r} report's template {kind.template} does not exist."
            errors.append(Error(message, id="reports.E004"))
    return errors
