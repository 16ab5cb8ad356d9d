"""Celery tasks: load the job by id, claim it, call the pure renderer, store the file; and the one way a
recorded job is sent to them, after the commit."""

import functools
import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from . import services
from .models import ReportJob
from .rendering import render

logger = logging.getLogger(__name__)
PASSING = (OperationalError, InterfaceError, ConnectionError)
PURGE = "reports.purge_expired"  # its schedule is in reports/contributions.py


@shared_task(
    bind=True,
    name="reports.render",
    # The job's state is in ReportJob: no result to store, so queueing never waits on the result store.
    ignore_result=True,
    # Shorter than the lease, which is shorter than the broker's visibility timeout (see settings).
    time_limit=settings.REPORT_TIME_LIMIT_SECONDS,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT_SECONDS,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=PASSING,
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
)
def render_report_job(self, job_id):
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ReportJob.Status.DONE:
        return "nothing to do"
    if not services.claim(job_id):
        job.refresh_from_db()
        if job.status == ReportJob.Status.RUNNING:
            # Another worker holds it; if that worker dies, its lease runs out and this takes over.
            raise self.retry(countdown=settings.REPORT_LEASE_SECONDS, max_retries=10)
        return "nothing to do"
    job.refresh_from_db()
    kind = job.kind_spec
    subject = kind.subject(job.subject_id)
    if subject is None:
        services.fail(job_id, f"The {kind.label.lower()}'s subject no longer exists.")
        return "failed"
    try:
        if settings.REPORTS_SLOW_DOWN_SECONDS:  # for failure drills only: time to kill a worker mid-task
            time.sleep(settings.REPORTS_SLOW_DOWN_SECONDS)
        rendered = render(
            kind,
            subject,
            job.format,
            lambda p, s: services.note_progress(job_id, p, s),
            viewer=job.requested_by,
        )
        services.finish(job, rendered)
    except SoftTimeLimitExceeded:
        logger.error("Report job %s ran out of time", job_id)
        services.fail(
            job_id, "The report took too long to make. Try again; if it fails again, tell the administrator."
        )
        return "failed"
    except PASSING:
        services.fail(job_id, "A passing fault stopped the report; it is being tried again.")
        ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.QUEUED)
        raise
    except Exception:
        logger.exception("Report job %s failed", job_id)
        services.fail(
            job_id, "The report could not be made. Try again; if it fails again, tell the administrator."
        )
        return "failed"
    return "done"


@shared_task(name=PURGE, ignore_result=True)
def purge_expired_reports():
    return services.purge_expired()


def render_after_commit(job):
    """Sends a job recorded by services.request_report or services.retry to the workers once the transaction
    that recorded it commits (at once outside one): a worker always finds the job, and a request rolled back
    never reaches one. Not the task's delay_on_commit: a broker refusing must fail the job with a message,
    not escape from the commit."""
    transaction.on_commit(functools.partial(_send, job.pk))


def _send(job_id):
    try:
        # No retry, and the broker timeouts in the settings: nothing waits on a broker that is down or hung.
        render_report_job.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - any failure to queue is the same failure to the requester
        services.refused_by_queue(job_id, exc)
