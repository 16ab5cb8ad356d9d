"""The career framework and the code of practice for unregulated roles.

Career framework: an organisation's steps from one workforce role to another (healthcare support worker to
senior healthcare support worker to assistant practitioner, then nursing associate or a shortened nursing
degree), each with its entry requirements, the standard that trains for it and the progression agreements
that enable it. The steps are the framework; its pathways are the routes through them. Steps without an
organisation are the national starter framework, which the administrator keeps and a lead copies.

Code of practice (seed 000's "organisational code of practice", after the employer-led regulation model):
versioned text with a scope-of-practice statement per workforce role. A draft is edited; once published a
version never changes (a new version is drafted and published as a whole), and each person it covers
acknowledges the current version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from core.signing import WrittenOnce
from evaluation.models import Outcome
from standards.models import Standard

from .roles import WorkforceRole

__all__ = ["CareerStep", "ProgressionAgreement", "CodeVersion", "ScopeStatement", "CodeAcknowledgement"]

# The evaluation's outcome destinations that are a step onward from the programme.
ONWARD_DESTINATIONS = [
    (value, label)
    for value, label in Outcome.Destination.choices
    if value
    in (
        Outcome.Destination.NURSING_DEGREE,
        Outcome.Destination.NURSING_ASSOCIATE,
        Outcome.Destination.OTHER_REGISTERED,
    )
]


class CareerStep(models.Model):
    """A step from one workforce role to another in an organisation's career framework (or in the national
    starter framework, without an organisation)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="career_steps",
        help_text="Empty for the national starter framework.",
    )
    from_role = models.ForeignKey(
        WorkforceRole, on_delete=models.PROTECT, related_name="steps_out", verbose_name="from"
    )
    to_role = models.ForeignKey(
        WorkforceRole, on_delete=models.PROTECT, related_name="steps_in", verbose_name="to"
    )
    route = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the step is taken, for example: Apprenticeship, or Abbreviated degree in nursing.",
    )
    entry_requirements = models.TextField(help_text="What a person needs before taking the step.")
    standard = models.ForeignKey(
        Standard,
        # Removing a standard version from the shared catalogue (to load it again, say) is the administrator's
        # call, which programmes using it still stop; a workforce link to it is only cleared.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="career_steps",
        help_text="The apprenticeship standard that trains for the step, where there is one.",
    )
    outcome_destination = models.CharField(
        "counted from outcomes",
        max_length=20,
        choices=ONWARD_DESTINATIONS,
        blank=True,
        help_text="For a step onward from the programme: the evaluation outcome's destination recording it.",
    )
    order = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role"],
                condition=Q(organisation__isnull=True),
                name="workforce_step_national_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "from_role", "to_role"], name="workforce_step_local_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="workforce_step_between_two_roles",
                violation_error_message="A step goes from one workforce role to another.",
            ),
        ]

    def __str__(self):
        return f"{self.from_role} to {self.to_role}"

    @property
    def is_national(self):
        return self.organisation_id is None


class ProgressionAgreement(models.Model):
    """An agreement that enables a step (seed 000: "Progression agreements that enable a step up from
    apprenticeships"): with whom, what it gives, from when and until when."""

    step = models.ForeignKey(CareerStep, on_delete=models.CASCADE, related_name="agreements")
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progression_agreements",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        help_text="The university, where it is in the portal.",
    )
    partner_name = models.CharField(
        "other partner",
        max_length=200,
        blank=True,
        help_text="A partner not in the portal: a college, another trust.",
    )
    gives = models.TextField(
        "what it gives", help_text="For example: a guaranteed interview and entry to the second year."
    )
    starts_on = models.DateField("in force from")
    ends_on = models.DateField("until", null=True, blank=True, help_text="Leave empty if it has no end date.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["step", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(partner=None, partner_name=""),
                name="workforce_agreement_has_partner",
                violation_error_message="Say who the agreement is with.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gt=F("starts_on")),
                name="workforce_agreement_ends_after",
                violation_error_message="An agreement ends after it starts.",
            ),
        ]

    def __str__(self):
        return f"Agreement with {self.partner_label} ({self.step})"

    @property
    def partner_label(self):
        return self.partner.name if self.partner_id else self.partner_name

    def is_in_force(self, on):
        return self.starts_on <= on and (self.ends_on is None or on < self.ends_on)


class Published(ValidationError):
    """A change to a published version of a code of practice, which never changes."""


class CodeVersion(models.Model):
    """One version of an organisation's code of practice: a draft while it is edited, then published."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="code_versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200, default="Code of practice for unregulated roles")
    text = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="workforce_code_version_unique"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(published_at__isnull=True),
                name="workforce_code_one_draft",
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def save(self, *args, **kwargs):
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self):
        if self.pk and CodeVersion.objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise Published("A published version of the code of practice never changes: draft a new version.")

    @property
    def is_published(self):
        return self.published_at is not None

    def paragraphs(self):
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ScopeStatement(models.Model):
    """What the holder of a workforce role may do, what they may not, and to whom they are accountable."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="scope_statements")
    workforce_role = models.ForeignKey(
        WorkforceRole, on_delete=models.PROTECT, related_name="scope_statements"
    )
    may_do = models.TextField("what the holder may do", help_text="One item a line.")
    may_not_do = models.TextField("what the holder may not do", help_text="One item a line.")
    accountable_to = models.CharField("accountable to", max_length=300)

    class Meta:
        ordering = ["version", "workforce_role__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "workforce_role"], name="workforce_scope_unique")
        ]

    def __str__(self):
        return f"Scope of practice: {self.workforce_role}"

    def save(self, *args, **kwargs):
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self):
        if CodeVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists():
            raise Published("A published version of the code of practice never changes: draft a new version.")

    @staticmethod
    def _lines(text):
        return [line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip()]

    def may_do_items(self):
        return self._lines(self.may_do)

    def may_not_do_items(self):
        return self._lines(self.may_not_do)


class CodeAcknowledgement(WrittenOnce):
    """A person's acknowledgement of one published version: which version, and when. Never changed."""

    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="workforce_acknowledgement_unique")
        ]

    def __str__(self):
        return f"{self.person} acknowledged {self.version}"
