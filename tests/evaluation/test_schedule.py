"""The interview schedule: due dates from a cohort's dates, scheduling (idempotent, active trainees and their
managers only), moving due dates with the programme's settings, the lead's selector, and the schedule page."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Membership
from evaluation import schedule
from evaluation.models import Interview, Respondent, Schedule, Stage
from tests.factories import person_with_role
from trainees import services
from trainees.models import Cohort, Enrolment

pytestmark = pytest.mark.django_db

Role = Membership.Role
DUE, DRAFT, COMPLETED = Interview.Status.DUE, Interview.Status.DRAFT, Interview.Status.COMPLETED


@pytest.fixture
def dated_cohort(cohort_setup, people):
    """cohort_setup's programme with a cohort of fixed dates: 22 March 2026 to 19 March 2028."""
    return services.save_cohort(
        cohort=Cohort(organisation=people.trust),
        programme=cohort_setup.programme,
        name="Cohort March 2026",
        start_date=datetime.date(2026, 3, 22),
        expected_end_date=datetime.date(2028, 3, 19),
    )


@pytest.fixture
def big_cohort(cohort_setup, people):
    """cohort_setup's cohort plus three more trainees: alice and carol under one manager, dan under a second,
    bob and erin with none; erin then withdraws and a sixth trainee has finished."""
    cohort = cohort_setup.cohort
    second_manager = person_with_role(Role.MANAGER, people.trust, username="manager2")
    carol = person_with_role(Role.TRAINEE, people.trust, username="carol")
    dan = person_with_role(Role.TRAINEE, people.trust, username="dan")
    erin = person_with_role(Role.TRAINEE, people.trust, username="erin")
    fay = person_with_role(Role.TRAINEE, people.trust, username="fay")
    services.enrol(cohort=cohort, trainee=carol, by=people.lead, manager=cohort_setup.manager)
    services.enrol(cohort=cohort, trainee=dan, by=people.lead, manager=second_manager)
    erin_enrolment = services.enrol(cohort=cohort, trainee=erin, by=people.lead, manager=second_manager)
    fay_enrolment = services.enrol(cohort=cohort, trainee=fay, by=people.lead)
    services.change_status(enrolment=erin_enrolment, status=Enrolment.Status.WITHDRAWN, by=people.lead)
    services.change_status(enrolment=fay_enrolment, status=Enrolment.Status.COMPLETED, by=people.lead)
    return cohort, second_manager, erin, fay


def client_for(client, user):
    client.force_login(user)
    return client


# --- Due dates ----------------------------------------------------------------------------------------


def test_due_dates_follow_the_cohort_dates_and_the_programme_schedule(dated_cohort):
    dates = schedule.due_dates(dated_cohort)

    assert Schedule.objects.get(programme=dated_cohort.programme).weeks_after_start == 6  # created, defaults
    assert dates == {
        Stage.START: datetime.date(2026, 5, 3),  # 22 March + 6 weeks
        Stage.MIDWAY: datetime.date(2027, 3, 21),  # halfway through 728 days
        Stage.QUALIFICATION: datetime.date(2028, 4, 16),  # 19 March 2028 + 4 weeks
    }


def test_due_dates_use_the_programme_settings(dated_cohort):
    Schedule.objects.create(programme=dated_cohort.programme, weeks_after_start=2, weeks_after_completion=0)

    dates = schedule.due_dates(dated_cohort)

    assert dates[Stage.START] == datetime.date(2026, 4, 5)
    assert dates[Stage.QUALIFICATION] == datetime.date(2028, 3, 19)


# --- Scheduling ---------------------------------------------------------------------------------------


def test_scheduling_creates_three_interviews_per_active_trainee_and_per_distinct_manager(big_cohort, people):
    cohort, second_manager, erin, fay = big_cohort

    created = schedule.schedule_cohort(cohort, by=people.lead)

    # alice, bob, carol, dan active (4 trainees); the managers: manager (alice, carol) and manager2 (dan).
    assert len(created) == (4 + 2) * 3
    interviews = cohort.interviews.all()
    assert interviews.filter(respondent=Respondent.TRAINEE).count() == 12
    assert interviews.filter(respondent=Respondent.MANAGER).count() == 6
    assert set(
        interviews.filter(respondent=Respondent.MANAGER).values_list("interviewee__username", flat=True)
    ) == {
        "manager",
        "manager2",
    }
    assert all(i.status == DUE for i in interviews)
    assert all(
        i.enrolment.trainee_id == i.interviewee_id for i in interviews.filter(respondent=Respondent.TRAINEE)
    )
    assert not interviews.filter(respondent=Respondent.MANAGER, enrolment__isnull=False).exists()
    dates = schedule.due_dates(cohort)
    assert all(i.due_on == dates[i.stage] for i in interviews)


def test_withdrawn_and_finished_trainees_are_not_scheduled(big_cohort, people):
    cohort, second_manager, erin, fay = big_cohort

    schedule.schedule_cohort(cohort, by=people.lead)

    assert not Interview.objects.filter(interviewee__in=[erin, fay]).exists()


def test_scheduling_again_creates_nothing_twice_and_leaves_recorded_interviews_alone(big_cohort, people):
    cohort, *_ = big_cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    held = cohort.interviews.get(interviewee=people.trainee, stage=Stage.START)
    held.status = COMPLETED
    held.held_on = datetime.date(2026, 1, 5)
    held.due_on = datetime.date(2026, 1, 1)
    held.save()

    again = schedule.schedule_cohort(cohort, by=people.lead)

    assert again == []
    assert cohort.interviews.count() == 18
    held.refresh_from_db()
    assert (held.status, held.due_on) == (COMPLETED, datetime.date(2026, 1, 1))


def test_scheduling_adds_only_whoever_joined_since(cohort_setup, people):
    cohort = cohort_setup.cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    newcomer = person_with_role(Role.TRAINEE, people.trust, username="gwen")
    services.enrol(cohort=cohort, trainee=newcomer, by=people.lead, manager=cohort_setup.manager)

    created = schedule.schedule_cohort(cohort, by=people.lead)

    assert {(i.interviewee, i.stage) for i in created} == {(newcomer, s) for s in Stage}


# --- Changing the schedule ------------------------------------------------------------------------------


def test_changing_the_settings_moves_only_interviews_not_yet_held(big_cohort, people):
    cohort, *_ = big_cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    draft = cohort.interviews.get(interviewee=people.trainee, stage=Stage.START)
    draft.status = DRAFT
    draft.save()
    done = cohort.interviews.get(interviewee=people.other_trainee, stage=Stage.START)
    done.status = COMPLETED
    done.save()
    old_start = schedule.due_dates(cohort)[Stage.START]
    timetable = schedule.schedule_of(cohort.programme)

    moved = schedule.change_schedule(timetable, weeks_after_start=8, weeks_after_completion=2, by=people.lead)

    new = schedule.due_dates(cohort)
    assert new[Stage.START] == old_start + datetime.timedelta(weeks=2)
    # 18 interviews, 12 at start or qualification, two of those held: 10 moved; mid-way ones stay.
    assert moved == 10
    draft.refresh_from_db()
    done.refresh_from_db()
    assert draft.due_on == old_start and done.due_on == old_start
    for interview in cohort.interviews.filter(status=DUE):
        assert interview.due_on == new[interview.stage]


def test_settings_out_of_range_are_refused_and_move_nothing(cohort_setup, people):
    from django.core.exceptions import ValidationError

    cohort = cohort_setup.cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    before = list(cohort.interviews.values_list("pk", "due_on"))
    timetable = schedule.schedule_of(cohort.programme)

    with pytest.raises(ValidationError):
        schedule.change_schedule(timetable, weeks_after_start=0, weeks_after_completion=4, by=people.lead)

    assert list(cohort.interviews.values_list("pk", "due_on")) == before
    assert Schedule.objects.get(pk=timetable.pk).weeks_after_start == 6


# --- The lead's selector ------------------------------------------------------------------------------


def test_due_interviews_lists_what_is_due_soon_or_overdue_in_the_organisations_only(cohort_setup, people):
    cohort = cohort_setup.cohort  # started 10 weeks ago: start interviews due 4 weeks ago
    schedule.schedule_cohort(cohort, by=people.lead)
    today = datetime.date.today()
    done = cohort.interviews.get(interviewee=people.other_trainee, stage=Stage.START)
    done.status = COMPLETED
    done.save()

    due = list(schedule.due_interviews([people.trust.pk], today))

    # alice's and the manager's start interviews: overdue; bob's is completed; mid-way ones are far off.
    assert {(i.interviewee.username, i.stage) for i in due} == {
        ("alice", Stage.START),
        ("manager", Stage.START),
    }
    assert all(schedule.is_overdue(i, today) for i in due)
    assert list(schedule.due_interviews([people.other_trust.pk], today)) == []
    later = list(schedule.due_interviews([people.trust.pk], today, within_days=400))
    assert [i.due_on for i in later] == sorted(i.due_on for i in later)
    assert any(not schedule.is_overdue(i, today) for i in later)


def test_is_overdue_only_before_today_and_never_once_completed(cohort_setup, people):
    schedule.schedule_cohort(cohort_setup.cohort, by=people.lead)
    interview = cohort_setup.cohort.interviews.first()
    day = interview.due_on

    assert not schedule.is_overdue(interview, day)
    assert schedule.is_overdue(interview, day + datetime.timedelta(days=1))
    interview.status = COMPLETED
    assert not schedule.is_overdue(interview, day + datetime.timedelta(days=1))


# --- The page -------------------------------------------------------------------------------------------


def test_the_lead_sees_the_schedule_grouped_by_stage_with_states(client, cohort_setup, people):
    cohort = cohort_setup.cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    draft = cohort.interviews.get(interviewee=people.trainee, stage=Stage.MIDWAY)
    draft.status = DRAFT
    draft.save()

    response = client_for(client, people.lead).get(reverse("evaluation:schedule", args=[cohort.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for stage in ("start", "midway", "qualification"):
        assert f'data-stage="{stage}"' in html
    assert "Overdue: not yet held" in html  # start interviews were due 4 weeks ago
    assert "nhsuk-tag--red" in html
    assert "nhsuk-tag--yellow" in html and ">Draft<" in html
    assert "nhsuk-tag--grey" in html and ">Not yet held<" in html
    assert "Schedule interviews" in html


@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_others_cannot_open_or_use_the_schedule(client, cohort_setup, people, who):
    cohort = cohort_setup.cohort
    client_for(client, getattr(people, who))

    page = client.get(reverse("evaluation:schedule", args=[cohort.pk]))
    post = client.post(reverse("evaluation:schedule_interviews", args=[cohort.pk]))
    settings = client.post(
        reverse("evaluation:schedule_settings", args=[cohort.pk]),
        {"weeks_after_start": 9, "weeks_after_completion": 1},
    )

    assert page.status_code == post.status_code == settings.status_code == 404
    assert not Interview.objects.exists()
    assert schedule.schedule_of(cohort.programme).weeks_after_start == 6


def test_the_button_schedules_the_missing_interviews_and_says_how_many(client, cohort_setup, people):
    cohort = cohort_setup.cohort
    client_for(client, people.lead)
    url = reverse("evaluation:schedule_interviews", args=[cohort.pk])

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert "9 interviews scheduled." in first.content.decode()  # alice, bob, their manager
    assert "nothing was added" in second.content.decode()
    assert cohort.interviews.count() == 9


def test_the_settings_form_saves_and_moves_due_dates(client, cohort_setup, people):
    cohort = cohort_setup.cohort
    schedule.schedule_cohort(cohort, by=people.lead)

    response = client_for(client, people.lead).post(
        reverse("evaluation:schedule_settings", args=[cohort.pk]),
        {"weeks_after_start": 7, "weeks_after_completion": 4},
        follow=True,
    )

    assert "Due dates of 3 interviews not yet held moved." in response.content.decode()
    start = cohort.interviews.filter(stage=Stage.START).values_list("due_on", flat=True)
    assert set(start) == {cohort.start_date + datetime.timedelta(weeks=7)}


@pytest.mark.parametrize(
    "data",
    [
        {"weeks_after_start": 0, "weeks_after_completion": 4},
        {"weeks_after_start": 53, "weeks_after_completion": 4},
        {"weeks_after_start": 6, "weeks_after_completion": -1},
        {"weeks_after_start": "six", "weeks_after_completion": 4},
        {"weeks_after_start": 6, "weeks_after_completion": ""},
    ],
)
def test_bad_settings_are_refused_with_a_message_and_change_nothing(client, cohort_setup, people, data):
    cohort = cohort_setup.cohort
    schedule.schedule_cohort(cohort, by=people.lead)
    before = list(cohort.interviews.values_list("pk", "due_on"))

    response = client_for(client, people.lead).post(
        reverse("evaluation:schedule_settings", args=[cohort.pk]), data
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html and "nhsuk-error-message" in html
    assert "Enter a whole number of weeks from" in html
    timetable = Schedule.objects.get(programme=cohort.programme)
    assert (timetable.weeks_after_start, timetable.weeks_after_completion) == (6, 4)
    assert list(cohort.interviews.values_list("pk", "due_on")) == before
