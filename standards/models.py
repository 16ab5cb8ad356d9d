"""Occupational standards (ST0215 and any other from the Institute's JSON), their duties and KSBs, and
each trust's local competency frameworks mapped to KSBs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Standard(models.Model):
    """One version of an occupational standard, as published. Several versions live side by side."""

    class Mapping(models.TextChoices):
        NONE = "none", "No duty-to-KSB mapping"
        PUBLISHED = "published", "Published mapping (from the Institute's file)"
        LOCAL = "local", "Locally made mapping (not published by the Institute)"

    reference = models.CharField(max_length=12, help_text="The Institute's reference, for example ST0215.")
    version = models.CharField(max_length=12, help_text="For example 1.1.")
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    route = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=80, blank=True)
    occupation_reference = models.CharField(max_length=12, blank=True, help_text="For example OCC0215.")
    overview = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    soc_code = models.CharField("SOC 2020 code", max_length=120, blank=True)
    soc_sub_unit_groups = models.JSONField("SOC 2020 sub-unit groups", default=list, blank=True)
    typical_job_titles = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    typical_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    approved_date = models.DateField(null=True, blank=True)
    source_url = models.URLField("source address", max_length=500, blank=True)
    assessment_plan_url = models.URLField(max_length=500, blank=True)
    duty_mapping = models.CharField(
        max_length=10,
        choices=Mapping.choices,
        default=Mapping.NONE,
        help_text="Say whether the duty-to-KSB mapping is the Institute's or made locally.",
    )
    # The rest of the Institute's document, kept as given so that export gives back what was imported.
    other_fields = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["reference", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "version"], name="standards_standard_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title} (Level {self.level}, v{self.version})"

    @property
    def label(self):
        return f"{self.reference} v{self.version}"

    @property
    def source_link(self):
        """The source address to link to: http or https only. Imports and forms refuse any other, but an
        address stored before they did (a javascript: link) is never put in a page."""
        scheme = self.source_url.partition(":")[0].strip().lower()
        return self.source_url if scheme in ("http", "https") else ""

    @property
    def has_duty_mapping(self):
        return self.duty_mapping != self.Mapping.NONE

    @property
    def has_local_mapping(self):
        return self.duty_mapping == self.Mapping.LOCAL

    @property
    def has_published_mapping(self):
        return self.duty_mapping == self.Mapping.PUBLISHED


class KSB(models.Model):
    """One knowledge, skill or behaviour statement. Its code (K1, S1, B1) is its place in its list."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "K", "Knowledge"
        SKILL = "S", "Skill"
        BEHAVIOUR = "B", "Behaviour"

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="ksbs")
    kind = models.CharField(max_length=1, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    source_id = models.CharField(max_length=100, help_text="The id the Institute's file gives it.")
    # K, S, B in the standard's own order, for sorting.
    kind_order = models.GeneratedField(
        expression=models.Case(
            models.When(kind="K", then=models.Value(1)),
            models.When(kind="S", then=models.Value(2)),
            default=models.Value(3),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["standard", "kind_order", "number"]
        verbose_name = "KSB"
        verbose_name_plural = "KSBs"
        constraints = [
            models.UniqueConstraint(fields=["standard", "kind", "number"], name="standards_ksb_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def code(self):
        return f"{self.kind}{self.number}"


class Duty(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="duties")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    is_core = models.BooleanField(default=True)
    source_id = models.CharField(max_length=100)
    option_ids = models.JSONField(default=list, blank=True, help_text="Options this duty belongs to, if any.")
    ksbs = models.ManyToManyField(KSB, related_name="duties", blank=True)

    class Meta:
        ordering = ["standard", "number"]
        verbose_name_plural = "duties"
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="standards_duty_code_unique"),
        ]

    # Where this duty's KSBs come from for the organisation asked about: set by selectors.duty_ksbs.
    mapping_source = Standard.Mapping.NONE

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def code(self):
        return f"D{self.number}"

    @property
    def mapping_is_published(self):
        return self.mapping_source == Standard.Mapping.PUBLISHED

    @property
    def mapping_is_local(self):
        return self.mapping_source == Standard.Mapping.LOCAL


class Progression(models.Model):
    """A link in the occupational progression map: knowledge and skills carry from one occupation to another.

    Either end may be a standard not in the catalogue, so each end is named by reference, title and level.
    """

    from_reference = models.CharField(max_length=12)
    from_title = models.CharField(max_length=200)
    from_level = models.PositiveSmallIntegerField()
    to_reference = models.CharField(max_length=12)
    to_title = models.CharField(max_length=200)
    to_level = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=300, blank=True)
    # Empty for the Institute's progression map; set for a link an organisation's workforce lead proposed,
    # which only that organisation sees, labelled as locally made.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="local_progressions",
        null=True,
        blank=True,
        help_text="Empty for the Institute's map; the organisation that proposed a locally made link.",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_level", "to_level", "to_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_reference", "to_reference"],
                condition=Q(organisation__isnull=True),
                name="standards_progression_published_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "from_reference", "to_reference"],
                condition=Q(organisation__isnull=False),
                name="standards_progression_local_unique",
            ),
        ]

    def __str__(self):
        return f"{self.from_reference} → {self.to_reference}"

    @property
    def is_local(self):
        return self.organisation_id is not None


class LocalDutyMapping(models.Model):
    """One organisation's own mapping of one duty to KSBs, proposed by its workforce lead where the
    Institute's file publishes none for that duty. Used for progress by duty of that organisation's
    trainees only, and always labelled as locally made: it never becomes the published mapping."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="local_duty_mappings"
    )
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="local_mappings")
    ksbs = models.ManyToManyField(KSB, related_name="local_duty_mappings", blank=True, verbose_name="KSBs")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField()

    history = HistoricalRecords(m2m_fields=[ksbs])

    class Meta:
        ordering = ["organisation", "duty"]
        verbose_name = "locally made duty mapping"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "duty"], name="standards_localdutymapping_unique"
            ),
        ]

    def __str__(self):
        return f"{self.duty.code} ({self.organisation}, locally made)"


class Framework(models.Model):
    """A trust's own competency framework, its competencies mapped to the KSBs of one standard version."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="frameworks"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text="The standard version whose KSBs the competencies map to.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="standards_framework_name_unique"),
        ]

    def __str__(self):
        return self.name


class Competency(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core"
        ROLE_SPECIFIC = "role", "Role-specific"

    class Scheme(models.TextChoices):
        NOS = "nos", "Skills for Health NOS"
        ROTH_PILLING = "roth_pilling", "Roth and Pilling competence domain"
        NMC = "nmc", "NMC proficiency"
        HCPC = "hcpc", "HCPC standard of proficiency"
        OTHER = "other", "Other"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.CORE)
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text="For role-specific competencies: the role or service, e.g. Stroke.",
    )
    code = models.CharField(max_length=20, help_text="Your own short code, for example PH1.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    ksbs = models.ManyToManyField(KSB, related_name="competencies", blank=True, verbose_name="KSBs")
    reference_scheme = models.CharField(
        "external reference", max_length=20, choices=Scheme.choices, blank=True
    )
    reference_code = models.CharField(max_length=40, blank=True, help_text="For example CHS19 or SFHGEN22.")
    reference_title = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[ksbs])

    class Meta:
        ordering = ["framework", "kind", "role", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standards_competency_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"
