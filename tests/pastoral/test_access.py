"""Each named rule in pastoral.access, for yes and for no."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Membership
from pastoral import access
from pastoral.models import Assessment
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
    assessment.status = Assessment.Status.COMPLETED
    assert not access.can_edit_assessment(people.lead, assessment)
    assert access.can_view_assessment(people.lead, assessment)


def test_no_one_else_may_edit_assessment(people, assessment):
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional):
        assert not access.can_edit_assessment(someone, assessment)


def test_only_own_workforce_lead_may_manage_assessments(people):
    assert access.can_manage_assessments_of(people.lead, people.trust)
    assert access.can_manage_assessments_of(people.other_lead, people.other_trust)
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional):
        assert not access.can_manage_assessments_of(someone, people.trust)
    assert not access.can_manage_assessments_of(UserFactory(is_staff=True, is_superuser=True), people.trust)


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


def test_staff_with_the_permission_to_add_versions_may_load_one(people):
    staff, without_staff = UserFactory(is_staff=True), UserFactory()
    permission = Permission.objects.get(content_type__app_label="pastoral", codename="add_toolversion")
    staff.user_permissions.add(permission)
    without_staff.user_permissions.add(permission)
    assert access.can_load_tool_version(staff)
    assert not access.can_load_tool_version(without_staff)


def test_organisations_own_tool_version_visible_to_its_leads_only(people):
    own = make_tool({"A": [1]}, organisation=people.trust)
    shared = make_tool({"A": [1]})
    assert access.can_view_tool_version(people.lead, own)
    assert not access.can_view_tool_version(people.other_lead, own)
    assert access.can_view_tool_version(people.other_lead, shared)
    assert not access.can_view_tool_version(people.trainee, shared)
    for someone in (
        people.trainee,
        people.mentor,
        people.regional,
        UserFactory(is_staff=True, is_superuser=True),
    ):
        assert not access.can_view_tool_version(someone, own)


def test_shared_tool_version_visible_to_leads_regional_leads_and_permitted_staff(people):
    shared = make_tool({"A": [1]})
    for someone in (
        people.lead,
        people.other_lead,
        people.regional,
        UserFactory(is_staff=True, is_superuser=True),
    ):
        assert access.can_view_tool_version(someone, shared)
    for someone in (people.trainee, people.mentor, UserFactory(is_staff=True)):
        assert not access.can_view_tool_version(someone, shared)


def test_lead_of_two_organisations_sees_both(people):
    both = person_with_role(Membership.Role.WORKFORCE_LEAD, people.trust)
    Membership.objects.create(user=both, organisation=people.other_trust, role=Membership.Role.WORKFORCE_LEAD)
    assert access.can_view_assessments_of(both, people.trust)
    assert access.can_view_assessments_of(both, people.other_trust)
    assert not access.can_view_assessments_of(both, OrganisationFactory())
