"""Every date and time field of every form in the project renders its value as the browser's date and time
inputs read it: ISO (2026-11-29), never the British display format (29/11/2026), which Chromium shows as an
empty box, so saving an unchanged form failed with "This field is required"."""

import datetime
import importlib
import pkgutil
import re
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

SAMPLES = {
    # field class: (value, input type, ISO text)
    forms.DateTimeField: (datetime.datetime(2026, 11, 29, 9, 5), "datetime-local", "2026-11-29T09:05"),
    forms.DateField: (datetime.date(2026, 11, 29), "date", "2026-11-29"),
    forms.TimeField: (datetime.time(9, 5), "time", "09:05"),
}


def project_form_classes():
    """Every Form and ModelForm defined in the project's own apps, found by importing all their modules."""
    project = [a for a in apps.get_app_configs() if Path(a.path).parent == Path(settings.BASE_DIR)]
    for app in project:
        for module in pkgutil.walk_packages([app.path], prefix=f"{app.name}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    names = tuple(f"{a.name}." for a in project)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {c for c in subclasses(forms.BaseForm) if c.__module__.startswith(names)}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def temporal_fields():
    """(where, field, kind) for each date, date-and-time or time field the project's forms declare."""
    for form_class in project_form_classes():
        for name, field in form_class.base_fields.items():
            kind = next((k for k in SAMPLES if isinstance(field, k)), None)
            if kind:
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field, kind


def test_the_walk_finds_the_forms_it_should():
    names = {c.__name__ for c in project_form_classes()}
    assert {"EvidenceForm", "CohortForm", "ReviewForm", "StatusForm", "StudyTimeForm", "RatingForm"} <= names
    assert len(list(temporal_fields())) >= 8


def test_date_and_time_fields_render_iso_into_a_date_or_time_input():
    wrong = []
    for where, field, kind in temporal_fields():
        value, input_type, iso = SAMPLES[kind]
        with translation.override("en-gb"):
            html = field.widget.render("when", field.prepare_value(value))
        shown = re.search(r'value="([^"]*)"', html)
        if f'type="{input_type}"' not in html or not shown or shown.group(1) != iso:
            wrong.append(f"{where}: {html}")
    assert not wrong, "Not ISO in a date/time input:\n" + "\n".join(wrong)
