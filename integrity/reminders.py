"""A reminder to each workforce lead whose organisation has records that no longer match their fingerprints
in the latest check: sent by the daily reminder scan, once per check."""

from django.urls import reverse

from accounts.models import Membership
from reminders.kinds import Due, ReminderKind

from . import services

MISMATCH = "fingerprint_mismatch"


def mismatches_found(today):
    check = services.latest()
    if check is None or not check.mismatch_count:
        return
    by_organisation = {}
    for m in check.mismatches:
        if m["organisation_id"] is not None:
            by_organisation[m["organisation_id"]] = by_organisation.get(m["organisation_id"], 0) + 1
    url = reverse("integrity:fingerprints")
    for membership in Membership.objects.filter(
        role=Membership.Role.WORKFORCE_LEAD, organisation_id__in=by_organisation
    ).select_related("user", "organisation"):
        n = by_organisation[membership.organisation_id]
        records = "record no longer matches its" if n == 1 else "records no longer match their"
        yield Due(
            kind=MISMATCH,
            recipient=membership.user,
            subject=f"fingerprint-check:{check.pk}:{membership.organisation_id}",
            due_on=check.ran_at.date(),
            title=f"{n} signed {records} fingerprint ({membership.organisation})",
            body=(
                "The daily check of signed records found a change made after signing, outside the portal. "
                "Open the list to see which records, who signed them and when."
            ),
            url=url,
        )


FINGERPRINT_MISMATCH = ReminderKind(MISMATCH, "Signed record changed", mismatches_found)
