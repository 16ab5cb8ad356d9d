"""Forms of role profiles (workforce/services_profiles.py does the changes).

A lead enters a profile the size of seed 004 (36 sections, 130 items, 28 criteria) on three kinds of page:
the details (one form), each part's sections (a formset: a section's items are one per line of a textarea)
and the person specification (a formset, a row per criterion). Each form shows what is stored exactly, so
saving it unchanged changes nothing; textareas' Windows line ends are made plain.
"""

from django import forms
from django.contrib.auth import get_user_model

from .models import Criterion, ProfileSection, ProfileVersion, RoleVariant, WorkforceRole
from .services_profiles import DETAIL_FIELDS, NO_STAGE, STAGE_FLAGS

User = get_user_model()


def plain(text):
    """A textarea's value with plain line ends and no space at the ends of lines."""
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()


def _area(rows):
    return forms.Textarea(attrs={"rows": rows})


# --- A new profile ------------------------------------------------------------------------------------


def role_choices(organisations):
    """The national roles and the organisations' own, each followed by its settings: one select, no script."""
    roles = WorkforceRole.objects.filter(organisation=None) | WorkforceRole.objects.filter(
        organisation__in=organisations
    )
    choices = []
    for role in roles.order_by("name").prefetch_related("variants"):
        options = [(f"role:{role.pk}", f"{role} (any setting)")]
        options += [
            (f"variant:{v.pk}", f"{role}, {v.get_setting_display().lower()}") for v in role.variants.all()
        ]
        group = role.name if role.is_national else f"{role.name} (your organisation's)"
        choices.append((group, options))
    return choices


def chosen_role(value):
    """(workforce role, variant or None) of a role_choices value, or (None, None)."""
    kind, _, pk = (value or "").partition(":")
    if kind == "variant":
        variant = RoleVariant.objects.select_related("role").filter(pk=pk).first()
        return (variant.role, variant) if variant else (None, None)
    if kind == "role":
        return WorkforceRole.objects.filter(pk=pk).first(), None
    return None, None


class ProfileForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, empty_label=None, label="Organisation")
    role = forms.ChoiceField(
        label="Workforce role",
        help_text="From the catalogue, national or your organisation's own; choose a setting if the profile "
        "is for one (the community assistant practitioner).",
    )
    name = forms.CharField(
        max_length=200,
        help_text="What your organisation calls it: Occupational therapy assistant practitioner.",
    )
    hours = forms.CharField(
        max_length=120,
        required=False,
        help_text="For example: 37.5 hours (over 7 days). You can add it later.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first()
        self.fields["role"].choices = [("", "Choose a workforce role"), *role_choices(organisations)]

    def clean(self):
        data = super().clean()
        role, variant = chosen_role(data.get("role"))
        if "role" in data and role is None:
            self.add_error("role", "Choose a workforce role from the list.")
        data["workforce_role"], data["variant"] = role, variant
        return data

    def profile(self):
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "workforce_role": data["workforce_role"],
            "variant": data["variant"],
            "name": data["name"].strip(),
            "hours": data["hours"].strip(),
        }


class RenameForm(forms.Form):
    name = forms.CharField(max_length=200)
    variant = forms.ModelChoiceField(
        queryset=None, required=False, label="Setting", empty_label="Any setting", help_text="Optional."
    )

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = profile.workforce_role.variants.all()
        self.fields["variant"].label_from_instance = lambda v: v.get_setting_display()


# --- A draft's details --------------------------------------------------------------------------------


class DetailsForm(forms.ModelForm):
    class Meta:
        model = ProfileVersion
        fields = list(DETAIL_FIELDS)
        labels = {
            "job_title": "Job title",
            "department": "Department",
            "relationships_internal": "Internal",
            "relationships_external": "External",
            "organisational_structure": "Organisational structure",
            "spec_job_title": "Job title",
            "spec_department": "Department",
            "closing_statement": "Closing statement",
            "agreement_declaration": "Declaration",
        }
        help_texts = {
            "department": "A line for each part, as it is printed.",
            "spec_job_title": "Only if the person specification names the job differently.",
            "spec_department": "Only if the person specification names the department differently.",
            "closing_statement": "What the job description ends with, before the agreement.",
            "agreement_declaration": "What the job holder and line manager declare when they sign.",
        }
        widgets = {
            "department": _area(2),
            "relationships_internal": _area(2),
            "relationships_external": _area(2),
            "job_purpose": _area(14),
            "organisational_structure": _area(6),
            "closing_statement": _area(4),
            "agreement_declaration": _area(2),
        }

    GROUPS = (
        ("Job details", ("job_title", "band", "hours", "department", "location", "reports_to")),
        ("", ("accountable_to", "responsible_for")),
        ("Working relationships", ("relationships_internal", "relationships_external")),
        ("Job purpose and structure", ("job_purpose", "organisational_structure")),
        ("Person specification heading", ("spec_job_title", "spec_department")),
        ("Job description agreement", ("closing_statement", "agreement_declaration")),
    )

    def clean(self):
        data = super().clean()
        return {name: plain(value) if isinstance(value, str) else value for name, value in data.items()}

    def groups(self):
        """(legend, bound fields) for the template's fieldsets."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


# --- A part's sections --------------------------------------------------------------------------------


class SectionForm(forms.Form):
    heading = forms.CharField(max_length=200, required=False)
    subheading = forms.CharField(max_length=200, required=False)
    style = forms.ChoiceField(choices=ProfileSection.Style.choices, initial=ProfileSection.Style.BULLETED)
    items = forms.CharField(
        required=False,
        widget=_area(4),
        help_text="One item per line: a responsibility, a list item or a paragraph.",
    )

    def clean_items(self):
        return [line.strip() for line in plain(self.cleaned_data["items"]).split("\n") if line.strip()]

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not (data.get("heading") or data.get("subheading") or data.get("items"))


class BaseSectionFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        n = i + 1
        form.fields["heading"].label = f"Heading of section {n}"
        form.fields["subheading"].label = f"Subheading of section {n} (optional)"
        form.fields["style"].label = f"Section {n} shows its items as"
        form.fields["items"].label = f"Items of section {n}"
        form.fields["ORDER"].label = f"Position of section {n}"
        form.fields["DELETE"].label = f"Remove section {n}"
        lines = len(str(form["items"].value() or "").split("\n"))
        form.fields["items"].widget.attrs["rows"] = min(max(4, lines + 1), 30)
        return form

    def sections(self):
        """The sections kept, in the order asked for: dicts the service takes."""
        return [
            {
                "heading": form.cleaned_data["heading"].strip(),
                "subheading": form.cleaned_data["subheading"].strip(),
                "style": form.cleaned_data["style"],
                "items": form.cleaned_data["items"],
            }
            for form in self.ordered_forms
            if not form.is_blank
        ]


def section_formset(extra=2):
    """The formset class with ``extra`` empty sections at the end."""
    return forms.formset_factory(
        SectionForm, formset=BaseSectionFormSet, extra=extra, can_delete=True, can_order=True, max_num=150
    )


def section_initial(version, part):
    return [
        {
            "heading": s.heading,
            "subheading": s.subheading,
            "style": s.style,
            "items": "\n".join(item.text for item in s.items.all()),
        }
        for s in version.sections.filter(part=part).prefetch_related("items")
    ]


# --- The person specification -------------------------------------------------------------------------

STAGES = [(flag, Criterion._meta.get_field(flag).verbose_name.capitalize()) for flag in STAGE_FLAGS]


class CriterionForm(forms.Form):
    category = forms.ChoiceField(choices=Criterion.Category.choices, label="Group")
    text = forms.CharField(required=False, widget=_area(2), label="Criterion")
    essential = forms.TypedChoiceField(
        choices=[("essential", "Essential"), ("desirable", "Desirable")],
        coerce=lambda value: value == "essential",
        required=False,
        empty_value=True,
        initial="essential",
        widget=forms.RadioSelect,
    )
    stages = forms.MultipleChoiceField(
        choices=STAGES, required=False, widget=forms.CheckboxSelectMultiple, label="Assessed by"
    )

    def __init__(self, *args, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE") or self.is_blank:
            return data
        if not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", f"Enter criterion {self.number}, or tick to remove it.")
        if not data.get("stages") and "stages" not in self.errors:
            self.add_error("stages", NO_STAGE.replace("this criterion", f"criterion {self.number}"))
        return data

    @property
    def is_blank(self):
        """An empty row, whatever its group and essential or desirable say: ignored."""
        data = getattr(self, "cleaned_data", {})
        return not (data.get("text") or "").strip() and not data.get("stages")

    def criterion(self):
        data = self.cleaned_data
        return {
            "category": data["category"],
            "text": plain(data["text"]),
            "essential": data["essential"],
            **{flag: flag in data["stages"] for flag in STAGE_FLAGS},
        }


class BaseCriterionFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": index + 1 if index is not None else None}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        n = i + 1
        form.fields["category"].label = f"Group of criterion {n}"
        form.fields["text"].label = f"Criterion {n}"
        form.fields["essential"].label = f"Criterion {n} is"
        form.fields["stages"].label = f"Criterion {n} is assessed by"
        form.fields["DELETE"].label = f"Remove criterion {n}"
        return form

    def criteria(self):
        return [
            form.criterion()
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form)) and not form.is_blank
        ]


def criterion_formset(extra=3):
    """The formset class with ``extra`` empty rows at the end."""
    return forms.formset_factory(
        CriterionForm, formset=BaseCriterionFormSet, extra=extra, can_delete=True, max_num=250
    )


def criterion_initial(version):
    return [
        {
            "category": c.category,
            "text": c.text,
            "essential": "essential" if c.essential else "desirable",
            "stages": [flag for flag in STAGE_FLAGS if getattr(c, flag)],
        }
        for c in version.criteria.all()
    ]


# --- The job description agreement --------------------------------------------------------------------


class NameSignersForm(forms.Form):
    job_holder = forms.ModelChoiceField(queryset=None, empty_label="Choose the job holder")
    line_manager = forms.ModelChoiceField(queryset=None, empty_label="Choose their line manager")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__organisation=organisation).distinct()
        people = people.order_by("last_name", "first_name", "username")
        for name in ("job_holder", "line_manager"):
            self.fields[name].queryset = people
