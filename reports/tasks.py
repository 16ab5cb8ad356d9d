"""Celery tasks: load the job by id, claim it, call the pure renderer, store the file."""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import kinds, services
from .models import ReportJob
from .rendering import render

logger = logging.getLogger(__name__)
PASSING = (OperationalError, InterfaceError, ConnectionError)


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
    kind = kinds.get(job.kind)
    subject = kind.subject(job.subject_id)
    if subject is None:
        services.fail(job_id, f"The {kind.label.lower()}'s subject no longer exists.")
        return "failed"
    try:
        if settings.REPORTS_SLOW_DOWN_SECONDS:  # for failure drills only: time to kill a worker mid-task
            time.sleep(settings.REPORTS_SLOW_DOWN_SECONDS)
        rendered = render(
            job.kind,
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


@shared_task(name="reports.purge_expired", ignore_result=True)
def purge_expired_reports():
    return services.purge_expired()
