"""Reminders sent, which are also the in-app notifications. One per kind, person, subject and due date."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from . import kinds


class Reminder(models.Model):
    # One of the apps' reminder kinds (reminders.kinds), not a list of choices: a new kind needs no migration.
    kind = models.CharField(max_length=30)
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

    def clean(self):
        if self.kind not in kinds.by_name():
            raise ValidationError({"kind": f"No reminder kind {self.kind!r} is declared by any app."})

    @property
    def kind_label(self):
        return kinds.label(self.kind)
