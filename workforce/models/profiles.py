"""Role profiles: a job description and a person specification, versioned (seed 004 is a complete example).

A profile belongs to an organisation and describes one workforce role (in one setting, if it says so). Its
content lives in versions. The rule: a version is a draft until a workforce lead publishes it; a published
version never changes (it may be signed by a job holder and used by a vacancy); "make a new version" copies
the current version into a new draft; recruitment uses published versions only; every earlier version stays
readable. A profile has at most one draft at a time. The current version is the latest published one.

The job description's responsibilities, effort factors and general responsibilities are sections of items;
the person specification is criteria.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Organisation

from .roles import Band, RoleVariant, WorkforceRole

# Seed 004's declaration: what the job holder and line manager sign, unless a profile says otherwise.
DECLARATION = "I declare that I have read the Job Description and Person Specification"

__all__ = ["RoleProfile", "ProfileVersion", "ProfileSection", "SectionItem", "Criterion", "Stage"]


class RoleProfile(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_profiles")
    workforce_role = models.ForeignKey(WorkforceRole, on_delete=models.PROTECT, related_name="profiles")
    variant = models.ForeignKey(
        RoleVariant, on_delete=models.PROTECT, null=True, blank=True, related_name="profiles"
    )
    name = models.CharField(
        max_length=200, help_text="For example: Occupational therapy assistant practitioner."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="workforce_profile_unique")
        ]

    def __str__(self):
        return self.name

    def current_version(self):
        """The latest published version, or None."""
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()

    def draft(self):
        return self.versions.filter(published_at__isnull=True).first()


class ProfileVersion(models.Model):
    """One version of a profile's job description and person specification."""

    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Job details
    job_title = models.CharField(max_length=200)
    band = models.CharField(max_length=2, choices=Band.choices)
    hours = models.CharField(max_length=120, blank=True, help_text="For example: 37.5 hours (over 7 days).")
    department = models.TextField(blank=True)
    location = models.CharField(max_length=300, blank=True)
    reports_to = models.CharField(max_length=200, blank=True)
    accountable_to = models.CharField(max_length=200, blank=True)
    responsible_for = models.CharField(max_length=300, blank=True)
    # Working relationships
    relationships_internal = models.TextField("internal working relationships", blank=True)
    relationships_external = models.TextField("external working relationships", blank=True)
    job_purpose = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    organisational_structure = models.TextField(blank=True, help_text="One post or team per line, top first.")
    # The person specification's own heading, where it differs from the job description's.
    spec_job_title = models.CharField("person specification job title", max_length=200, blank=True)
    spec_department = models.CharField("person specification department", max_length=300, blank=True)
    # The job description's last words and the declaration its job holder and line manager sign.
    closing_statement = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    agreement_declaration = models.TextField(
        "job description agreement", blank=True, default=DECLARATION, help_text="What the signers declare."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="workforce_profile_version_unique"),
            models.UniqueConstraint(
                fields=["profile"], condition=Q(published_at__isnull=True), name="workforce_profile_one_draft"
            ),
        ]

    def __str__(self):
        return f"{self.profile}, version {self.number}"

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def is_draft(self):
        return self.published_at is None


class ProfileSection(models.Model):
    """A heading of the job description with its items: key responsibilities (numbered), responsibilities
    under a heading (bulleted), effort and environment factors, general responsibilities (paragraphs)."""

    class Part(models.TextChoices):
        RESPONSIBILITIES = "responsibilities", "Responsibilities"
        EFFORT = "effort", "Effort and environment factors"
        GENERAL = "general", "General responsibilities"

    class Style(models.TextChoices):
        NUMBERED = "numbered", "Numbered list"
        BULLETED = "bulleted", "Bulleted list"
        PARAGRAPHS = "paragraphs", "Paragraphs"

    version = models.ForeignKey(ProfileVersion, on_delete=models.CASCADE, related_name="sections")
    part = models.CharField(max_length=20, choices=Part.choices)
    heading = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty to carry on the section above (a list after its paragraph).",
    )
    subheading = models.CharField(max_length=200, blank=True)
    style = models.CharField(max_length=12, choices=Style.choices, default=Style.BULLETED)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.heading or self.get_part_display()


class SectionItem(models.Model):
    section = models.ForeignKey(ProfileSection, on_delete=models.CASCADE, related_name="items")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Stage(models.TextChoices):
    """How a criterion is assessed, in the order recruitment reaches it (A, I, R, T in seed 004)."""

    APPLICATION = "application", "Application"
    INTERVIEW = "interview", "Interview"
    REFERENCES = "references", "References"
    TESTING = "testing", "Testing"


class Criterion(models.Model):
    """One line of the person specification: essential or desirable, assessed at one or more stages."""

    class Category(models.TextChoices):
        QUALIFICATIONS = "qualifications", "Qualifications and training"
        EXPERIENCE = "experience", "Experience"
        SKILLS = "skills", "Skills, knowledge and abilities"
        PERSONAL = "personal", "Personal attributes"
        OTHER = "other", "Other"

    version = models.ForeignKey(ProfileVersion, on_delete=models.CASCADE, related_name="criteria")
    category = models.CharField(max_length=20, choices=Category.choices)
    text = models.TextField()
    essential = models.BooleanField(help_text="Essential; otherwise desirable.")
    by_application = models.BooleanField("application", default=False)
    by_interview = models.BooleanField("interview", default=False)
    by_references = models.BooleanField("references", default=False)
    by_testing = models.BooleanField("testing", default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(by_application=True)
                | Q(by_interview=True)
                | Q(by_references=True)
                | Q(by_testing=True),
                name="workforce_criterion_assessed",
                violation_error_message="Say how the criterion is assessed: at least one of application, "
                "interview, references or testing.",
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def stages(self):
        """The stages that assess it, in recruitment's order."""
        flags = {
            Stage.APPLICATION: self.by_application,
            Stage.INTERVIEW: self.by_interview,
            Stage.REFERENCES: self.by_references,
            Stage.TESTING: self.by_testing,
        }
        return [stage for stage, on in flags.items() if on]
