"""Report jobs: one request for a report of one subject, made by a worker and kept privately for a while."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from . import kinds


def report_path(instance, filename):
    return f"reports/{instance.kind}/{uuid.uuid4().hex}.{instance.format}"


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        ZIP = "zip", "Zip file"

    kind = models.CharField(max_length=30)
    subject_id = models.PositiveBigIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.PDF)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_jobs"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=report_path, blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["kind", "subject_id", "-requested_at"])]

    def __str__(self):
        return f"{self.kind} report {self.subject_id} ({self.get_status_display()})"

    @cached_property
    def kind_spec(self):
        """The job's kind, looked up once for the job (its access rule, its page and its worker share it)."""
        return kinds.get(self.kind)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_queued(self):
        return self.status == self.Status.QUEUED

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED
