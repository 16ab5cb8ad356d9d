"""The demo shows the way through gateway: one trainee through gateway with the assessment booked, one with
an end-point result, each declaration signed by all three over the checklist as it stands."""

import pytest

from competencies.models import EndPointAssessment, GatewayDeclaration
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_trainee_at_gateway_and_one_graded(demo_data):
    booked = EndPointAssessment.objects.get(enrolment__trainee__username="ap.mensah")
    graded = EndPointAssessment.objects.get(enrolment__trainee__username="ap.nowak")
    assert not booked.has_result and booked.observation_on >= booked.enrolment.gateway_on
    assert graded.grade == EndPointAssessment.Grade.DISTINCTION
    assert graded.enrolment.status == Enrolment.Status.COMPLETED
    assert graded.enrolment.gateway_on < graded.observation_on < graded.discussion_on <= graded.result_on
    for declaration in GatewayDeclaration.objects.filter(enrolment__cohort__name="Pathfinder cohort"):
        assert declaration.signed_by_all()
        assert declaration.signed_fingerprints() == {declaration.fingerprint()}  # dated, still true
