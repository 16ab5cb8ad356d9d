from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from core.widgets import DateInput

from .importing import FORMATS, MAX_FILE_BYTES
from .models import DETAIL_FIELDS, REVISIT_MONTHS_MAX, REVISIT_MONTHS_MIN, Assessment, Rating

DATE = DateInput()


class StartAssessmentForm(forms.Form):
    tool_version = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        label="Version of the tool",
        help_text="Your latest version is chosen.",
    )
    assessed_on = forms.DateField(label="Date of the assessment", widget=DATE)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool_version"].queryset = versions


class AssessmentDetailsForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = list(DETAIL_FIELDS)
        widgets = {"assessed_on": DATE, "people_involved": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "people_involved": "Who took part, by name or role. Only your organisation sees this; the region "
            "sees phases only.",
            "other_groups": "For example: staff network, freedom to speak up guardian, education team.",
        }


class RatingForm(forms.Form):
    """One element of practice on a theme's page. Named by prefix, one form per element."""

    rag = forms.ChoiceField(
        label="Rating",
        choices=[("", "Not rated yet"), *Rating.RAG.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(
        label="Evidence relied on", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_what = forms.CharField(
        label="Action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed for Red or Amber before the assessment can be completed.",
    )
    action_owner = forms.CharField(label="Action owner", max_length=200, required=False)
    action_due = forms.DateField(label="Action due by", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            InlineRadios("rag"),
            Row(
                Column("notes", css_class="nhsuk-grid-column-one-half"),
                Column("evidence", css_class="nhsuk-grid-column-one-half"),
            ),
            Row(
                Column("action_what", css_class="nhsuk-grid-column-one-half"),
                Column("action_owner", css_class="nhsuk-grid-column-one-quarter"),
                Column("action_due", css_class="nhsuk-grid-column-one-quarter"),
            ),
        )


class RevisitIntervalForm(forms.Form):
    revisit_interval_months = forms.TypedChoiceField(
        label="Revisit the assessment every",
        coerce=int,
        choices=[(m, f"{m} months") for m in range(REVISIT_MONTHS_MIN, REVISIT_MONTHS_MAX + 1)],
        help_text="NHS England recommends every 6 to 12 months, as part of your governance.",
    )


class ToolUploadForm(forms.Form):
    file = forms.FileField(
        label="File of the tool's content",
        help_text="JSON, CSV or Excel (.xlsx), one row per element of practice with the columns theme, phase "
        "(1, 2 or 3), element and examples (examples separated by new lines or “|”); ref is optional.",
    )
    label = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example: NHS England PRN00840, our copy of May 2026. Empty: the file's name.",
    )
    scope = forms.ChoiceField(label="Who uses this version")
    is_example = forms.BooleanField(
        label="This is example content, not the published tool", required=False, initial=False
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        if len(scopes) == 1:
            self.fields["scope"].initial = scopes[0][0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise forms.ValidationError("Choose a .json, .csv or .xlsx file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB.")
        return upload
