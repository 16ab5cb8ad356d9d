from django import forms

from core.forms import OncePerSubmission
from core.widgets import DateInput
from standards.forms import KSBField
from standards.models import Competency

from .models import Evidence

DATE = DateInput()


class CompetencyChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title} ({obj.framework})"


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["title", "occurred_on", "kind", "narrative", "hours", "ksbs", "competencies"]
        widgets = {"occurred_on": DATE, "narrative": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "narrative": "What happened, what you did, and what you learned. For a reflection, how you would "
            "do it next time.",
            "hours": "Optional: how long it took.",
        }

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        standard = enrolment.cohort.programme.standard
        self.fields["ksbs"] = KSBField(
            standard,
            with_duties=True,
            organisation_id=enrolment.cohort.organisation_id,
            label="KSBs this evidence shows",
            help_text=f"From {standard.label}. Type a code, words or a duty (D1 to D10) to narrow the list.",
        )
        self.fields["ksbs"].error_messages["required"] = (
            "Choose at least one KSB this evidence shows: type a code, words or a duty to find it."
        )
        competencies = Competency.objects.filter(
            framework__organisation=enrolment.cohort.organisation, framework__standard=standard
        ).select_related("framework")
        self.fields["competencies"] = CompetencyChoice(
            queryset=competencies, required=False, label="Your trust's competencies it shows (optional)"
        )
        if not competencies:
            del self.fields["competencies"]


class NewEvidenceForm(EvidenceForm, OncePerSubmission):
    """Logging a new item: sent twice (a double tap on a phone), it still makes one."""


class DecisionForm(forms.Form):
    CHOOSE = "Choose to sign off or return the evidence."

    decision = forms.ChoiceField(
        choices=[("sign_off", "Sign off"), ("return", "Return with feedback")],
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when you return it: what should the trainee change?",
    )
    # The fingerprint of the evidence the page showed: a sign-off of anything else is refused.
    fingerprint = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def signing(self):
        """decide_evidence's arguments (core.signing.signed calls it with these)."""
        data = self.cleaned_data
        return {
            "sign_off": data["decision"] == "sign_off",
            "comment": data["comment"],
            "seen": data["fingerprint"] or None,
        }


class AchievementForm(forms.Form):
    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Signed-off evidence that shows it",
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, enrolment, ksb, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.filter(
            enrolment=enrolment, status=Evidence.Status.SIGNED_OFF, ksbs=ksb
        ).order_by("occurred_on")


# --- The end-point assessment ------------------------------------------------------------------------------


class AssessmentBookingForm(forms.Form):
    assessment_organisation = forms.CharField(
        label="End-point assessment organisation",
        max_length=200,
        help_text="The independent organisation on the register that assesses the trainee.",
        error_messages={"required": "Enter the end-point assessment organisation."},
    )
    observation_on = forms.DateField(
        label="Observation of practice booked for",
        widget=DATE,
        error_messages={"required": "Enter the date of the observation of practice."},
    )
    discussion_on = forms.DateField(
        label="Professional discussion booked for",
        widget=DATE,
        error_messages={"required": "Enter the date of the professional discussion."},
    )


class AssessmentResultForm(forms.Form):
    observation_result = forms.ChoiceField(
        label="Observation of practice",
        choices=[("fail", "Fail"), ("pass", "Pass")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the observation of practice's result: Fail or Pass."},
    )
    discussion_result = forms.ChoiceField(
        label="Professional discussion underpinned by the portfolio",
        choices=[("fail", "Fail"), ("pass", "Pass"), ("distinction", "Distinction")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the professional discussion's result: Fail, Pass or Distinction."
        },
    )
    result_on = forms.DateField(
        label="Result given on",
        widget=DATE,
        error_messages={"required": "Enter the date the result was given."},
    )
