"""Reads of the career part that are not obvious: the framework drawn as stages and routes, how many took
each step (and how each is counted), and who the code of practice covers and who has acknowledged it."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q

from accounts.models import Membership
from core.templatetags.portal import at_least_small_group
from evaluation.models import Outcome
from trainees.models import Cohort, Enrolment

from .models import CareerStep, CodeAcknowledgement, CodeVersion, WorkforceRole

# --- The framework as stages and routes --------------------------------------------------------------------

MAX_ROUTES = 50  # a framework is a handful of steps; this only stops a pathological one filling the page


def steps_of(organisation):
    """An organisation's framework (or, for None, the national starter), with what the pages show."""
    return list(
        CareerStep.objects.filter(organisation=organisation)
        .select_related("from_role__standard", "to_role__standard", "standard", "organisation")
        .prefetch_related("agreements__partner")
        .order_by("order", "pk")
    )


@dataclass
class Stage:
    role: WorkforceRole
    steps: list = field(default_factory=list)  # the steps out of this role


def stages(steps):
    """The roles of the framework in reading order: each after every role that steps into it (the longest
    way in decides its place), then by band and name; each with the steps out of it."""
    roles = {}
    for step in steps:
        roles.setdefault(step.from_role_id, step.from_role)
        roles.setdefault(step.to_role_id, step.to_role)
    into = defaultdict(list)
    for step in steps:
        into[step.to_role_id].append(step.from_role_id)
    depth = {}

    def depth_of(role_id, seen=()):
        if role_id not in depth:
            earlier = [r for r in into[role_id] if r not in seen]  # a cycle is refused on save; never loop
            depth[role_id] = 1 + max((depth_of(r, (*seen, role_id)) for r in earlier), default=-1)
        return depth[role_id]

    ordered = sorted(roles.values(), key=lambda r: (depth_of(r.pk), r.band, r.name))
    found = {role.pk: Stage(role) for role in ordered}
    for step in steps:
        found[step.from_role_id].steps.append(step)
    return list(found.values())


def routes(steps):
    """Every way through the framework from a role nobody steps into to one nobody steps on from: the
    pathways, each a list of roles."""
    out = defaultdict(list)
    targets = set()
    for step in steps:
        out[step.from_role_id].append(step)
        targets.add(step.to_role_id)
    starts = []
    for step in steps:
        if step.from_role_id not in targets and step.from_role not in starts:
            starts.append(step.from_role)
    found = []

    def walk(path):
        if len(found) >= MAX_ROUTES:
            return
        onward = [s for s in out[path[-1].pk] if s.to_role not in path]
        if not onward:
            found.append(path)
        for step in onward:
            walk([*path, step.to_role])

    for role in starts:
        walk([role])
    return [route for route in found if len(route) > 1]


# --- How many took each step -------------------------------------------------------------------------

STANDARD, OUTCOME = "standard", "outcome"
COMPLETED = Outcome.Result.COMPLETED
# An enrolment completed the programme: its outcome says so, or, with no outcome recorded yet, its status.
FINISHED = (Enrolment.Status.COMPLETED, Enrolment.Status.PROGRESSED)


def completed_q(prefix=""):
    return Q(**{f"{prefix}evaluation_outcome__result": COMPLETED}) | Q(
        **{f"{prefix}evaluation_outcome__isnull": True, f"{prefix}status__in": FINISHED}
    )


@dataclass(frozen=True)
class Counting:
    """How a step is counted: from completions of a standard's programmes, from outcome destinations of a
    standard's programmes, or not at all; with the sentence the page shows."""

    kind: str | None
    reference: str = ""
    destination: str = ""
    explanation: str = ""

    def key(self, at):
        return (at, self.kind, self.reference, self.destination)


def counting(step):
    if step.outcome_destination:
        label = Outcome.Destination(step.outcome_destination).label
        standard = step.from_role.standard
        if standard is None:
            return Counting(
                None,
                explanation=f"Not counted: {step.from_role} has no standard, so the portal cannot tell "
                f"whose outcomes “{label}” belong to this step.",
            )
        return Counting(
            OUTCOME,
            standard.reference,
            step.outcome_destination,
            f"Counts trainees on programmes of {standard.reference} (which trains for {step.from_role}) who "
            f"completed, and whose outcome in the evaluation records the destination “{label}”.",
        )
    if step.standard_id:
        return Counting(
            STANDARD,
            step.standard.reference,
            explanation=f"Counts trainees who completed a programme of {step.standard.reference} "
            f"({step.standard.title}): their outcome in the evaluation says completed or, where no outcome "
            "is recorded yet, their enrolment is marked completed or progressed.",
        )
    return Counting(
        None,
        explanation="Not counted: the step has no standard and no outcome destination, so the portal holds "
        "no record of who took it.",
    )


def _counts(enrolments, by):
    """{(by value, kind, reference, destination): number of enrolments} for completions and onward
    destinations, in two queries. ``by`` is the enrolment's path to what is counted by (its cohort or its
    organisation)."""
    found = {}
    finished = (
        enrolments.filter(completed_q())
        .values(at=F(by), reference=F("cohort__programme__standard__reference"))
        .annotate(n=Count("pk", distinct=True))
    )
    for row in finished:
        found[(row["at"], STANDARD, row["reference"], "")] = row["n"]
    onward = (
        enrolments.filter(evaluation_outcome__result=COMPLETED)
        .exclude(evaluation_outcome__destination="")
        .values(
            at=F(by),
            reference=F("cohort__programme__standard__reference"),
            destination=F("evaluation_outcome__destination"),
        )
        .annotate(n=Count("pk", distinct=True))
    )
    for row in onward:
        found[(row["at"], OUTCOME, row["reference"], row["destination"])] = row["n"]
    return found


@dataclass
class StepCount:
    step: CareerStep
    counting: Counting
    cohorts: list  # (cohort, number), the cohorts of programmes the counting reads, oldest first
    total: int | None  # None when the step is not counted


def organisation_counts(organisation, steps):
    """Per step: how many of the organisation's trainees took it, per cohort and in all."""
    enrolments = Enrolment.objects.filter(cohort__organisation=organisation)
    found = _counts(enrolments, "cohort_id")
    cohorts = list(
        Cohort.objects.filter(organisation=organisation)
        .annotate(reference=F("programme__standard__reference"))
        .order_by("start_date", "name")
    )
    result = []
    for step in steps:
        how = counting(step)
        if how.kind is None:
            result.append(StepCount(step, how, [], None))
            continue
        rows = [(c, found.get(how.key(c.pk), 0)) for c in cohorts if c.reference == how.reference]
        result.append(StepCount(step, how, rows, sum(n for _c, n in rows)))
    return result


@dataclass
class RegionRow:
    from_role: WorkforceRole
    to_role: WorkforceRole
    organisations: list = field(default_factory=list)  # whose framework has the step
    not_counted: list = field(default_factory=list)  # of those, whose step is not counted
    number: int = 0

    @property
    def shown(self):
        """What a regional page shows: 0, "fewer than 5", or the number."""
        return at_least_small_group(self.number)


def region_totals(region):
    """Each step in the frameworks of the region's organisations, by its two roles: how many took it across
    the region, each organisation counting by its own step. Totals only (no organisation's figure, which
    with the total would give away a small group), for the page to show as at_least_small_group."""
    steps = list(
        CareerStep.objects.filter(organisation__region=region)
        .select_related("from_role__standard", "to_role", "standard", "organisation")
        .order_by(
            "from_role__band", "from_role__name", "to_role__band", "to_role__name", "organisation__name"
        )
    )
    found = _counts(Enrolment.objects.filter(cohort__organisation__region=region), "cohort__organisation_id")
    rows = {}
    for step in steps:
        row = rows.setdefault((step.from_role_id, step.to_role_id), RegionRow(step.from_role, step.to_role))
        row.organisations.append(step.organisation)
        how = counting(step)
        if how.kind is None:
            row.not_counted.append(step.organisation)
        else:
            row.number += found.get(how.key(step.organisation_id), 0)
    return list(rows.values())


# --- The code of practice -----------------------------------------------------------------------------

# Who the code covers: people of the organisation with an active or completed enrolment on one of its
# cohorts, on a programme whose standard trains for a workforce role the code has a scope statement for
# (for the assistant practitioner, ST0215), unless their outcome says they left. A trainee on a break, who
# withdrew or who progressed to registered training is not asked.
HOLDING = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def published(organisation):
    return CodeVersion.objects.filter(organisation=organisation, published_at__isnull=False)


def current_code(organisation):
    return published(organisation).order_by("-number").first()


def draft_code(organisation):
    return CodeVersion.objects.filter(organisation=organisation, published_at__isnull=True).first()


def is_current(version):
    current = current_code(version.organisation_id)
    return current is not None and current.pk == version.pk


def _references(version):
    return set(
        WorkforceRole.objects.filter(scope_statements__version=version, standard__isnull=False).values_list(
            "standard__reference", flat=True
        )
    )


def holding_enrolments(version):
    return (
        Enrolment.objects.filter(
            cohort__organisation_id=version.organisation_id,
            cohort__programme__standard__reference__in=_references(version),
            status__in=HOLDING,
        )
        .exclude(evaluation_outcome__destination=Outcome.Destination.LEFT)
        .filter(
            Exists(
                Membership.objects.filter(
                    user_id=OuterRef("trainee_id"), organisation_id=version.organisation_id
                )
            )
        )
    )


def code_holders(version):
    """The people a version of the code covers, who are asked to acknowledge it while it is current."""
    return get_user_model().objects.filter(pk__in=holding_enrolments(version).values("trainee_id"))


def holder_roles(version, person):
    """The workforce roles of the code that the person holds or trains for, for their page."""
    references = (
        holding_enrolments(version).filter(trainee=person).values("cohort__programme__standard__reference")
    )
    return list(
        WorkforceRole.objects.filter(scope_statements__version=version, standard__reference__in=references)
    )


def acknowledgement_of(version, person):
    return CodeAcknowledgement.objects.filter(version=version, person=person).first()


@dataclass
class HolderRow:
    person: object
    acknowledged: CodeAcknowledgement | None  # of this version
    earlier: CodeAcknowledgement | None  # their latest of an earlier version, if any


def acknowledgement_rows(version):
    """Each person the version covers, with their acknowledgement of it and of the latest earlier version;
    those who have not acknowledged it first, then by name."""
    people = list(code_holders(version).order_by("last_name", "first_name", "username"))
    theirs = defaultdict(list)
    for ack in CodeAcknowledgement.objects.filter(
        version__organisation_id=version.organisation_id,
        version__number__lte=version.number,
        person__in=people,
    ).select_related("version"):
        theirs[ack.person_id].append(ack)
    rows = []
    for person in people:
        acks = sorted(theirs[person.pk], key=lambda a: a.version.number)
        this = next((a for a in acks if a.version_id == version.pk), None)
        earlier = [a for a in acks if a.version_id != version.pk]
        rows.append(HolderRow(person, this, earlier[-1] if earlier else None))
    return sorted(rows, key=lambda r: r.acknowledged is not None)


def codes_to_acknowledge(user):
    """The current versions the person is asked to acknowledge and has not."""
    organisations = Enrolment.objects.filter(trainee=user, status__in=HOLDING).values(
        "cohort__organisation_id"
    )
    waiting = []
    for organisation_id in {row["cohort__organisation_id"] for row in organisations}:
        version = current_code(organisation_id)
        if (
            version is not None
            and not CodeAcknowledgement.objects.filter(version=version, person=user).exists()
            and code_holders(version).filter(pk=user.pk).exists()
        ):
            waiting.append(version)
    return sorted(waiting, key=lambda v: v.published_at)
