"""Every form error is visible beside its field and in a summary at the top of the form ("There is a problem",
a link to each field, the focus moved there by autofocus since the CSP forbids inline script)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template

from standards.forms import KSBField

TEMPLATES = Path(settings.BASE_DIR) / "templates"
WHOLE_FORM = re.compile(r"\|crispy\b|\{% crispy ")
# A template that places fields itself: crispy's per-field filter, a bound field, its value or its errors.
FIELD_BY_FIELD = re.compile(
    r"as_crispy_field|\{\{ *\w*form\.\w+ *\}\}"
    r"|\w*form\.\w+\.(errors|value)|\w*form\.(errors|non_field_errors)"
)
SUMMARY = '{% include "_form_errors.html"'


def form_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text()
        if path.name != "_form_errors.html" and (WHOLE_FORM.search(source) or FIELD_BY_FIELD.search(source)):
            yield path.relative_to(TEMPLATES), source


def test_every_form_template_has_the_error_summary():
    missing = [
        str(name)
        for name, source in form_templates()
        # {{ form|crispy }} and {% crispy form %} include it themselves (core/templates/nhsuk/errors.html)
        if SUMMARY not in source and FIELD_BY_FIELD.search(source)
    ]
    assert len(list(form_templates())) >= 20
    assert missing == [], f"Include _form_errors.html at the top of the form in: {missing}"


def test_crispy_renders_the_portal_summary_for_a_whole_form():
    errors = get_template(f"{settings.CRISPY_TEMPLATE_PACK}/errors.html")
    assert Path(errors.origin.name).is_relative_to(Path(settings.BASE_DIR) / "core" / "templates")
    assert '{% include "nhsuk/error_summary.html"' in Path(errors.origin.name).read_text()
    assert '{% include "nhsuk/error_summary.html"' in (TEMPLATES / "_form_errors.html").read_text()


class Sample(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    def clean(self):
        if self.cleaned_data.get("name") != "fine":
            raise forms.ValidationError("Nothing was saved.")


def render(source, **context):
    return Template("{% load crispy_forms_tags %}" + source).render(Context(context))


def test_summary_lists_each_problem_with_a_link_to_its_field():
    html = render('{% include "_form_errors.html" %}{{ form|crispy }}', form=Sample({}))
    assert html.count("There is a problem") == 1  # the include and crispy's own summary: shown once
    assert "autofocus" in html and 'tabindex="-1"' in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert '<a href="#id_kind_0">Kind: This field is required.</a>' in html
    assert "<li>Nothing was saved.</li>" in html
    assert 'id="id_kind_0"' in html  # the link's target exists


def test_whole_form_through_crispy_gets_the_summary():
    html = render("{{ form|crispy }}", form=Sample({}))
    assert html.count("There is a problem") == 1


def test_no_summary_without_errors():
    assert "There is a problem" not in render("{{ form|crispy }}", form=Sample())
    assert "There is a problem" not in render("{{ form|crispy }}", form=Sample({"name": "fine", "kind": "a"}))


@pytest.mark.django_db
def test_ksb_picker_error_is_linked_and_described_on_its_filter_box(st0215):
    class EvidenceLike(forms.Form):
        ksbs = KSBField(st0215, label="KSBs this evidence shows")

    html = render('{% include "_form_errors.html" %}{{ form.ksbs|as_crispy_field }}', form=EvidenceLike({}))
    link = '<a href="#id_ksbs">KSBs this evidence shows: This field is required.</a>'
    assert link in html
    filter_box = r'<input type="search"[^>]*id="id_ksbs"[^>]*aria-describedby="id_ksbs_error"'
    assert re.search(filter_box, html, re.S)
    assert '<p class="nhsuk-error-message" id="id_ksbs_error">' in html
    # The red border comes from the form group's error class (portal.css), each KSB an NHS.UK small checkbox.
    assert 'id="div_id_ksbs" class="nhsuk-form-group nhsuk-form-group--error"' in html
    assert 'class="nhsuk-checkboxes nhsuk-checkboxes--small"' in html
    checkbox = r'<input class="nhsuk-checkboxes__input" type="checkbox" name="ksbs"[^>]*id="id_ksbs_0_0"'
    assert re.search(checkbox, html)
    assert "is-invalid" not in html and "border-danger" not in html


def test_each_error_is_shown_beside_its_field_and_the_field_is_marked():
    html = render("{{ form|crispy }}", form=Sample({}))
    message = (
        r'<p class="nhsuk-error-message" id="id_name_error">\s*<span class="nhsuk-u-visually-hidden">Error:'
    )
    assert re.search(message, html)
    assert re.search(r'<input[^>]*class="[^"]*nhsuk-input--error[^"]*"[^>]*id="id_name"', html) or re.search(
        r'<input[^>]*id="id_name"[^>]*class="[^"]*nhsuk-input--error', html
    )
    assert 'id="id_kind_error"' in html and 'aria-describedby="id_kind_error"' in html
