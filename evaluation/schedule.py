"""When each evaluation interview of a cohort is due (seed 000: trainees shortly after starting, mid-way
and on qualification; their managers on their expectations of the role, their experience of the programme
and the impact on service delivery), and scheduling them.

A programme's ``Schedule`` says how many weeks after the cohort starts the first interview is due and within
how many weeks of its expected end the qualification interview is due; the mid-way interview is due at the
midpoint of the two dates. Each cohort's due dates follow from its own dates.
"""

import datetime

from django.db import transaction

from trainees.models import Enrolment

from .models import Interview, Respondent, Schedule, Stage

STAGES = (Stage.START, Stage.MIDWAY, Stage.QUALIFICATION)

# What a manager's interview at each stage is about (seed 000's three headings).
MANAGER_TOPICS = {
    Stage.START: "Their expectations of the new role",
    Stage.MIDWAY: "Their experience of the programme",
    Stage.QUALIFICATION: "The impact on service delivery",
}


def _save(instance, by):
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def schedule_of(programme):
    """The programme's interview timetable, created with the defaults the first time it is asked for."""
    schedule, _created = Schedule.objects.get_or_create(programme=programme)
    return schedule


def due_dates(cohort, schedule=None):
    """{stage: due date} of the cohort's interviews under its programme's schedule."""
    schedule = schedule or schedule_of(cohort.programme)
    start, end = cohort.start_date, cohort.expected_end_date
    return {
        Stage.START: start + datetime.timedelta(weeks=schedule.weeks_after_start),
        Stage.MIDWAY: start + (end - start) / 2,
        Stage.QUALIFICATION: end + datetime.timedelta(weeks=schedule.weeks_after_completion),
    }


def people_to_interview(cohort):
    """(respondent, interviewee, enrolment) of everyone the cohort's evaluation interviews: each active
    trainee with their enrolment, and each distinct manager of those trainees (never a trainee as their own
    manager)."""
    enrolments = list(
        Enrolment.objects.active()
        .filter(cohort=cohort)
        .select_related("trainee", "manager")
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
    people = [(Respondent.TRAINEE, e.trainee, e) for e in enrolments]
    managers = {}
    for enrolment in enrolments:
        if enrolment.manager_id and enrolment.is_manager(enrolment.manager):
            managers.setdefault(enrolment.manager_id, enrolment.manager)
    people += [(Respondent.MANAGER, manager, None) for manager in managers.values()]
    return people


def missing_interviews(cohort):
    """(respondent, interviewee, enrolment, stage) of each interview the cohort should have and has not."""
    existing = set(cohort.interviews.values_list("interviewee_id", "respondent", "stage"))
    return [
        (respondent, person, enrolment, stage)
        for respondent, person, enrolment in people_to_interview(cohort)
        for stage in STAGES
        if (person.pk, respondent, stage) not in existing
    ]


@transaction.atomic
def schedule_cohort(cohort, by):
    """Creates the due interviews the cohort is missing, at the three stages, and returns them. Running it
    again creates nothing twice and never changes an interview already there (held or not)."""
    dates = due_dates(cohort)
    return [
        _save(
            Interview(
                cohort=cohort,
                respondent=respondent,
                stage=stage,
                interviewee=person,
                enrolment=enrolment,
                due_on=dates[stage],
                status=Interview.Status.DUE,
            ),
            by,
        )
        for respondent, person, enrolment, stage in missing_interviews(cohort)
    ]


@transaction.atomic
def change_schedule(schedule, *, weeks_after_start, weeks_after_completion, by):
    """Saves the programme's timetable and moves the due date of every interview of its cohorts not yet
    held (drafts and completed interviews keep theirs). Returns how many interviews moved."""
    schedule.weeks_after_start = weeks_after_start
    schedule.weeks_after_completion = weeks_after_completion
    _save(schedule, by)  # ValidationError if out of range: nothing moves
    moved = 0
    for cohort in schedule.programme.cohorts.all():
        dates = due_dates(cohort, schedule)
        for interview in cohort.interviews.filter(status=Interview.Status.DUE):
            if interview.due_on != dates[interview.stage]:
                interview.due_on = dates[interview.stage]
                _save(interview, by)
                moved += 1
    return moved


# --- Selectors ----------------------------------------------------------------------------------------


def due_interviews(organisation_ids, today, within_days=14):
    """Interviews not yet completed (due or in draft) of the organisations' cohorts, due on or before
    ``today + within_days`` (overdue ones included), soonest first: the workforce lead's dashboard panel and
    the reminders read this."""
    return (
        Interview.objects.filter(
            cohort__organisation_id__in=organisation_ids,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .exclude(status=Interview.Status.COMPLETED)
        .select_related("cohort", "interviewee", "interviewer", "enrolment")
        .order_by("due_on", "cohort_id", "respondent", "pk")
    )


# The name the brief first gave the dashboard's selector.
due_and_overdue = due_interviews


def is_overdue(interview, today):
    """Not completed and its due date has passed."""
    return not interview.is_completed and interview.due_on < today


def state_tag(interview, today):
    """(words, NHS.UK tag colour) of the interview's state on the schedule: overdue red, not yet held grey,
    draft yellow, completed green."""
    if is_overdue(interview, today):
        return f"Overdue: {interview.get_status_display().lower()}", "red"
    colours = {
        Interview.Status.DUE: "grey",
        Interview.Status.DRAFT: "yellow",
        Interview.Status.COMPLETED: "green",
    }
    return interview.get_status_display(), colours[interview.status]


def cohort_schedule(cohort, today):
    """The cohort's interviews grouped by stage: a list of (stage, due date, rows), each row
    (interview, words, colour), trainees before managers."""
    dates = due_dates(cohort)
    interviews = cohort.interviews.select_related("interviewee", "interviewer").order_by(
        "-respondent", "interviewee__last_name", "interviewee__first_name", "pk"
    )
    by_stage = {stage: [] for stage in STAGES}
    for interview in interviews:
        by_stage[Stage(interview.stage)].append((interview, *state_tag(interview, today)))
    return [(stage, dates[stage], by_stage[stage]) for stage in STAGES]
