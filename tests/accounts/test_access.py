"""Each named rule in accounts.access, for yes and for no."""

import pytest

from accounts import access
from standards import access as standards_access
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_is_signed_in_refuses_anonymous():
    from django.contrib.auth.models import AnonymousUser

    assert not access.is_signed_in(AnonymousUser())
    assert access.is_signed_in(UserFactory())


def test_member_may_view_own_organisation(people):
    assert access.can_view_organisation(people.trainee, people.trust)


def test_member_may_not_view_other_organisation(people):
    assert not access.can_view_organisation(people.trainee, people.other_trust)
    assert not access.can_view_organisation(people.lead, people.other_trust)


def test_regional_lead_may_view_organisations_of_own_region_only(people):
    assert access.can_view_organisation(people.regional, people.trust)
    assert access.can_view_organisation(people.regional, people.other_trust)
    assert not access.can_view_organisation(people.regional, people.far_trust)


def test_only_workforce_lead_may_view_people_of_organisation(people):
    assert access.can_view_people_of(people.lead, people.trust)
    assert not access.can_view_people_of(people.trainee, people.trust)
    assert not access.can_view_people_of(people.mentor, people.trust)
    assert not access.can_view_people_of(people.other_lead, people.trust)
    assert not access.can_view_people_of(people.regional, people.trust)


def test_person_may_view_themselves(people):
    assert access.can_view_person(people.trainee, people.trainee)


def test_trainee_may_not_view_another_trainee(people):
    assert not access.can_view_person(people.trainee, people.other_trainee)
    assert not access.can_view_person(people.trainee, people.outside_trainee)


def test_workforce_lead_may_view_people_of_own_organisation_only(people):
    assert access.can_view_person(people.lead, people.trainee)
    assert not access.can_view_person(people.lead, people.outside_trainee)
    assert not access.can_view_person(people.other_lead, people.trainee)


def test_regional_lead_may_not_view_named_people(people):
    assert not access.can_view_person(people.regional, people.trainee)


def test_region_visible_to_its_regional_lead_only(people):
    assert access.can_view_region(people.regional, people.region)
    assert not access.can_view_region(people.regional, people.other_region)
    assert not access.can_view_region(people.lead, people.region)


def test_person_without_membership_sees_no_organisation():
    assert not access.can_view_organisation(UserFactory(), OrganisationFactory())


def test_grants_are_read_once_per_user_object(people, django_assert_num_queries):
    user = people.trainee
    with django_assert_num_queries(1):
        access.can_view_organisation(user, people.trust)
        access.can_view_organisation(user, people.other_trust)
        access.has_role(user, "mentor")


def test_only_workforce_leads_and_staff_may_import_standards(people):
    assert standards_access.can_import_standards(people.lead)
    assert standards_access.can_import_standards(UserFactory(is_staff=True))
    assert not standards_access.can_import_standards(people.trainee)
    assert not standards_access.can_import_standards(people.regional)


def test_framework_visible_to_own_organisation_and_editable_by_its_lead(people):
    from standards.models import Framework, Standard

    framework = Framework.objects.create(
        organisation=people.trust, name="F", standard=Standard.objects.get(reference="ST0215")
    )
    assert standards_access.can_view_framework(people.trainee, framework)
    assert not standards_access.can_view_framework(people.outside_trainee, framework)
    assert not standards_access.can_view_framework(people.regional, framework)
    assert standards_access.can_edit_framework(people.lead, framework)
    assert not standards_access.can_edit_framework(people.mentor, framework)
    assert not standards_access.can_edit_framework(people.other_lead, framework)
