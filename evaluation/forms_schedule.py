"""Forms of the interview schedule and the question-set editor."""

from django import forms

from .models import Question, Schedule


def _weeks(label, least, most, hint):
    message = f"Enter a whole number of weeks from {least} to {most}"
    return forms.IntegerField(
        label=label,
        min_value=least,
        max_value=most,
        help_text=hint,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
    )


class ScheduleSettingsForm(forms.ModelForm):
    weeks_after_start = _weeks(
        "Weeks after the start", 1, 52, "The first interview is due this many weeks after the cohort starts."
    )
    weeks_after_completion = _weeks(
        "Weeks after the expected end",
        0,
        26,
        "The qualification interview is due within this many weeks of the cohort's expected end. The "
        "mid-way interview is due halfway between start and end.",
    )

    class Meta:
        model = Schedule
        fields = ["weeks_after_start", "weeks_after_completion"]


TOPIC_MAX = Question._meta.get_field("topic").max_length


class QuestionForm(forms.Form):
    """One row of the editor. Both fields may be left blank together (the row is then ignored); a row with
    only one of them is an error."""

    topic = forms.CharField(max_length=TOPIC_MAX, required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        topic, text = (data.get("topic") or "").strip(), (data.get("text") or "").strip()
        if self.cleaned_data.get("DELETE"):
            return data
        if text and not topic and "topic" not in self.errors:
            self.add_error("topic", "Enter a topic of a few words, for example: Remuneration")
        if topic and not text and "text" not in self.errors:
            self.add_error("text", "Enter the question")
        return data

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not (data.get("topic") or "").strip() and not (data.get("text") or "").strip()


class BaseQuestionFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        number = i + 1
        form.fields["topic"].label = f"Topic of question {number}"
        form.fields["text"].label = f"Wording of question {number}"
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove question {number}"
        return form

    def clean(self):
        if any(self.errors):
            return
        if not self.questions():
            raise forms.ValidationError(
                "A question set needs at least one question. Enter a topic and a question."
            )

    def questions(self):
        """(topic, text) of the rows kept, in order: not removed, not blank."""
        return [
            (form.cleaned_data["topic"].strip(), form.cleaned_data["text"].strip())
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form)) and not form.is_blank
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=0, can_delete=True, max_num=40, validate_max=True
)
