"""The report kinds. Adding one is one small step: describe it as a ``Kind`` in your app's ``reports.py``
(its name, what it is about, who may see it, the data it shows and the template that lays it out) and list
it in your app's ``contributions.py`` as ``report_kinds=[...]``. The pipeline (jobs, worker, progress,
download, retention, command) does the rest. A kind that cannot be imported, or two kinds of one name, stop
the start (reports/checks.py), never disappear quietly.
"""

from dataclasses import dataclass
from typing import Any

from core.plugins import collected


class UnknownKind(LookupError):
    pass


class UnsupportedFormat(ValueError):
    pass


@dataclass(frozen=True)
class Kind:
    name: str  # written once, here; it is what jobs, URLs and the command call the kind
    label: str
    model: Any
    can_view: Any  # an access rule: (user, subject) -> bool
    build: Any  # (subject, viewer=None) -> the template's context
    template: str
    filename: Any  # subject -> a file name without extension
    docx: Any = None  # subject -> bytes of a Word document, where the kind offers one
    # (subject, viewer=None, progress=...) -> bytes of a zip file, for a kind that is one download of many
    # files (the gateway bundle); such a kind comes as a zip only (its template may make one of the files).
    archive: Any = None

    @property
    def formats(self):
        if self.archive:
            return ("zip",)
        return ("pdf", "docx") if self.docx else ("pdf",)

    def check_format(self, fmt):
        """The one place a format is checked: raises UnsupportedFormat, saying what the kind comes as."""
        if fmt not in self.formats:
            offered = " or ".join(self.formats)
            raise UnsupportedFormat(f"The {self.label.lower()} comes as {offered}, not {fmt}.")

    def subject(self, subject_id):
        return self.model.objects.filter(pk=subject_id).first()


def available():
    """Every app's report kinds, in INSTALLED_APPS order. An app whose report module is broken raises here."""
    return collected("report_kinds")


def by_name():
    return {kind.name: kind for kind in available()}


def get(name):
    found = by_name()
    try:
        return found[name]
    except KeyError:
        raise UnknownKind(f"No report kind {name!r}; the kinds are {', '.join(sorted(found))}.") from None
