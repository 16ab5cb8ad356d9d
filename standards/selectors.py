"""Reads of the catalogue that several pages and reports share."""

from collections import defaultdict

from django.db.models import Q

from .models import KSB, Duty, LocalDutyMapping, Progression, Standard

PUBLISHED, LOCAL, NONE = Standard.Mapping.PUBLISHED, Standard.Mapping.LOCAL, Standard.Mapping.NONE


def _by_kind(ksbs):
    return sorted(ksbs, key=lambda k: (k.kind_order, k.number))


def duty_ksbs(standard, ksbs=None, organisation_id=None):
    """The duty-to-KSB map: each duty of the standard in order, with its KSBs in the standard's order (K, S,
    B, then number). Two queries, or three if ``ksbs`` (the standard's KSBs, already loaded) is not given.

    Each duty carries ``mapping_source``: published, local or none. Without ``organisation_id`` the map is
    the catalogue's own (what the Institute's file published, or a site administrator's local mapping).
    With it (one more query), the map is the one that organisation's progress by duty uses: where the
    Institute's file publishes a duty's KSBs they win; elsewhere the organisation's locally made mapping.
    """
    by_pk = {k.pk: k for k in (KSB.objects.filter(standard=standard) if ksbs is None else ksbs)}
    mapped = defaultdict(list)
    for duty_id, ksb_id in Duty.ksbs.through.objects.filter(duty__standard=standard).values_list(
        "duty_id", "ksb_id"
    ):
        mapped[duty_id].append(by_pk[ksb_id])
    local = defaultdict(list)
    if organisation_id is not None:
        for duty_id, ksb_id in LocalDutyMapping.ksbs.through.objects.filter(
            localdutymapping__organisation=organisation_id, localdutymapping__duty__standard=standard
        ).values_list("localdutymapping__duty_id", "ksb_id"):
            local[duty_id].append(by_pk[ksb_id])
    result = []
    for duty in Duty.objects.filter(standard=standard).order_by("number"):
        if mapped[duty.pk] and standard.duty_mapping == PUBLISHED:
            duty.mapping_source, chosen = PUBLISHED, mapped[duty.pk]
        elif local[duty.pk]:
            duty.mapping_source, chosen = LOCAL, local[duty.pk]
        elif mapped[duty.pk]:
            duty.mapping_source, chosen = standard.duty_mapping, mapped[duty.pk]
        else:
            duty.mapping_source, chosen = NONE, []
        result.append((duty, _by_kind(chosen)))
    return result


def mapping_summary(duties):
    """In words, where the mapping of ``duties`` (from duty_ksbs) comes from, e.g. for progress by duty."""
    sources = {duty.mapping_source for duty, _ in duties}
    if sources <= {NONE}:
        return Standard.Mapping.NONE.label
    if sources <= {PUBLISHED, NONE}:
        return Standard.Mapping.PUBLISHED.label
    if sources <= {LOCAL, NONE}:
        return Standard.Mapping.LOCAL.label
    return (
        f"{Standard.Mapping.PUBLISHED.label}, and a locally made mapping (not published by the Institute) "
        "where it publishes none"
    )


def progressions(standard, organisation_ids=()):
    """The Institute's progression links into and onwards from the standard, and those the given
    organisations proposed (each ``is_local``): (into, onwards)."""
    links = Progression.objects.filter(
        Q(organisation__isnull=True) | Q(organisation__in=organisation_ids),
        Q(from_reference=standard.reference) | Q(to_reference=standard.reference),
    )
    links = list(links.select_related("organisation"))
    return (
        [p for p in links if p.to_reference == standard.reference],
        [p for p in links if p.from_reference == standard.reference],
    )
