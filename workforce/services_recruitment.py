"""Recruitment against a role profile: every change of state (vacancies, candidates, scores, the shortlist,
appointment, enrolment, retention) goes through here, with the reads that decide them (a candidate's
standing against the person specification, and the default shortlisting reason).

Recruitment's order: candidates are scored on the criteria assessed at application, then a lead decides the
shortlist; only shortlisted candidates are scored at interview, on references and by testing, and only they
may be appointed. A criterion assessed at several stages stands at its worst result so far: met only if met
at every stage scored.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.access import Role, organisation_ids
from core.forms import create_once, save_or_refuse
from trainees import services as trainee_services
from trainees.forms import people_with_role

from .access import PANEL_ROLES
from .models import Candidate, Criterion, ProfileVersion, Score, Stage, Vacancy

logger = logging.getLogger(__name__)

STAGES = list(Stage)  # recruitment's order: application, interview, references, testing
AFTER_SHORTLISTING = STAGES[1:]
Result = Score.Result
WORST_FIRST = [Result.NOT_MET, Result.PARTLY, Result.MET]
_STAGE_FLAG = {
    Stage.APPLICATION: "by_application",
    Stage.INTERVIEW: "by_interview",
    Stage.REFERENCES: "by_references",
    Stage.TESTING: "by_testing",
}


def day(day):
    return f"{day.day} {day:%B %Y}"


# --- Vacancies ------------------------------------------------------------------------------------------


def usable_versions(organisation):
    """The profile versions a vacancy of this organisation may use: its own profiles' published versions (a
    published version never changes, so candidates are scored on what was advertised)."""
    versions = ProfileVersion.objects.filter(profile__organisation=organisation, published_at__isnull=False)
    return versions.select_related("profile").order_by("profile__name", "-number")


def panel_choices(organisation):
    """The people who may sit on the organisation's panels: its staff, not its trainees."""
    return people_with_role(organisation, *PANEL_ROLES)


@transaction.atomic
def save_vacancy(*, vacancy, by, panel=None, **fields):
    """Creates or changes a vacancy. Its profile version cannot change once a candidate has been scored on
    it; filling or withdrawing it records the day (the retention period may count from then)."""
    changing_version = (
        vacancy.pk is not None
        and "profile_version" in fields
        and fields["profile_version"].pk != vacancy.profile_version_id
    )
    if changing_version and Score.objects.filter(candidate__vacancy=vacancy).exists():
        raise ValidationError(
            {
                "profile_version": "Candidates have been scored on this version's criteria: keep it, or "
                "advertise a new vacancy."
            }
        )
    for name, value in fields.items():
        setattr(vacancy, name, value)
    if (
        vacancy.profile_version_id
        and not usable_versions(vacancy.organisation).filter(pk=vacancy.profile_version_id).exists()
    ):
        raise ValidationError({"profile_version": "Choose a published version of one of your role profiles."})
    if vacancy.is_decided:
        vacancy.decided_on = vacancy.decided_on or timezone.localdate()
    else:
        vacancy.decided_on = None
    if vacancy.pk is None:
        vacancy.created_by = by
    if panel is not None:
        allowed = set(panel_choices(vacancy.organisation).values_list("pk", flat=True))
        outsiders = [person for person in panel if person.pk not in allowed]
        if outsiders:
            names = ", ".join(str(person) for person in outsiders)
            raise ValidationError(
                {"panel": f"Only staff of {vacancy.organisation} may sit on its panel, not {names}."}
            )
    vacancy.full_clean()
    # The same reference saved by someone else a moment ago, after the check.
    save_or_refuse(vacancy, {"reference": "Your organisation already has a vacancy with this reference."})
    if panel is not None:
        vacancy.panel.set(panel)
    return vacancy


def retention_starts_on(vacancy):
    """The closing date, or the day the vacancy was filled or withdrawn if that was later."""
    return max(vacancy.closing_date, vacancy.decided_on or vacancy.closing_date)


def candidates_deleted_on(vacancy):
    """The day the vacancy's candidates are deleted (the scheduled task runs every night)."""
    return retention_starts_on(vacancy) + datetime.timedelta(days=settings.CANDIDATE_RETENTION_DAYS)


@transaction.atomic
def delete_expired_candidates(*, today=None):
    """Deletes the candidates (and their scores) of every vacancy whose retention period has run out. An
    appointed candidate's account and enrolment stay; only the candidate record goes. Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.CANDIDATE_RETENTION_DAYS)
    expired = Vacancy.objects.annotate(
        retention_from=Greatest("closing_date", Coalesce("decided_on", "closing_date"))
    ).filter(retention_from__lte=cutoff, candidates__isnull=False)
    vacancy_ids = set(expired.values_list("pk", flat=True))
    if not vacancy_ids:
        return 0
    candidates = Candidate.objects.filter(vacancy_id__in=vacancy_ids)
    count = candidates.count()
    Score.objects.filter(candidate__in=candidates).delete()
    candidates.delete()
    Vacancy.objects.filter(pk__in=vacancy_ids).update(candidates_deleted_on=today)
    logger.info("Deleted %s candidates of %s vacancies past their retention period", count, len(vacancy_ids))
    return count


# --- Candidates -----------------------------------------------------------------------------------------

CANDIDATE_FIELDS = ("first_name", "last_name", "email", "phone", "notes")


def _save_candidate(candidate):
    """Saves the candidate; the same email added to the vacancy by someone else a moment ago, after the check,
    meets the once-per-vacancy constraint and is refused with its message."""
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        key = candidate.submission_key
        if key is not None and Candidate.objects.filter(submission_key=key).exists():
            raise  # the same form sent twice: create_once returns the candidate the first one added
        raise ValidationError(
            {"email": "This vacancy already has a candidate with this email address."}
        ) from None


def _clean_candidate(candidate):
    for name in ("first_name", "last_name", "email", "phone"):
        setattr(candidate, name, getattr(candidate, name).strip())
    try:
        candidate.full_clean()
    except ValidationError as error:
        # The once-per-vacancy rule is on lower(email): say so beside the email field.
        if hasattr(error, "error_dict") and "__all__" in error.error_dict:
            messages = error.error_dict.pop("__all__")
            error.error_dict.setdefault("email", []).extend(messages)
        raise


@transaction.atomic
def add_candidate(*, vacancy, by, submission_key=None, **fields):
    """Adds someone who applied; a form sent twice adds them once (submission_key)."""

    def make():
        candidate = Candidate(vacancy=vacancy, added_by=by, submission_key=submission_key, **fields)
        _clean_candidate(candidate)
        _save_candidate(candidate)
        return candidate

    return create_once(Candidate, submission_key, make)


@transaction.atomic
def save_candidate(*, candidate, **fields):
    for name, value in fields.items():
        setattr(candidate, name, value)
    _clean_candidate(candidate)
    _save_candidate(candidate)
    return candidate


@transaction.atomic
def delete_candidate(*, candidate, by):
    """Deletes someone's application before the retention period ends (they withdrew, or asked)."""
    logger.info("%s deleted candidate %s of vacancy %s", by, candidate.pk, candidate.vacancy_id)
    candidate.scores.all().delete()
    candidate.delete()


# --- Scoring --------------------------------------------------------------------------------------------


def criteria_of(version, stage=None):
    """The version's criteria, in order; only those the stage assesses when given."""
    criteria = Criterion.objects.filter(version=version)
    if stage is not None:
        criteria = criteria.filter(**{_STAGE_FLAG[stage]: True})
    return criteria.order_by("order", "pk")


def stage_problem(candidate, stage):
    """Why the candidate cannot be scored at this stage now, or None."""
    if candidate.is_appointed:
        return f"{candidate} has been appointed: their scores are kept as they were when appointed."
    if stage in AFTER_SHORTLISTING and not candidate.shortlisted:
        label = Stage(stage).label.lower()
        if candidate.shortlisted is None:
            return f"Decide the shortlist first: only shortlisted candidates are scored on {label}."
        return f"{candidate} was not shortlisted: only shortlisted candidates are scored on {label}."
    return None


@transaction.atomic
def score_stage(*, candidate, stage, by, results):
    """Records the candidate's results at one stage. ``results``: {criterion: (result, note)}; a blank
    result leaves the criterion unscored (clearing an earlier score). Each criterion must be one the stage
    assesses, of the vacancy's profile version."""
    candidate = Candidate.objects.select_for_update().select_related("vacancy").get(pk=candidate.pk)
    problem = stage_problem(candidate, stage)
    if problem:
        raise ValidationError(problem)
    allowed = {c.pk for c in criteria_of(candidate.vacancy.profile_version_id, stage)}
    wrong = [criterion for criterion in results if criterion.pk not in allowed]
    if wrong:
        label = Stage(stage).label.lower()
        raise ValidationError(
            f"Not assessed at {label} for this vacancy: " + "; ".join(c.text for c in wrong) + "."
        )
    existing = {s.criterion_id: s for s in candidate.scores.filter(stage=stage)}
    now = timezone.now()
    for criterion, (result, note) in results.items():
        note = (note or "").strip()
        found = existing.get(criterion.pk)
        if not result:
            if note:
                raise ValidationError(f"Choose met, partly met or not met to keep the note on “{criterion}”.")
            if found is not None:
                found.delete()
            continue
        if found is not None and (found.result, found.note) == (result, note):
            continue  # unchanged: keep who scored it and when
        score = found or Score(candidate=candidate, criterion=criterion, stage=stage)
        score.result, score.note, score.scored_by, score.scored_at = result, note, by, now
        score.full_clean(exclude=["candidate", "criterion"])
        score.save()
    return candidate


# --- Where a candidate stands -----------------------------------------------------------------------------


@dataclass
class Assessed:
    """One criterion for one candidate: its score at each stage that assesses it."""

    criterion: Criterion
    scores: dict = field(default_factory=dict)  # stage -> Score

    @property
    def complete(self):
        return all(stage in self.scores for stage in self.criterion.stages)

    @property
    def result(self):
        """The worst result so far, or None while no stage has scored it."""
        results = {score.result for score in self.scores.values()}
        return next((r for r in WORST_FIRST if r in results), None)

    @property
    def met(self):
        return self.result == Result.MET

    @property
    def failing(self):
        return self.result in (Result.PARTLY, Result.NOT_MET)

    def at(self, stage):
        return self.scores.get(stage)


@dataclass
class StageProgress:
    stage: str
    scored: int
    total: int

    @property
    def label(self):
        return Stage(self.stage).label

    @property
    def done(self):
        return self.scored == self.total


@dataclass
class Standing:
    """A candidate against the person specification, so far."""

    candidate: Candidate
    assessed: list

    @property
    def essential(self):
        return [a for a in self.assessed if a.criterion.essential]

    @property
    def desirable(self):
        return [a for a in self.assessed if not a.criterion.essential]

    @property
    def essential_met(self):
        return sum(a.met for a in self.essential)

    @property
    def desirable_met(self):
        return sum(a.met for a in self.desirable)

    @property
    def essential_scored(self):
        return [a for a in self.essential if a.scores]

    @property
    def essential_failing(self):
        """Essential criteria partly met or not met at some stage."""
        return [a for a in self.essential if a.failing]

    @property
    def essential_to_assess(self):
        """Essential criteria not failing but not yet scored at every stage that assesses them."""
        return [a for a in self.essential if not a.failing and not a.complete]

    @property
    def meets_essentials_so_far(self):
        return not self.essential_failing

    @property
    def meets_every_essential(self):
        """In full: every essential criterion scored at every stage that assesses it, and met."""
        return not self.essential_failing and not self.essential_to_assess

    @property
    def progress(self):
        """Scored of the criteria each stage assesses, for the stages the specification uses."""
        found = []
        for stage in STAGES:
            at_stage = [a for a in self.assessed if stage in a.criterion.stages]
            if at_stage:
                found.append(StageProgress(stage, sum(stage in a.scores for a in at_stage), len(at_stage)))
        return found

    def stage_done(self, stage):
        return all(p.done for p in self.progress if p.stage == stage)

    @property
    def at_application(self):
        return [a for a in self.assessed if Stage.APPLICATION in a.criterion.stages]

    @property
    def next_step(self):
        """What the candidate waits for: a stage to score, the shortlisting decision, appointment, or
        nothing (None)."""
        candidate = self.candidate
        if candidate.is_appointed or candidate.shortlisted is False:
            return None
        if candidate.shortlisted is None:
            return Stage.APPLICATION if not self.stage_done(Stage.APPLICATION) else "shortlist"
        for progress in self.progress:
            if progress.stage != Stage.APPLICATION and not progress.done:
                return progress.stage
        return "appoint"

    @property
    def default_shortlist_reason(self):
        return shortlist_reason(self)


def shortlist_reason(standing):
    """The reason drawn from the application scores, e.g. "Meets all 5 essential criteria assessed at
    application; 2 of 4 desirable." Partly met counts as not met; the essential criteria missed are named."""
    essential = [a for a in standing.at_application if a.criterion.essential]
    desirable = [a for a in standing.at_application if not a.criterion.essential]

    def result(assessed):
        score = assessed.at(Stage.APPLICATION)
        return score.result if score is not None else None

    if not essential:
        first = "No essential criteria are assessed at application"
    elif all(result(a) == Result.MET for a in essential):
        first = (
            f"Meets all {len(essential)} essential criteria assessed at application"
            if len(essential) > 1
            else "Meets the 1 essential criterion assessed at application"
        )
    else:
        groups = []
        for label, wanted in (
            ("partly met", Result.PARTLY),
            ("not met", Result.NOT_MET),
            ("not scored", None),
        ):
            texts = [a.criterion.text for a in essential if result(a) == wanted]
            if texts:
                groups.append(f"{label}: " + "; ".join(texts))
        met = sum(result(a) == Result.MET for a in essential)
        noun = "criterion" if len(essential) == 1 else "criteria"
        first = (
            f"Meets {met} of {len(essential)} essential {noun} assessed at application ({'; '.join(groups)})"
        )
    if desirable:
        second = f"{sum(result(a) == Result.MET for a in desirable)} of {len(desirable)} desirable"
    else:
        second = "no desirable criteria assessed at application"
    return f"{first}; {second}."


def _standing(candidate, criteria, scores):
    by_criterion = {criterion.pk: Assessed(criterion) for criterion in criteria}
    for score in scores:
        if score.criterion_id in by_criterion:
            by_criterion[score.criterion_id].scores[score.stage] = score
    return Standing(candidate, list(by_criterion.values()))


def standing_of(candidate):
    criteria = list(criteria_of(candidate.vacancy.profile_version_id))
    return _standing(candidate, criteria, candidate.scores.select_related("scored_by"))


def standings(vacancy):
    """Every candidate of the vacancy against its criteria: three queries however many there are."""
    criteria = list(criteria_of(vacancy.profile_version_id))
    candidates = list(vacancy.candidates.select_related("enrolment__cohort"))
    scores = {}
    for score in Score.objects.filter(candidate__vacancy=vacancy):
        scores.setdefault(score.candidate_id, []).append(score)
    return [_standing(c, criteria, scores.get(c.pk, [])) for c in candidates]


# --- The shortlist, appointment and enrolment --------------------------------------------------------------


@transaction.atomic
def decide_shortlist(*, candidate, by, shortlisted, reason=""):
    """Shortlists the candidate or not, once every criterion assessed at application is scored. The reason
    defaults to one drawn from the application scores."""
    candidate = Candidate.objects.select_for_update().select_related("vacancy").get(pk=candidate.pk)
    if candidate.is_appointed:
        raise ValidationError(f"{candidate} has been appointed: the shortlisting decision stands.")
    standing = standing_of(candidate)
    if not standing.stage_done(Stage.APPLICATION):
        raise ValidationError(
            "Score every criterion assessed at application before deciding the shortlist: "
            + ", ".join(
                f"{p.total - p.scored} of {p.total} still to score"
                for p in standing.progress
                if p.stage == Stage.APPLICATION
            )
            + "."
        )
    candidate.shortlisted = shortlisted
    candidate.shortlist_reason = reason.strip() or shortlist_reason(standing)
    candidate.shortlist_decided_by = by
    candidate.shortlist_decided_at = timezone.now()
    candidate.save()
    return candidate


def appointment_problem(standing):
    """Why appointing needs a recorded reason (the candidate does not meet every essential criterion in
    full), or None."""
    if standing.essential_failing:
        listed = "; ".join(
            f"{a.criterion.text} ({a.result and Result(a.result).label.lower()})"
            for a in standing.essential_failing
        )
        return f"{standing.candidate} does not meet every essential criterion: {listed}."
    if standing.essential_to_assess:
        n = len(standing.essential_to_assess)
        return (
            f"{standing.candidate} has {n} essential criteri{'on' if n == 1 else 'a'} still to assess: "
            + "; ".join(a.criterion.text for a in standing.essential_to_assess)
            + "."
        )
    return None


@transaction.atomic
def appoint(*, candidate, by, reason=""):
    """Appoints a shortlisted candidate. One who does not meet every essential criterion in full is
    appointed only with the lead's recorded reason."""
    candidate = Candidate.objects.select_for_update().select_related("vacancy").get(pk=candidate.pk)
    if candidate.is_appointed:
        raise ValidationError(f"{candidate} has already been appointed.")
    if not candidate.shortlisted:
        raise ValidationError(
            f"Only a shortlisted candidate can be appointed; {candidate} is not shortlisted."
        )
    problem = appointment_problem(standing_of(candidate))
    reason = reason.strip()
    if problem and not reason:
        raise ValidationError({"reason": f"{problem} Record why you appoint them anyway, or do not appoint."})
    candidate.appointed_at = timezone.now()
    candidate.appointed_by = by
    candidate.appointment_reason = reason if problem else ""
    candidate.save()
    return candidate


@transaction.atomic
def enrol_candidate(
    *, candidate, by, cohort, mentors=(), manager=None, service="", second_cohort=False, start_date=None
):
    """Enrols an appointed candidate on a cohort of the vacancy's organisation in one step, through the
    trainees' own add_trainee: their existing account (matched by email) or a new one without a password,
    the trainee role and the enrolment with its draft learning contract. Returns trainees' Added. Without a
    start date they start with the cohort."""
    candidate = Candidate.objects.select_for_update().select_related("vacancy").get(pk=candidate.pk)
    if not candidate.is_appointed:
        raise ValidationError(f"Appoint {candidate} before enrolling them.")
    if candidate.enrolment_id is not None:
        raise ValidationError(f"{candidate} is already enrolled, on {candidate.enrolment.cohort}.")
    if cohort.organisation_id != candidate.vacancy.organisation_id:
        raise ValidationError({"cohort": f"Choose a cohort of {candidate.vacancy.organisation}."})
    added = trainee_services.add_trainee(
        cohort=cohort,
        by=by,
        email=candidate.email,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        mentors=mentors,
        manager=manager,
        second_cohort=second_cohort,
        service=service,
        start_date=start_date,
    )
    candidate.enrolment = added.enrolment
    candidate.save(update_fields=["enrolment"])
    return added


# --- What waits for a panel member -------------------------------------------------------------------------


def to_score_for(user):
    """[(vacancy, candidates waiting for a score)] on the vacancies whose panel the user sits on, for
    vacancies not filled or withdrawn: each candidate waiting at a stage is counted once."""
    vacancies = list(
        Vacancy.objects.filter(panel=user, organisation__in=organisation_ids(user, *PANEL_ROLES))
        .exclude(status__in=Vacancy.DECIDED)
        .order_by("closing_date", "title")
    )
    if not vacancies:
        return []
    ids = [v.pk for v in vacancies]
    criteria = {}
    for criterion in Criterion.objects.filter(version__vacancies__in=ids).distinct():
        criteria.setdefault(criterion.version_id, []).append(criterion)
    scores = {}
    for score in Score.objects.filter(candidate__vacancy__in=ids):
        scores.setdefault(score.candidate_id, []).append(score)
    waiting = {}
    for candidate in Candidate.objects.filter(vacancy__in=ids).exclude(email__iexact=user.email or "-"):
        vacancy = next(v for v in vacancies if v.pk == candidate.vacancy_id)
        standing = _standing(
            candidate, criteria.get(vacancy.profile_version_id, []), scores.get(candidate.pk, [])
        )
        if standing.next_step in STAGES:
            waiting[vacancy.pk] = waiting.get(vacancy.pk, 0) + 1
    return [(v, waiting[v.pk]) for v in vacancies if v.pk in waiting]


def candidate_counts(vacancies):
    """{vacancy id: {"candidates", "shortlisted", "appointed"}} in one query."""
    rows = (
        Candidate.objects.filter(vacancy__in=vacancies)
        .values("vacancy_id")
        .annotate(
            candidates=Count("pk"),
            shortlisted=Count("pk", filter=Q(shortlisted=True)),
            appointed=Count("pk", filter=Q(appointed_at__isnull=False)),
        )
    )
    return {row.pop("vacancy_id"): row for row in rows}


def visible_vacancies(user):
    """The vacancies the person may see: their organisations' as a lead, and those whose panel they sit on
    while still working in the organisation."""
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    on_panel = Q(panel=user, organisation__in=organisation_ids(user, *PANEL_ROLES))
    return (
        Vacancy.objects.filter(Q(organisation__in=led) | on_panel)
        .distinct()
        .select_related("organisation", "profile_version__profile")
        .order_by("organisation__name", "-closing_date", "title")
    )
