from celery import shared_task

from accounts.models import User

from . import services
from .models import FingerprintCheck

CHECK = "integrity.check_fingerprints"  # its schedule is in integrity/contributions.py


@shared_task(name=CHECK, ignore_result=True, acks_late=True, autoretry_for=(ConnectionError,), max_retries=3)
def check_fingerprints(trigger=FingerprintCheck.Trigger.SCHEDULE, by_id=None):
    """Fired daily by beat, or by a lead's "Check now": the result is a FingerprintCheck row."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    return services.run_check(trigger=trigger, by=by).mismatch_count
