import datetime

from django import forms
from django.contrib.auth import get_user_model

from accounts.models import Membership, Organisation
from core.forms import OncePerSubmission
from core.widgets import DateInput
from standards.forms import KSBField
from standards.models import Standard

from .models import (
    ActionFollowUp,
    BreakInLearning,
    Cohort,
    ContractTemplate,
    Enrolment,
    LearningContract,
    Programme,
    ProgressReview,
    ReviewAction,
    StudyTimeEntry,
    YesNo,
)

User = get_user_model()
DATE = DateInput()


def people_with_role(organisation, *roles):
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__role__in=roles)
        .distinct()
        .order_by("last_name", "first_name")
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}" + (f" – {obj.job_title}" if obj.job_title else "")


class PeopleChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return PersonChoice.label_from_instance(self, obj)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "organisation",
            "name",
            "standard",
            "university",
            "award",
            "length_months",
            "review_interval_weeks",
            "minimum_study_hours",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["organisation"].empty_label = None
        self.fields["university"].queryset = Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY)
        self.fields["standard"].queryset = Standard.objects.all()
        if self.instance.pk:
            del self.fields["organisation"]
            if self.instance.cohorts.exists():
                self.fields["standard"].disabled = True
                self.fields["standard"].help_text = "Fixed: cohorts already work to this version."


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "start_date", "expected_end_date"]
        widgets = {"start_date": DATE, "expected_end_date": DATE}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation__in=organisations
        ).select_related("organisation")
        self.fields["programme"].empty_label = None

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("expected_end_date")
        if start and end and end <= start:
            self.add_error("expected_end_date", "The expected end must be after the start date.")
        return data


class EnrolmentForm(forms.ModelForm):
    mentors = PeopleChoice(queryset=User.objects.none(), required=False)
    manager = PersonChoice(queryset=User.objects.none(), required=False)
    lecturer = PersonChoice(queryset=User.objects.none(), required=False)

    class Meta:
        model = Enrolment
        fields = [
            "mentors",
            "manager",
            "lecturer",
            "service",
            "specialism",
            "band",
            "previous_role",
            "why_applied",
            "contracted_hours_per_week",
            "start_date",
            "planned_end_date",
        ]
        widgets = {
            "why_applied": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE,
            "planned_end_date": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.cohort.organisation
        self.fields["mentors"].queryset = people_with_role(organisation, Membership.Role.MENTOR)
        self.fields["manager"].queryset = people_with_role(organisation, Membership.Role.MANAGER)
        self.fields["lecturer"].queryset = people_with_role(organisation, Membership.Role.LECTURER)
        self.fields["mentors"].help_text = "People with the mentor role in your organisation."
        self.fields["contracted_hours_per_week"].required = False  # blank: full time, 37.5
        cohort = self.instance.cohort
        self.fields["start_date"].help_text = (
            f"Leave blank if they started with the cohort on {cohort.start_date.day} "
            f"{cohort.start_date:%B %Y}. The start date decides which off-the-job rule applies."
        )
        end = cohort.expected_end_date
        self.fields["planned_end_date"].help_text = (
            f"Leave blank for the cohort's expected end, {end.day} {end:%B %Y}. Do not add breaks in "
            "learning: they move the end on by themselves."
        )
        if self.instance.trainee_id:  # nobody supports themself
            for name in ("mentors", "manager", "lecturer"):
                self.fields[name].queryset = self.fields[name].queryset.exclude(pk=self.instance.trainee_id)

    def clean_contracted_hours_per_week(self):
        hours = self.cleaned_data.get("contracted_hours_per_week")
        return Enrolment._meta.get_field("contracted_hours_per_week").default if hours is None else hours


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Enrolment.Status.choices)
    changed_on = forms.DateField(label="From", initial=datetime.date.today, widget=DATE)
    note = forms.CharField(
        max_length=300, required=False, help_text="For example: returned from maternity leave."
    )


class ContractForm(forms.ModelForm):
    class Meta:
        model = LearningContract
        fields = list(LearningContract.CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in LearningContract.CONTENT_FIELDS[:4]
        } | {"service_cover": forms.Textarea(attrs={"rows": 3})}


class ServiceCoverForm(forms.Form):
    service_cover = forms.CharField(
        label="How the service is covered",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who covers the trainee's work while they study, and how it is booked.",
    )


class ContractTemplateForm(forms.ModelForm):
    class Meta:
        model = ContractTemplate
        fields = [
            "trainee_responsibilities",
            "mentor_responsibilities",
            "manager_responsibilities",
            "lecturer_responsibilities",
            "study_hours_per_week",
            "service_cover",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in (*fields[:4], "service_cover")}
        labels = {"study_hours_per_week": "Protected study time (hours a week)"}


class StudyTimeForm(forms.ModelForm, OncePerSubmission):
    class Meta:
        model = StudyTimeEntry
        fields = ["date", "hours", "activity", "description", "ksbs"]
        widgets = {"date": DATE}

    in_paid_hours = forms.BooleanField(
        label="This was in my paid working hours",
        required=False,
        initial=True,
        help_text="Off-the-job training must be in paid hours. Time outside them is not logged.",
    )

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksbs"] = KSBField(standard, required=False, label="KSBs it helped with (optional)")
        self.fields["hours"].help_text = "In hours, for example 3.5."
        self.fields[
            "activity"
        ].help_text = (
            "Progress reviews and English and maths do not count as off-the-job training: do not log them."
        )


class BreakForm(forms.ModelForm):
    class Meta:
        model = BreakInLearning
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class EndBreakForm(forms.Form):
    ends_on = forms.DateField(label="Training resumed on", widget=DATE, initial=datetime.date.today)


class StudyTimeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("query", "Query")], widget=forms.HiddenInput
    )
    note = forms.CharField(max_length=300, required=False)


class BookReviewForm(forms.Form):
    next_review_on = forms.DateField(label="Next progress review on", widget=DATE)


SAFEGUARDING_GUIDANCE = (
    "Follow the trust's safeguarding policy: tell the named safeguarding lead the same day. Record what was "
    "done here, not the details of the concern."
)
YES_NO = forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"})


class ReviewForm(forms.ModelForm):
    """The review itself; the actions from last time and the next actions are formsets beside it."""

    next_review_on = forms.DateField(
        label="Next review booked for (optional)",
        required=False,
        widget=DATE,
        help_text="Agree the date of the next review while you are together.",
    )

    class Meta:
        model = ProgressReview
        fields = [
            "held_on",
            "progress",
            "study_time_note",
            "training_plan_changes",
            "english_maths",
            "concerns",
            "wellbeing_concern",
            "wellbeing_note",
            "safeguarding_concern",
            "safeguarding_note",
            "circumstances_changed",
            "circumstances_note",
        ]
        labels = {
            "progress": "Progress since the last review",
            "study_time_note": "Off-the-job training: why any slippage, and how it will be made up",
            "training_plan_changes": "Changes to the training plan (if any)",
            "english_maths": "English and maths progress",
            "concerns": "Other concerns (if any)",
            "wellbeing_concern": "Any wellbeing concerns?",
            "wellbeing_note": "If yes: what was said and what support is agreed",
            "safeguarding_concern": "Any safeguarding concerns?",
            "safeguarding_note": "If yes: what was done",
            "circumstances_changed": "Any changes of circumstance (job, hours, manager, health, address)?",
            "circumstances_note": "If yes: what has changed",
        }
        help_texts = {
            "progress": "What the trainee has learnt and done, including the KSBs shown above.",
            "english_maths": "Progress towards level 2 English and maths, or that they are already held.",
            "safeguarding_concern": SAFEGUARDING_GUIDANCE,
        }
        widgets = {
            "held_on": DATE,
            "progress": forms.Textarea(attrs={"rows": 4}),
            "study_time_note": forms.Textarea(attrs={"rows": 2}),
            "training_plan_changes": forms.Textarea(attrs={"rows": 2}),
            "english_maths": forms.Textarea(attrs={"rows": 2}),
            "concerns": forms.Textarea(attrs={"rows": 2}),
            "wellbeing_concern": YES_NO,
            "wellbeing_note": forms.Textarea(attrs={"rows": 2}),
            "safeguarding_concern": YES_NO,
            "safeguarding_note": forms.Textarea(attrs={"rows": 2}),
            "circumstances_changed": YES_NO,
            "circumstances_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("wellbeing_concern", "safeguarding_concern", "circumstances_changed"):
            field = self.fields[name]
            field.required = True
            field.choices = YesNo.choices
            field.error_messages["required"] = f"Answer: {field.label[0].lower()}{field.label[1:]}"


class FollowUpForm(forms.Form):
    """Whether one action from the last counted review was done."""

    outcome = forms.ChoiceField(
        label="Was it done?",
        choices=ActionFollowUp.Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
        error_messages={"required": "Say whether this action was done."},
    )
    comment = forms.CharField(label="Comment (optional)", max_length=500, required=False)


class NextActionForm(forms.Form):
    """One next action: what, who, by when. A row left empty is ignored."""

    action = forms.CharField(label="Action", max_length=300, required=False)
    owner = forms.ChoiceField(
        label="Who", choices=[("", "Choose who")] + ReviewAction.Owner.choices, required=False
    )
    due_on = forms.DateField(label="Due by", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in ("action", "owner", "due_on")):
            for name, message in (
                ("action", "Say what the action is."),
                ("owner", "Choose who does it."),
                ("due_on", "Give the date it is due by."),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    @property
    def is_filled(self):
        return bool(self.cleaned_data.get("action"))


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=0)
NextActionFormSet = forms.formset_factory(NextActionForm, extra=0)
