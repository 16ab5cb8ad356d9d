"""Running the fingerprint check and keeping its result (the scheduled task, the command and the lead's
"Check now" all come here)."""

from . import fingerprints
from .models import FingerprintCheck


def run_check(*, trigger=FingerprintCheck.Trigger.SCHEDULE, by=None):
    """Checks every stored fingerprint now and records the result; returns the FingerprintCheck."""
    result = fingerprints.check_fingerprints()
    return FingerprintCheck.objects.create(
        trigger=trigger,
        requested_by=by,
        kinds=result.kinds,
        checked=result.checked,
        mismatches=result.mismatches,
        mismatch_count=len(result.mismatches),
    )


def latest():
    return FingerprintCheck.objects.order_by("-ran_at", "-pk").first()
