"""Forms for audits, satisfaction results and outcomes. Each refuses what cannot be, with a message beside its
field, before the database's own constraints are reached: the checks are evaluation.impact's, shared with the
imports."""

from django import forms

from core.widgets import DateInput

from . import impact
from .models import Outcome, ProgrammeStage

DATE = DateInput()
YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label, hint=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Say whether {label[0].lower()}{label[1:]}"},
    )


def _count(label, hint=""):
    return forms.IntegerField(
        label=label,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a whole number",
        },
    )


class _Checked(forms.Form):
    """Adds the errors of ``check(cleaned_data)`` beside their fields."""

    def add_rule_errors(self, errors):
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)


class AuditForm(_Checked):
    service = forms.CharField(label="Ward or service", max_length=120)
    has_trainees = _yes_no("Does the ward or service have trainees?")
    stage = forms.ChoiceField(
        label="Programme stage", choices=[("", "Choose a stage"), *ProgrammeStage.choices]
    )
    audited_on = forms.DateField(label="Date of the audit", widget=DATE)
    number_audited = _count("Number of assessments audited")
    number_meeting_standard = _count("Number meeting the standard")
    standard_used = forms.CharField(
        label="The standard used", max_length=200, help_text="For example: NEWS2 recorded and escalated."
    )

    def __init__(self, *args, cohort, **kwargs):
        self.cohort = cohort
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        self.add_rule_errors(
            impact.audit_errors(
                self.cohort,
                stage=data.get("stage"),
                audited_on=data.get("audited_on"),
                number_audited=data.get("number_audited"),
                number_meeting_standard=data.get("number_meeting_standard"),
            )
        )
        return data


class SatisfactionForm(_Checked):
    service = forms.CharField(label="Ward or service", max_length=120)
    has_trainees = _yes_no("Does the ward or service have trainees?")
    stage = forms.ChoiceField(
        label="Programme stage", choices=[("", "Choose a stage"), *ProgrammeStage.choices]
    )
    period_start = forms.DateField(label="Start of the survey period", widget=DATE)
    period_end = forms.DateField(label="End of the survey period", widget=DATE)
    question = forms.CharField(label="Question", max_length=300)
    responses = _count("Number of responses")
    score = forms.DecimalField(label="Score", max_digits=6, decimal_places=2, help_text="The mean score.")
    scale_min = forms.DecimalField(
        label="Lowest score on the scale", max_digits=6, decimal_places=2, initial=1
    )
    scale_max = forms.DecimalField(
        label="Highest score on the scale", max_digits=6, decimal_places=2, initial=5
    )

    def clean(self):
        data = super().clean()
        self.add_rule_errors(
            impact.satisfaction_errors(
                **{
                    k: data.get(k)
                    for k in ("period_start", "period_end", "responses", "score", "scale_min", "scale_max")
                }
            )
        )
        return data


IN_POST = [("unknown", "Not yet known"), ("yes", "Yes"), ("no", "No")]
_IN_POST_VALUE = {"unknown": None, "yes": True, "no": False}


class OutcomeForm(_Checked):
    result = forms.ChoiceField(
        label="Did the trainee complete the apprenticeship?",
        choices=Outcome.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the trainee completed or withdrew"},
    )
    withdrawal_reason = forms.CharField(
        label="Reason for withdrawing",
        max_length=300,
        required=False,
        help_text="Only when the trainee withdrew.",
    )
    qualified_on = forms.DateField(
        label="Qualified date", widget=DATE, required=False, help_text="Leave empty if they withdrew."
    )
    band_before = forms.IntegerField(
        label="Band before the apprenticeship",
        required=False,
        min_value=1,
        max_value=9,
        error_messages={
            "min_value": "A band is from 1 to 9",
            "max_value": "A band is from 1 to 9",
            "invalid": "Enter a band from 1 to 9",
        },
    )
    band_after = forms.IntegerField(
        label="Band after qualifying",
        required=False,
        min_value=1,
        max_value=9,
        error_messages={
            "min_value": "A band is from 1 to 9",
            "max_value": "A band is from 1 to 9",
            "invalid": "Enter a band from 1 to 9",
        },
    )
    destination = forms.ChoiceField(
        label="Destination", choices=[("", "Not yet known"), *Outcome.Destination.choices], required=False
    )
    in_post_after_12_months = forms.TypedChoiceField(
        label="Still in post 12 months on?",
        choices=IN_POST,
        coerce=_IN_POST_VALUE.get,
        empty_value=None,
        required=False,
        initial="unknown",
        widget=forms.RadioSelect,
        help_text="Only answerable 12 months after qualifying.",
    )

    def __init__(self, *args, enrolment, outcome=None, **kwargs):
        self.enrolment = enrolment
        if outcome is not None:
            kwargs.setdefault(
                "initial",
                {
                    "result": outcome.result,
                    "withdrawal_reason": outcome.withdrawal_reason,
                    "qualified_on": outcome.qualified_on,
                    "band_before": outcome.band_before,
                    "band_after": outcome.band_after,
                    "destination": outcome.destination,
                    "in_post_after_12_months": {None: "unknown", True: "yes", False: "no"}[
                        outcome.in_post_after_12_months
                    ],
                },
            )
        else:
            initial = {"band_before": enrolment.band} if enrolment.band else {}
            passed = impact.passed_assessment(enrolment)
            if passed is not None:  # the end-point assessment's result feeds the outcome
                initial |= {"result": Outcome.Result.COMPLETED, "qualified_on": passed.result_on}
            if initial:
                kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        self.add_rule_errors(
            impact.outcome_errors(
                self.enrolment.cohort,
                result=data.get("result"),
                withdrawal_reason=data.get("withdrawal_reason"),
                qualified_on=data.get("qualified_on"),
                in_post_after_12_months=data.get("in_post_after_12_months"),
            )
        )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Upload a file", help_text="A .csv (CSV UTF-8) or .xlsx file, up to 2 MB.")
