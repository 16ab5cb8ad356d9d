"""Forms of recruitment: the vacancy and its panel, a candidate, a stage's scores, the shortlisting decision,
the appointment and the one-step enrolment."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import Membership
from core.forms import OncePerSubmission
from core.widgets import DateInput
from trainees.forms import PeopleChoice, PersonChoice, people_with_role
from trainees.models import Cohort
from trainees.services import SECOND_COHORT_LABEL

from . import services_recruitment as services
from .models import Candidate, Score, Vacancy

Role = Membership.Role


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.profile.name}, version {obj.number} (band {obj.band})"


class VacancyForm(forms.ModelForm):
    profile_version = VersionChoice(
        queryset=None,
        label="Role profile",
        empty_label="Choose a published role profile",
        help_text="Candidates are scored on this version's person specification. It cannot change once a "
        "candidate has been scored.",
    )
    panel = PeopleChoice(
        queryset=None,
        required=False,
        help_text="Your organisation's staff who see and score this vacancy's candidates. Workforce leads "
        "see them anyway.",
    )

    class Meta:
        model = Vacancy
        fields = ["title", "reference", "profile_version", "closing_date", "status", "panel"]
        widgets = {"closing_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation
        self.fields["profile_version"].queryset = services.usable_versions(organisation)
        self.fields["panel"].queryset = services.panel_choices(organisation)
        self.fields["status"].help_text = (
            "Filled or withdrawn: the day is recorded, and candidates are deleted a set time after it (or "
            "after the closing date, if later)."
        )


class CandidateForm(OncePerSubmission, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["first_name", "last_name", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class ScoreForm(forms.Form):
    """One criterion on a stage's scoring page; named by prefix, one form per criterion."""

    result = forms.ChoiceField(
        label="Result",
        choices=[("", "Not scored yet"), *Score.Result.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(InlineRadios("result"), "note")

    def clean(self):
        data = super().clean()
        if data.get("note", "").strip() and not data.get("result"):
            # The error summary lists every criterion's problems together: say which criterion this is.
            which = f" for “{Truncator(self.criterion.text).words(8)}”" if self.criterion else ""
            self.add_error("result", f"Choose met, partly met or not met{which} to keep the note.")
        return data


class ShortlistForm(forms.Form):
    decision = forms.ChoiceField(
        label="Shortlisting decision",
        choices=[("yes", "Shortlist"), ("no", "Do not shortlist")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Drawn from the application scores; change it if your reason is another. Left empty, the "
        "drawn reason is recorded.",
    )

    def clean_decision(self):
        return self.cleaned_data["decision"] == "yes"


class AppointForm(forms.Form):
    reason = forms.CharField(
        label="Why you appoint them without every essential criterion met",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only when the candidate does not meet every essential criterion in full.",
    )


class EnrolCandidateForm(forms.Form):
    cohort = forms.ModelChoiceField(
        queryset=None, empty_label="Choose a cohort", help_text="Cohorts of your organisation not yet ended."
    )
    mentors = PeopleChoice(
        queryset=None, required=False, help_text="People with the mentor role in your organisation."
    )
    manager = PersonChoice(queryset=None, required=False, empty_label="None yet")
    service = forms.CharField(label="Service or ward", max_length=120, required=False)
    start_date = forms.DateField(
        label="Starts on",
        required=False,
        widget=DateInput(),
        help_text="The day they start the apprenticeship. Leave blank only if they start with the cohort, on "
        "its start date: someone appointed to a cohort already under way starts later. It decides which "
        "off-the-job rule applies and the hours due.",
        error_messages={"invalid": "Enter a real date"},
    )
    second_cohort = forms.BooleanField(
        label=SECOND_COHORT_LABEL,
        required=False,
        help_text="Only if they already have an account and are active on another cohort, and should also "
        "join this one.",
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = candidate.vacancy.organisation
        self.fields["cohort"].queryset = Cohort.objects.filter(
            organisation=organisation, expected_end_date__gt=timezone.localdate()
        ).order_by("-start_date", "name")
        supporters = {"mentors": Role.MENTOR, "manager": Role.MANAGER}
        for name, role in supporters.items():
            # Nobody supports themself: an existing account with the candidate's address is left out.
            self.fields[name].queryset = people_with_role(organisation, role).exclude(
                email__iexact=candidate.email
            )
