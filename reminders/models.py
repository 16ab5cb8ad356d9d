"""Reminders sent, which are also the in-app notifications. One per kind, person, subject and due date."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    class Kind(models.TextChoices):
        PASTORAL_REVISIT = "pastoral_revisit", "Pastoral self-assessment due"
        REVIEW_DUE = "review_due", "Progress review due"
        REVIEW_OVERDUE = "review_overdue", "Progress review overdue"
        EVIDENCE_WAITING = "evidence_waiting", "Evidence waiting for sign-off"
        CONTRACT_UNSIGNED = "contract_unsigned", "Learning contract to sign"
        REVIEW_UNSIGNED = "review_unsigned", "Progress review to sign"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    subject = models.CharField(max_length=60, help_text="What it is about, e.g. enrolment:12.")
    due_on = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            # However often the schedule fires and however many workers run, one reminder per thing and date.
            models.UniqueConstraint(fields=["kind", "recipient", "subject", "due_on"], name="reminders_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.title} → {self.recipient}"
