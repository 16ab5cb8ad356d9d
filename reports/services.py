"""Requesting, claiming and finishing report jobs. Job state lives here, in the database, not in Celery.

This module never imports the tasks (reports/tasks.py imports it): a request is recorded here, then its
caller sends it to the workers with ``tasks.render_after_commit(job)``, which waits for the commit.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from core import jobs

from . import kinds
from .models import ReportJob

logger = logging.getLogger(__name__)
QUEUE_DOWN = (
    "The report could not be queued: the background service is not answering. "
    "Nothing else is affected; try again in a few minutes."
)
# How long the answer to "does the broker answer?" is kept, so pages ask it at most this often.
QUEUE_CHECK_SECONDS = 30
QUEUE_CHECK_KEY = "reports:queue-answers"


class QueueUnavailable(Exception):
    pass


def request_report(*, kind, subject, fmt, by):
    """Records the request, to be sent with tasks.render_after_commit(job). Raises kinds.UnsupportedFormat,
    and QueueUnavailable when the broker does not answer: that request is recorded as failed, so the
    requester sees why and may try it again."""
    kind = kinds.get(kind) if isinstance(kind, str) else kind
    kind.check_format(fmt)
    request = {"kind": kind.name, "subject_id": subject.pk, "format": fmt, "requested_by": by}
    if not queue_available():
        ReportJob.objects.create(**request, **_failed(QUEUE_DOWN))
        raise QueueUnavailable(QUEUE_DOWN)
    return ReportJob.objects.create(**request, lease_expires_at=_lease_end())


def _lease_end():
    # A queued job's lease is the time a worker has to take it; a running job's, the time it has to finish.
    return timezone.now() + datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS)


def refused_by_queue(job_id, exc):
    """The broker refused the job after its request was committed (it answered a moment before): the job
    says so on its page, and pages stop offering reports until the broker answers again."""
    logger.error("Could not queue report job %s: %r", job_id, exc)
    cache.set(QUEUE_CHECK_KEY, False, QUEUE_CHECK_SECONDS)
    fail(job_id, QUEUE_DOWN)


def retryable():
    """Failed jobs, and queued or running jobs that made no progress past their lease (no worker took them,
    or their worker died)."""
    now = timezone.now()
    waiting = Q(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING])
    stalled = Q(lease_expires_at__lt=now) | Q(
        lease_expires_at__isnull=True,
        requested_at__lt=now - datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS),
    )
    return Q(status=ReportJob.Status.FAILED) | (waiting & stalled)


def retry(job):
    """Makes a failed or stalled job wait for a worker again, to be sent with tasks.render_after_commit(job);
    returns whether it did. Raises QueueUnavailable (the job failed, saying so) when the broker does not
    answer."""
    again = ReportJob.objects.filter(retryable(), pk=job.pk)
    if not queue_available():
        if again.update(**_failed(QUEUE_DOWN)):
            raise QueueUnavailable(QUEUE_DOWN)
        return False
    updated = again.update(
        status=ReportJob.Status.QUEUED,
        progress=0,
        step="",
        error="",
        finished_at=None,
        lease_expires_at=_lease_end(),
    )
    return bool(updated)


def can_retry(job):
    return ReportJob.objects.filter(retryable(), pk=job.pk).exists()


def queue_available():
    """Whether the broker answers, asked with short timeouts and remembered for QUEUE_CHECK_SECONDS."""
    answers = cache.get(QUEUE_CHECK_KEY)
    if answers is None:
        answers = _broker_answers()
        cache.set(QUEUE_CHECK_KEY, answers, QUEUE_CHECK_SECONDS)
    return answers


def _broker_answers():
    if current_app.conf.task_always_eager:
        return True
    quick = {"socket_connect_timeout": 1, "socket_timeout": 1, "max_retries": 0}
    try:
        with current_app.connection_for_write(transport_options=quick, connect_timeout=1) as connection:
            connection.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:  # noqa: BLE001 - any failure means the reports cannot be queued now
        logger.warning("The broker does not answer: %r", exc)
        return False
    return True


def claim(job_id):
    """Takes the job for this worker if nobody holds it. A job whose holder died (its lease ran out) is taken
    over, so a report is still delivered after a worker is killed; a live holder keeps it."""
    return jobs.claim(ReportJob, job_id, lease_seconds=settings.REPORT_LEASE_SECONDS)


def note_progress(job_id, percent, step):
    jobs.note_progress(ReportJob, job_id, percent, step)


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


def _failed(message):
    return {
        "status": ReportJob.Status.FAILED,
        "error": message,
        "finished_at": timezone.now(),
        "lease_expires_at": None,
    }


def fail(job_id, message):
    ReportJob.objects.filter(pk=job_id).update(**_failed(message))


def purge_expired(now=None):
    """Removes reports older than the retention period, files and all. Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.REPORT_RETENTION_DAYS)
    old = list(ReportJob.objects.filter(requested_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ReportJob.objects.filter(pk__in=[j.pk for j in old]).delete()
    return len(old)
