"""The training plan (formerly the commitment statement) and its prior-learning skills scan: every change to
them goes through here (ADR 0001), and what the pages show of where a plan stands.

A plan is versioned as the learning contract is: while nobody has signed a version it is changed in place;
once anyone has, a change makes version n+1 (its delivery rows and skills scan copied), which all three
parties sign again, and the signed version stays readable. The lecturer (for the provider) or a workforce
lead of the trainee's organisation writes it and records the skills scan with the trainee; the trainee, the
employer (a mentor or the manager) and the provider (the lecturer) sign it.

When a version is signed by all three, the reduction its skills scan records becomes
``Enrolment.prior_learning_hours``, which the off-the-job rules read. A later version changes it only once
that version too is signed by all.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import signing
from core.templatetags.portal import hours

from . import offthejob
from .models import (
    OFF_THE_JOB_FLOOR,
    Enrolment,
    PlannedDelivery,
    SkillsScan,
    SkillsScanRating,
    TrainingPlan,
)

MINIMUM_MONTHS = 8
Rating = SkillsScanRating.Rating


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_plan(enrolment):
    return enrolment.training_plans.filter(superseded_at__isnull=True).first()


def starting_values(enrolment):
    """What a new plan starts with: the trainee's own start and planned end, and the off-the-job hours the
    rule in force for their start date requires (trainees.offthejob), before any prior learning."""
    required = offthejob.requirement(
        start=enrolment.starts_on,
        planned_end=enrolment.planned_end_on,
        contracted=enrolment.contracted_hours_per_week,
        programme_minimum=enrolment.cohort.programme.minimum_study_hours,
    )
    return {
        "practical_start": enrolment.starts_on,
        "practical_end": enrolment.planned_end_on,
        "off_the_job_hours": max(required.total, Decimal(OFF_THE_JOB_FLOOR)),
    }


def _plan_problems(plan):
    start, end = plan.practical_start, plan.practical_end
    if start and end and end < add_months(start, MINIMUM_MONTHS):
        raise ValidationError(
            {
                "practical_end": f"The practical period must last at least {MINIMUM_MONTHS} months: end it "
                f"on {add_months(start, MINIMUM_MONTHS):%-d %B %Y} or later."
            }
        )


def _checked(plan):
    plan.full_clean()
    _plan_problems(plan)
    plan.save()
    return plan


@transaction.atomic
def start_plan(*, enrolment, by, **fields):
    """Writes version 1 of the enrolment's training plan."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if current_plan(enrolment) is not None:
        raise ValidationError("This trainee already has a training plan; change it instead.")
    return _checked(TrainingPlan(enrolment=enrolment, version=1, created_by=by, **fields))


def _new_version(plan, by):
    """Version n+1 of a signed plan, with its delivery rows and skills scan copied; the old one replaced."""
    new = TrainingPlan(
        enrolment=plan.enrolment,
        version=plan.version + 1,
        created_by=by,
        **{name: getattr(plan, name) for name in TrainingPlan.CONTENT_FIELDS},
    )
    plan.superseded_at = timezone.now()
    plan.save(update_fields=["superseded_at"])
    new.save()
    for row in plan.deliveries.prefetch_related("ksbs"):
        ksbs = list(row.ksbs.all())
        row.pk, row.plan = None, new
        row._state.adding = True
        row.save()
        row.ksbs.set(ksbs)
    scan = plan.scan()
    if scan is not None:
        ratings = list(scan.ratings.all())
        copy = SkillsScan.objects.create(
            plan=new,
            reduction_hours=scan.reduction_hours,
            justification=scan.justification,
            recorded_by=scan.recorded_by,
        )
        SkillsScanRating.objects.bulk_create(
            SkillsScanRating(scan=copy, ksb_id=r.ksb_id, rating=r.rating, evidence=r.evidence)
            for r in ratings
        )
    return new


def _version_to_change(plan, by):
    """The version a change is made to: this one while nobody has signed it, else a new version."""
    plan = TrainingPlan.objects.select_for_update().select_related("enrolment__cohort").get(pk=plan.pk)
    if not plan.is_current:
        raise ValidationError("This version has been replaced; change the current version instead.")
    if plan.signatures.exists():
        return _new_version(plan, by)
    return plan


@transaction.atomic
def change_plan(*, plan, by, **fields):
    """Changes the plan's hours, dates, English and maths, or support needs; a signed version is kept and the
    change becomes a new version."""
    locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    changed = {name: value for name, value in fields.items() if getattr(locked, name) != value}
    if not changed:
        if not locked.is_current:
            raise ValidationError("This version has been replaced; change the current version instead.")
        return locked
    target = _version_to_change(locked, by)
    for name, value in changed.items():
        setattr(target, name, value)
    return _checked(target)


def _delivery_problems(starts_on, ends_on, term):
    if not starts_on and not term.strip():
        raise ValidationError({"starts_on": "Give the dates it is delivered, or the term."})
    if ends_on and not starts_on:
        raise ValidationError({"starts_on": "Give the date it starts as well as the date it ends."})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end must be on or after the start."})


@transaction.atomic
def add_delivery(*, plan, by, what, how, by_whom, starts_on=None, ends_on=None, term="", ksbs=()):
    """Adds a row of what is delivered when, how and by whom; returns the version it was added to."""
    _delivery_problems(starts_on, ends_on, term)
    target = _version_to_change(plan, by)
    row = PlannedDelivery(
        plan=target, what=what, how=how, by_whom=by_whom, starts_on=starts_on, ends_on=ends_on, term=term
    )
    row.full_clean()
    row.save()
    row.ksbs.set(ksbs)
    return target


@transaction.atomic
def remove_delivery(*, plan, by, delivery):
    """Takes a delivery row out of the plan; returns the version it was taken out of."""
    if delivery.plan_id != plan.pk:
        raise ValidationError("That row is not part of this version of the plan.")
    target = _version_to_change(plan, by)
    # In a new version the row is its copy: the one in the same place (same content) of the new version.
    if target.pk != plan.pk:
        wanted = delivery.signed_content()
        delivery = next(r for r in target.deliveries.prefetch_related("ksbs") if r.signed_content() == wanted)
    delivery.delete()
    return target


def floor_problem(programme, reduction):
    """Why a reduction is refused by the 187-hour floor, or None. Measured against the programme's minimum
    off-the-job hours; with none set, the required total is the floor itself, so nothing comes off it."""
    minimum = Decimal(programme.minimum_study_hours or 0)
    if not minimum and reduction > 0:
        return (
            "The programme's minimum off-the-job hours is not set, so the required total is the floor of "
            f"{hours(OFF_THE_JOB_FLOOR)} and prior learning cannot take it lower. A workforce lead sets the "
            "minimum on the programme first."
        )
    if minimum and minimum - reduction < OFF_THE_JOB_FLOOR:
        most = max(minimum - OFF_THE_JOB_FLOOR, Decimal(0))
        return (
            f"The reduction would leave {hours(minimum - reduction)} of the programme's {hours(minimum)} of "
            f"off-the-job training. Prior learning may not take a plan below the floor of "
            f"{hours(OFF_THE_JOB_FLOOR)}, so the most it can take off is {hours(most)}."
        )
    return None


def _scan_errors(ksbs, ratings, reduction, justification, programme):
    """{field: message}. Form fields are named rating_<KSB id> and evidence_<KSB id>."""
    errors = {}
    for ksb in ksbs:
        rating, evidence = ratings.get(ksb.pk, ("", ""))
        if rating not in Rating.values:
            errors[f"rating_{ksb.pk}"] = f"Rate {ksb.code}: choose how much prior learning the trainee has."
        elif rating != Rating.NONE and not evidence.strip():
            errors[f"evidence_{ksb.pk}"] = f"Say what evidence of prior learning there is for {ksb.code}."
    if reduction < 0:
        errors["reduction_hours"] = "The reduction cannot be less than 0 hours."
    elif reduction > 0:
        if not justification.strip():
            errors["justification"] = "Say why prior learning justifies taking these hours off the plan."
        if not any(r != Rating.NONE and e.strip() for r, e in ratings.values()):
            errors["reduction_hours"] = (
                "A reduction needs evidence of prior learning: rate at least one KSB above "
                "“No prior learning” and say what the evidence is."
            )
        elif problem := floor_problem(programme, reduction):
            errors["reduction_hours"] = problem
    return errors


@transaction.atomic
def record_skills_scan(*, plan, by, ratings, reduction_hours=Decimal("0"), justification=""):
    """Records the skills scan: ``ratings`` is {KSB id: (rating, evidence)} with every KSB of the programme's
    standard rated; evidence is needed for each KSB rated above none; a reduction needs a justification and
    evidence, and may not take the plan below 187 hours. Returns the version it was recorded on."""
    programme = plan.enrolment.cohort.programme
    ksbs = list(programme.standard.ksbs.all())
    ratings = {
        int(pk): (rating, (evidence or "").strip() if rating != Rating.NONE else "")
        for pk, (rating, evidence) in ratings.items()
    }
    reduction = Decimal(reduction_hours or 0)
    justification = justification.strip() if reduction else ""
    errors = _scan_errors(ksbs, ratings, reduction, justification, programme)
    if errors:
        raise ValidationError(errors)
    content = {
        "reduction_hours": str(reduction.quantize(Decimal("0.1"))),
        "justification": justification,
        "ratings": [{"ksb": k.code, "rating": ratings[k.pk][0], "evidence": ratings[k.pk][1]} for k in ksbs],
    }
    existing = plan.scan()
    if existing is not None and existing.signed_content() == content and plan.is_current:
        return plan  # nothing changed: no new version to sign
    target = _version_to_change(plan, by)
    old = target.scan()
    if old is not None:
        old.ratings.all().delete()
        old.delete()
    scan = SkillsScan(plan=target, reduction_hours=reduction, justification=justification, recorded_by=by)
    scan.full_clean()
    scan.save()
    SkillsScanRating.objects.bulk_create(
        SkillsScanRating(scan=scan, ksb=k, rating=ratings[k.pk][0], evidence=ratings[k.pk][1]) for k in ksbs
    )
    return target


@transaction.atomic
def sign_plan(*, plan, party, by, seen=None):
    """``by`` signs the current version for ``party`` (core.signing.sign). When that makes it signed by all
    three, the reduction its skills scan records becomes the enrolment's prior learning hours."""
    signature = signing.sign(plan, party=party, by=by, seen=seen)
    signed = set(plan.signatures.values_list("party", flat=True))
    if signed >= set(TrainingPlan.Party.values):
        scan = plan.scan()
        enrolment = Enrolment.objects.select_for_update().get(pk=plan.enrolment_id)
        enrolment.prior_learning_hours = scan.reduction_hours if scan else Decimal("0")
        enrolment._history_user = by
        enrolment.save(update_fields=["prior_learning_hours"])
    return signature


# --- Where a plan stands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanState:
    plan: TrainingPlan | None
    signed: tuple
    missing: tuple
    starts_on: datetime.date
    last_signed_on: datetime.date | None

    @property
    def signed_by_all(self):
        return self.plan is not None and not self.missing

    @property
    def signed_late(self):
        """Signed by all, but the last signature came after training started."""
        return self.signed_by_all and self.last_signed_on is not None and self.last_signed_on > self.starts_on

    @property
    def overdue(self):
        """Training has started and the plan is not yet signed by all."""
        return not self.signed_by_all and datetime.date.today() > self.starts_on

    @property
    def label(self):
        if self.plan is None:
            return "No training plan yet"
        if not self.missing:
            return f"Version {self.plan.version} signed by all"
        if not self.signed:
            return "Not signed"
        return f"Waiting for {', '.join(TrainingPlan.Party(p).label.lower() for p in self.missing)}"


def training_starts_on(enrolment):
    """The day the enrolment's training starts: the trainee's own start (the cohort's unless they joined
    later); the plan is signed before it."""
    return enrolment.starts_on


def plan_state(enrolment, plan=None):
    """Where the enrolment's current plan (or ``plan``) stands: who has signed, and whether before training
    started."""
    return _state(enrolment, plan if plan is not None else current_plan(enrolment))


def plan_states(enrolments):
    """{enrolment id: PlanState} for many enrolments, in two queries however many there are."""
    enrolments = list(enrolments)
    plans = {
        plan.enrolment_id: plan
        for plan in TrainingPlan.objects.filter(
            enrolment__in=[e.pk for e in enrolments], superseded_at__isnull=True
        ).prefetch_related("signatures")
    }
    return {e.pk: _state(e, plans.get(e.pk)) for e in enrolments}


def _state(enrolment, plan):
    starts_on = training_starts_on(enrolment)
    if plan is None:
        return PlanState(None, (), tuple(TrainingPlan.Party), starts_on, None)
    signatures = list(plan.signatures.all())
    signed = tuple(s.party for s in signatures)
    last = max((timezone.localtime(s.signed_at).date() for s in signatures), default=None)
    missing = tuple(p for p in TrainingPlan.Party if p not in signed)
    return PlanState(plan, signed, missing, starts_on, last)
