"""Reads of the catalogue that several pages and reports share."""

from collections import defaultdict

from .models import KSB, Duty


def duty_ksbs(standard, ksbs=None):
    """The duty-to-KSB map: each duty of the standard in order, with its KSBs in the standard's order (K, S,
    B, then number). Two queries, or three if ``ksbs`` (the standard's KSBs, already loaded) is not given."""
    by_pk = {k.pk: k for k in (KSB.objects.filter(standard=standard) if ksbs is None else ksbs)}
    mapped = defaultdict(list)
    for duty_id, ksb_id in Duty.ksbs.through.objects.filter(duty__standard=standard).values_list(
        "duty_id", "ksb_id"
    ):
        mapped[duty_id].append(by_pk[ksb_id])
    return [
        (duty, sorted(mapped[duty.pk], key=lambda k: (k.kind_order, k.number)))
        for duty in Duty.objects.filter(standard=standard).order_by("number")
    ]
