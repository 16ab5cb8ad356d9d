"""Every change to an evaluation interview goes through here: views, the import, seed_demo and tests share it.

An interview is added for someone in the cohort (a trainee enrolled on it, or a manager of one of its
trainees), fixed to the question set current when it is started, recorded as a draft as often as needed, then
completed (read-only from then on). Consent may be withdrawn at any time, even once completed: the answers are
kept, but ``Interview.objects.counted()`` leaves them out of every count and quote.

Each function is one transaction; each saved row records who made the change in its history.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import Membership
from trainees.models import Enrolment

from .models import Answer, Interview, Respondent, Stage
from .questions import current_question_set

COMPLETED_READ_ONLY = "This interview is completed and can no longer be changed."


def _save(instance, by):
    instance._history_user = by
    instance.save()
    return instance


def _long_date(day):
    return format_date(day, "j F Y")


# --- Who is in a cohort ----------------------------------------------------------------------------------


def enrolment_in(cohort, person):
    """The person's enrolment on the cohort as a trainee, or None."""
    return Enrolment.objects.filter(cohort=cohort, trainee=person).first()


def manages_in(cohort, person):
    """Whether the person manages one of the cohort's trainees."""
    return Enrolment.objects.filter(cohort=cohort, manager=person).exists()


def is_in_cohort(cohort, person, respondent):
    if respondent == Respondent.TRAINEE:
        return enrolment_in(cohort, person) is not None
    return manages_in(cohort, person)


def members_of(organisation):
    """Everyone with a role in the organisation: the people who may be named as an interviewer."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def is_member(organisation, person):
    return Membership.objects.filter(organisation=organisation, user=person).exists()


# --- The questions an interview asks -----------------------------------------------------------------------


def current_questions_for(organisation, stage, respondent):
    """The newest question set of the organisation for the stage and respondent (the starter set is made on
    first use)."""
    return current_question_set(organisation, stage, respondent)


def questions_of(interview):
    """The questions the interview asks (its own version once started), in order."""
    question_set = interview.question_set or current_questions_for(
        interview.cohort.organisation, interview.stage, interview.respondent
    )
    return list(question_set.questions.order_by("order")) if question_set else []


def answers_of(interview):
    """[(question, answer text)] for each question of the interview's version."""
    given = {a.question_id: a.text for a in interview.answers.all()}
    return [(q, given.get(q.pk, "")) for q in questions_of(interview)]


# --- Adding and starting ---------------------------------------------------------------------------------


def default_due_on(cohort, stage):
    """When the stage's interview falls due, from the cohort's dates and its programme's schedule (6 weeks
    after the start, the midpoint, 4 weeks after the expected end unless the programme says otherwise)."""
    schedule = getattr(cohort.programme, "evaluation_schedule", None)
    after_start = schedule.weeks_after_start if schedule else 6
    after_end = schedule.weeks_after_completion if schedule else 4
    if stage == Stage.START:
        return cohort.start_date + datetime.timedelta(weeks=after_start)
    if stage == Stage.MIDWAY:
        return cohort.start_date + (cohort.expected_end_date - cohort.start_date) / 2
    return cohort.expected_end_date + datetime.timedelta(weeks=after_end)


@transaction.atomic
def add_interview(*, cohort, interviewee, respondent, stage, by, due_on=None):
    """A due interview of someone in the cohort; refuses anyone else ("X is not in this cohort")."""
    errors = {}
    if respondent not in Respondent.values:
        errors["respondent"] = "Choose trainee or manager."
    if stage not in Stage.values:
        errors["stage"] = "Choose a stage: shortly after starting, mid-way or on qualification."
    if errors:
        raise ValidationError(errors)
    enrolment = enrolment_in(cohort, interviewee) if respondent == Respondent.TRAINEE else None
    in_cohort = enrolment is not None if respondent == Respondent.TRAINEE else manages_in(cohort, interviewee)
    if not in_cohort:
        raise ValidationError({"interviewee": f"{interviewee} is not in this cohort."})
    if Interview.objects.filter(
        cohort=cohort, interviewee=interviewee, respondent=respondent, stage=stage
    ).exists():
        label = Stage(stage).label.lower()
        raise ValidationError(
            {"interviewee": f"{interviewee} already has a {label} interview in this cohort."}
        )
    return _save(
        Interview(
            cohort=cohort,
            interviewee=interviewee,
            respondent=respondent,
            stage=stage,
            enrolment=enrolment,
            due_on=due_on or default_due_on(cohort, stage),
        ),
        by,
    )


def _refuse_if_completed(interview):
    if interview.is_completed:
        raise ValidationError({NON_FIELD_ERRORS: COMPLETED_READ_ONLY})


@transaction.atomic
def start_interview(interview, by):
    """Fixes the questions the interview asks: the current set for its organisation, stage and respondent.
    Once fixed, later versions of the questions do not change it."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    _refuse_if_completed(interview)
    if interview.question_set_id is None:
        interview.question_set = current_questions_for(
            interview.cohort.organisation, interview.stage, interview.respondent
        )
        if interview.question_set is None:
            raise ValidationError({NON_FIELD_ERRORS: "There are no questions for this interview yet."})
        _save(interview, by)
    return interview


# --- Recording ---------------------------------------------------------------------------------------------


def _check(interview, *, held_on, interviewer, consent_given, answers, complete):
    errors = {}
    cohort = interview.cohort
    if held_on is not None:
        if held_on < cohort.start_date:
            errors["held_on"] = (
                f"The interview cannot be before the cohort started on {_long_date(cohort.start_date)}."
            )
        elif held_on > timezone.localdate():
            errors["held_on"] = "The interview cannot be in the future."
    elif complete:
        errors["held_on"] = "Enter the date of the interview."
    if interviewer is not None:
        if interviewer.pk == interview.interviewee_id:
            errors["interviewer"] = "The interviewer cannot be the person interviewed."
        elif not is_member(cohort.organisation, interviewer):
            errors["interviewer"] = f"{interviewer} is not a member of {cohort.organisation}."
    elif complete:
        errors["interviewer"] = "Choose who held the interview."
    if complete and consent_given is None:
        errors["consent_given"] = "Say whether the interviewee gave consent."
    asked = {q.pk for q in interview.question_set.questions.all()} if interview.question_set else set()
    if set(answers) - asked:
        errors["answers"] = "Some answers are to questions this interview does not ask."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_interview(interview, *, held_on, interviewer, consent_given, answers, notes, by, complete=False):
    """Saves what was said: as a draft, or completed (read-only from then on).

    ``answers`` is {question pk: text} for questions of the interview's version; ``consent_given`` True,
    False, or None while not yet asked (completing needs it, and a date and an interviewer). Raises
    ValidationError, keyed by field, and saves nothing if anything is wrong.
    """
    interview = start_interview(interview, by)  # locks it, refuses a completed one, fixes its questions
    answers = {int(pk): (text or "").strip() for pk, text in answers.items()}
    _check(
        interview,
        held_on=held_on,
        interviewer=interviewer,
        consent_given=consent_given,
        answers=answers,
        complete=complete,
    )
    interview.held_on = held_on
    interview.interviewer = interviewer
    interview.consent_given = bool(consent_given)
    interview.notes = (notes or "").strip()
    if complete:
        interview.status = Interview.Status.COMPLETED
        interview.completed_at = timezone.now()
        interview.completed_by = by
    else:
        interview.status = Interview.Status.DRAFT
    _save(interview, by)
    existing = {a.question_id: a for a in interview.answers.all()}
    for question_pk, text in answers.items():
        answer = existing.get(question_pk) or Answer(interview=interview, question_id=question_pk)
        if answer.pk is None or answer.text != text:
            answer.text = text
            _save(answer, by)
    return interview


# --- Consent -----------------------------------------------------------------------------------------------


@transaction.atomic
def withdraw_consent(interview, by, on=None):
    """From ``on`` (today unless said) the interview's answers are kept out of every count and quote."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    on = on or timezone.localdate()
    if not interview.consent_given:
        raise ValidationError({NON_FIELD_ERRORS: "Consent was not given for this interview."})
    if interview.consent_withdrawn_on is not None:
        when = _long_date(interview.consent_withdrawn_on)
        raise ValidationError({NON_FIELD_ERRORS: f"Consent was already withdrawn on {when}."})
    if on > timezone.localdate():
        raise ValidationError({"consent_withdrawn_on": "The date cannot be in the future."})
    interview.consent_withdrawn_on = on
    return _save(interview, by)
