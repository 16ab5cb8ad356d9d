"""Forms of the training plan and its skills scan (trainees/training_plan.py does the changes)."""

from decimal import Decimal

from django import forms

from core.widgets import DateInput
from standards.forms import KSBField

from .models import PlannedDelivery, SkillsScanRating, TrainingPlan

DATE = DateInput()


class TrainingPlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = list(TrainingPlan.CONTENT_FIELDS)
        widgets = {
            "practical_start": DATE,
            "practical_end": DATE,
            "english_and_maths": forms.Textarea(attrs={"rows": 3}),
            "support_needs": forms.Textarea(attrs={"rows": 3}),
        }


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = PlannedDelivery
        fields = ["what", "starts_on", "ends_on", "term", "how", "by_whom"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ksbs"] = KSBField(standard, required=False, label="KSBs it covers (optional)")


class SkillsScanForm(forms.Form):
    """One rating and one evidence box per KSB of the standard (rating_<id>, evidence_<id>), then the
    reduction. Whether evidence is needed, and how far hours may fall, the service decides."""

    reduction_hours = forms.DecimalField(
        label="Reduction in off-the-job hours for prior learning",
        min_value=0,
        max_digits=6,
        decimal_places=1,
        initial=Decimal("0"),
        help_text="0 if prior learning takes nothing off. A reduction needs evidence and may not take the "
        "plan below 187 hours.",
    )
    justification = forms.CharField(
        label="Why the reduction is justified",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the reduction is more than 0 hours: which prior learning replaces which "
        "training.",
    )

    def __init__(self, *args, ksbs, scan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ksbs = list(ksbs)
        before = {r.ksb_id: r for r in scan.ratings.all()} if scan else {}
        if scan is not None:
            self.initial.setdefault("reduction_hours", scan.reduction_hours)
            self.initial.setdefault("justification", scan.justification)
        for ksb in self.ksbs:
            old = before.get(ksb.pk)
            self.fields[f"rating_{ksb.pk}"] = forms.ChoiceField(
                label=ksb.text,
                choices=[("", "Choose a rating"), *SkillsScanRating.Rating.choices],
                initial=old.rating if old else "",
                error_messages={
                    "required": f"Rate {ksb.code}: choose how much prior learning the trainee has."
                },
            )
            self.fields[f"evidence_{ksb.pk}"] = forms.CharField(
                label=f"Evidence of prior learning for {ksb.code}",
                required=False,
                initial=old.evidence if old else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Needed when rated above “No prior learning”: a qualification, a certificate or "
                "observed practice.",
            )
        # Reduction and justification last, after every KSB.
        self.order_fields([name for name in self.fields if name not in ("reduction_hours", "justification")])

    def rows(self):
        """(KSB, its rating field, its evidence field) for the template."""
        return [(k, self[f"rating_{k.pk}"], self[f"evidence_{k.pk}"]) for k in self.ksbs]

    def scan(self):
        """The service's arguments."""
        data = self.cleaned_data
        return {
            "ratings": {
                k.pk: (data.get(f"rating_{k.pk}", ""), data.get(f"evidence_{k.pk}", "")) for k in self.ksbs
            },
            "reduction_hours": data["reduction_hours"],
            "justification": data.get("justification", ""),
        }
