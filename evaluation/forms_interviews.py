"""The forms of recording an interview, withdrawing consent and importing answers."""

from django import forms
from django.core.exceptions import ValidationError

from core.widgets import DateInput

from . import importing

CONSENT_CHOICES = [("yes", "Yes"), ("no", "No")]


def answer_field(question):
    return f"answer_{question.pk}"


class InterviewForm(forms.Form):
    """Date, interviewer, consent, one answer per question of the interview's version, notes."""

    held_on = forms.DateField(label="Date of the interview", required=False, widget=DateInput())
    interviewer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Choose the interviewer",
        help_text="Someone in the organisation; not the person interviewed.",
    )
    consent_given = forms.TypedChoiceField(
        label="Did the interviewee consent to their answers being counted and quoted?",
        choices=CONSENT_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Needed to complete the interview. If they say no, the answers are kept but never counted "
        "or quoted.",
    )

    def __init__(self, *args, interview, questions, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.interview = interview
        self.questions = questions
        self.fields["interviewer"].queryset = members
        for question in questions:
            self.fields[answer_field(question)] = forms.CharField(
                label=question.topic,
                help_text=question.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["notes"] = forms.CharField(
            label="Notes",
            required=False,
            help_text="Anything else about the interview. Notes are never counted or quoted.",
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def answer_fields(self):
        return [self[answer_field(q)] for q in self.questions]

    def answers(self):
        return {q.pk: self.cleaned_data.get(answer_field(q), "") for q in self.questions}


def initial_of(interview, answers):
    """The form's values from a saved interview; ``answers`` is [(question, text)]."""
    initial = {
        "held_on": interview.held_on,
        "interviewer": interview.interviewer_id,
        "notes": interview.notes,
    }
    if interview.consent_given:  # a draft keeps only a yes: "not asked yet" and "no" both store False
        initial["consent_given"] = "yes"
    initial.update({answer_field(q): text for q, text in answers})
    return initial


class AnswersFileForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv file saved as CSV UTF-8, or an Excel workbook (.xlsx; its first worksheet is "
        "read). "
        f"Up to 2 MB and {importing.MAX_ROWS:,} interviews.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 2 MB.")
        return upload
