"""Forms for headcount returns, targets and the returns import. Each refuses what cannot be, beside its
field, with the checks the services and the import share (services_targets.return_errors)."""

from django import forms

from core.widgets import DateInput

from . import services_targets as services
from .models import RETURN_FIGURES, WorkforceRole


def _count(label, hint=""):
    return forms.IntegerField(
        label=label,
        help_text=hint,
        error_messages={
            "required": f"Enter the number of {label[0].lower()}{label[1:]} (0 if none)",
            "invalid": "Enter a whole number",
        },
    )


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.is_national else f"{obj.name} (this organisation's own)"


class ReturnForm(forms.Form):
    workforce_role = RoleChoiceField(
        queryset=WorkforceRole.objects.none(),
        label="Workforce role",
        empty_label="Choose a workforce role",
        error_messages={"required": "Choose the workforce role"},
    )
    period_end = forms.DateField(
        label="End of the period",
        widget=DateInput(),
        help_text="The last day of the month or quarter the return is for, for example 31 March 2026.",
        error_messages={"required": "Enter the end of the period", "invalid": "Enter a real date"},
    )
    in_post = _count("People in post", "On the last day of the period.")
    in_training = _count("People in training", "Training for the role on the last day of the period.")
    vacancies = _count("Vacancies", "Vacant posts on the last day of the period.")
    starters = _count("Starters", "People who started in post since the previous return.")
    leavers = _count("Leavers", "People who left the role since the previous return.")

    def __init__(self, *args, organisation, headcount_return=None, **kwargs):
        if headcount_return is not None:
            initial = {name: getattr(headcount_return, name) for name in RETURN_FIGURES}
            initial |= {
                "workforce_role": headcount_return.workforce_role_id,
                "period_end": headcount_return.period_end,
            }
            kwargs["initial"] = initial | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.fields["workforce_role"].queryset = services.roles_for(organisation).order_by("name")

    def clean(self):
        data = super().clean()
        errors = services.return_errors(
            period_end=data.get("period_end"), figures={name: data.get(name) for name in RETURN_FIGURES}
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class TargetForm(forms.Form):
    workforce_role = RoleChoiceField(
        queryset=WorkforceRole.objects.none(),
        label="Workforce role",
        empty_label="Choose a workforce role",
        error_messages={"required": "Choose the workforce role"},
    )
    number = forms.IntegerField(
        label="People in post",
        help_text="How many people are to be in post in the role by the date.",
        error_messages={"required": "Enter the number of people in post", "invalid": "Enter a whole number"},
    )
    due_on = forms.DateField(
        label="By",
        widget=DateInput(),
        help_text="For a target of “by December 2006”, enter 31 December 2006.",
        error_messages={"required": "Enter the date of the target", "invalid": "Enter a real date"},
    )
    source = forms.CharField(
        label="Source or note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: where the target comes from, or why it was set.",
    )

    def __init__(self, *args, roles, target=None, **kwargs):
        if target is not None:
            kwargs.setdefault(
                "initial",
                {
                    "workforce_role": target.workforce_role_id,
                    "number": target.number,
                    "due_on": target.due_on,
                    "source": target.source,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["workforce_role"].queryset = roles.order_by("name")

    def clean(self):
        data = super().clean()
        errors = services.target_errors(number=data.get("number"), due_on=data.get("due_on"))
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A .csv (CSV UTF-8) or .xlsx file, up to 2 MB.",
        error_messages={"required": "Choose a .csv or .xlsx file"},
    )
