"""The report kinds. Adding one is two small steps: describe it as a ``Kind`` in your app's ``reports.py``
(what it is about, who may see it, the data it shows and the template that lays it out), then add its dotted
path to ``KINDS`` below. The pipeline (jobs, worker, progress, download, retention, command) does the rest.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

KINDS = {
    "cohort": "trainees.reports.COHORT",
    "portfolio": "competencies.reports.PORTFOLIO",
    "pastoral": "pastoral.reports.PASTORAL",
}


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: Any
    can_view: Any  # an accounts.access rule: (user, subject) -> bool
    build: Any  # subject -> the template's context
    template: str
    filename: Any  # subject -> a file name without extension
    docx: Any = None  # subject -> bytes of a Word document, where the kind offers one

    @property
    def formats(self):
        return ("pdf", "docx") if self.docx else ("pdf",)

    def subject(self, subject_id):
        return self.model.objects.filter(pk=subject_id).first()


class UnknownKind(LookupError):
    pass


def get(name):
    try:
        return import_string(KINDS[name])
    except KeyError:
        raise UnknownKind(f"No report kind {name!r}; the kinds are {', '.join(sorted(KINDS))}.") from None


def available():
    found = []
    for name in KINDS:
        try:
            found.append(get(name))
        except ImportError:  # an app whose report is not written yet
            continue
    return found
