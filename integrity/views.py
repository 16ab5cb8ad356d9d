import datetime
import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import permit
from accounts.models import Organisation

from . import access, services, tasks
from .models import FingerprintCheck

logger = logging.getLogger(__name__)


@permit(access.can_view_fingerprint_checks)
def fingerprints(request):
    led = access.led_organisations(request.user)
    check = services.latest()
    mismatches = check.mismatches_for(led) if check else []
    for m in mismatches:
        m["signed_at"] = datetime.datetime.fromisoformat(m["at"]) if m["at"] else None
    return render(
        request,
        "integrity/fingerprints.html",
        {
            "check": check,
            "organisations": Organisation.objects.filter(pk__in=led).order_by("name"),
            "counts": check.counts_for(led) if check else [],
            "mismatches": mismatches,
            "can_run": access.can_run_fingerprint_check(request.user),
        },
    )


@require_POST
@permit(access.can_run_fingerprint_check)
def check_now(request):
    try:
        # The check reads only what is committed already: nothing here waits for this request's commit.
        tasks.check_fingerprints.apply_async(
            kwargs={"trigger": FingerprintCheck.Trigger.LEAD, "by_id": request.user.pk}, retry=False
        )
    except Exception as exc:  # noqa: BLE001 - any failure to queue is the same failure to the lead
        logger.error("Could not queue the fingerprint check: %r", exc)
        messages.error(
            request,
            "The check could not be started: the background service is not answering. Try again in a few "
            "minutes.",
        )
    else:
        messages.success(request, "The check has started. It takes a minute or two; refresh this page.")
    return redirect("integrity:fingerprints")
