"""Progress per KSB, per duty and overall; the cohort matrix; gateway readiness. Fixed query counts."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, F

from core import signing
from standards.models import KSB, Standard
from standards.selectors import duty_ksbs, mapping_summary
from trainees import selectors as trainee_selectors
from trainees.models import Enrolment

from .gateway import requirements_for
from .models import Achievement, Decision, Evidence, GatewayConfirmation, GatewayDeclaration

# A KSB's state for one trainee: achieved, else the best status of its evidence, else none.
ACHIEVED, NO_EVIDENCE = "achieved", "none"
EvidenceStatus = Evidence.Status
# Most advanced first; (words, symbol, NHS.UK tag colour): words and symbol so it reads without colour.
STATES = {
    ACHIEVED: ("Achieved", "✓", "green"),
    EvidenceStatus.SIGNED_OFF: ("Evidence signed off", "S", "aqua-green"),
    EvidenceStatus.SUBMITTED: ("Evidence waiting for sign-off", "…", "yellow"),
    EvidenceStatus.RETURNED: ("Evidence returned", "R", "red"),
    EvidenceStatus.DRAFT: ("Evidence in draft", "d", "grey"),
    NO_EVIDENCE: ("No evidence yet", "·", "white"),
}
ORDER = list(STATES)


class Cell(NamedTuple):
    """One KSB's state for one trainee, as the portfolio, the matrix and the reports show it."""

    state: str
    words: str
    symbol: str
    tag: str

    @property
    def is_achieved(self):
        return self.state == ACHIEVED

    @property
    def is_signed_off(self):
        """Evidence of it is signed off, so the mentor may mark it achieved."""
        return self.state == EvidenceStatus.SIGNED_OFF


def _newest_first(evidence):
    return (-evidence.occurred_on.toordinal(), -evidence.pk)


def _cell(state):
    return Cell(state, *STATES[state])


def _best(states):
    return min(states, key=ORDER.index) if states else NO_EVIDENCE


def ksb_states(enrolment_ids):
    """{enrolment id: {ksb id: state}} for the given trainees, in two queries."""
    found = defaultdict(lambda: defaultdict(set))
    rows = Evidence.ksbs.through.objects.filter(evidence__enrolment__in=enrolment_ids).values_list(
        "evidence__enrolment_id", "ksb_id", "evidence__status"
    )
    for enrolment_id, ksb_id, status in rows:
        found[enrolment_id][ksb_id].add(status)
    for enrolment_id, ksb_id in Achievement.objects.filter(enrolment__in=enrolment_ids).values_list(
        "enrolment_id", "ksb_id"
    ):
        found[enrolment_id][ksb_id].add(ACHIEVED)
    return {e: {k: _best(s) for k, s in ksbs.items()} for e, ksbs in found.items()}


@dataclass
class Share:
    label: str
    achieved: int
    total: int
    ksbs: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.achieved / self.total) if self.total else 0


@dataclass
class Progress:
    overall: Share
    by_kind: list
    by_duty: list
    ksbs: list  # (ksb, (state, words, symbol, tag), [evidence...])
    mapping_source: str
    # Duties with KSBs mapped (published or locally made); with none, progress by duty is empty.
    mapped_duties: int = 0


def standard_ksbs(standard):
    return list(KSB.objects.filter(standard=standard).order_by("kind_order", "number"))


def progress(enrolment):
    standard = enrolment.cohort.programme.standard
    ksbs = standard_ksbs(standard)
    states = ksb_states([enrolment.pk]).get(enrolment.pk, {})
    evidence = defaultdict(list)
    for link in Evidence.ksbs.through.objects.filter(evidence__enrolment=enrolment).select_related(
        "evidence"
    ):
        evidence[link.ksb_id].append(link.evidence)
    achieved = {k.pk for k in ksbs if states.get(k.pk) == ACHIEVED}
    by_kind = [
        Share(kind.label, sum(k.pk in achieved for k in group), len(group), group)
        for kind in KSB.Kind
        if (group := [k for k in ksbs if k.kind == kind])
    ]
    # The Institute's published mapping where it has one, else the trainee's organisation's locally made one.
    duties = duty_ksbs(standard, ksbs, organisation_id=enrolment.cohort.organisation_id)
    by_duty = [
        Share(f"{duty.code}: {duty.text}", sum(k.pk in achieved for k in mapped), len(mapped), mapped)
        for duty, mapped in duties
    ]
    return Progress(
        overall=Share("All KSBs", len(achieved), len(ksbs)),
        by_kind=by_kind,
        by_duty=by_duty,
        ksbs=[
            (k, _cell(states.get(k.pk, NO_EVIDENCE)), sorted(evidence[k.pk], key=_newest_first)) for k in ksbs
        ],
        mapping_source=mapping_summary(duties),
        mapped_duties=sum(bool(mapped) for _, mapped in duties),
    )


@dataclass
class Matrix:
    ksbs: list
    rows: list  # (enrolment, [Cell per KSB], achieved count)
    column_totals: list  # achieved per KSB


def cohort_matrix(cohort, enrolments=None):
    """Trainees (``enrolments``, by default all the cohort's) by KSBs of the cohort's standard, each cell a
    state; four queries whatever the size."""
    ksbs = standard_ksbs(cohort.programme.standard)
    enrolments = cohort.enrolments.all() if enrolments is None else enrolments
    enrolments = list(enrolments.select_related("trainee").order_by("trainee__last_name"))
    states = ksb_states([e.pk for e in enrolments])
    rows = []
    for enrolment in enrolments:
        mine = states.get(enrolment.pk, {})
        cells = [_cell(mine.get(k.pk, NO_EVIDENCE)) for k in ksbs]
        rows.append((enrolment, cells, sum(cell.is_achieved for cell in cells)))
    totals = [sum(row[1][i].is_achieved for row in rows) for i in range(len(ksbs))]
    return Matrix(ksbs, rows, totals)


# What gateway() checks, in its order; each page and report that explains readiness says this.
READY_WHEN = (
    "every KSB achieved, the contract signed by all, no review overdue, "
    "and every gateway requirement confirmed"
)


@dataclass
class Gateway:
    ready: bool
    missing: list
    requirements: list  # (requirement, confirmation or None)
    ready_when: str = READY_WHEN


def gateway(enrolment, today=None):
    """Ready for end-point assessment when READY_WHEN holds (the standard's own requirements come from
    gateway.requirements_for); otherwise what is missing."""
    standard = enrolment.cohort.programme.standard
    total = KSB.objects.filter(standard=standard).count()
    achieved = Achievement.objects.filter(enrolment=enrolment, ksb__standard=standard).count()
    row = trainee_selectors.trainee_row(enrolment, today)
    confirmed = {c.requirement: c for c in GatewayConfirmation.objects.filter(enrolment=enrolment)}
    return _readiness(row, total, achieved, confirmed, requirements_for(standard))


def gateways(rows):
    """gateway() for each of the trainee rows (trainees.selectors.rows) as {enrolment id: Gateway}: four
    queries whatever the number of trainees, for a cohort's report."""
    ids = [row.enrolment.pk for row in rows]
    standards = Standard.objects.in_bulk({row.enrolment.cohort.programme.standard_id for row in rows})
    totals = dict(
        KSB.objects.filter(standard__in=standards).values_list("standard").annotate(n=Count("pk")).order_by()
    )
    own_standard = F("enrolment__cohort__programme__standard")
    achieved = dict(
        Achievement.objects.filter(enrolment__in=ids, ksb__standard=own_standard)
        .values_list("enrolment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    confirmed = defaultdict(dict)
    for confirmation in GatewayConfirmation.objects.filter(enrolment__in=ids):
        confirmed[confirmation.enrolment_id][confirmation.requirement] = confirmation
    found = {}
    for row in rows:
        pk, standard_id = row.enrolment.pk, row.enrolment.cohort.programme.standard_id
        total, requirements = totals.get(standard_id, 0), requirements_for(standards[standard_id])
        found[pk] = _readiness(row, total, achieved.get(pk, 0), confirmed[pk], requirements)
    return found


def _readiness(row, total, achieved, confirmed, requirements):
    """READY_WHEN for one trainee, whichever way its figures were read."""
    requirements = [(r, confirmed.get(r.code)) for r in requirements]
    missing = []
    if achieved < total:
        missing.append(f"{total - achieved} of {total} KSBs not yet achieved")
    if not row.contract.signed_by_all:
        missing.append(f"The learning contract is not signed by all ({row.contract.label.lower()})")
    if row.review_overdue:
        missing.append(f"A progress review is overdue (due {row.review.due_on:%-d %B %Y})")
    missing += [f"Not yet confirmed: {r.text}" for r, c in requirements if c is None]
    return Gateway(not missing, missing, requirements)


@dataclass
class Declaration:
    """The gateway declaration as a page shows it, before anyone has signed (``record`` unsaved) or after."""

    record: GatewayDeclaration
    parties: list  # rows for templates/_signatures.html
    problems: list  # why nobody can sign it yet (not_ready)

    def signable_by(self, person):
        """The "Sign as …" buttons to offer: none while the trainee is not ready (core.signing's rule)."""
        if self.problems:
            return []
        if self.record.pk is not None:
            return signing.parties_to_sign(self.record, person)
        return [] if self.record.signing_problems() else self.record.parties_of(person)


def not_ready(enrolment):
    """Why nobody can sign the gateway declaration yet: what gateway() finds missing, as sentences."""
    return [f"Not ready for the gateway: {m[0].lower()}{m[1:]}." for m in gateway(enrolment).missing]


def declaration(enrolment):
    """The enrolment's declaration (made when the first party signs), who has signed it and what stops
    anyone signing it yet."""
    problems = [] if enrolment.at_gateway else not_ready(enrolment)
    record = GatewayDeclaration.objects.filter(enrolment=enrolment).first()
    if record is not None:
        return Declaration(record, signing.parties_table(record), problems)
    record = GatewayDeclaration(enrolment=enrolment)
    rows = [{"party": p, "people": record.signers(p), "signature": None} for p in record.signing_parties]
    return Declaration(record, rows, problems)


def mentor_queue(mentor):
    """Submitted evidence of the mentor's active trainees, oldest first (as their to-do list has it)."""
    return (
        Evidence.objects.filter(
            Enrolment.active_q("enrolment"), status=Evidence.Status.SUBMITTED, enrolment__mentors=mentor
        )
        .exclude(enrolment__trainee=mentor)
        .select_related("enrolment__trainee", "enrolment__cohort")
        .prefetch_related("ksbs")
        .order_by("submitted_at", "pk")
        .distinct()
    )


def review_snapshot(enrolment, after, until):
    """What a progress review keeps of the portfolio (core.plugins review_snapshots): KSBs achieved and
    evidence signed off after ``after`` up to ``until``, and KSBs achieved to date, as JSON-able data. Each
    list is read on its own (no join of achievements with evidence), so nothing is counted twice."""
    standard = enrolment.cohort.programme.standard
    achieved = Achievement.objects.filter(enrolment=enrolment, ksb__standard=standard)
    to_date = achieved.filter(signed_at__date__lte=until)
    recent = to_date.filter(signed_at__date__gt=after).select_related("ksb")
    recent = recent.order_by("ksb__kind_order", "ksb__number")
    sign_offs = (
        Decision.objects.filter(
            evidence__enrolment=enrolment,
            action=Decision.Action.SIGNED_OFF,
            decided_at__date__gt=after,
            decided_at__date__lte=until,
        )
        .select_related("evidence")
        .prefetch_related("evidence__ksbs")
        .order_by("decided_at", "pk")
    )
    return {
        "ksbs_total": KSB.objects.filter(standard=standard).count(),
        "ksbs_achieved_to_date": to_date.count(),
        "ksbs_achieved": [{"code": a.ksb.code, "text": a.ksb.text} for a in recent],
        "evidence_signed_off": [
            {
                "title": d.evidence.title,
                "on": d.decided_at.date().isoformat(),
                "ksbs": sorted(k.code for k in d.evidence.ksbs.all()),
            }
            for d in sign_offs
        ],
    }
