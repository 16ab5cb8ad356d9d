"""The trust's evaluation of the role (seed 000: "Evaluation process", "Results and next steps",
"Evaluation on the impact of the introduction of the role"): interviews of trainees at the start, mid-way
and on qualification and of their managers, the questions asked (versioned per organisation), findings
coded with themes from a codebook (versioned too), audits of physical healthcare assessments, service-user
satisfaction results, and each trainee's outcome.

Consent governs what an interview contributes: an interview counts, and is quoted, only while its
interviewee's consent is given and not withdrawn (`Interview.objects.counted()`); every count, quote,
export and report reads through that one queryset.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.models import Organisation
from trainees.models import Cohort, Enrolment, Programme

User = settings.AUTH_USER_MODEL


class Stage(models.TextChoices):
    """When an interview is held (seed 000: shortly after starting, mid-way through, on qualification)."""

    START = "start", "Shortly after starting"
    MIDWAY = "midway", "Mid-way"
    QUALIFICATION = "qualification", "On qualification"


class Respondent(models.TextChoices):
    TRAINEE = "trainee", "Trainee"
    MANAGER = "manager", "Manager"


class ProgrammeStage(models.TextChoices):
    """When an audit or a satisfaction survey was taken, against the programme: before it, then its stages."""

    BEFORE = "before", "Before the programme"
    START = "start", "Shortly after starting"
    MIDWAY = "midway", "Mid-way"
    QUALIFICATION = "qualification", "On qualification"


class Schedule(models.Model):
    """A programme's interview timetable; each cohort's due dates follow from its own start and end dates."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="evaluation_schedule")
    weeks_after_start = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="The first interview is due this many weeks after the cohort starts.",
    )
    weeks_after_completion = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(26)],
        help_text="The qualification interview is due within this many weeks of the cohort's expected end.",
    )
    # The mid-way interview is due at the midpoint of the cohort's start and expected end.

    history = HistoricalRecords()

    def __str__(self):
        return f"Interview schedule of {self.programme}"


class QuestionSet(models.Model):
    """The questions asked at one stage of one group of respondents, as one organisation words them. Editing
    makes a new version; a recorded interview keeps the version it used."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="question_sets")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    version = models.PositiveIntegerField(default=1)
    # The portal's starter set, drawn from seed 000: our example content, not a published instrument.
    is_example = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "respondent", "stage", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "stage", "respondent", "version"],
                name="evaluation_question_set_version",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_respondent_display()} questions, {self.get_stage_display().lower()}, v{self.version}"
        )


class Question(models.Model):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=120, help_text="A few words, for example: Remuneration.")
    text = models.TextField()

    class Meta:
        ordering = ["question_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "order"], name="evaluation_question_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.topic}"


class InterviewQuerySet(models.QuerySet):
    def counted(self):
        """Interviews that may be counted and quoted: completed, with consent given and not withdrawn."""
        return self.filter(
            status=Interview.Status.COMPLETED, consent_given=True, consent_withdrawn_on__isnull=True
        )


class Interview(models.Model):
    """One interview of one person (a trainee of the cohort, or a manager of its trainees) at one stage."""

    class Status(models.TextChoices):
        DUE = "due", "Not yet held"
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="interviews")
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    interviewee = models.ForeignKey(User, on_delete=models.PROTECT, related_name="evaluation_interviews")
    # The trainee's enrolment on the cohort (none for a manager).
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluation_interviews"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    held_on = models.DateField(null=True, blank=True)
    interviewer = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluation_interviews_held"
    )
    consent_given = models.BooleanField(
        default=False, help_text="The interviewee agreed that their answers may be counted and quoted."
    )
    consent_withdrawn_on = models.DateField(
        null=True, blank=True, help_text="From this date the answers are kept out of every count and quote."
    )
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = InterviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "due_on", "respondent", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "interviewee", "respondent", "stage"],
                name="evaluation_one_interview_per_stage",
            ),
            models.CheckConstraint(
                condition=Q(respondent=Respondent.MANAGER, enrolment__isnull=True)
                | Q(respondent=Respondent.TRAINEE, enrolment__isnull=False),
                name="evaluation_trainee_interview_has_its_enrolment",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} interview of {self.interviewee}"

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def is_counted(self):
        return self.is_completed and self.consent_given and self.consent_withdrawn_on is None


class Answer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["interview", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="evaluation_one_answer")
        ]

    def __str__(self):
        return f"Answer to {self.question}"


class Codebook(models.Model):
    """An organisation's themes for coding findings; editing makes a new version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="codebooks")
    version = models.PositiveIntegerField(default=1)
    is_example = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="evaluation_codebook_version")
        ]

    def __str__(self):
        return f"Codebook v{self.version} of {self.organisation}"


class Theme(models.Model):
    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["codebook", "order"]
        constraints = [models.UniqueConstraint(fields=["codebook", "name"], name="evaluation_theme_name")]

    def __str__(self):
        return self.name


class CodedPassage(models.Model):
    """A passage of an answer marked with a theme: the quote behind a count."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="coded_passages")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="passages")
    quote = models.TextField(help_text="The words of the answer that show the theme.")
    coded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    coded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__order", "pk"]

    def __str__(self):
        return f"{self.theme}: “{self.quote[:40]}”"


class Audit(models.Model):
    """An audit of physical healthcare assessments on a ward or service at a stage of the programme."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="evaluation_audits")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="audits")
    service = models.CharField("ward or service", max_length=120)
    has_trainees = models.BooleanField("the ward has trainees", default=True)
    stage = models.CharField("programme stage", max_length=20, choices=ProgrammeStage.choices)
    audited_on = models.DateField("date of the audit")
    number_audited = models.PositiveIntegerField()
    number_meeting_standard = models.PositiveIntegerField()
    standard_used = models.CharField(max_length=200, help_text="For example: NEWS2 recorded and escalated.")
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "audited_on", "service"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_meeting_standard__lte=F("number_audited")),
                name="evaluation_audit_meeting_at_most_audited",
            )
        ]

    def __str__(self):
        return f"Audit of {self.service}, {self.audited_on:%d %b %Y}"

    @property
    def percentage(self):
        return (
            round(100 * self.number_meeting_standard / self.number_audited) if self.number_audited else None
        )


class SatisfactionResult(models.Model):
    """One question of a local service-user satisfaction survey (seed 000: Productive Ward) on a ward."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="evaluation_satisfaction"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="satisfaction_results")
    service = models.CharField("ward or service", max_length=120)
    has_trainees = models.BooleanField("the ward has trainees", default=True)
    stage = models.CharField("programme stage", max_length=20, choices=ProgrammeStage.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    question = models.CharField(max_length=300)
    responses = models.PositiveIntegerField("number of responses")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    scale_min = models.DecimalField("lowest score on the scale", max_digits=6, decimal_places=2, default=1)
    scale_max = models.DecimalField("highest score on the scale", max_digits=6, decimal_places=2, default=5)
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "period_start", "service", "question"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")), name="evaluation_satisfaction_scale_is_a_range"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=F("scale_min"), score__lte=F("scale_max")),
                name="evaluation_satisfaction_score_on_its_scale",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="evaluation_satisfaction_period_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.question} ({self.service}, {self.period_start:%b %Y})"


class Outcome(models.Model):
    """How a trainee's apprenticeship ended and where they went (seed 000: all seven completed; two progressed
    to an abbreviated degree in nursing)."""

    class Result(models.TextChoices):
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Destination(models.TextChoices):
        STAYED_AP = "stayed_ap", "Stayed as an assistant practitioner"
        NURSING_DEGREE = "nursing_degree", "Nurse training: abbreviated degree"
        NURSING_ASSOCIATE = "nursing_associate", "Nurse training: nursing associate"
        OTHER_REGISTERED = "other_registered", "Other registered training"
        LEFT = "left", "Left the organisation"

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="evaluation_outcome")
    result = models.CharField(max_length=10, choices=Result.choices)
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    qualified_on = models.DateField(null=True, blank=True)
    band_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    band_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    destination = models.CharField(max_length=20, choices=Destination.choices, blank=True)
    in_post_after_12_months = models.BooleanField(
        "still in post 12 months on",
        null=True,
        blank=True,
        help_text="Leave empty until 12 months have passed.",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(result="completed", withdrawal_reason="")
                | Q(result="withdrawn", qualified_on=None),
                name="evaluation_outcome_reason_only_when_withdrawn",
            )
        ]

    def __str__(self):
        return f"Outcome of {self.enrolment}"

    @property
    def is_completed(self):
        return self.result == self.Result.COMPLETED

    @property
    def progressed_to_nurse_training(self):
        return self.destination in (
            self.Destination.NURSING_DEGREE,
            self.Destination.NURSING_ASSOCIATE,
            self.Destination.OTHER_REGISTERED,
        )
