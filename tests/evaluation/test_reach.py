"""Everyone the evaluation concerns can reach what they may see from the menu: an interviewee or interviewer
their own interviews; a workforce lead, besides each cohort, the outcome totals across their organisation."""

import datetime

import pytest
from django.urls import reverse

from evaluation import contributions
from evaluation.models import Interview, Outcome, Respondent, Stage

pytestmark = pytest.mark.django_db


def test_an_interviewee_and_an_interviewer_reach_their_own_interviews_from_the_menu(people, cohort_setup):
    assert contributions.evaluation_link(people.trainee) is None
    assert contributions.evaluation_link(people.mentor) is None
    Interview.objects.create(
        cohort=cohort_setup.cohort,
        respondent=Respondent.TRAINEE,
        stage=Stage.START,
        interviewee=people.trainee,
        enrolment=cohort_setup.enrolment,
        due_on=datetime.date.today(),
        interviewer=people.mentor,
    )
    assert contributions.evaluation_link(people.trainee) == reverse("evaluation:mine")
    assert contributions.evaluation_link(people.mentor) == reverse("evaluation:mine")
    assert contributions.evaluation_link(people.other_trainee) is None
    assert contributions.evaluation_link(people.lead) == reverse("evaluation:home")


def test_the_lead_sees_outcome_totals_across_the_organisation(client, people, cohort_setup):
    Outcome.objects.create(
        enrolment=cohort_setup.enrolment,
        result=Outcome.Result.COMPLETED,
        qualified_on=datetime.date.today(),
        destination=Outcome.Destination.NURSING_DEGREE,
        recorded_by=people.lead,
    )
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:home")).text
    start = page.index(f'data-organisation-outcomes="{cohort_setup.cohort.organisation_id}"')
    totals = page[start : page.index("</dl>", start)]
    assert 'Completed</dt><dd class="nhsuk-summary-list__value">1<' in totals
    assert 'Progressed to nurse training</dt><dd class="nhsuk-summary-list__value">1<' in totals
    assert 'Withdrawn</dt><dd class="nhsuk-summary-list__value">0<' in totals
