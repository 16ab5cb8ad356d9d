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


def test_only_workforce_leads_and_staff_may_import_standards(people):
    assert access.can_import_standards(people.lead)
    assert access.can_import_standards(UserFactory(is_staff=True))
    assert not access.can_import_standards(people.trainee)
    assert not access.can_import_standards(people.mentor)
    assert not access.can_import_standards(people.regional)
    assert not access.can_import_standards(AnonymousUser())


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
