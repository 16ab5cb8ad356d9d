"""The NHS.UK crispy template pack (core/templates/nhsuk/), ready before any page uses it: our own forms
rendered through it, with and without errors, read back as HTML. Issue 13 switches the pages to it by
setting CRISPY_TEMPLATE_PACK = "nhsuk" (docs/adr/0007-nhs-uk-frontend.md)."""

import datetime
from html.parser import HTMLParser

import pytest
from crispy_forms import utils as crispy_utils
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template import Context, Template
from django.test import override_settings
from django.utils.functional import empty

from accounts.views_people import InvitationForm, PersonForm
from competencies.forms import EvidenceForm
from core.signing import SignForm
from pastoral.forms import RatingForm, ToolUploadForm
from standards.forms import StandardUploadForm
from trainees.forms import BookReviewForm

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children, self.parts = tag, dict(attrs), parent, [], []

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def has(self, cls):
        return cls in self.classes

    def all(self, tag=None, cls=None, **attrs):
        """Every element below this one with the tag, class and attributes given (id="x", type="date")."""
        for child in self.children:
            if (
                (tag is None or child.tag == tag)
                and (cls is None or child.has(cls))
                and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            ):
                yield child
            yield from child.all(tag, cls, **attrs)

    def one(self, tag=None, cls=None, **attrs):
        found = list(self.all(tag, cls, **attrs))
        assert len(found) == 1, f"expected one <{tag or '*'} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    def text_content(self):
        return " ".join(" ".join(p if isinstance(p, str) else p.text_content() for p in self.parts).split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Element("#root", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.current.parts.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"</{tag}> closes nothing open"
        self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> left open"
    return builder.root


def render(source, **context):
    return parse(Template("{% load crispy_forms_tags %}" + source).render(Context(context)))


def whole(form):
    return render('{{ form|crispy:"nhsuk" }}', form=form)


def summary_links(page):
    summary = page.one("div", "nhsuk-error-summary")
    return {a.attrs["href"]: a.text_content() for a in summary.all("a")}


def assert_references_resolve(page):
    """Every id that an aria-describedby names or a summary link points to is on the page, once."""
    ids = [e.attrs["id"] for e in page.all() if "id" in e.attrs]
    named = [
        i for e in page.all() if "aria-describedby" in e.attrs for i in e.attrs["aria-describedby"].split()
    ]
    named += [a.attrs["href"][1:] for a in page.all("a") if a.attrs.get("href", "").startswith("#")]
    assert named, "nothing to check"
    for target in named:
        assert ids.count(target) == 1, f"#{target} is named but the page has it {ids.count(target)} times"


def error_message(page, field_id):
    message = page.one("p", "nhsuk-error-message", id=f"{field_id}_error")
    prefix = message.one("span", "nhsuk-u-visually-hidden")
    assert prefix.text_content() == "Error:"
    return message.text_content().removeprefix("Error:").strip()


def assert_no_errors_shown(page):
    shown = [e for e in page.all() if e.classes & {"nhsuk-error-summary", "nhsuk-error-message"}]
    shown += [e for e in page.all() if any(c.endswith("--error") for c in e.classes)]
    assert shown == []
    assert not any("aria-invalid" in e.attrs for e in page.all())


# --- The evidence form: text, date, select, textarea, number and the KSB picker ------------------------


@pytest.mark.django_db
def test_evidence_form_fields_are_nhs_form_groups_with_hints(cohort_setup):
    page = whole(EvidenceForm(enrolment=cohort_setup.enrolment))

    for name in ["title", "occurred_on", "kind", "narrative", "hours", "ksbs"]:
        group = page.one("div", "nhsuk-form-group", id=f"div_id_{name}")
        assert group.one("label", "nhsuk-label", **{"for": f"id_{name}"})
    assert page.one(id="id_title").classes >= {"nhsuk-input"}
    assert page.one("input", id="id_occurred_on").attrs["type"] == "date"
    assert page.one(id="id_occurred_on").classes >= {"nhsuk-input", "nhsuk-input--width-10"}
    assert page.one("select", "nhsuk-select", id="id_kind")
    assert page.one("textarea", "nhsuk-textarea", id="id_narrative")
    assert page.one("input", "nhsuk-input", id="id_hours").attrs["type"] == "number"

    hint = page.one("div", "nhsuk-hint", id="id_narrative_helptext")
    assert hint.text_content().startswith("What happened, what you did")
    assert page.one(id="id_narrative").attrs["aria-describedby"] == "id_narrative_helptext"
    assert page.one(id="id_hours").attrs["aria-describedby"] == "id_hours_helptext"
    assert_no_errors_shown(page)
    assert_references_resolve(page)


@pytest.mark.django_db
def test_evidence_form_with_errors_has_a_summary_linked_to_each_field_and_inline_messages(cohort_setup):
    page = whole(EvidenceForm({"hours": "lots"}, enrolment=cohort_setup.enrolment))

    links = summary_links(page)
    assert links["#id_title"] == "Title: This field is required."
    assert links["#id_occurred_on"] == "Date: This field is required."
    assert links["#id_hours"] == "Hours: Enter a number."
    assert links["#id_ksbs"].startswith(
        "KSBs this evidence shows: Choose at least one KSB this evidence shows"
    )
    summary = page.one("div", "nhsuk-error-summary")
    assert summary.attrs["tabindex"] == "-1" and "autofocus" in summary.attrs  # focused on load, no script
    assert summary.one("h2", "nhsuk-error-summary__title").text_content() == "There is a problem"
    assert summary.one(role="alert")

    title = page.one(id="id_title")
    assert title.classes >= {"nhsuk-input", "nhsuk-input--error"} and title.attrs["aria-invalid"] == "true"
    assert title.attrs["aria-describedby"] == "id_title_error"
    assert page.one(id="div_id_title").has("nhsuk-form-group--error")
    assert error_message(page, "id_title") == "This field is required."
    assert page.one(id="id_hours").attrs["aria-describedby"] == "id_hours_helptext id_hours_error"
    assert page.one("select", id="id_kind").has("nhsuk-select--error")
    assert page.one("textarea", id="id_narrative").has("nhsuk-textarea--error")
    assert page.one(id="id_occurred_on").has("nhsuk-input--error")
    assert_references_resolve(page)


@pytest.mark.django_db
def test_ksb_picker_error_reaches_its_filter_box(cohort_setup):
    page = whole(EvidenceForm({}, enrolment=cohort_setup.enrolment))

    assert page.one(id="div_id_ksbs").has("nhsuk-form-group--error")
    assert error_message(page, "id_ksbs").startswith("Choose at least one KSB this evidence shows")
    filter_box = page.one("input", id="id_ksbs")
    assert filter_box.attrs["type"] == "search"
    assert "id_ksbs_error" in filter_box.attrs["aria-describedby"].split()


def test_a_field_without_errors_in_a_form_with_errors_is_plain():
    page = whole(PersonForm({"email": "someone@example.nhs.uk"}))
    assert not page.one(id="div_id_email").has("nhsuk-form-group--error")
    assert "nhsuk-input--error" not in page.one(id="id_email").classes
    assert page.one(id="id_email").attrs["aria-describedby"] == "id_email_helptext"
    assert page.one(id="div_id_roles").has("nhsuk-form-group--error")


# --- The contract's sign form: a single checkbox ------------------------------------------------------


def sign_form(data=None):
    return SignForm(data, read_terms="I have read this learning contract")


def test_sign_form_confirmation_is_an_nhs_checkbox_with_its_label():
    page = whole(sign_form())
    item = page.one("div", "nhsuk-checkboxes__item")
    box = item.one("input", "nhsuk-checkboxes__input", id="id_read_terms")
    assert box.attrs["type"] == "checkbox"
    label = item.one("label", "nhsuk-checkboxes__label", **{"for": "id_read_terms"})
    assert label.has("nhsuk-label") and label.text_content() == "I have read this learning contract"
    assert any(a.has("nhsuk-checkboxes") for a in item.ancestors())
    assert page.one("input", type="hidden", name="fingerprint")
    assert_no_errors_shown(page)


def test_sign_form_unconfirmed_says_so_beside_the_box_and_in_the_summary():
    page = whole(sign_form({"party": "trainee"}))
    assert summary_links(page) == {
        "#id_read_terms": "I have read this learning contract: Confirm that you have read it before you sign."
    }
    group = page.one(id="div_id_read_terms")
    assert group.has("nhsuk-form-group--error")
    assert error_message(group, "id_read_terms") == "Confirm that you have read it before you sign."
    box = page.one("input", id="id_read_terms")
    assert box.attrs["aria-describedby"] == "id_read_terms_error" and box.attrs["aria-invalid"] == "true"
    assert_references_resolve(page)


def test_single_checkbox_hint_sits_under_its_label():
    form = ToolUploadForm(scopes=[("1", "Our trust")])
    form.fields["is_example"].help_text = "Shown with a banner on every page that uses it."
    page = whole(form)
    item = page.one("div", "nhsuk-checkboxes__item")
    assert item.one("div", "nhsuk-hint", id="id_is_example_helptext").has("nhsuk-checkboxes__hint")
    assert page.one("input", id="id_is_example").attrs["aria-describedby"] == "id_is_example_helptext"


# --- Dates: the browser's own picker, given ISO ------------------------------------------------------


def test_date_field_keeps_iso_value_and_a_date_sized_box():
    page = whole(BookReviewForm(initial={"next_review_on": datetime.date(2026, 11, 29)}))
    box = page.one("input", id="id_next_review_on")
    assert box.attrs["type"] == "date" and box.attrs["value"] == "2026-11-29"
    assert box.classes >= {"nhsuk-input", "nhsuk-input--width-10"}


def test_date_field_with_a_wrong_date_shows_the_error_and_keeps_what_was_typed():
    page = whole(BookReviewForm({"next_review_on": "2026-02-30"}))
    box = page.one("input", id="id_next_review_on")
    assert box.attrs["value"] == "2026-02-30" and box.has("nhsuk-input--error")
    assert error_message(page, "id_next_review_on") == "Enter a valid date."
    assert summary_links(page) == {"#id_next_review_on": "Next progress review on: Enter a valid date."}


# --- Radios and checkboxes: a fieldset with a legend ------------------------------------------------


def test_radios_are_a_fieldset_whose_legend_is_the_question():
    page = whole(InvitationForm())
    group = page.one(id="div_id_role")
    fieldset = group.one("fieldset", "nhsuk-fieldset")
    assert fieldset.one("legend", "nhsuk-fieldset__legend").text_content() == "Role"
    radios = fieldset.one("div", "nhsuk-radios")
    inputs = list(radios.all("input", "nhsuk-radios__input"))
    assert [i.attrs["id"] for i in inputs] == ["id_role_0", "id_role_1", "id_role_2", "id_role_3"]
    assert all(i.attrs["type"] == "radio" and i.attrs["name"] == "role" for i in inputs)
    for item in radios.all("div", "nhsuk-radios__item"):
        radio = item.one("input")
        label = item.one("label", "nhsuk-radios__label")
        assert label.attrs["for"] == radio.attrs["id"]
    assert "aria-describedby" not in fieldset.attrs
    assert_no_errors_shown(page)


def test_radios_with_an_error_describe_the_fieldset_and_the_summary_links_the_first_option():
    page = whole(InvitationForm({"email": "a@example.nhs.uk"}))
    fieldset = page.one(id="div_id_role").one("fieldset")
    assert fieldset.attrs["aria-describedby"] == "id_role_error"
    assert page.one(id="div_id_role").has("nhsuk-form-group--error")
    assert error_message(fieldset, "id_role") == "This field is required."
    assert summary_links(page) == {"#id_role_0": "Role: This field is required."}
    assert_references_resolve(page)


def test_choices_with_a_hint_name_it_on_the_fieldset():
    form = PersonForm({"email": "a@example.nhs.uk"})
    form.fields["roles"].help_text = "Choose every role they have here."
    page = whole(form)
    fieldset = page.one(id="div_id_roles").one("fieldset")
    assert fieldset.attrs["aria-describedby"] == "id_roles_helptext id_roles_error"
    assert fieldset.one("div", "nhsuk-hint", id="id_roles_helptext")
    assert list(
        fieldset.one("div", "nhsuk-checkboxes").all("input", "nhsuk-checkboxes__input", type="checkbox")
    )
    assert_references_resolve(page)


def test_checked_choices_stay_checked():
    page = whole(PersonForm({"roles": ["mentor", "lecturer"]}))
    checked = [i.attrs["value"] for i in page.all("input", "nhsuk-checkboxes__input") if "checked" in i.attrs]
    assert checked == ["mentor", "lecturer"]


def test_pastoral_rating_layout_renders_inline_radios_in_a_grid():
    form = RatingForm({"e1-rag": "purple"}, prefix="e1")
    page = render('{% crispy form "nhsuk" %}', form=form)  # the tag accepts the pack (ALLOWED_TEMPLATE_PACKS)
    assert page.one("div", "nhsuk-radios").has("nhsuk-radios--inline")
    assert error_message(page, "id_e1-rag").startswith("Select a valid choice.")
    rows = list(page.all("div", "nhsuk-grid-row"))
    assert len(rows) == 2
    for name in ["notes", "evidence", "action_what", "action_owner", "action_due"]:
        column = page.one(id=f"div_id_e1-{name}").parent
        assert any(c.startswith("nhsuk-grid-column-") for c in column.classes)
        assert column.parent.has("nhsuk-grid-row")
    assert_references_resolve(page)


# --- File upload ------------------------------------------------------------------------------------


def test_file_field_is_an_nhs_file_upload_with_its_hint():
    page = whole(StandardUploadForm())
    group = page.one(id="div_id_file")
    assert group.classes >= {"nhsuk-form-group", "nhsuk-file-upload"}
    # The browser's own file input, not nhsuk-frontend's script-drawn drop zone: that replaces the input with
    # a button taking its id (so the label, the error summary's link and tests no longer reach the input)
    # and names the button by the label alone, which axe reports (label-content-name-mismatch). A phone's
    # own picker offers the camera, the photo library or files.
    assert "data-module" not in group.attrs
    box = group.one("input", "nhsuk-file-upload__input", id="id_file")
    assert box.attrs["type"] == "file" and box.attrs["aria-describedby"] == "id_file_helptext"
    assert group.one(id="id_file_helptext").text_content().startswith("One standard, or a list of them")
    assert_no_errors_shown(page)


def test_file_field_without_a_file_shows_the_error():
    page = whole(StandardUploadForm({}, {}))
    assert page.one(id="div_id_file").has("nhsuk-form-group--error")
    assert page.one(id="id_file").attrs["aria-describedby"] == "id_file_helptext id_file_error"
    assert error_message(page, "id_file") == "This field is required."
    assert summary_links(page) == {"#id_file": "The Institute's JSON file: This field is required."}


# --- Summary rules the pages rely on ----------------------------------------------------------------


class Sample(forms.Form):
    name = forms.CharField()

    def clean(self):
        raise forms.ValidationError("Nothing was saved.")


def test_summary_is_shown_once_when_the_page_includes_it_and_crispy_would_too():
    form = Sample({})
    page = render(
        '{% include "nhsuk/error_summary.html" with note="Correct it below." %}{{ form|crispy:"nhsuk" }}',
        form=form,
    )
    summary = page.one("div", "nhsuk-error-summary")
    assert [li.text_content() for li in summary.all("li")] == [
        "Nothing was saved.",
        "Name: This field is required.",
    ]
    assert summary.one("p").text_content() == "Correct it below."


def test_several_errors_on_one_field_are_one_message_each_read_as_an_error():
    form = Sample({})
    form.add_error("name", "Use their name as on their ID badge.")
    page = whole(form)
    message = page.one("p", "nhsuk-error-message", id="id_name_error")
    assert [s.text_content() for s in message.all("span", "nhsuk-u-visually-hidden")] == ["Error:", "Error:"]


def test_helper_submit_is_an_nhs_button():
    form = Sample()
    form.helper = FormHelper()
    form.helper.add_input(Submit("save", "Save and continue"))
    page = render('{% crispy form "nhsuk" %}', form=form)
    button = page.one("form").one("div", "nhsuk-button-group").one("button", "nhsuk-button")
    assert button.attrs["type"] == "submit" and button.text_content() == "Save and continue"
    assert not any(c.startswith("btn") for c in button.classes)


@pytest.fixture
def nhsuk_by_default():
    """CRISPY_TEMPLATE_PACK = "nhsuk", as issue 13 sets it. crispy reads the setting once into a lazy
    object; it is read afresh here and again after."""
    with override_settings(CRISPY_TEMPLATE_PACK="nhsuk"):
        crispy_utils.TEMPLATE_PACK._wrapped = empty
        yield
    crispy_utils.TEMPLATE_PACK._wrapped = empty


def test_setting_the_pack_switches_whole_forms_and_single_fields(nhsuk_by_default):
    page = render(
        "{{ form|crispy }}{{ other.email|as_crispy_field }}", form=sign_form({}), other=PersonForm()
    )
    assert page.one("div", "nhsuk-error-summary")
    assert page.one(id="div_id_read_terms").has("nhsuk-form-group--error")
    assert page.one(id="div_id_email").has("nhsuk-form-group")
    assert not [e for e in page.all() if e.classes & {"form-control", "invalid-feedback", "mb-3", "alert"}]
