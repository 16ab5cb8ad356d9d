"""Each named rule in standards.access, for yes and for no."""

import pytest
from django.contrib.auth.models import AnonymousUser

from standards import access
from standards.models import Competency, Framework
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(people, st0215):
    return Framework.objects.create(organisation=people.trust, name="F", standard=st0215)


@pytest.fixture
def competency(framework):
    return Competency.objects.create(framework=framework, code="PH1", title="Physical health checks")


def test_anyone_signed_in_may_read_a_standard(people, st0215):
    for someone in (people.trainee, people.regional, UserFactory()):
        assert access.can_view_standard(someone, st0215)
    assert not access.can_view_standard(AnonymousUser(), st0215)


def test_only_administrators_and_people_granted_it_may_add_to_the_shared_catalogue(people):
    # Issue 15: the catalogue is every organisation's, so being some organisation's lead is not enough.
    from django.contrib.auth.models import Permission

    assert access.can_import_standards(UserFactory(is_staff=True))
    assert access.can_import_standards(UserFactory(is_superuser=True))
    assert not access.can_import_standards(people.lead)
    people.other_lead.user_permissions.add(Permission.objects.get(codename="add_standard"))
    granted = type(people.other_lead).objects.get(pk=people.other_lead.pk)  # permissions are cached
    assert access.can_import_standards(granted)
    assert not access.can_import_standards(people.trainee)
    assert not access.can_import_standards(people.mentor)
    assert not access.can_import_standards(people.regional)
    assert not access.can_import_standards(AnonymousUser())


def test_only_the_organisations_workforce_lead_may_propose_its_local_mapping(people):
    assert access.can_propose_local_mapping(people.lead, people.trust)
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional):
        assert not access.can_propose_local_mapping(someone, people.trust)
    assert not access.can_propose_local_mapping(UserFactory(is_staff=True), people.trust)


def test_only_members_learn_an_organisations_local_mapping_exists(people):
    assert access.can_view_local_mapping(people.trainee, people.trust)
    assert access.can_view_local_mapping(people.lead, people.trust)
    for someone in (people.other_lead, people.outside_trainee, people.regional):
        assert not access.can_view_local_mapping(someone, people.trust)


@pytest.fixture
def local_link(people):
    from standards.models import Progression

    return Progression.objects.create(
        from_reference="ST0216",
        from_title="Healthcare support worker",
        from_level=2,
        to_reference="ST0215",
        to_title="Assistant practitioner (health)",
        to_level=5,
        organisation=people.trust,
    )


def test_a_local_progression_link_is_withdrawn_by_its_organisations_lead_only(people, local_link):
    from standards.models import Progression

    assert access.can_withdraw_progression(people.lead, local_link)
    for someone in (people.other_lead, people.trainee, people.regional, UserFactory(is_staff=True)):
        assert not access.can_withdraw_progression(someone, local_link)
    institutes = Progression.objects.filter(organisation__isnull=True).first()
    assert not access.can_withdraw_progression(people.lead, institutes)


def test_a_local_progression_link_is_seen_by_its_organisation_the_institutes_by_all(people, local_link):
    from standards.models import Progression

    assert access.can_view_progression(people.trainee, local_link)
    assert not access.can_view_progression(people.other_lead, local_link)
    assert not access.can_view_progression(people.outside_trainee, local_link)
    institutes = Progression.objects.filter(organisation__isnull=True).first()
    assert access.can_view_progression(people.outside_trainee, institutes)
    assert not access.can_view_progression(AnonymousUser(), institutes)


def test_only_workforce_leads_may_create_a_framework(people):
    assert access.can_create_framework(people.lead)
    assert access.can_create_framework(people.other_lead)
    assert not access.can_create_framework(people.mentor)
    assert not access.can_create_framework(people.regional)
    assert not access.can_create_framework(UserFactory(is_staff=True))


def test_framework_visible_to_own_organisation_only(people, framework):
    for someone in (people.trainee, people.mentor, people.lead):
        assert access.can_view_framework(someone, framework)
    for someone in (people.outside_trainee, people.other_lead, people.regional):
        assert not access.can_view_framework(someone, framework)


def test_framework_editable_by_its_organisations_lead_only(people, framework):
    assert access.can_edit_framework(people.lead, framework)
    for someone in (people.mentor, people.trainee, people.other_lead, people.regional):
        assert not access.can_edit_framework(someone, framework)


def test_competency_visible_to_its_frameworks_organisation_only(people, competency):
    assert access.can_view_competency(people.trainee, competency)
    assert access.can_view_competency(people.lead, competency)
    for someone in (people.outside_trainee, people.other_lead, people.regional):
        assert not access.can_view_competency(someone, competency)


def test_competency_editable_by_its_frameworks_lead_only(people, competency):
    assert access.can_edit_competency(people.lead, competency)
    for someone in (people.mentor, people.trainee, people.other_lead, people.regional):
        assert not access.can_edit_competency(someone, competency)
