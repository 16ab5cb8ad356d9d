"""The catalogue of workforce roles (occupations) and their variants by setting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from standards.models import Standard

__all__ = ["Band", "Setting", "WorkforceRole", "RoleVariant"]


class Band(models.TextChoices):
    """Agenda for Change pay bands."""

    B1 = "1", "Band 1"
    B2 = "2", "Band 2"
    B3 = "3", "Band 3"
    B4 = "4", "Band 4"
    B5 = "5", "Band 5"
    B6 = "6", "Band 6"
    B7 = "7", "Band 7"
    B8A = "8a", "Band 8a"
    B8B = "8b", "Band 8b"
    B8C = "8c", "Band 8c"
    B8D = "8d", "Band 8d"
    B9 = "9", "Band 9"


class Setting(models.TextChoices):
    """Where a role is practised (seed 000's further work after the inpatient role)."""

    INPATIENT = "inpatient", "Inpatient"
    COMMUNITY = "community", "Community"
    FORENSIC = "forensic", "Forensic"
    EARLY_INTERVENTION = "early_intervention", "Early intervention"
    CRISIS_HOME_TREATMENT = "crisis_home_treatment", "Crisis and home treatment"
    ASSERTIVE_OUTREACH = "assertive_outreach", "Assertive outreach"


class WorkforceRole(models.Model):
    """An occupation an organisation employs people in, for example assistant practitioner. The national
    catalogue has no organisation; a workforce lead adds their organisation's own."""

    name = models.CharField(max_length=120)
    band = models.CharField(max_length=2, choices=Band.choices, help_text="The usual Agenda for Change band.")
    standard = models.ForeignKey(
        Standard,
        # Removing a standard version from the shared catalogue (to load it again, say) is the administrator's
        # call, which programmes using it still stop; a workforce link to it is only cleared.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workforce_roles",
        help_text="The apprenticeship standard that trains for it, where there is one.",
    )
    description = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workforce_roles",
        help_text="Empty for the national catalogue; otherwise the organisation that added it.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(organisation__isnull=True), name="workforce_role_national_unique"
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="workforce_role_local_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self):
        return self.organisation_id is None


class RoleVariant(models.Model):
    """A workforce role as practised in one setting (the community assistant practitioner)."""

    role = models.ForeignKey(WorkforceRole, on_delete=models.CASCADE, related_name="variants")
    setting = models.CharField(max_length=30, choices=Setting.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["role", "setting"]
        constraints = [models.UniqueConstraint(fields=["role", "setting"], name="workforce_variant_unique")]

    def __str__(self):
        return f"{self.role} ({self.get_setting_display().lower()})"
