"""Celery tasks: load the import job by id, claim it, call the import service; and queue it."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .models import ImportJob, import_lease_seconds

logger = logging.getLogger(__name__)
PURGE = "trainees.purge_import_jobs"  # its schedule is in trainees/contributions.py
PASSING = (OperationalError, InterfaceError, ConnectionError)


@shared_task(
    bind=True,
    name="trainees.import",
    # The job's state is in ImportJob: no result to store, so queueing never waits on the result store.
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=PASSING,
    retry_backoff=True,
    retry_backoff_max=120,
    max_retries=5,
)
def import_trainees_job(self, job_id):
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "nothing to do"
    if not services.claim_job(job_id):
        job.refresh_from_db()
        if job.status == ImportJob.Status.RUNNING:
            # Another worker holds it; if that worker dies, its lease runs out and this takes over.
            raise self.retry(countdown=import_lease_seconds(), max_retries=10)
        return "nothing to do"
    try:
        services.run_import_job(job_id=job_id)
    except PASSING:
        # Nothing was saved (the import is one transaction): the next attempt starts afresh.
        if self.request.retries >= self.max_retries:
            services.fail_job(job_id, "The database did not answer, so nothing was imported. Try again.")
            return "failed"
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.QUEUED, lease_expires_at=None)
        raise
    except Exception:
        logger.exception("Import job %s failed", job_id)
        services.fail_job(
            job_id, "The file could not be imported. Try again; if it fails again, tell the administrator."
        )
        return "failed"
    return ImportJob.objects.get(pk=job_id).status


def start_import(*, cohort, upload_name, content, by, second_cohort=False):
    """Imports a small file at once, returning its ImportResult; a larger one becomes a job for a worker,
    queued here and returned (services.import_now_or_later). Raises ImportRefused for a file refused as a
    whole, QueueUnavailable if the broker cannot take the job. Call it outside a transaction: the job must be
    saved before a worker looks for it."""
    outcome = services.import_now_or_later(
        cohort=cohort, upload_name=upload_name, content=content, by=by, second_cohort=second_cohort
    )
    if isinstance(outcome, ImportJob):
        try:
            import_trainees_job.apply_async(args=[outcome.pk], retry=False)
        except Exception as exc:  # noqa: BLE001 - as reports: any failure to queue is the same to the lead
            logger.error("Could not queue import job %s: %r", outcome.pk, exc)
            raise services.not_queued(outcome) from exc
    return outcome


@shared_task(name=PURGE, ignore_result=True)
def purge_old_import_jobs():
    return services.purge_old_import_jobs()
