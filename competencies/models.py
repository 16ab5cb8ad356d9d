"""Evidence against KSBs, mentor sign-off of evidence and of KSBs, and gateway readiness."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.signing import Immutable, Signature, WrittenOnce
from standards.models import KSB, Competency
from trainees.models import Enrolment, Party, ProgressReview, SignedByEnrolment

User = settings.AUTH_USER_MODEL


class Evidence(SignedByEnrolment):
    """One version of an item of evidence. Signed-off evidence is never edited; a new version replaces it."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", "Observation of practice"
        REFLECTION = "reflection", "Reflective account"
        WITNESS = "witness", "Witness testimony"
        PRODUCT = "product", "Product of work"
        ACADEMIC = "academic", "Academic work"
        SUPERVISION = "supervision", "Supervision or appraisal record (KSF, PDC)"
        SIMULATION = "simulation", "Simulation"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        RETURNED = "returned", "Returned with feedback"
        SIGNED_OFF = "signed_off", "Signed off"

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Each status's NHS.UK tag colour (the tag always carries the status's words too).
    STATUS_TAGS = {
        Status.DRAFT: "grey",
        Status.SUBMITTED: "yellow",
        Status.RETURNED: "red",
        Status.SIGNED_OFF: "green",
    }
    # The mentor signs it off (a Decision, not a signature row; see services.decide_evidence).
    signing_parties = (Party.MENTOR,)
    signing_noun = "this evidence"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    occurred_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    narrative = models.TextField("narrative or reflection")
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    ksbs = models.ManyToManyField(KSB, related_name="evidence", verbose_name="KSBs")
    competencies = models.ManyToManyField(Competency, related_name="evidence", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Made when the form was shown: the same form sent twice makes one item (see create_once).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords(m2m_fields=[ksbs, competencies])

    class Meta:
        ordering = ["enrolment", "-occurred_on", "-pk"]
        verbose_name_plural = "evidence"
        indexes = [
            models.Index(fields=["enrolment", "status"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})" if self.version > 1 else self.title

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED

    @property
    def is_signed_off(self):
        return self.status == self.Status.SIGNED_OFF

    @property
    def status_tag(self):
        """The NHS.UK tag colour of its status (competencies/_evidence_status.html)."""
        return self.STATUS_TAGS[self.status]

    def signed_content(self):
        """Exactly what is signed: text, KSBs, competencies and each attachment's bytes (by its SHA-256)."""
        return {
            "id": self.pk,
            "version": self.version,
            "title": self.title,
            "occurred_on": self.occurred_on.isoformat(),
            "kind": self.kind,
            "narrative": self.narrative,
            "hours": str(self.hours) if self.hours is not None else None,
            "ksbs": sorted(k.code for k in self.ksbs.all()),
            "competencies": sorted(c.code for c in self.competencies.all()),
            "attachments": sorted(a.sha256 for a in self.attachments.all()),
        }

    def signed_fingerprints(self):
        return set(
            self.decisions.filter(action=Decision.Action.SIGNED_OFF).values_list("fingerprint", flat=True)
        )

    def signing_refusal(self, party):
        return "Only the trainee's mentor can decide on their evidence."


def attachment_path(instance, filename):
    # Never the uploaded name: a random name under the trainee's enrolment, outside any public folder.
    return f"evidence/{instance.evidence.enrolment_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evidence", "uploaded_at"]

    def __str__(self):
        return self.original_name


class Decision(WrittenOnce):
    """A mentor's decision on submitted evidence: signed off (with its fingerprint) or returned. Written once,
    like every signature: who, when, for which party, and the fingerprint of the version signed off."""

    class Action(models.TextChoices):
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned with feedback"

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=12, choices=Action.choices)
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.MENTOR)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="evidence_decisions")
    decided_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["evidence", "decided_at"]
        constraints = [
            # However many mentors press the button at once, an item is signed off once.
            models.UniqueConstraint(
                fields=["evidence"], condition=models.Q(action="signed_off"), name="competencies_one_sign_off"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.decided_by}"

    @property
    def is_sign_off(self):
        return self.action == self.Action.SIGNED_OFF


class Achievement(models.Model):
    """A KSB marked achieved for a trainee by their mentor, citing signed-off evidence."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="achievements")
    ksb = models.ForeignKey(KSB, on_delete=models.PROTECT, related_name="achievements")
    evidence = models.ManyToManyField(Evidence, related_name="achievements")
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="ksb_sign_offs")
    signed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["enrolment", "ksb"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "ksb"], name="competencies_ksb_once")]

    def __str__(self):
        return f"{self.ksb.code} achieved – {self.enrolment.trainee}"


class GatewayConfirmation(models.Model):
    """One of the standard version's own gateway requirements, recorded as met for a trainee: who confirmed
    it, when, and the evidence (a note). Part of what the gateway declaration signs, so once anyone has
    signed the declaration it is never changed or deleted."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="gateway_confirmations")
    requirement = models.CharField(max_length=40)
    confirmed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "requirement"], name="competencies_gateway_once")
        ]

    def __str__(self):
        return f"{self.requirement} – {self.enrolment.trainee}"

    def save(self, *args, **kwargs):
        self._refuse_once_declared()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_once_declared()
        return super().delete(*args, **kwargs)

    def _refuse_once_declared(self):
        if GatewayDeclaration.objects.filter(enrolment=self.enrolment_id, signatures__isnull=False).exists():
            raise Immutable("The gateway declaration has been signed: its confirmations cannot be changed.")


class GatewayDeclaration(SignedByEnrolment):
    """The trainee, the employer and the provider declare the trainee ready for end-point assessment, over
    the gateway checklist as confirmed. Signable once the trainee is ready (selectors.gateway); when the third
    party signs, the trainee passes through gateway (Enrolment.gateway_on)."""

    class Party(models.TextChoices):
        TRAINEE = "trainee", "Trainee"
        # The value is ProgressReview's employer party: Enrolment.signers knows it (mentors and manager).
        EMPLOYER = ProgressReview.Party.EMPLOYER.value, "Employer (mentor or manager)"
        PROVIDER = "provider", "Training provider (lecturer)"

    signing_parties = tuple(Party)
    signing_noun = "the gateway declaration"

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="gateway_declaration")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Gateway declaration – {self.enrolment.trainee}"

    def signers(self, party):
        if party == self.Party.PROVIDER:
            return self.enrolment.signers(Party.LECTURER)
        return self.enrolment.signers(party)

    def signing_refusal(self, party):
        if party == self.Party.TRAINEE:
            return "Only the trainee can sign as Trainee."
        if party == self.Party.PROVIDER:
            return "Only the trainee's lecturer can sign for the training provider."
        return "Only the trainee's mentor or manager can sign for the employer."

    def confirmations(self):
        return sorted(self.enrolment.gateway_confirmations.all(), key=lambda c: c.requirement)

    def signed_content(self):
        """The checklist as confirmed (requirement, by whom, when, note) and whose it is."""
        return {
            "enrolment": self.enrolment_id,
            "standard": self.enrolment.cohort.programme.standard_id,
            "confirmations": [
                {
                    "requirement": c.requirement,
                    "confirmed_by": c.confirmed_by_id,
                    "confirmed_on": c.confirmed_at.date().isoformat(),
                    "note": c.note,
                }
                for c in self.confirmations()
            ],
        }

    def signing_problems(self):
        # Whether the trainee is ready (selectors.gateway) is asked by services.sign_declaration and by the
        # page's buttons (selectors.Declaration), which read the portfolio: models do not import selectors.
        if self.enrolment.at_gateway:
            return []  # signed by all already: AlreadySigned says so
        if not self.enrolment.is_active:
            return ["Only an active trainee's gateway declaration is signed."]
        return []

    def signed_by_all(self):
        return {s.party for s in self.signatures.all()} >= set(self.signing_parties)


class DeclarationSignature(Signature):
    declaration = models.ForeignKey(GatewayDeclaration, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=10, choices=GatewayDeclaration.Party.choices)

    class Meta:
        ordering = ["declaration", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "party"], name="competencies_declaration_signature_unique"
            ),
        ]


class EndPointAssessment(models.Model):
    """One attempt at the end-point assessment after gateway (ST0215 v1.1's plan): the assessment
    organisation, the booked dates of its two methods, each method's result and the overall grade.

    Overall grade (``overall_grade``): any method failed is a Fail; otherwise the professional discussion's
    grade decides, so observation Pass with discussion Distinction is a Distinction and Pass with Pass is a
    Pass (the observation has no Distinction). A failed attempt may be followed by a resit: a new attempt.
    """

    class ObservationResult(models.TextChoices):
        FAIL = "fail", "Fail"
        PASS = "pass", "Pass"

    class Grade(models.TextChoices):
        FAIL = "fail", "Fail"
        PASS = "pass", "Pass"
        DISTINCTION = "distinction", "Distinction"

    GRADE_TAGS = {Grade.FAIL: "red", Grade.PASS: "green", Grade.DISTINCTION: "blue"}

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="end_point_assessments")
    attempt = models.PositiveSmallIntegerField(default=1)
    assessment_organisation = models.CharField("end-point assessment organisation", max_length=200)
    observation_on = models.DateField("observation of practice booked for")
    discussion_on = models.DateField("professional discussion booked for")
    observation_result = models.CharField(
        "observation of practice", max_length=10, choices=ObservationResult.choices, blank=True
    )
    discussion_result = models.CharField(
        "professional discussion", max_length=12, choices=Grade.choices, blank=True
    )
    grade = models.CharField("overall grade", max_length=12, choices=Grade.choices, blank=True)
    result_on = models.DateField("result given on", null=True, blank=True)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "attempt"], name="competencies_epa_attempt_once"),
        ]

    def __str__(self):
        return f"End-point assessment (attempt {self.attempt}) – {self.enrolment.trainee}"

    @staticmethod
    def overall_grade(observation, discussion):
        """The overall grade of the two methods' results, as the class says."""
        Grade = EndPointAssessment.Grade
        if observation == Grade.FAIL or discussion == Grade.FAIL:
            return Grade.FAIL
        return Grade.DISTINCTION if discussion == Grade.DISTINCTION else Grade.PASS

    @property
    def has_result(self):
        return bool(self.grade)

    @property
    def passed(self):
        return self.grade in (self.Grade.PASS, self.Grade.DISTINCTION)

    @property
    def grade_tag(self):
        return self.GRADE_TAGS.get(self.grade, "grey")
