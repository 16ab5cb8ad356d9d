"""Celery tasks of recruitment: deleting candidates whose retention period has run out (scheduled nightly by
beat; its schedule is in workforce/contributions.py)."""

from celery import shared_task

from . import services_recruitment

DELETE_EXPIRED = "workforce.delete_expired_candidates"


@shared_task(name=DELETE_EXPIRED, ignore_result=True)
def delete_expired_candidates():
    return services_recruitment.delete_expired_candidates()
