"""Forms of the catalogue's pages, the career framework and the code of practice. Plain forms: the services
decide what may be saved (duplicates, loops, published versions) and the views put their refusals on the
form beside the field (core.forms.show_errors). An edit form starts from the record (``initial_from``)."""

from django import forms
from django.db.models import Q

from accounts.models import Organisation
from core.widgets import DateInput
from standards.models import Standard

from .models import Band, CareerStep, ProgressionAgreement, ScopeStatement, Setting, WorkforceRole
from .models.career import ONWARD_DESTINATIONS

TEXT = {"rows": 4}


def initial_from(instance, form_class):
    """The record's values for an edit form of ``form_class``'s fields."""
    if instance is None or instance.pk is None:
        return {}
    found = {}
    for name in form_class.base_fields:
        field = instance._meta.get_field(name)
        found[name] = getattr(instance, field.attname)
    return found


class StandardChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} v{obj.version}: {obj.title}"


def standards():
    return Standard.objects.order_by("reference", "-version")


def roles_for(organisation):
    """The roles an organisation builds from: the national catalogue and its own."""
    own = Q(organisation=organisation) if organisation is not None else Q(pk__in=[])
    return WorkforceRole.objects.filter(Q(organisation=None) | own).order_by("name")


class RoleChoice(forms.ModelChoiceField):
    def __init__(self, *args, empty_label="Choose a workforce role", **kwargs):
        super().__init__(*args, empty_label=empty_label, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} (band {obj.band})"


# --- The catalogue -----------------------------------------------------------------------------------------


class WorkforceRoleForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="For example: Ward clerk.")
    band = forms.ChoiceField(choices=Band.choices, help_text="The usual Agenda for Change band.")
    standard = StandardChoice(
        queryset=Standard.objects.none(),
        required=False,
        empty_label="None",
        help_text="The apprenticeship standard that trains for it, where there is one.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards()


class RoleVariantForm(forms.Form):
    setting = forms.ChoiceField(choices=Setting.choices, help_text="Where the role is practised.")
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text="What differs in this setting, for example: physical health checks on an inpatient ward.",
    )


# --- The career framework ----------------------------------------------------------------------------------


class CareerStepForm(forms.Form):
    from_role = RoleChoice(queryset=WorkforceRole.objects.none(), label="From")
    to_role = RoleChoice(queryset=WorkforceRole.objects.none(), label="To")
    route = forms.CharField(
        max_length=200,
        required=False,
        help_text=CareerStep._meta.get_field("route").help_text,
    )
    entry_requirements = forms.CharField(
        widget=forms.Textarea(attrs=TEXT),
        help_text=CareerStep._meta.get_field("entry_requirements").help_text,
    )
    standard = StandardChoice(
        queryset=Standard.objects.none(),
        required=False,
        empty_label="None",
        help_text=CareerStep._meta.get_field("standard").help_text,
    )
    outcome_destination = forms.ChoiceField(
        label="Counted from outcomes",
        choices=[("", "Not from outcomes")] + ONWARD_DESTINATIONS,
        required=False,
        help_text="For a step onward from the programme (into nurse training, say): the destination the "
        "evaluation records. Otherwise the step is counted from completions of its standard's programmes.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_role"].queryset = roles_for(organisation)
        self.fields["to_role"].queryset = roles_for(organisation)
        self.fields["standard"].queryset = standards()


class AgreementForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not in the portal",
        label="University",
        help_text=ProgressionAgreement._meta.get_field("partner").help_text,
    )
    partner_name = forms.CharField(
        label="Other partner",
        max_length=200,
        required=False,
        help_text=ProgressionAgreement._meta.get_field("partner_name").help_text,
    )
    gives = forms.CharField(
        label="What it gives",
        widget=forms.Textarea(attrs=TEXT),
        help_text=ProgressionAgreement._meta.get_field("gives").help_text,
    )
    starts_on = forms.DateField(label="In force from", widget=DateInput())
    ends_on = forms.DateField(
        label="Until",
        required=False,
        widget=DateInput(),
        help_text=ProgressionAgreement._meta.get_field("ends_on").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.UNIVERSITY
        ).order_by("name")


# --- The code of practice ----------------------------------------------------------------------------------


class CodeTextForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(
        label="The code",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Paragraphs separated by a blank line. Each workforce role's scope of practice is added "
        "below the text, role by role.",
    )


class ScopeStatementForm(forms.Form):
    workforce_role = RoleChoice(queryset=WorkforceRole.objects.none(), label="Workforce role")
    may_do = forms.CharField(
        label="What the holder may do",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=ScopeStatement._meta.get_field("may_do").help_text,
    )
    may_not_do = forms.CharField(
        label="What the holder may not do",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=ScopeStatement._meta.get_field("may_not_do").help_text,
    )
    accountable_to = forms.CharField(
        label="Accountable to",
        max_length=300,
        help_text="For example: the registered nurse in charge of the shift, and the ward manager.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workforce_role"].queryset = roles_for(organisation)
