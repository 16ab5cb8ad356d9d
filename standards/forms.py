from django import forms

from accounts.models import Organisation
from core import tabular

from .ifate import MAX_FILE_BYTES, WEB_ADDRESS_MESSAGE, decode_file, web_address
from .models import KSB, Competency, Framework, Standard
from .selectors import duty_ksbs
from .services import framework_name_problem


class KSBPicker(forms.SelectMultiple):
    """Checkboxes grouped by kind, with a filter box: easy to find one of 72 statements."""

    template_name = "standards/widgets/ksb_picker.html"
    option_template_name = ""


def ksb_choices(standard, with_duties=False, organisation_id=None):
    """KSBs grouped by kind; with_duties adds the duties each serves, e.g. "(D2, D3)", to find by duty: from
    the published mapping, or for ``organisation_id`` where none is published, its locally made one."""
    ksbs = list(standard.ksbs.all())
    duties = {}
    if with_duties:
        for duty, mapped in duty_ksbs(standard, ksbs, organisation_id=organisation_id):
            for ksb in mapped:
                duties.setdefault(ksb.pk, []).append(duty.code)
    groups = {kind: [] for kind in KSB.Kind}
    for ksb in ksbs:
        tag = f" ({', '.join(duties[ksb.pk])})" if ksb.pk in duties else ""
        groups[ksb.kind].append((ksb.pk, f"{ksb.code}: {ksb.text}{tag}"))
    return [(kind.label, options) for kind, options in groups.items() if options]


class KSBField(forms.ModelMultipleChoiceField):
    widget = KSBPicker

    def __init__(self, standard, with_duties=False, organisation_id=None, **kwargs):
        super().__init__(queryset=standard.ksbs.all(), **kwargs)
        self.choices = ksb_choices(standard, with_duties, organisation_id)


class StandardUploadForm(forms.Form):
    file = forms.FileField(
        label="The Institute's JSON file",
        help_text="One standard, or a list of them, as the Institute for Apprenticeships publishes them. "
        "Up to 5 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; a standard's JSON is far smaller.")
        try:
            return decode_file(upload.read())
        except tabular.ImportRefused as exc:
            raise forms.ValidationError([str(p) for p in exc.problems]) from None


class WebAddressField(forms.URLField):
    """An http or https address only: a javascript: or data: link must never reach a page."""

    default_validators = [web_address]
    default_error_messages = {"invalid": WEB_ADDRESS_MESSAGE}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class StandardAdminForm(forms.ModelForm):
    """The admin's form for a standard: its links, like an imported file's, are web addresses only."""

    source_url = WebAddressField(label="Source address", max_length=500, required=False)
    assessment_plan_url = WebAddressField(label="Assessment plan address", max_length=500, required=False)

    class Meta:
        model = Standard
        fields = ["source_url", "assessment_plan_url"]  # the admin adds the others it shows


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["organisation", "name", "description", "standard"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["standard"].queryset = Standard.objects.all()
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        if self.instance.pk:
            # Moving a framework to another organisation or standard would orphan its mappings.
            del self.fields["organisation"]
            self.fields["standard"].disabled = True
            self.fields["standard"].help_text = "Fixed once competencies map to its KSBs."

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or (self.instance.organisation if self.instance.pk else None)
        if organisation and data.get("name"):
            problem = framework_name_problem(
                organisation=organisation, name=data["name"], framework=self.instance
            )
            if problem:
                self.add_error(
                    "name", problem
                )  # beside the name, not "Framework with this ... exists" on top
        return data


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = [
            "kind",
            "role",
            "code",
            "title",
            "description",
            "ksbs",
            "reference_scheme",
            "reference_code",
            "reference_title",
        ]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"role": "Role or service"}

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.framework = framework
        self.fields["ksbs"] = KSBField(
            framework.standard,
            required=False,
            label="KSBs it evidences",
            help_text=f"From {framework.standard.label}.",
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Competency.Kind.ROLE_SPECIFIC and not data.get("role"):
            self.add_error("role", "Say which role or service this role-specific competency is for.")
        if data.get("reference_scheme") and not data.get("reference_code"):
            self.add_error(
                "reference_code", "Give the code of the external reference, or choose no reference."
            )
        if data.get("reference_code") and not data.get("reference_scheme"):
            self.add_error("reference_scheme", "Choose which framework this reference code belongs to.")
        return data


class DutyMappingForm(forms.Form):
    """An organisation's own choice of KSBs for one duty."""

    def __init__(self, *args, duty, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksbs"] = KSBField(
            duty.standard,
            required=False,
            label=f"KSBs that {duty.code} draws on",
            help_text="Choose none to remove your organisation's mapping of this duty.",
        )


class ProgressionForm(forms.Form):
    direction = forms.ChoiceField(
        label="Which way does the link go?",
        choices=[
            ("onwards", "Onwards: from this standard to the other"),
            ("into", "Into: from the other to this"),
        ],
        widget=forms.RadioSelect,
    )
    reference = forms.RegexField(
        label="The other standard's reference",
        regex=r"^\s*[A-Za-z]{2}\d{4}\s*$",
        max_length=12,
        help_text="For example ST0827.",
        error_messages={"invalid": "Give a reference like ST0827: two letters and four numbers."},
    )
    title = forms.CharField(label="Its title", max_length=200)
    level = forms.IntegerField(
        label="Its level",
        min_value=1,
        max_value=8,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )
    note = forms.CharField(
        label="Why the link (optional)",
        max_length=300,
        required=False,
        help_text="For example: our assistant practitioners go on to this as trainee nursing associates.",
    )
