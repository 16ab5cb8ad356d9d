"""Requesting, claiming and finishing report jobs. Job state lives here, in the database, not in Celery."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import kinds
from .models import ReportJob

logger = logging.getLogger(__name__)
QUEUE_DOWN = (
    "The report could not be queued: the background service is not answering. "
    "Nothing else is affected; try again in a few minutes."
)


class QueueUnavailable(Exception):
    pass


def request_report(*, kind, subject, fmt, by):
    """Records the request and queues it. Not in a transaction: the job must exist before the worker looks."""
    kind = kinds.get(kind) if isinstance(kind, str) else kind
    if fmt not in kind.formats:
        raise ValueError(f"The {kind.label.lower()} comes as {' or '.join(kind.formats)}.")
    job = ReportJob.objects.create(kind=kind.name, subject_id=subject.pk, format=fmt, requested_by=by)
    enqueue(job)
    return job


def enqueue(job):
    from .tasks import render_report_job

    try:
        render_report_job.apply_async(args=[job.pk], retry=False)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.error("Could not queue report job %s: %s", job.pk, exc)
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, error=QUEUE_DOWN)
        raise QueueUnavailable(QUEUE_DOWN) from exc


def retry(job):
    """Queues a failed job again."""
    updated = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.FAILED).update(
        status=ReportJob.Status.QUEUED, progress=0, step="", error="", lease_expires_at=None
    )
    if updated:
        enqueue(job)
    return updated


def claim(job_id):
    """Takes the job for this worker if nobody holds it. A job whose holder died (its lease ran out) is taken
    over, so a report is still delivered after a worker is killed; a live holder keeps it."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS)
    free = Q(status=ReportJob.Status.QUEUED) | Q(status=ReportJob.Status.RUNNING, lease_expires_at__lt=now)
    return bool(
        ReportJob.objects.filter(free, pk=job_id).update(
            status=ReportJob.Status.RUNNING,
            lease_expires_at=now + lease,
            started_at=now,
            attempts=F("attempts") + 1,
            progress=5,
            step="Started",
        )
    )


def note_progress(job_id, percent, step):
    # Outside any transaction, so the page polling the job sees it at once.
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(progress=percent, step=step)


def finish(job, rendered):
    job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="Ready",
        file=job.file.name,
        filename=rendered.filename,
        finished_at=timezone.now(),
        lease_expires_at=None,
    )


def fail(job_id, message):
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.FAILED, error=message, finished_at=timezone.now(), lease_expires_at=None
    )


def purge_expired(now=None):
    """Removes reports older than the retention period, files and all. Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.REPORT_RETENTION_DAYS)
    old = list(ReportJob.objects.filter(requested_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ReportJob.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)
