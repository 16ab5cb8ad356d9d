"""Every change to programmes, cohorts, enrolments, contracts, study time and reviews goes through here."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from accounts.services import grant_role
from core import signing
from core.forms import create_once

from .models import (
    DEFAULT_SERVICE_COVER,
    ContractTemplate,
    Enrolment,
    LearningContract,
    ProgressReview,
    StatusChange,
    StudyTimeEntry,
)

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
        changed_on=cohort.start_date,
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


@transaction.atomic
def log_study_time(*, enrolment, by, date, hours, activity, description="", ksbs=(), submission_key=None):
    if by.pk != enrolment.trainee_id:
        raise ValidationError("Only the trainee logs their own study time.")
    if date > datetime.date.today():
        raise ValidationError({"date": "Study time can only be logged once it has been taken."})
    if date < enrolment.cohort.start_date:
        raise ValidationError({"date": "That date is before the cohort started."})

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


@transaction.atomic
def record_review(
    *, enrolment, by, held_on, progress, actions, concerns="", study_time_note="", next_review_on=None
):
    """Records a review once held (figures as of its date), and books the next one if a date is given."""
    from .selectors import study_time_summary

    if held_on > datetime.date.today():
        raise ValidationError({"held_on": "Record a review once it has been held."})
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError({"next_review_on": "The next review comes after this one."})
    summary = study_time_summary(enrolment, today=held_on)
    if next_review_on is not None:
        book_review(enrolment=enrolment, by=by, on=next_review_on)
    return _check(
        ProgressReview(
            enrolment=enrolment,
            held_on=held_on,
            progress=progress,
            actions=actions,
            concerns=concerns,
            study_time_note=study_time_note,
            planned_hours=summary.planned_to_date,
            taken_hours=summary.confirmed,
            recorded_by=by,
        )
    )


def sign_review(*, review, party, by, seen=None):
    """``by`` signs the review for ``party`` (trainee, employer or lecturer): core.signing.sign."""
    return signing.sign(review, party=party, by=by, seen=seen)
