"""Background jobs a worker takes with a lease (reports, large imports): the claim and the progress notes.

A job model has ``status`` (with QUEUED and RUNNING among its choices), ``lease_expires_at``, ``started_at``,
``attempts``, ``progress`` and ``step``. The claim is one conditional UPDATE, so of two workers only one
takes a job; a job whose holder died (its lease ran out) is taken over, while a live holder keeps it.
"""

import datetime

from django.db.models import F, Q
from django.utils import timezone


def claim(model, job_id, *, lease_seconds):
    """Takes the job for this worker unless a live worker holds it. True if this worker has it now."""
    now = timezone.now()
    free = Q(status=model.Status.QUEUED) | Q(status=model.Status.RUNNING, lease_expires_at__lt=now)
    return bool(
        model.objects.filter(free, pk=job_id).update(
            status=model.Status.RUNNING,
            lease_expires_at=now + datetime.timedelta(seconds=lease_seconds),
            started_at=now,
            attempts=F("attempts") + 1,
            progress=5,
            step="Started",
        )
    )


def note_progress(model, job_id, percent, step):
    """Outside the job's own transaction, so the page polling the job sees it at once."""
    model.objects.filter(pk=job_id, status=model.Status.RUNNING).update(progress=percent, step=step)
