from django import forms

from accounts.models import Organisation
from core import tabular

from .ifate import MAX_FILE_BYTES, WEB_ADDRESS_MESSAGE, decode_file, web_address
from .models import KSB, Competency, Duty, Framework, Standard
from .services import framework_name_problem


class KSBPicker(forms.SelectMultiple):
    """Checkboxes grouped by kind, with a filter box: easy to find one of 72 statements."""

    template_name = "standards/widgets/ksb_picker.html"
    option_template_name = ""


def ksb_choices(standard, with_duties=False):
    """KSBs grouped by kind; with_duties adds the duties each serves, e.g. "(D2, D3)", to find by duty."""
    duties = {}
    if with_duties:
        for ksb_id, number in Duty.ksbs.through.objects.filter(duty__standard=standard).values_list(
            "ksb_id", "duty__number"
        ):
            duties.setdefault(ksb_id, []).append(f"D{number}")
    groups = {kind: [] for kind in KSB.Kind}
    for ksb in standard.ksbs.all():
        tag = f" ({', '.join(sorted(duties[ksb.pk], key=lambda d: int(d[1:])))})" if ksb.pk in duties else ""
        groups[ksb.kind].append((ksb.pk, f"{ksb.code}: {ksb.text}{tag}"))
    return [(kind.label, options) for kind, options in groups.items() if options]


class KSBField(forms.ModelMultipleChoiceField):
    widget = KSBPicker

    def __init__(self, standard, with_duties=False, **kwargs):
        super().__init__(queryset=standard.ksbs.all(), **kwargs)
        self.choices = ksb_choices(standard, with_duties)


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
