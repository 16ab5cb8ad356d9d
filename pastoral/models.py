"""NHS England's support worker pastoral support quality self-assessment: RAG ratings rolled up to
phases.

The tool's content (themes, elements of practice in phases 1-3, examples) is data, loaded from a file as a
``ToolVersion``. A version is never changed once an assessment uses it: new content is a new version, so a
completed assessment always shows what it was rated against.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Organisation

PHASES = (1, 2, 3)
REVISIT_MONTHS_MIN = 6
REVISIT_MONTHS_MAX = 12
REVISIT_MONTHS_DEFAULT = 12
# What a person records per element, and about the assessment as a whole (copied, shown, exported).
RATING_FIELDS = ("rag", "notes", "evidence", "action_what", "action_owner", "action_due")
DETAIL_FIELDS = (
    "assessed_on",
    "involved_clinical",
    "involved_hr",
    "involved_workforce_planning",
    "other_groups",
    "people_involved",
)


class ToolVersion(models.Model):
    """One loaded copy of the tool. Shared by every organisation, or loaded by one organisation for itself."""

    label = models.CharField(
        max_length=200, help_text="For example: NHS England PRN00840, our copy of May 2026."
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pastoral_tool_versions",
        help_text="Empty: shared by every organisation. Otherwise only this organisation uses it.",
    )
    is_example = models.BooleanField(
        "example content",
        default=False,
        help_text="Written by the portal team as an example; not NHS England's published wording.",
    )
    source_name = models.CharField(max_length=255, blank=True, help_text="The file it was loaded from.")
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"{self.label} (example content)" if self.is_example else self.label

    @property
    def is_shared(self):
        return self.organisation_id is None


class Theme(models.Model):
    version = models.ForeignKey(ToolVersion, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "title"], name="pastoral_theme_title_unique"),
        ]

    def __str__(self):
        return self.title


class Element(models.Model):
    """An element of practice: belongs to one phase of one theme, illustrated by examples."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="elements")
    phase = models.PositiveSmallIntegerField(
        choices=[(p, f"Phase {p}") for p in PHASES], validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    order = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=20, blank=True, help_text="The tool's own reference, if it has one.")
    text = models.TextField()
    examples = models.JSONField(default=list, blank=True, help_text="A list of examples of practice.")
    # Finds the same element in another version of the tool: the ref if given, else theme and wording.
    match_key = models.CharField(max_length=80, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__order", "phase", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase__in=PHASES), name="pastoral_element_phase_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.text}".strip() if self.ref else self.text


class PastoralSettings(models.Model):
    """An organisation's choices about the self-assessment: how often it revisits it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="pastoral_settings"
    )
    revisit_interval_months = models.PositiveSmallIntegerField(
        default=REVISIT_MONTHS_DEFAULT,
        validators=[MinValueValidator(REVISIT_MONTHS_MIN), MaxValueValidator(REVISIT_MONTHS_MAX)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pastoral settings"
        verbose_name_plural = "pastoral settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revisit_interval_months__gte=REVISIT_MONTHS_MIN)
                & models.Q(revisit_interval_months__lte=REVISIT_MONTHS_MAX),
                name="pastoral_revisit_interval_6_to_12",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: revisit every {self.revisit_interval_months} months"


class Assessment(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pastoral_assessments"
    )
    tool_version = models.ForeignKey(ToolVersion, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField("date of the assessment", default=datetime.date.today)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The completed assessment this one started from.",
    )
    involved_clinical = models.BooleanField("clinical group involved", default=False)
    involved_hr = models.BooleanField("human resources group involved", default=False)
    involved_workforce_planning = models.BooleanField("workforce planning group involved", default=False)
    other_groups = models.CharField("other groups involved", max_length=300, blank=True)
    people_involved = models.TextField(
        blank=True, help_text="Who took part, by name or role. Only your organisation sees this."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="in_progress"),
                name="pastoral_one_assessment_in_progress",
                violation_error_message="This organisation already has an assessment in progress.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation}, {self.assessed_on:%d %B %Y} ({self.get_status_display().lower()})"

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    def groups_involved(self):
        groups = [
            label
            for flag, label in [
                (self.involved_clinical, "Clinical"),
                (self.involved_hr, "Human resources"),
                (self.involved_workforce_planning, "Workforce planning"),
            ]
            if flag
        ]
        return [*groups, self.other_groups] if self.other_groups else groups


class Rating(models.Model):
    class RAG(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="ratings")
    rag = models.CharField("rating", max_length=5, choices=RAG.choices, blank=True)
    notes = models.TextField(blank=True)
    evidence = models.TextField("evidence relied on", blank=True)
    action_what = models.TextField("action", blank=True)
    action_owner = models.CharField("action owner", max_length=200, blank=True)
    action_due = models.DateField("action due by", null=True, blank=True)
    # True while the rating is as copied from the last assessment, not yet looked at again.
    carried_forward = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "element__theme__order", "element__phase", "element__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "element"], name="pastoral_rating_unique"),
        ]

    def __str__(self):
        return f"{self.element}: {self.get_rag_display() or 'not rated'}"
