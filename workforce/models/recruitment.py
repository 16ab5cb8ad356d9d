"""Recruitment against a role profile: a vacancy uses one profile version, whose person specification's
criteria its candidates are scored on, stage by stage (application, interview, references, testing).

Candidates are personal data: only the recruiting organisation's workforce leads and the vacancy's panel see
them, and they are deleted CANDIDATE_RETENTION_DAYS after the vacancy's closing date (or after it was filled
or withdrawn, if later). So nothing here keeps history (django-simple-history would keep a copy of each
deleted row); who scored and who decided is recorded on the rows themselves, and goes with them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from accounts.models import Organisation

from .profiles import Criterion, ProfileVersion, Stage

__all__ = ["Vacancy", "Candidate", "Score"]


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Closed: assessing candidates"
        FILLED = "filled", "Filled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Statuses that decide the vacancy: the retention period counts from then if later than the closing date.
    DECIDED = (Status.FILLED, Status.WITHDRAWN)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vacancies")
    profile_version = models.ForeignKey(
        ProfileVersion,
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name="role profile",
        help_text="Candidates are scored on this version's person specification.",
    )
    title = models.CharField(max_length=200, help_text="As advertised.")
    reference = models.CharField(
        max_length=60, blank=True, help_text="The advert's reference, for example on NHS Jobs."
    )
    closing_date = models.DateField(help_text="The last day applications are accepted.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    decided_on = models.DateField(
        null=True, blank=True, help_text="The day the vacancy was filled or withdrawn (set by its status)."
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="recruitment_panels",
        help_text="People of the organisation who see and score this vacancy's candidates.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    candidates_deleted_on = models.DateField(
        null=True, blank=True, help_text="When the retention period ran out and its candidates were deleted."
    )

    class Meta:
        ordering = ["organisation", "-closing_date", "title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="workforce_vacancy_reference_unique",
                violation_error_message="Your organisation already has a vacancy with this reference.",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.reference})" if self.reference else self.title

    @property
    def is_decided(self):
        return self.status in self.DECIDED


class Candidate(models.Model):
    """Someone who applied for a vacancy, with the shortlisting decision and the appointment."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="candidates")
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    email = models.EmailField(help_text="Matched to an existing account of your organisation when enrolled.")
    phone = models.CharField("phone number", max_length=40, blank=True)
    notes = models.TextField(blank=True, help_text="Seen only by your organisation's leads and the panel.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # Shortlisting: None until decided.
    shortlisted = models.BooleanField(null=True, blank=True)
    shortlist_reason = models.TextField(blank=True)
    shortlist_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shortlist_decided_at = models.DateTimeField(null=True, blank=True)

    # Appointment, and the enrolment made from it (which stays when the candidate is deleted).
    appointed_at = models.DateTimeField(null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment_reason = models.TextField(
        blank=True, help_text="Why they were appointed without meeting every essential criterion."
    )
    enrolment = models.OneToOneField(
        "trainees.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["vacancy", "last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "vacancy",
                name="workforce_candidate_once_per_vacancy",
                violation_error_message="This vacancy already has a candidate with this email address.",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_appointed(self):
        return self.appointed_at is not None


class Score(models.Model):
    """How a candidate did on one criterion at one stage that assesses it. One score per stage: scoring again
    replaces it, recording who scored it last."""

    class Result(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    result = models.CharField(max_length=8, choices=Result.choices)
    note = models.TextField(blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField()

    class Meta:
        ordering = ["candidate", "criterion__order", "criterion_id", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion", "stage"], name="workforce_score_once_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.candidate}: {self.get_result_display()} at {self.get_stage_display().lower()}"
