"""The pastoral rules in accounts.access, for yes and for no."""

import pytest

from accounts.models import Membership
from pastoral import access
from tests.factories import OrganisationFactory, UserFactory, person_with_role

from .factories import AssessmentFactory, make_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(people):
    return AssessmentFactory(organisation=people.trust, tool_version=make_tool({"A": [1]}))


def test_only_own_workforce_lead_may_view_assessments(people, assessment):
    assert access.can_view_assessments_of(people.lead, people.trust)
    assert access.can_view_assessment(people.lead, assessment)
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional):
        assert not access.can_view_assessments_of(someone, people.trust)
        assert not access.can_view_assessment(someone, assessment)


def test_lead_may_edit_assessment_until_completed(people, assessment):
    assert access.can_edit_assessment(people.lead, assessment)
    assessment.status = "completed"
    assert not access.can_edit_assessment(people.lead, assessment)
    assert access.can_view_assessment(people.lead, assessment)


def test_other_lead_may_not_edit_assessment(people, assessment):
    assert not access.can_edit_assessment(people.other_lead, assessment)


def test_region_pastoral_visible_to_its_regional_lead_only(people):
    assert access.can_view_region_pastoral(people.regional, people.region)
    assert not access.can_view_region_pastoral(people.regional, people.other_region)
    assert not access.can_view_region_pastoral(people.lead, people.region)


def test_tool_loading_for_leads_and_permitted_staff(people):
    assert access.can_load_tool_version(people.lead)
    assert not access.can_load_tool_version(people.trainee)
    assert not access.can_load_tool_version(people.regional)
    assert not access.can_load_tool_version(UserFactory(is_staff=True))
    assert access.can_load_tool_version(UserFactory(is_staff=True, is_superuser=True))


def test_organisations_own_tool_version_visible_to_its_leads_only(people):
    own = make_tool({"A": [1]}, organisation=people.trust)
    shared = make_tool({"A": [1]})
    assert access.can_view_tool_version(people.lead, own)
    assert not access.can_view_tool_version(people.other_lead, own)
    assert access.can_view_tool_version(people.other_lead, shared)
    assert not access.can_view_tool_version(people.trainee, shared)


def test_lead_of_two_organisations_sees_both(people):
    both = person_with_role(Membership.Role.WORKFORCE_LEAD, people.trust)
    Membership.objects.create(user=both, organisation=people.other_trust, role=Membership.Role.WORKFORCE_LEAD)
    assert access.can_view_assessments_of(both, people.trust)
    assert access.can_view_assessments_of(both, people.other_trust)
    assert not access.can_view_assessments_of(both, OrganisationFactory())
