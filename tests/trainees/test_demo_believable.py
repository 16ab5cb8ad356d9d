"""The demo is believable to a new user: every demo person is one person with one name, the trainees either
side of the rule dates have been reviewed as they went, and the trainees through gateway did their hours."""

import datetime
from collections import Counter

import pytest

from accounts.models import User
from trainees import offthejob, selectors, training_plan
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db
EARLIER_COHORTS = ["Early cohort, July 2022", "Cohort 0, July 2025", "Pathfinder cohort"]


@pytest.fixture
def demo(demo_data):
    """seed_demo's data (tests/demo_snapshot.py)."""


def test_no_two_demo_people_share_a_name_and_no_trainee_is_in_two_cohorts(demo):
    names = Counter(f"{u.first_name} {u.last_name}" for u in User.objects.exclude(first_name=""))
    assert [n for n, count in names.items() if count > 1] == []
    per_trainee = Counter(Enrolment.objects.values_list("trainee", flat=True))
    assert [t for t, count in per_trainee.items() if count > 1] == []


def test_active_demo_trainees_off_the_first_cohort_are_reviewed_and_on_track(demo):
    rows = selectors.rows(Enrolment.objects.exclude(cohort__name="Cohort 1"))
    active = [r for r in rows if r.active]
    assert len(active) >= 4  # either side of 1 August 2022 and 2025, and at gateway
    for r in active:
        name = r.enrolment.trainee.get_full_name()
        assert not r.review_overdue, name
        assert r.off_the_job == offthejob.Status.ON_TRACK, name


def test_trainees_through_gateway_did_their_off_the_job_hours(demo):
    for enrolment in Enrolment.objects.filter(cohort__name="Pathfinder cohort"):
        study = selectors.study_time_summary(enrolment)
        assert study.confirmed >= study.required > 0, enrolment.trainee.get_full_name()


def test_every_demo_trainee_off_the_first_cohort_has_a_training_plan_signed_by_all(demo):
    for enrolment in Enrolment.objects.filter(cohort__name__in=EARLIER_COHORTS):
        state = training_plan.plan_state(enrolment)
        assert state.signed_by_all and not state.signed_late, enrolment.trainee.get_full_name()


def test_the_break_moves_the_part_time_trainees_planned_end_to_december_2026(demo):
    enrolment = Enrolment.objects.get(trainee__username="ap.begum")
    assert enrolment.breaks.count() == 1
    assert selectors.study_time_summary(enrolment).plan.ends_on == datetime.date(2026, 12, 14)
