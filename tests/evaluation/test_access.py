"""Each named rule in evaluation.access, for yes and for no."""

import datetime

import pytest

from evaluation import access
from evaluation.models import Interview, Respondent, Stage

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def interview(cohort_setup, people):
    """alice's start interview, held by the mentor as interviewer."""
    return Interview.objects.create(
        cohort=cohort_setup.cohort,
        respondent=Respondent.TRAINEE,
        stage=Stage.START,
        interviewee=people.trainee,
        enrolment=cohort_setup.enrolment,
        due_on=TODAY,
        interviewer=people.mentor,
    )


@pytest.fixture
def manager_interview(cohort_setup):
    """The manager's own interview, no interviewer named yet."""
    return Interview.objects.create(
        cohort=cohort_setup.cohort,
        respondent=Respondent.MANAGER,
        stage=Stage.START,
        interviewee=cohort_setup.manager,
        due_on=TODAY,
    )


def test_only_the_cohorts_workforce_lead_runs_its_evaluation(people, cohort_setup):
    assert access.can_run_evaluation_of(people.lead, cohort_setup.cohort)
    for someone in (
        people.other_lead,
        people.trainee,
        people.mentor,
        people.regional,
        cohort_setup.manager,
        cohort_setup.lecturer,
    ):
        assert not access.can_run_evaluation_of(someone, cohort_setup.cohort)


def test_only_the_organisations_workforce_lead_manages_its_question_sets_and_codebook(people):
    assert access.can_manage_evaluation_content_of(people.lead, people.trust)
    assert access.can_manage_evaluation_content_of(people.other_lead, people.other_trust)
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional):
        assert not access.can_manage_evaluation_content_of(someone, people.trust)


def test_an_interview_is_seen_by_its_lead_interviewer_and_interviewee_only(
    people, cohort_setup, interview, manager_interview
):
    assert access.can_view_interview(people.lead, interview)
    assert access.can_view_interview(people.mentor, interview)
    assert access.can_view_interview(people.trainee, interview)
    assert access.can_view_interview(cohort_setup.manager, manager_interview)
    for someone in (people.other_trainee, people.other_lead, people.regional, cohort_setup.manager):
        assert not access.can_view_interview(someone, interview)
    # No interviewer named: nobody is let in by "interviewer is None" matching.
    for someone in (people.trainee, people.mentor, people.other_lead, people.regional):
        assert not access.can_view_interview(someone, manager_interview)


def test_an_interview_is_recorded_by_its_lead_or_interviewer_never_the_interviewee(
    people, cohort_setup, interview
):
    assert access.can_record_interview(people.lead, interview)
    assert access.can_record_interview(people.mentor, interview)
    for someone in (people.trainee, people.other_trainee, people.other_lead, people.regional):
        assert not access.can_record_interview(someone, interview)


def test_the_interviewee_may_not_record_even_as_the_named_interviewer_or_lead(people, cohort_setup):
    own = Interview.objects.create(
        cohort=cohort_setup.cohort,
        respondent=Respondent.MANAGER,
        stage=Stage.MIDWAY,
        interviewee=people.lead,
        interviewer=people.lead,
        due_on=TODAY,
    )
    assert not access.can_record_interview(people.lead, own)


def test_nobody_records_a_completed_interview(people, interview):
    interview.status = Interview.Status.COMPLETED
    assert not access.can_record_interview(people.lead, interview)
    assert not access.can_record_interview(people.mentor, interview)
    assert access.can_view_interview(people.lead, interview)


def test_consent_is_withdrawn_by_the_interviewee_or_the_lead_while_it_stands(people, interview):
    interview.consent_given = True
    assert access.can_withdraw_consent(people.trainee, interview)
    assert access.can_withdraw_consent(people.lead, interview)
    for someone in (people.mentor, people.other_trainee, people.other_lead, people.regional):
        assert not access.can_withdraw_consent(someone, interview)
    interview.consent_withdrawn_on = TODAY
    assert not access.can_withdraw_consent(people.trainee, interview)
    assert not access.can_withdraw_consent(people.lead, interview)


def test_no_consent_given_means_none_to_withdraw(people, interview):
    assert not interview.consent_given
    assert not access.can_withdraw_consent(people.trainee, interview)
    assert not access.can_withdraw_consent(people.lead, interview)


def test_region_evaluation_is_seen_by_its_regional_lead_only(people):
    assert access.can_view_region_evaluation(people.regional, people.region)
    assert not access.can_view_region_evaluation(people.regional, people.other_region)
    for someone in (people.lead, people.trainee, people.mentor):
        assert not access.can_view_region_evaluation(someone, people.region)


def test_only_the_cohorts_lead_codes_an_interview_and_records_an_outcome(people, cohort_setup, interview):
    assert access.can_code_interview(people.lead, interview)
    assert not access.can_code_interview(people.other_lead, interview)
    assert not access.can_code_interview(people.trainee, interview)
    assert not access.can_code_interview(people.mentor, interview)  # the interviewer records, never codes
    assert access.can_record_outcome_of(people.lead, cohort_setup.enrolment)
    assert not access.can_record_outcome_of(people.other_lead, cohort_setup.enrolment)
    assert not access.can_record_outcome_of(cohort_setup.manager, cohort_setup.enrolment)
