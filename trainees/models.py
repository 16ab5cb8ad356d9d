"""Programmes, cohorts, enrolments, learning contracts, protected study time and progress reviews."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from core.signing import Immutable, Signable, Signature
from core.templatetags.portal import hours
from standards.models import KSB, Standard

User = settings.AUTH_USER_MODEL


class Programme(models.Model):
    """How a standard version is delivered: with which university, to which award, over how long."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(max_length=200, help_text="For example: Assistant practitioner (mental health).")
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The standard version it delivers.",
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner_programmes",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        help_text="The university (HEI) partner.",
    )
    award = models.CharField(max_length=200, help_text="For example: FdSc Mental Health.")
    length_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(8), MaxValueValidator(60)],
        help_text="On programme, in months.",
    )
    review_interval_weeks = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
        help_text="The rules say at least every 12 weeks (every three calendar months from 1 August 2025). "
        "Below 12, reviews are due this often instead; 12 or 13 leave the rules' date.",
    )
    minimum_study_hours = models.PositiveIntegerField(
        "minimum off-the-job hours",
        default=0,
        help_text="The least protected study time over the whole programme (0 if not set).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="trainees_programme_unique")
        ]

    def __str__(self):
        return self.name


class Cohort(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cohorts")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120, help_text="For example: Cohort 1, September 2026.")
    start_date = models.DateField()
    expected_end_date = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="trainees_cohort_unique"),
            models.CheckConstraint(
                condition=models.Q(expected_end_date__gt=models.F("start_date")),
                name="trainees_cohort_ends_after",
            ),
        ]

    def __str__(self):
        return self.name


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(Enrolment.active_q())


class Enrolment(models.Model):
    """A trainee on a cohort, with the people who support them."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_BREAK = "on_break", "On a break"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"
        PROGRESSED = "progressed", "Progressed to registered training"

    class Specialism(models.TextChoices):
        INPATIENT_MENTAL_HEALTH = "inpatient_mh", "Inpatient mental health"
        COMMUNITY_MENTAL_HEALTH = "community_mh", "Community mental health"
        COMMUNITY = "community", "Community health"
        REHABILITATION = "rehabilitation", "Rehabilitation"
        RADIOGRAPHY = "radiography", "Radiography"
        ACUTE = "acute", "Acute care"
        LEARNING_DISABILITIES = "learning_disabilities", "Learning disabilities"
        OTHER = "other", "Other"

    trainee = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    mentors = models.ManyToManyField(User, related_name="mentored_enrolments", blank=True)
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="managed_enrolments"
    )
    lecturer = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="taught_enrolments"
    )
    service = models.CharField("service or ward", max_length=120, blank=True)
    specialism = models.CharField(max_length=30, choices=Specialism.choices, blank=True)
    band = models.PositiveSmallIntegerField(
        "current band", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    previous_role = models.CharField(max_length=200, blank=True)
    why_applied = models.TextField("why they applied", blank=True)
    next_review_on = models.DateField(
        "next progress review booked for", null=True, blank=True, help_text="When the next review is booked."
    )
    # The off-the-job hours taken off the required total for prior learning recorded in the signed training
    # plan's skills scan (set by the training plan's service when all three have signed it; 0 until then).
    prior_learning_hours = models.DecimalField(
        "off-the-job hours reduced for prior learning",
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        editable=False,
    )
    # Set when the gateway declaration is signed by trainee, employer and provider (competencies); from that
    # day no off-the-job time is logged and the end-point assessment follows.
    gateway_on = models.DateField("passed through gateway on", null=True, blank=True, editable=False)
    # The facts the off-the-job rules need (trainees/offthejob.py). Blank dates follow the cohort's.
    contracted_hours_per_week = models.DecimalField(
        "contracted hours a week",
        max_digits=4,
        decimal_places=1,
        default=Decimal("37.5"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("48"))],
        help_text="Paid working hours a week in the trainee's contract of employment, for example 22.5.",
    )
    start_date = models.DateField(
        "started on",
        null=True,
        blank=True,
        help_text="The day this trainee started the apprenticeship, if not the cohort's start (they joined "
        "late). Decides which off-the-job rule applies.",
    )
    planned_end_date = models.DateField(
        "planned end of training",
        null=True,
        blank=True,
        help_text="The planned end of the practical period, if not the cohort's expected end. Breaks in "
        "learning extend it by their length.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[mentors])

    class Meta:
        ordering = ["cohort", "trainee__last_name", "trainee__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "cohort"], name="trainees_enrolment_unique")
        ]

    def __str__(self):
        return f"{self.trainee} ({self.cohort})"

    @property
    def organisation(self):
        return self.cohort.organisation

    # Only active trainees count: they log evidence and study time, are due reviews and appear in flags,
    # queues and reminders; on a break, withdrawn or finished, they do not. Decided here, once, in Python
    # and in SQL (``through`` is the path to the enrolment, e.g. "enrolment" from evidence).

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def at_gateway(self):
        return self.gateway_on is not None

    @property
    def starts_on(self):
        return self.start_date or self.cohort.start_date

    @property
    def planned_end_on(self):
        """The planned end of the practical period before any break in learning extends it."""
        return self.planned_end_date or self.cohort.expected_end_date

    def clean(self):
        super().clean()
        if self.cohort_id and self.planned_end_on <= self.starts_on:
            raise ValidationError({"planned_end_date": "The planned end must be after the start."})

    @staticmethod
    def active_q(through=""):
        return models.Q(**{f"{through}__status" if through else "status": Enrolment.Status.ACTIVE})

    # Who supports the trainee. Nobody supports themself: the trainee is never their own mentor, manager or
    # lecturer here, whatever was stored, so no rule or service built on these can let them act as one.

    def mentor_people(self):
        return [m for m in self.mentors.all() if m.pk != self.trainee_id]

    def is_mentor(self, person):
        return any(m.pk == person.pk for m in self.mentor_people())

    def is_manager(self, person):
        return self.manager_id is not None and self.manager_id == person.pk != self.trainee_id

    def is_lecturer(self, person):
        return self.lecturer_id is not None and self.lecturer_id == person.pk != self.trainee_id

    def is_supporter(self, person):
        return self.is_mentor(person) or self.is_manager(person) or self.is_lecturer(person)

    def signers(self, party):
        """Who may sign for a party of this enrolment's records (contract, reviews, evidence): the one place
        that knows. Built on the supporters above, so the trainee signs only as the trainee."""
        if party == Party.TRAINEE:
            return [self.trainee]
        if party == Party.MENTOR:
            return self.mentor_people()
        manager = [self.manager] if self.manager_id and self.is_manager(self.manager) else []
        if party == Party.MANAGER:
            return manager
        if party == Party.LECTURER:
            return [self.lecturer] if self.lecturer_id and self.is_lecturer(self.lecturer) else []
        if party == ProgressReview.Party.EMPLOYER:
            return self.mentor_people() + manager
        return []


class BreakInLearning(models.Model):
    """A time the trainee stopped training (illness, parental leave, a change of job): no off-the-job hours
    are planned during it and the planned end moves on by its length. Open until a lead ends it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="breaks")
    starts_on = models.DateField("break starts on")
    ends_on = models.DateField(
        "training resumes on", null=True, blank=True, help_text="Leave blank while the break goes on."
    )
    reason = models.CharField(max_length=300, help_text="For example: maternity leave.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "starts_on"]
        verbose_name_plural = "breaks in learning"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=models.F("starts_on")),
                name="trainees_break_ends_after",
                violation_error_message="Training resumes after the break starts.",
            )
        ]

    def __str__(self):
        until = f" to {self.ends_on:%-d %B %Y}" if self.ends_on else " (continuing)"
        return f"Break from {self.starts_on:%-d %B %Y}{until}"

    @property
    def is_open(self):
        return self.ends_on is None

    def days_until(self, day):
        """The days of this break before ``day`` (a break's last day is the day before training resumes)."""
        end = day if self.ends_on is None else min(self.ends_on, day)
        return max(0, (end - self.starts_on).days)

    def covers(self, day):
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


class StatusChange(models.Model):
    """The history of an enrolment's status, shown on its page."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Enrolment.Status.choices)
    changed_on = models.DateField(default=datetime.date.today)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "changed_on", "recorded_at"]

    def __str__(self):
        return f"{self.get_status_display()} from {self.changed_on:%-d %B %Y}"


class Party(models.TextChoices):
    TRAINEE = "trainee", "Trainee"
    MENTOR = "mentor", "Mentor"
    MANAGER = "manager", "Manager"
    LECTURER = "lecturer", "Lecturer"


class SignedByEnrolment(Signable):
    """A record of an enrolment that its people sign: who signs for a party is ``Enrolment.signers``, and the
    trainee, whose record it is, signs only as the trainee."""

    class Meta:
        abstract = True

    def signers(self, party):
        return self.enrolment.signers(party)

    def signing_subject(self):
        return self.enrolment.trainee


DEFAULT_SERVICE_COVER = (
    "The trainee's manager books cover (bank or agency staff, or a colleague released from the rota) for "
    "each protected study day at least four weeks ahead, so the trainee is never counted in the numbers on "
    "their study days."
)


class ContractTemplate(models.Model):
    """An organisation's starting text for learning contracts; each contract copies it and may change it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="contract_template"
    )
    trainee_responsibilities = models.TextField()
    mentor_responsibilities = models.TextField()
    manager_responsibilities = models.TextField()
    lecturer_responsibilities = models.TextField()
    study_hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("7.5"))
    service_cover = models.TextField(
        "how the service is covered",
        default=DEFAULT_SERVICE_COVER,
        help_text="Who covers the trainee's work while they study, and how. Each contract starts from this; "
        "the trainee's manager or a workforce lead can change it for one trainee.",
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"Learning contract template – {self.organisation}"


class LearningContract(SignedByEnrolment):
    """One version of an enrolment's learning contract; once anyone has signed, a change is a new version."""

    CONTENT_FIELDS = (
        "trainee_responsibilities",
        "mentor_responsibilities",
        "manager_responsibilities",
        "lecturer_responsibilities",
        "study_hours_per_week",
        "service_cover",
    )
    signing_parties = tuple(Party)
    signing_noun = "this version"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="contracts")
    version = models.PositiveSmallIntegerField(default=1)
    trainee_responsibilities = models.TextField()
    mentor_responsibilities = models.TextField()
    manager_responsibilities = models.TextField()
    lecturer_responsibilities = models.TextField()
    study_hours_per_week = models.DecimalField(
        "protected study time (hours a week)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("37.5"))],
    )
    service_cover = models.TextField(
        "how the service is covered", help_text="Who covers the trainee's work while they study, and how."
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "version"], name="trainees_contract_version_unique"),
        ]

    def __str__(self):
        return f"Learning contract v{self.version} – {self.enrolment.trainee}"

    @property
    def is_current(self):
        return self.superseded_at is None

    def signed_content(self):
        """The text and hours of this version, and whose contract it is."""
        content = {name: str(getattr(self, name)) for name in self.CONTENT_FIELDS}
        return content | {"enrolment": self.enrolment_id, "version": self.version}

    def signing_problems(self):
        if not self.is_current:
            return ["This version has been replaced; sign the current version."]
        return self.cover_problems()

    def cover_problems(self):
        """Until the contract says how the service is covered nobody signs; says who can put it right."""
        if self.service_cover.strip():
            return []
        manager = self.enrolment.manager
        who = f"{manager} (the trainee's manager) or a workforce lead" if manager else "A workforce lead"
        return [
            f"The contract does not yet say how the service is covered while the trainee studies. {who} "
            "must add it before anyone can sign."
        ]

    def signing_refusal(self, party):
        if party == Party.TRAINEE:
            return "Only the trainee can sign as Trainee."
        return f"Only the trainee's {party.label.lower()} can sign as {party.label}."


class ContractSignature(Signature):
    contract = models.ForeignKey(LearningContract, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=10, choices=Party.choices)

    class Meta:
        ordering = ["contract", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="trainees_contract_signature_unique"),
        ]


class StudyTimeEntry(models.Model):
    """Protected study (off-the-job) time the trainee took, confirmed by their manager."""

    class Activity(models.TextChoices):
        TAUGHT = "taught", "Taught session at university"
        SELF_STUDY = "self_study", "Self-directed study"
        SHADOWING = "shadowing", "Shadowing or placement"
        SIMULATION = "simulation", "Simulation or skills lab"
        MENTORING = "mentoring", "Mentoring or supervision"
        PORTFOLIO = "portfolio", "Portfolio and assignments"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the manager"
        CONFIRMED = "confirmed", "Confirmed"
        QUERIED = "queried", "Queried by the manager"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="study_time")
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(12)]
    )
    activity = models.CharField(max_length=20, choices=Activity.choices)
    description = models.CharField(max_length=300, blank=True)
    ksbs = models.ManyToManyField(KSB, blank=True, related_name="study_time", verbose_name="KSBs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    query_note = models.CharField(max_length=300, blank=True)
    # Made when the form was shown: the same form sent twice makes one entry (see create_once).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "-date", "-logged_at"]
        verbose_name_plural = "study time entries"

    def __str__(self):
        return f"{hours(self.hours)} on {self.date:%-d %b %Y} ({self.get_activity_display()})"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_confirmed(self):
        return self.state == self.State.CONFIRMED

    @property
    def is_queried(self):
        return self.state == self.State.QUERIED


class ProgressReviewQuerySet(models.QuerySet):
    """Reviews; ``counted()`` is the one place that says which of them count."""

    def counted(self):
        """Reviews signed by all three parties (trainee, employer, provider): only these reset the clock to
        the next review and satisfy the gateway; an unsigned or partly signed review counts nowhere."""
        signed = ReviewSignature.objects.filter(review=models.OuterRef("pk"))
        return self.filter(*[models.Exists(signed.filter(party=party)) for party in ProgressReview.Party])

    def uncounted(self):
        return self.exclude(pk__in=self.counted().values("pk"))

    def update(self, **kwargs):
        if self._signed().exists():
            raise Immutable("A signed progress review cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        if self._signed().exists():
            raise Immutable("A signed progress review cannot be deleted.")
        return super().delete()

    def _signed(self):
        return self.filter(models.Exists(ReviewSignature.objects.filter(review=models.OuterRef("pk"))))


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class ProgressReview(SignedByEnrolment):
    """A progress review with the trainee, the employer side and the provider (lecturer); each signs the
    record. It counts (for the clock to the next review and for the gateway) only once all three have signed
    (``ProgressReview.objects.counted()``); from the first signature it never changes, nor do its actions.

    Reviews recorded on the structured form (``form_version`` 2) keep snapshots of the portfolio and of
    off-the-job time since the previous counted review, so the signed record does not change later; older
    reviews (``form_version`` 1) keep the fields and the fingerprint they were signed with.
    """

    class Party(models.TextChoices):
        TRAINEE = "trainee", "Trainee"
        EMPLOYER = "employer", "Employer (mentor or manager)"
        LECTURER = "lecturer", "Lecturer"

    signing_parties = tuple(Party)
    signing_noun = "this review"
    LEGACY_FIELDS = ("held_on", "progress", "study_time_note", "concerns", "actions", "enrolment_id")
    STRUCTURED_FIELDS = (
        "form_version",
        "previous_held_on",
        "planned_hours",
        "taken_hours",
        "planned_since_hours",
        "taken_since_hours",
        "behind_hours",
        "portfolio",
        "training_plan_changes",
        "english_maths",
        "wellbeing_concern",
        "wellbeing_note",
        "safeguarding_concern",
        "safeguarding_note",
        "circumstances_changed",
        "circumstances_note",
    )

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    form_version = models.PositiveSmallIntegerField(default=1, editable=False)
    held_on = models.DateField()
    previous_held_on = models.DateField(
        "previous counted review", null=True, blank=True, editable=False,
        help_text="The review this one follows (or none: since the start of the programme).",
    )  # fmt: skip
    progress = models.TextField("progress since the last review")
    study_time_note = models.TextField("off-the-job training against plan", blank=True)
    # Snapshots at the review's date: to date (since the start), and since the previous counted review.
    planned_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    taken_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    planned_since_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0, editable=False)
    taken_since_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0, editable=False)
    behind_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0, editable=False)
    # What the portfolio showed since the previous counted review (competencies contributes it).
    portfolio = models.JSONField(default=dict, blank=True, editable=False)
    training_plan_changes = models.TextField("changes to the training plan", blank=True)
    english_maths = models.TextField("English and maths", blank=True)
    concerns = models.TextField(blank=True)
    wellbeing_concern = models.CharField(
        "any wellbeing concerns?", max_length=3, choices=YesNo.choices, blank=True
    )
    wellbeing_note = models.TextField("wellbeing: what was said and what is being done", blank=True)
    safeguarding_concern = models.CharField(
        "any safeguarding concerns?", max_length=3, choices=YesNo.choices, blank=True
    )
    safeguarding_note = models.TextField("safeguarding: what was done", blank=True)
    circumstances_changed = models.CharField(
        "any changes of circumstance?", max_length=3, choices=YesNo.choices, blank=True
    )
    circumstances_note = models.TextField("changes of circumstance", blank=True)
    actions = models.TextField("agreed actions", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "-held_on"]

    def __str__(self):
        return f"Progress review {self.held_on:%-d %B %Y} – {self.enrolment.trainee}"

    def save(self, *args, **kwargs):
        # Stricter than Signable's: once anyone has signed, nothing about the review changes (not even what
        # the fingerprint leaves out, such as who recorded it).
        if not self._state.adding and self.pk is not None and self.is_signed():
            raise Immutable("This review has been signed and cannot be changed.")
        super().save(*args, **kwargs)

    def signed_content(self):
        content = {name: str(getattr(self, name)) for name in self.LEGACY_FIELDS}
        if self.form_version < 2:
            return content  # as signed before the structured form: those signatures still verify
        content |= {name: self._signed_value(name) for name in self.STRUCTURED_FIELDS}
        if self.pk is not None:
            content["previous_actions"] = [
                [a.action, a.get_owner_display(), str(a.due_on), a.outcome, a.comment]
                for a in self.previous_actions.all()
            ]
            content["next_actions"] = [
                [a.action, a.get_owner_display(), str(a.due_on)] for a in self.next_actions.all()
            ]
        return content

    def _signed_value(self, name):
        value = getattr(self, name)
        if name == "portfolio":
            return value
        if name.endswith("_hours"):  # as stored (2 places), whether read back or just computed
            return str(Decimal(value).quantize(Decimal("0.01")))
        return str(value)

    def is_counted(self):
        return self.signing_state().counted

    def signing_state(self):
        signed = {s.party for s in self.signatures.all()}
        return ReviewState(
            tuple(p for p in self.Party if p in signed), tuple(p for p in self.Party if p not in signed)
        )

    @property
    def is_structured(self):
        return self.form_version >= 2

    # The kept figures under the names of selectors.ReviewSnapshot, for templates showing either.
    planned_since = property(lambda self: self.planned_since_hours)
    taken_since = property(lambda self: self.taken_since_hours)
    planned_to_date = property(lambda self: self.planned_hours)
    confirmed = property(lambda self: self.taken_hours)
    behind_by = property(lambda self: self.behind_hours)


@dataclass(frozen=True)
class ReviewState:
    """Which parties have signed a review; it counts only when nobody is missing."""

    signed: tuple
    missing: tuple

    @property
    def counted(self):
        return not self.missing

    @property
    def label(self):
        if not self.missing:
            return "Signed by all"
        return "Waiting for " + _and(p.label.split(" (")[0].lower() for p in self.missing)


def _and(words):
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class ReviewActionBase(models.Model):
    """A row of a review; changed or deleted only while nobody has signed the review."""

    class Owner(models.TextChoices):
        TRAINEE = "trainee", "Trainee"
        EMPLOYER = "employer", "Employer"
        PROVIDER = "provider", "Provider"

    review = None  # each subclass's foreign key
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=10, choices=Owner.choices)
    due_on = models.DateField("due by")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["review", "position", "pk"]

    def save(self, *args, **kwargs):
        if self.review.is_signed():
            raise Immutable("This review has been signed and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.review.is_signed():
            raise Immutable("This review has been signed and cannot be changed.")
        return super().delete(*args, **kwargs)


class ReviewAction(ReviewActionBase):
    """A next action agreed at a review, with its owner and date; the next review says whether it was done."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="next_actions")

    class Meta(ReviewActionBase.Meta):
        pass

    def __str__(self):
        return self.action


class ActionFollowUp(ReviewActionBase):
    """At a review, one action from the last counted review: done, partly done or not done, and why."""

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        PARTLY = "partly", "Partly done"
        NOT_DONE = "not_done", "Not done"

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="previous_actions")
    agreed_at = models.ForeignKey(
        ReviewAction, on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta(ReviewActionBase.Meta):
        pass

    def __str__(self):
        return f"{self.action}: {self.get_outcome_display()}"

    @property
    def is_done(self):
        return self.outcome == self.Outcome.DONE

    @property
    def is_partly_done(self):
        return self.outcome == self.Outcome.PARTLY


class ReviewSignature(Signature):
    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=10, choices=ProgressReview.Party.choices)

    class Meta:
        ordering = ["review", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "party"], name="trainees_review_signature_unique")
        ]


def import_lease_seconds():
    # Longer than the task may run, and no longer than the broker's visibility timeout (see settings).
    return math.ceil(settings.CELERY_TASK_TIME_LIMIT * 1.15)


class ImportJob(models.Model):
    """A large file of trainees imported by a worker, all or nothing; the page polls it for progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being imported"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    # The uploaded file until the job ends; emptied then, so people's details are not kept twice.
    content = models.BinaryField(blank=True)
    rows = models.PositiveIntegerField(default=0)
    second_cohort = models.BooleanField(default=False, help_text="The lead enrols people on a second cohort.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    enrolled = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # [{"row": 3, "column": "email", "message": "…"}]
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Import of {self.filename} into {self.cohort} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_queued(self):
        return self.status == self.Status.QUEUED

    def is_stalled(self, now=None):
        """Waiting longer than a worker's lease with no worker taking it, or held by a worker whose lease ran
        out (an import is one transaction, done well within the lease): the background service may be
        stopped."""
        now = now or timezone.now()
        if self.is_queued:
            return self.requested_at < now - datetime.timedelta(seconds=import_lease_seconds())
        expired = self.lease_expires_at is not None and self.lease_expires_at < now
        return self.status == self.Status.RUNNING and expired

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED


# --- Training plan, with the prior-learning skills scan ---------------------------------------------------

OFF_THE_JOB_FLOOR = Decimal("187")  # the fewest off-the-job hours any plan may keep after prior learning


class TrainingPlan(SignedByEnrolment):
    """One version of an enrolment's training plan (formerly the commitment statement): the off-the-job hours,
    what is delivered when, how and by whom, and the prior learning its skills scan recorded. Signed by the
    trainee, the employer (a mentor or the manager) and the provider (the lecturer) before training starts;
    once anyone has signed, a change is a new version that everyone signs again."""

    class Party(models.TextChoices):
        TRAINEE = "trainee", "Trainee"
        EMPLOYER = "employer", "Employer (mentor or manager)"
        PROVIDER = "provider", "Provider (lecturer)"

    CONTENT_FIELDS = (
        "off_the_job_hours",
        "practical_start",
        "practical_end",
        "english_and_maths",
        "support_needs",
    )
    signing_parties = tuple(Party)
    signing_noun = "this version"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="training_plans")
    version = models.PositiveSmallIntegerField(default=1)
    off_the_job_hours = models.DecimalField(
        "off-the-job hours planned in total",
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(OFF_THE_JOB_FLOOR)],
        help_text="The protected study time over the whole practical period, after any reduction for prior "
        "learning. Never below 187 hours.",
    )
    practical_start = models.DateField(
        "start of the practical period", help_text="The day training starts (usually the cohort's start)."
    )
    practical_end = models.DateField(
        "planned end of the practical period",
        help_text="At least 8 months after the start; the end-point assessment follows.",
    )
    english_and_maths = models.TextField(
        "English and maths",
        help_text="The qualifications the trainee already holds, or how and when they will achieve them.",
    )
    support_needs = models.TextField(
        "additional support needs",
        blank=True,
        help_text="Any learning support or reasonable adjustments agreed, and who provides them.",
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "version"], name="trainees_plan_version_unique"),
        ]

    def __str__(self):
        return f"Training plan v{self.version} – {self.enrolment.trainee}"

    @property
    def is_current(self):
        return self.superseded_at is None

    def scan(self):
        """This version's skills scan, or None while it has not been recorded."""
        return SkillsScan.objects.filter(plan=self).first() if self.pk else None

    def signed_content(self):
        """The plan's hours and dates, every delivery row and the skills scan with its reduction."""
        content = {name: str(getattr(self, name)) for name in self.CONTENT_FIELDS}
        content["delivery"] = [row.signed_content() for row in self.deliveries.all()] if self.pk else []
        scan = self.scan()
        content["skills_scan"] = scan.signed_content() if scan else None
        return content | {"enrolment": self.enrolment_id, "version": self.version}

    def signers(self, party):
        # The provider signs through the lecturer; Enrolment.signers knows who holds each part.
        if party == self.Party.PROVIDER:
            return self.enrolment.signers(Party.LECTURER)
        return self.enrolment.signers(party)

    def signing_problems(self):
        if not self.is_current:
            return ["This version has been replaced; sign the current version."]
        problems = []
        if not self.deliveries.exists():
            problems.append(
                "The plan does not yet say what is delivered when, how and by whom. The lecturer or a "
                "workforce lead adds it before anyone can sign."
            )
        if self.scan() is None:
            problems.append(
                "The skills scan of prior learning has not been recorded. The lecturer or a workforce lead "
                "records it with the trainee before anyone can sign."
            )
        return problems

    def signing_refusal(self, party):
        if party == self.Party.TRAINEE:
            return "Only the trainee can sign as Trainee."
        if party == self.Party.PROVIDER:
            return "Only the trainee's lecturer can sign for the provider."
        return "Only the trainee's mentor or manager can sign for the employer."


class PlanSignature(Signature):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=10, choices=TrainingPlan.Party.choices)

    class Meta:
        ordering = ["plan", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "party"], name="trainees_plan_signature_unique"),
        ]


class PartOfPlan(models.Model):
    """A row of a training plan version: changed or deleted only while nobody has signed that version."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._plan().is_signed():
            raise Immutable("This version of the training plan has been signed and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._plan().is_signed():
            raise Immutable("This version of the training plan has been signed and cannot be changed.")
        return super().delete(*args, **kwargs)

    def _plan(self):
        return self.plan


class PlannedDelivery(PartOfPlan):
    """One row of "what is delivered when, how and by whom"."""

    class How(models.TextChoices):
        TAUGHT = "taught", "Taught at university"
        WORK_BASED = "work_based", "Work-based learning"
        E_LEARNING = "e_learning", "E-learning"
        SIMULATION = "simulation", "Simulation or skills lab"
        PLACEMENT = "placement", "Placement or shadowing"
        MENTORING = "mentoring", "Mentoring or supervision"
        OTHER = "other", "Other"

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="deliveries")
    what = models.CharField(
        max_length=200, help_text="A module or learning activity, for example: Physical health observations."
    )
    starts_on = models.DateField("from", null=True, blank=True)
    ends_on = models.DateField("to", null=True, blank=True)
    term = models.CharField(
        max_length=100, blank=True, help_text="Or a term instead of dates, for example: Year 1, autumn term."
    )
    how = models.CharField(max_length=20, choices=How.choices)
    by_whom = models.CharField(
        "by whom",
        max_length=200,
        help_text="The organisation or person, for example: University of Northfield.",
    )
    ksbs = models.ManyToManyField(KSB, blank=True, related_name="+", verbose_name="KSBs")

    class Meta:
        ordering = ["plan", "starts_on", "pk"]
        verbose_name = "planned delivery"
        verbose_name_plural = "planned delivery"

    def __str__(self):
        return self.what

    @property
    def when(self):
        if self.starts_on and self.ends_on:
            return f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"
        if self.starts_on:
            return f"From {self.starts_on:%-d %B %Y}"
        return self.term

    def signed_content(self):
        return {
            "what": self.what,
            "starts_on": str(self.starts_on),
            "ends_on": str(self.ends_on),
            "term": self.term,
            "how": self.how,
            "by_whom": self.by_whom,
            "ksbs": sorted(ksb.code for ksb in self.ksbs.all()),
        }


class SkillsScan(PartOfPlan):
    """The prior learning recorded at the start, against every KSB of the standard, and the off-the-job hours
    it takes off the plan. Part of the training plan version it belongs to, and signed with it."""

    plan = models.OneToOneField(TrainingPlan, on_delete=models.CASCADE, related_name="skills_scan")
    reduction_hours = models.DecimalField(
        "reduction in off-the-job hours for prior learning",
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    justification = models.TextField("why the reduction is justified", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Skills scan – {self.plan}"

    def signed_content(self):
        return {
            "reduction_hours": str(self.reduction_hours),
            "justification": self.justification,
            "ratings": [r.signed_content() for r in self.ratings.select_related("ksb")],
        }


class SkillsScanRating(PartOfPlan):
    """How much the trainee already knows or can do of one KSB, and the evidence of it."""

    class Rating(models.TextChoices):
        NONE = "none", "No prior learning"
        SOME = "some", "Some prior learning"
        FULL = "full", "Fully competent – evidence of prior learning"

    scan = models.ForeignKey(SkillsScan, on_delete=models.CASCADE, related_name="ratings")
    ksb = models.ForeignKey(KSB, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=10, choices=Rating.choices)
    evidence = models.TextField("evidence of prior learning", blank=True)

    class Meta:
        ordering = ["scan", "ksb__kind_order", "ksb__number"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "ksb"], name="trainees_scan_rating_unique"),
        ]

    def __str__(self):
        return f"{self.ksb.code}: {self.get_rating_display()}"

    def _plan(self):
        return self.scan.plan

    def signed_content(self):
        return {"ksb": self.ksb.code, "rating": self.rating, "evidence": self.evidence}
