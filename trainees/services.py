"""Every change to programmes, cohorts, enrolments, contracts, study time and reviews goes through here."""

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership
from accounts.services import grant_role
from core import jobs, signing, tabular
from core.forms import create_once

from . import importing, offthejob
from .models import (
    DEFAULT_SERVICE_COVER,
    ActionFollowUp,
    BreakInLearning,
    ContractTemplate,
    Enrolment,
    ImportJob,
    LearningContract,
    ProgressReview,
    ReviewAction,
    StatusChange,
    StudyTimeEntry,
    import_lease_seconds,
)
from .selectors import last_counted_review, review_snapshot

User = get_user_model()

DEFAULT_RESPONSIBILITIES = {
    "trainee_responsibilities": (
        "Attend university sessions and use protected study time for learning.\n"
        "Keep an up-to-date portfolio of evidence against the standard's knowledge, skills and behaviours.\n"
        "Meet your mentor regularly and prepare for progress reviews.\n"
        "Work within the limits of your competence and ask for support when you need it."
    ),
    "mentor_responsibilities": (
        "Meet the trainee regularly to plan and review learning in practice.\n"
        "Observe practice, give feedback and review evidence promptly.\n"
        "Sign off evidence and competencies only when satisfied they meet the standard.\n"
        "Take part in progress reviews."
    ),
    "manager_responsibilities": (
        "Release the trainee for the protected study time agreed here, and arrange cover for their service.\n"
        "Confirm the study time the trainee records.\n"
        "Give the trainee opportunities to practise the skills they are learning.\n"
        "Raise concerns early with the mentor, lecturer and workforce lead."
    ),
    "lecturer_responsibilities": (
        "Deliver and assess the foundation degree's modules.\n"
        "Link academic learning to practice with the mentor.\n"
        "Take part in progress reviews at least every 12 weeks.\n"
        "Tell the employer promptly about attendance or progress concerns."
    ),
    "service_cover": DEFAULT_SERVICE_COVER,
}
TEMPLATE_FIELDS = (*DEFAULT_RESPONSIBILITIES, "study_hours_per_week")


def _check(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_programme(*, programme, **fields):
    for name, value in fields.items():
        setattr(programme, name, value)
    return _check(programme)


@transaction.atomic
def save_cohort(*, cohort, **fields):
    for name, value in fields.items():
        setattr(cohort, name, value)
    if cohort.start_date and cohort.expected_end_date and cohort.expected_end_date <= cohort.start_date:
        raise ValidationError({"expected_end_date": "The expected end must be after the start date."})
    return _check(cohort)


def find_person(*, email="", username=""):
    """The existing account with this email address or username (any case), if any."""
    if email:
        match = User.objects.filter(email__iexact=email.strip()).first()
        if match:
            return match
    if username:
        return User.objects.filter(username__iexact=username.strip()).first()
    return None


def _unique_username(email, first_name, last_name):
    base = (email.split("@")[0] if email else f"{first_name}.{last_name}").lower()
    base = "".join(c for c in base if c.isalnum() or c in "._-")[:140] or "trainee"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def find_or_create_person(*, email, first_name, last_name, job_title=""):
    """Matches an existing account by email, or makes one without a password (a lead sets one later)."""
    person = find_person(email=email)
    if person is not None:
        return person, False
    person = User(
        username=_unique_username(email, first_name, last_name),
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title,
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    return person, True


def contract_template(organisation):
    """The organisation's template, or one with the portal's default wording (not saved until changed)."""
    found = ContractTemplate.objects.filter(organisation=organisation).first()
    return found or ContractTemplate(organisation=organisation, **DEFAULT_RESPONSIBILITIES)


@transaction.atomic
def save_contract_template(*, template, **fields):
    """Changes the starting text of new contracts; contracts already made keep their own text."""
    for name, value in fields.items():
        setattr(template, name, value)
    return _check(template)


def contract_starting_text(organisation):
    """What a new contract of this organisation starts with: its template, or the portal's wording."""
    template = contract_template(organisation)
    return {name: getattr(template, name) for name in TEMPLATE_FIELDS}


SUPPORTER_FIELDS = ("mentors", "manager", "lecturer")


def supporter_problems(*, organisation, trainee, mentors=(), manager=None, lecturer=None, member_ids=None):
    """{field: [reason]} for each supporter who may not support this trainee in this organisation.

    Nobody supports themself, and supporters are chosen only among people already in the organisation:
    enrolling someone never makes them a member of it (people from elsewhere, such as a university's
    lecturer, join by invitation and accept). ``member_ids`` (the organisation's people) saves a query
    per call when checking many rows.
    """
    chosen = [("mentors", m) for m in mentors] + [("manager", manager), ("lecturer", lecturer)]
    chosen = [(name, person) for name, person in chosen if person is not None]
    if member_ids is None:
        member_ids = set(
            Membership.objects.filter(
                organisation=organisation, user__in=[p.pk for _, p in chosen]
            ).values_list("user_id", flat=True)
        )
    problems = {}
    for name, person in chosen:
        if trainee is not None and person.pk == trainee.pk:
            reason = "This is the trainee themself: nobody supports themself."
        elif person.pk not in member_ids:
            # Named by the address the lead typed: a name would tell them about another organisation's people.
            reason = (
                f"{person.email or person.username} is not a member of {organisation}. Add them to your "
                "organisation, or invite them if they belong to another (they join when they accept)."
            )
        elif not person.is_active:
            reason = f"{person}'s account is switched off; ask a site administrator."
        else:
            continue
        problems.setdefault(name, []).append(reason)
    return problems


def check_supporters(**kwargs):
    problems = supporter_problems(**kwargs)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def enrol(*, cohort, trainee, by, mentors=(), manager=None, lecturer=None, **details):
    """Puts a trainee on a cohort with their supporters, and starts a draft learning contract."""
    if Enrolment.objects.filter(cohort=cohort, trainee=trainee).exists():
        raise ValidationError(f"{trainee} is already on {cohort}.")
    check_supporters(
        organisation=cohort.organisation, trainee=trainee, mentors=mentors, manager=manager, lecturer=lecturer
    )
    enrolment = Enrolment(cohort=cohort, trainee=trainee, manager=manager, lecturer=lecturer, **details)
    enrolment.full_clean(exclude=["trainee", "cohort"])
    enrolment.save()
    enrolment.mentors.set(mentors)
    _grant_supporter_roles(enrolment)
    StatusChange.objects.create(
        enrolment=enrolment,
        status=enrolment.status,
        changed_on=enrolment.starts_on,  # their own start, where it is later than the cohort's
        note="Enrolled",
        changed_by=by,
    )
    LearningContract.objects.create(
        enrolment=enrolment, created_by=by, **contract_starting_text(cohort.organisation)
    )
    return enrolment


def _grant_supporter_roles(enrolment):
    organisation = enrolment.cohort.organisation
    grant_role(person=enrolment.trainee, organisation=organisation, role=Membership.Role.TRAINEE)
    for mentor in enrolment.mentors.all():
        grant_role(person=mentor, organisation=organisation, role=Membership.Role.MENTOR)
    if enrolment.manager:
        grant_role(person=enrolment.manager, organisation=organisation, role=Membership.Role.MANAGER)
    if enrolment.lecturer:
        grant_role(person=enrolment.lecturer, organisation=organisation, role=Membership.Role.LECTURER)


@transaction.atomic
def update_enrolment(*, enrolment, mentors=None, **fields):
    for name, value in fields.items():
        setattr(enrolment, name, value)
    check_supporters(
        organisation=enrolment.cohort.organisation,
        trainee=enrolment.trainee,
        mentors=enrolment.mentors.all() if mentors is None else mentors,
        manager=enrolment.manager,
        lecturer=enrolment.lecturer,
    )
    enrolment.full_clean()
    enrolment.save()
    if mentors is not None:
        enrolment.mentors.set(mentors)
    _grant_supporter_roles(enrolment)
    return enrolment


@transaction.atomic
def change_status(*, enrolment, status, by, changed_on=None, note=""):
    if status == enrolment.status:
        raise ValidationError(
            {"status": f"The enrolment is already {enrolment.get_status_display().lower()}."}
        )
    enrolment.status = status
    enrolment.save(update_fields=["status"])
    return StatusChange.objects.create(
        enrolment=enrolment,
        status=status,
        changed_on=changed_on or datetime.date.today(),
        note=note,
        changed_by=by,
    )


@transaction.atomic
def reach_gateway(*, enrolment, on):
    """Records the day the trainee passed through gateway (the declaration signed by all three): off-the-job
    logging stops from that day. Called by the gateway's own service, once."""
    if enrolment.gateway_on is not None:
        raise ValidationError("This trainee has already passed through gateway.")
    enrolment.gateway_on = on
    enrolment.save(update_fields=["gateway_on"])
    return enrolment


# --- Breaks in learning -------------------------------------------------------------------------------


@transaction.atomic
def add_break(*, enrolment, by, starts_on, reason, ends_on=None):
    """Records a break in learning: no off-the-job hours are planned during it and the planned end moves on
    by its length. A break that has begun and goes on puts an active trainee on a break."""
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": "Training resumes after the break starts."})
    if starts_on < enrolment.starts_on:
        raise ValidationError(
            {"starts_on": f"A break starts after the trainee started on {_day(enrolment.starts_on)}."}
        )
    if starts_on > datetime.date.today():
        # Nothing puts the trainee on a break when a future date arrives, and it could not be ended until
        # then: record a break once it has begun, as a break is ended once training has resumed.
        raise ValidationError({"starts_on": "Record a break once it has begun: today or earlier."})
    for other in enrolment.breaks.all():
        other_end = other.ends_on or datetime.date.max
        if starts_on < other_end and (ends_on is None or other.starts_on < ends_on):
            raise ValidationError({"starts_on": f"This overlaps another break: {other}."})
    brk = BreakInLearning(
        enrolment=enrolment, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), recorded_by=by
    )
    brk._history_user = by
    _check(brk)
    today = datetime.date.today()
    if brk.covers(today) and enrolment.is_active:
        change_status(
            enrolment=enrolment,
            status=Enrolment.Status.ON_BREAK,
            by=by,
            changed_on=starts_on,
            note=f"Break in learning: {brk.reason}",
        )
    return brk


@transaction.atomic
def end_break(*, brk, by, ends_on):
    """Ends an open break: training resumes on ``ends_on``; a trainee on a break is active again."""
    brk = BreakInLearning.objects.select_for_update().select_related("enrolment__cohort").get(pk=brk.pk)
    if not brk.is_open:
        raise ValidationError("This break has already ended.")
    if ends_on <= brk.starts_on:
        raise ValidationError(
            {"ends_on": f"Training resumes after the break started on {_day(brk.starts_on)}."}
        )
    if ends_on > datetime.date.today():
        raise ValidationError({"ends_on": "End a break once training has resumed."})
    brk.ends_on = ends_on
    brk._history_user = by
    _check(brk)
    enrolment = brk.enrolment
    if enrolment.status == Enrolment.Status.ON_BREAK:
        change_status(
            enrolment=enrolment,
            status=Enrolment.Status.ACTIVE,
            by=by,
            changed_on=ends_on,
            note="Back from a break",
        )
    return brk


# --- Learning contracts -------------------------------------------------------------------------------


def current_contract(enrolment):
    return enrolment.contracts.filter(superseded_at__isnull=True).first()


@transaction.atomic
def change_contract(*, contract, by, **fields):
    """Edits a contract nobody has signed; once anyone has, makes a new version for all to sign again."""
    contract = LearningContract.objects.select_for_update().get(pk=contract.pk)
    if not contract.is_current:
        raise ValidationError("This version has been replaced; change the current version instead.")
    changed = {name: value for name, value in fields.items() if getattr(contract, name) != value}
    if not changed:
        return contract
    if not contract.signatures.exists():
        for name, value in changed.items():
            setattr(contract, name, value)
        contract.full_clean()
        contract.save()
        return contract
    new = LearningContract(
        enrolment=contract.enrolment,
        version=contract.version + 1,
        created_by=by,
        **{name: fields.get(name, getattr(contract, name)) for name in LearningContract.CONTENT_FIELDS},
    )
    new.full_clean()
    contract.superseded_at = timezone.now()
    contract.save(update_fields=["superseded_at"])
    new.save()
    return new


def sign_contract(*, contract, party, by, seen=None):
    """``by`` signs the current version for ``party``, once the contract says how the service is covered;
    ``seen`` is the fingerprint of the version their page showed (core.signing.sign)."""
    return signing.sign(contract, party=party, by=by, seen=seen)


# --- Protected study time -----------------------------------------------------------------------------


def _day(day):
    return f"{day.day} {day:%B %Y}"


def study_time_problems(*, enrolment, date, activity, in_paid_hours=True):
    """{field: reason} for each off-the-job rule the entry would break (trainees/offthejob.py)."""
    problems = {}
    if date > datetime.date.today():
        problems["date"] = "Study time can only be logged once it has been taken."
    elif date < enrolment.starts_on:
        problems["date"] = f"That date is before the trainee started on {_day(enrolment.starts_on)}."
    elif enrolment.gateway_on is not None and date >= enrolment.gateway_on:
        problems["date"] = (
            f"Off-the-job logging stops at gateway on {_day(enrolment.gateway_on)}: time from then on "
            "does not count."
        )
    else:
        paused = next((b for b in enrolment.breaks.all() if b.covers(date)), None)
        if paused is not None:
            problems["date"] = (
                f"That day is in a break in learning ({str(paused)[0].lower()}{str(paused)[1:]}): no "
                "off-the-job time is planned or logged during a break."
            )
    if activity in offthejob.NOT_COUNTED:
        problems["activity"] = offthejob.NOT_COUNTED[activity]
    if not in_paid_hours:
        problems["in_paid_hours"] = offthejob.PAID_HOURS
    return problems


@transaction.atomic
def log_study_time(
    *,
    enrolment,
    by,
    date,
    hours,
    activity,
    description="",
    ksbs=(),
    submission_key=None,
    in_paid_hours=True,
):
    """Logs off-the-job time the trainee took, for their manager to confirm; refuses, saving nothing, time
    that does not count under the rules: before the start, after gateway, in a break in learning, outside
    paid hours, or a progress review or English and maths."""
    if by.pk != enrolment.trainee_id:
        raise ValidationError("Only the trainee logs their own study time.")
    problems = study_time_problems(
        enrolment=enrolment, date=date, activity=activity, in_paid_hours=in_paid_hours
    )
    if problems:
        raise ValidationError(problems)

    def make():
        entry = _check(
            StudyTimeEntry(
                enrolment=enrolment,
                date=date,
                hours=hours,
                activity=activity,
                description=description,
                logged_by=by,
                submission_key=submission_key,
            )
        )
        entry.ksbs.set(ksbs)
        return entry

    return create_once(StudyTimeEntry, submission_key, make)


@transaction.atomic
def decide_study_time(*, entry, by, confirm, note=""):
    # Claim the entry: only one decision lands, even if two managers act at once.
    if not entry.enrolment.is_manager(by):
        raise ValidationError("Only the trainee's manager confirms their study time.")
    new_state = StudyTimeEntry.State.CONFIRMED if confirm else StudyTimeEntry.State.QUERIED
    if not confirm and not note.strip():
        raise ValidationError({"query_note": "Say what is wrong, so the trainee can put it right."})
    claimed = StudyTimeEntry.objects.filter(pk=entry.pk, state=StudyTimeEntry.State.PENDING).update(
        state=new_state, decided_by=by, decided_at=timezone.now(), query_note=note.strip()
    )
    if not claimed:
        raise ValidationError("This entry has already been decided.")
    entry.refresh_from_db()
    return entry


# --- Progress reviews ---------------------------------------------------------------------------------


@transaction.atomic
def book_review(*, enrolment, by, on):
    """Books the next progress review; everyone sees the date and is reminded of it."""
    if on < datetime.date.today():
        raise ValidationError({"next_review_on": "Book the next review for today or a later date."})
    enrolment.next_review_on = on
    enrolment._history_user = by
    enrolment.save(update_fields=["next_review_on"])
    return enrolment


YES = "yes"
SAFEGUARDING_GUIDANCE = (
    "Follow the trust's safeguarding policy: tell the named safeguarding lead the same day. Record what was "
    "done here, not the details of the concern."
)


def _yes_no_problems(fields):
    errors = {}
    for question, note, message in (
        ("wellbeing_concern", "wellbeing_note", "Say what the wellbeing concern is and what is being done."),
        ("safeguarding_concern", "safeguarding_note", "Say what was done. " + SAFEGUARDING_GUIDANCE),
        ("circumstances_changed", "circumstances_note", "Say what has changed."),
    ):
        answer = fields.get(question, "")
        if answer not in ("yes", "no"):
            errors[question] = "Answer yes or no."
        elif answer == YES and not fields.get(note, "").strip():
            errors[note] = message
    return errors


@transaction.atomic
def record_review(
    *,
    enrolment,
    by,
    held_on,
    progress,
    actions="",
    concerns="",
    study_time_note="",
    next_review_on=None,
    previous_actions=None,
    next_actions=None,
    **structured,
):
    """Records a review once held (figures as of its date), and books the next one if a date is given.

    The structured form (``previous_actions`` and ``next_actions`` given, with the yes/no questions in
    ``structured``) says for each action of the last counted review whether it was done, and agrees the next
    actions with an owner and a date; the review keeps snapshots of the portfolio and of off-the-job time
    since the last counted review. It counts nowhere until trainee, employer and provider have all signed.
    """
    if held_on > datetime.date.today():
        raise ValidationError({"held_on": "Record a review once it has been held."})
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError({"next_review_on": "The next review comes after this one."})
    previous = last_counted_review(enrolment, before=held_on)
    is_structured = next_actions is not None
    errors = {}
    if is_structured:
        errors |= _yes_no_problems(structured)
        expected = list(previous.next_actions.all()) if previous else []
        given = {a["agreed_at"].pk: a for a in previous_actions or [] if a.get("agreed_at")}
        outcomes = [a.get("outcome") for a in given.values()]
        if {a.pk for a in expected} != set(given) or not set(outcomes) <= set(ActionFollowUp.Outcome.values):
            errors["previous_actions"] = "Say for each action from the last review whether it was done."
        if not next_actions:
            errors["next_actions"] = "Agree at least one next action, with who does it and by when."
        elif any(a["due_on"] <= held_on for a in next_actions):
            errors["next_actions"] = "Each next action is due after the review."
    elif not actions.strip():
        errors["actions"] = "Agree the actions."
    if errors:
        raise ValidationError(errors)
    figures = review_snapshot(enrolment, held_on, previous)
    if next_review_on is not None:
        book_review(enrolment=enrolment, by=by, on=next_review_on)
    review = ProgressReview(
        enrolment=enrolment,
        held_on=held_on,
        progress=progress,
        actions=actions,
        concerns=concerns,
        study_time_note=study_time_note,
        planned_hours=figures.planned_to_date,
        taken_hours=figures.confirmed,
        recorded_by=by,
    )
    if is_structured:
        review.form_version = 2
        review.previous_held_on = previous.held_on if previous else None
        review.planned_since_hours = figures.planned_since
        review.taken_since_hours = figures.taken_since
        review.behind_hours = figures.behind_by
        review.portfolio = figures.portfolio
        for name in STRUCTURED_TEXT:
            setattr(review, name, structured.get(name, "").strip())
    elif structured:
        raise TypeError(f"Unexpected fields without next actions: {', '.join(structured)}")
    _check(review)
    if is_structured:
        for position, done in enumerate(previous_actions or []):
            agreed = done["agreed_at"]
            ActionFollowUp(
                review=review,
                agreed_at=agreed,
                action=agreed.action,
                owner=agreed.owner,
                due_on=agreed.due_on,
                outcome=done["outcome"],
                comment=done.get("comment", "").strip(),
                position=position,
            ).save()
        for position, action in enumerate(next_actions):
            ReviewAction(
                review=review,
                action=action["action"].strip(),
                owner=action["owner"],
                due_on=action["due_on"],
                position=position,
            ).save()
    return review


STRUCTURED_TEXT = (
    "training_plan_changes",
    "english_maths",
    "wellbeing_concern",
    "wellbeing_note",
    "safeguarding_concern",
    "safeguarding_note",
    "circumstances_changed",
    "circumstances_note",
)


def sign_review(*, review, party, by, seen=None):
    """``by`` signs the review for ``party`` (trainee, employer or lecturer): core.signing.sign."""
    return signing.sign(review, party=party, by=by, seen=seen)


# --- Bringing trainees in: one at a time, or a file of them (read by importing.py), all or nothing ---------

# Where each import column's supporters go in supporter_problems and on the add-a-trainee form, and back.
_SUPPORTER_OF_COLUMN = {"mentor_email": "mentors", "manager_email": "manager", "lecturer_email": "lecturer"}
_COLUMN_OF_SUPPORTER = {name: column for column, name in _SUPPORTER_OF_COLUMN.items()}
SECOND_COHORT_LABEL = "Enrol on a second cohort deliberately"
_ROLE_OF_SUPPORTER = {
    "mentors": Membership.Role.MENTOR,
    "manager": Membership.Role.MANAGER,
    "lecturer": Membership.Role.LECTURER,
}


class _People:
    """Everyone a file names, with memberships and current enrolments: three queries for any length."""

    def __init__(self, cohort, emails):
        keys = {email.lower() for email in emails if email}
        found = User.objects.annotate(key=Lower("email")).filter(key__in=keys) if keys else []
        self._by_email = {person.email.lower(): person for person in found}
        ids = [person.pk for person in self._by_email.values()]
        self.organisations = defaultdict(set)
        self.roles = set()  # (person id, role) held in the cohort's organisation
        memberships = Membership.objects.filter(user_id__in=ids)
        for user_id, organisation_id, role in memberships.values_list("user_id", "organisation_id", "role"):
            self.organisations[user_id].add(organisation_id)
            if organisation_id == cohort.organisation_id:
                self.roles.add((user_id, role))
        # The organisation's members among these people: all supporter_problems needs to know of it.
        self.member_ids = {user_id for user_id, _ in self.roles}
        self.on_cohort, self.active_on = set(), {}
        current = Enrolment.objects.filter(Q(cohort=cohort) | Enrolment.active_q())
        for enrolment in current.filter(trainee_id__in=ids).select_related("cohort"):
            if enrolment.cohort_id == cohort.pk:
                self.on_cohort.add(enrolment.trainee_id)
            else:
                self.active_on.setdefault(enrolment.trainee_id, enrolment.cohort)

    def get(self, email):
        return self._by_email.get(email.lower()) if email else None


def _trainee_problems(cohort, person, first_name, last_name, people, second_cohort=False):
    """(column, reason) for each reason this email's person cannot join the cohort."""
    if person is None:
        missing = [
            name for name, value in (("first_name", first_name), ("last_name", last_name)) if not value
        ]
        return [(name, "Needed, as no one has an account with this email yet.") for name in missing]
    organisations = people.organisations[person.pk]
    if organisations and cohort.organisation_id not in organisations:
        # Not named: people of one organisation must not learn about another's.
        return [
            (
                "email",
                "This email belongs to a person in another organisation; they cannot be added here. "
                "If they have moved to your organisation, ask a site administrator.",
            )
        ]
    if not person.is_active:
        return [("email", f"{person}'s account is switched off; ask a site administrator.")]
    if person.pk in people.on_cohort:
        return [("email", f"{person} is already on this cohort.")]
    elsewhere = people.active_on.get(person.pk)
    if elsewhere is not None and not second_cohort:
        # Two active enrolments make two portfolios; only a lead who means it may do that.
        ours = elsewhere.organisation_id == cohort.organisation_id
        where = elsewhere.name if ours else "a cohort of another organisation"
        return [
            (
                "email",
                f"{person} is already active on {where}: transfer them, or tick “{SECOND_COHORT_LABEL}”.",
            )
        ]
    return []


def _supporters(row, people, problems):
    """The accounts a row names as supporters (by supporter_problems' names); a problem per unknown email."""
    chosen = {"mentors": [], "manager": None, "lecturer": None}
    for column, name in _SUPPORTER_OF_COLUMN.items():
        emails = row.mentor_emails if column == "mentor_email" else [getattr(row, column)]
        for email in filter(None, emails):
            if row.email and email.lower() == row.email.lower():
                continue  # already reported while reading
            supporter = people.get(email)
            if supporter is None:
                message = f"No one has an account with {email}: add them to the portal first."
                problems.add(row.row, column, message)
            elif name != "mentors":
                chosen[name] = supporter
            elif supporter not in chosen["mentors"]:
                chosen["mentors"].append(supporter)
    return chosen


@dataclass
class _Planned:
    """A row that passed every check: who the trainee is (None: a new account) and the enrolment to make."""

    row: importing.TraineeRow
    person: object
    mentors: list
    enrolment: Enrolment


def _enrolment_problems(row, enrolment, problems):
    # The values were checked while reading; the model's own rules have the last word, without queries.
    try:
        enrolment.clean_fields(exclude=["trainee", "cohort", "manager", "lecturer"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.add(row.row, name, message)


def _check_accounts(cohort, rows, people, problems, second_cohort=False):
    """The enrolments to make, adding every row's problems to ``problems``."""
    organisation, plans = cohort.organisation, []
    for row in rows:
        readable = bool(row.email) and importing.is_email(row.email)
        person = people.get(row.email) if readable else None
        if readable and row.repeats_row is None:
            for column, message in _trainee_problems(
                cohort, person, row.first_name, row.last_name, people, second_cohort
            ):
                problems.add(row.row, column, message)
        chosen = _supporters(row, people, problems)
        refused = supporter_problems(
            organisation=organisation, trainee=person, member_ids=people.member_ids, **chosen
        )
        for name, reasons in refused.items():
            for reason in reasons:
                problems.add(row.row, _COLUMN_OF_SUPPORTER[name], reason)
        enrolment = Enrolment(
            cohort=cohort, manager=chosen["manager"], lecturer=chosen["lecturer"], **row.details()
        )
        _enrolment_problems(row, enrolment, problems)
        plans.append(_Planned(row=row, person=person, mentors=chosen["mentors"], enrolment=enrolment))
    return plans


# --- Saving: everything in a few bulk inserts, whatever the size of the file -------------------------------


def _username_base(email):
    # As services.find_or_create_person makes them: the part before the @, lower case, safe characters.
    base = "".join(c for c in email.split("@")[0].lower() if c.isalnum() or c in "._-")
    return base[:140] or "trainee"


def _usernames_taken(bases):
    if not bases:
        return set()
    starts = reduce(operator.or_, (Q(username__istartswith=base) for base in bases))
    return {name.lower() for name in User.objects.filter(starts).values_list("username", flat=True)}


def _new_accounts(plans):
    """Makes an account, without a password, for each planned row whose email no one has yet."""
    plans = [plan for plan in plans if plan.person is None]
    taken = _usernames_taken({_username_base(plan.row.email) for plan in plans})
    for plan in plans:
        base = _username_base(plan.row.email)
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        person = User(
            username=username,
            email=plan.row.email,
            first_name=plan.row.first_name,
            last_name=plan.row.last_name,
        )
        person.set_unusable_password()
        try:
            person.full_clean(validate_unique=False, validate_constraints=False)  # uniqueness: checked above
        except ValidationError as exc:
            columns = {name: name if name in importing.COLUMNS else "email" for name in exc.message_dict}
            problems = [
                tabular.Problem(plan.row.row, columns[n], m) for n, ms in exc.message_dict.items() for m in ms
            ]
            raise tabular.ImportRefused(problems, columns=importing.COLUMNS) from exc
        plan.person = person
    User.objects.bulk_create([plan.person for plan in plans])
    return len(plans)


def _link_mentors(plans, history):
    through = Enrolment.mentors.through
    links = through.objects.bulk_create(
        [through(enrolment=plan.enrolment, user=mentor) for plan in plans for mentor in plan.mentors]
    )
    if history:
        # As a mentor change does one by one: the enrolment's history records who its mentors were.
        mentors_then = Enrolment.history.model.mentors.model
        record_of = {record.id: record for record in history}
        mentors_then.objects.bulk_create(
            [
                mentors_then(
                    history=record_of[link.enrolment_id],
                    id=link.pk,
                    enrolment_id=link.enrolment_id,
                    user_id=link.user_id,
                )
                for link in links
            ]
        )


def _grant_roles(cohort, plans, people, by):
    """Each person's role in the organisation, granted once however many rows name them."""
    wanted = {}
    for plan in plans:
        wanted.setdefault((plan.person.pk, Membership.Role.TRAINEE), plan.person)
        enrolment = plan.enrolment
        for name, supporters in (
            ("mentors", plan.mentors),
            ("manager", [enrolment.manager]),
            ("lecturer", [enrolment.lecturer]),
        ):
            for supporter in filter(None, supporters):
                wanted.setdefault((supporter.pk, _ROLE_OF_SUPPORTER[name]), supporter)
    new = [
        Membership(user=person, organisation_id=cohort.organisation_id, role=role)
        for (person_id, role), person in wanted.items()
        if (person_id, role) not in people.roles
    ]
    if new:
        bulk_create_with_history(new, Membership, default_user=by)


def _enrol_planned(cohort, plans, people, by):
    """Enrols every planned row as services.enrol does one at a time, in bulk."""
    created = _new_accounts(plans)
    for plan in plans:
        plan.enrolment.trainee = plan.person
    enrolments = Enrolment.objects.bulk_create([plan.enrolment for plan in plans])
    history = Enrolment.history.bulk_history_create(enrolments, default_user=by)
    _link_mentors(plans, history)
    _grant_roles(cohort, plans, people, by)
    StatusChange.objects.bulk_create(
        StatusChange(
            enrolment=enrolment,
            status=enrolment.status,
            changed_on=cohort.start_date,
            note="Enrolled",
            changed_by=by,
        )
        for enrolment in enrolments
    )
    # Each contract starts as a copy of the organisation's template, as services.enrol starts one.
    template = contract_template(cohort.organisation)
    text = {name: getattr(template, name, "") for name in LearningContract.CONTENT_FIELDS}
    LearningContract.objects.bulk_create(
        LearningContract(enrolment=enrolment, created_by=by, **text) for enrolment in enrolments
    )
    return ImportResult(enrolments=enrolments, created=created, matched=len(enrolments) - created)


# --- Importing a file -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    enrolments: list
    created: int
    matched: int


CHANGED_MEANWHILE = (
    "Someone changed these people or this cohort while the file was being imported, so nothing was saved. "
    "Upload the file again."
)


def enrol_rows(*, cohort, parsed, by, second_cohort=False):
    """Enrols every row of a file already read (importing.read_trainee_file), or raises ImportRefused and
    saves nothing."""
    try:
        with tabular.all_or_nothing(parsed.problems, columns=importing.COLUMNS) as problems:
            people = _People(cohort, parsed.emails())
            plans = _check_accounts(cohort, parsed.rows, people, problems, second_cohort)
            problems.refuse_if_any()
            return _enrol_planned(cohort, plans, people, by)
    except IntegrityError as exc:
        # Checked above, so this is a surprise (say, someone enrolled one of them meanwhile); all rolled back.
        raise tabular.ImportRefused([tabular.Problem(None, None, CHANGED_MEANWHILE)]) from exc


def import_trainees(*, cohort, upload_name, content, by, second_cohort=False):
    """Enrols every trainee in the file on the cohort, or raises ImportRefused and saves nothing."""
    parsed = importing.read_trainee_file(name=upload_name, content=content)
    return enrol_rows(cohort=cohort, parsed=parsed, by=by, second_cohort=second_cohort)


# --- Large files: imported by a worker, with progress (tasks.start_import queues them) ----------------------


QUEUE_DOWN = (
    "The file could not be queued for import: the background service is not answering. "
    "Nothing was imported; try again in a few minutes."
)


class QueueUnavailable(Exception):
    pass


def import_now_or_later(*, cohort, upload_name, content, by, second_cohort=False):
    """Imports a small file at once, returning its ImportResult; saves a job for a larger one, returning the
    ImportJob for tasks.start_import to queue. A file refused as a whole is refused at once either way."""
    parsed = importing.read_trainee_file(name=upload_name, content=content)
    if len(parsed.rows) <= settings.TRAINEE_IMPORT_BACKGROUND_ROWS:
        return enrol_rows(cohort=cohort, parsed=parsed, by=by, second_cohort=second_cohort)
    return ImportJob.objects.create(
        cohort=cohort,
        requested_by=by,
        filename=upload_name[-200:],
        content=content,
        rows=len(parsed.rows),
        second_cohort=second_cohort,
    )


def not_queued(job):
    """The job could not be queued: it fails, saying so; raise what this returns."""
    fail_job(job.pk, QUEUE_DOWN)
    return QueueUnavailable(QUEUE_DOWN)


def claim_job(job_id):
    """Takes the job for this worker unless a live worker holds it; one whose worker died is taken over
    (nothing of it was saved: the import is one transaction)."""
    return jobs.claim(ImportJob, job_id, lease_seconds=import_lease_seconds())


def _note_progress(job_id, percent, step):
    jobs.note_progress(ImportJob, job_id, percent, step)


def _end(job_id, status, **outcome):
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        step=ImportJob.Status(status).label,
        finished_at=timezone.now(),
        lease_expires_at=None,
        content=b"",
        **outcome,
    )


def fail_job(job_id, message):
    _end(job_id, ImportJob.Status.FAILED, error=message)


def run_import_job(*, job_id):
    """The worker's part, once it has claimed the job: enrol every row or none, and record the outcome."""
    job = ImportJob.objects.select_related("cohort__organisation", "requested_by").get(pk=job_id)
    if job.requested_by is None:
        return fail_job(
            job_id, "The account of the person who uploaded the file has gone; nothing was imported."
        )
    try:
        _note_progress(job_id, 10, "Reading the file")
        parsed = importing.read_trainee_file(name=job.filename, content=bytes(job.content))
        _note_progress(job_id, 30, f"Checking and enrolling {len(parsed.rows):,} trainees")
        with transaction.atomic():
            result = enrol_rows(
                cohort=job.cohort, parsed=parsed, by=job.requested_by, second_cohort=job.second_cohort
            )
            # In the same transaction: a worker that dies after the commit cannot import the file twice.
            _end(
                job_id,
                ImportJob.Status.DONE,
                enrolled=len(result.enrolments),
                created=result.created,
                matched=result.matched,
            )
    except tabular.ImportRefused as exc:
        problems = [problem.as_dict() for problem in exc.problems]
        _end(job_id, ImportJob.Status.FAILED, problems=problems)


def job_problems(job):
    problems = [tabular.Problem(**problem) for problem in job.problems]
    return tabular.Problems(problems, columns=importing.COLUMNS)


# --- One at a time ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    enrolment: Enrolment
    created: bool

    @property
    def message(self):
        """What the lead is told, wherever a trainee is added (one at a time, or an appointed candidate)."""
        trainee, cohort = self.enrolment.trainee, self.enrolment.cohort
        if self.created:
            return (
                f"{trainee} is now on {cohort}, with a new account: set them a temporary password "
                "from their page so they can sign in."
            )
        return (
            f"{trainee} already had an account with {trainee.email}: matched, not duplicated, "
            f"and now on {cohort}. Their name on the account was left as it was."
        )


@transaction.atomic
def add_trainee(
    *,
    cohort,
    by,
    email,
    first_name="",
    last_name="",
    mentors=(),
    manager=None,
    lecturer=None,
    second_cohort=False,
    **details,
):
    """Enrols one person, matched by email or given a new account; ValidationError names the fields."""
    people = _People(cohort, [email])
    person = people.get(email)
    errors = {}
    for column, message in _trainee_problems(
        cohort, person, first_name.strip(), last_name.strip(), people, second_cohort
    ):
        errors.setdefault(column, []).append(message)
    refused = supporter_problems(
        organisation=cohort.organisation, trainee=person, mentors=mentors, manager=manager, lecturer=lecturer
    )
    for name, reasons in refused.items():
        errors.setdefault(name, []).extend(reasons)
    if errors:
        raise ValidationError(errors)
    trainee, created = find_or_create_person(email=email, first_name=first_name, last_name=last_name)
    enrolment = enrol(
        cohort=cohort, trainee=trainee, by=by, mentors=mentors, manager=manager, lecturer=lecturer, **details
    )
    return Added(enrolment=enrolment, created=created)


def purge_old_import_jobs(now=None):
    """Deletes import jobs older than TRAINEE_IMPORT_RETENTION_DAYS, finished or not (one left unfinished so
    long had no worker; its file goes with it). Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.TRAINEE_IMPORT_RETENTION_DAYS)
    deleted, _by_model = ImportJob.objects.filter(requested_at__lt=cutoff).delete()
    return deleted
