"""A lead's people: whom they may reach (person page, first password), and adding people one by one or from a
file. A lead acts only on people whose every membership is in organisations they lead."""

import pytest
from django.urls import reverse

from accounts import access
from accounts.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person_with_role

pytestmark = pytest.mark.django_db
Role = Membership.Role
TEMPORARY = "meadow-lantern-4417"


def newcomer(organisation, role=Role.TRAINEE, **fields):
    """Someone brought in without a password, who has never signed in."""
    person = UserFactory(**fields)
    person.set_unusable_password()
    person.save()
    MembershipFactory(user=person, organisation=organisation, role=role)
    return person


@pytest.fixture
def university(people):
    return OrganisationFactory(name="University of Northfield", kind=Organisation.Kind.UNIVERSITY)


@pytest.fixture
def lecturer(people, university):
    """A university lecturer who also teaches for people.trust (a role there as well as at the university)."""
    person = newcomer(university, Role.LECTURER, username="helen", first_name="Helen", last_name="Marsh")
    MembershipFactory(user=person, organisation=people.trust, role=Role.LECTURER)
    return person


def set_password(client, person, password=TEMPORARY):
    return client.post(
        reverse("set_password", args=[person.pk]), {"new_password1": password, "new_password2": password}
    )


# --- Setting a first password (10.1) -------------------------------------------------------------------


def test_lead_may_set_the_first_password_of_their_own_newcomer(people):
    assert access.can_set_password_for(people.lead, newcomer(people.trust))


def test_lead_may_not_set_a_password_for_someone_with_a_role_elsewhere(people, lecturer):
    assert not access.can_set_password_for(people.lead, lecturer)
    person = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=person, organisation=people.other_trust, role=Role.MENTOR)
    assert not access.can_set_password_for(people.lead, person)
    assert not access.can_set_password_for(people.other_lead, person)


def test_lead_of_both_organisations_may_set_it(people):
    person = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=person, organisation=people.other_trust, role=Role.MENTOR)
    MembershipFactory(user=people.lead, organisation=people.other_trust, role=Role.WORKFORCE_LEAD)
    assert access.can_set_password_for(people.lead, person)


def test_lead_may_not_set_a_password_for_someone_who_has_signed_in(client, people):
    person = newcomer(people.trust)
    client.force_login(person)  # the account is theirs now
    person.refresh_from_db()
    assert person.last_login is not None
    assert not access.can_set_password_for(people.lead, person)
    client.force_login(people.lead)
    assert set_password(client, person).status_code == 403
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_lead_may_not_set_a_password_for_someone_with_no_organisation(people):
    loose = UserFactory()
    loose.set_unusable_password()
    loose.save()
    assert not access.can_set_password_for(people.lead, loose)


def test_lead_may_not_set_a_password_for_a_regional_lead_or_administrator(people):
    regional = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=regional, organisation=people.trust, role=Role.REGIONAL_LEAD)
    admin = newcomer(people.trust, Role.MENTOR, is_superuser=True)
    assert not access.can_set_password_for(people.lead, regional)
    assert not access.can_set_password_for(people.lead, admin)


def test_lead_cannot_set_the_password_of_a_lecturer_from_elsewhere(client, people, lecturer):
    client.force_login(people.lead)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert page.status_code == 200 and not page.context["can_set_password"]
    assert "Set a temporary password" not in page.text
    assert set_password(client, lecturer).status_code == 403
    lecturer.refresh_from_db()
    assert not lecturer.has_usable_password()


# --- The person page shows only what the viewer leads ---------------------------------------------------


def test_person_page_shows_a_lead_only_the_memberships_in_their_organisations(client, people, lecturer):
    client.force_login(people.lead)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert "Lecturer at Northfield Trust" in page.text
    assert "University of Northfield" not in page.text
    assert [m.organisation for m in page.context["memberships"]] == [people.trust]


def test_person_sees_all_their_own_memberships(client, people, lecturer):
    client.force_login(lecturer)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert "Lecturer at Northfield Trust" in page.text
    assert "Lecturer at University of Northfield" in page.text


def test_person_page_of_someone_elsewhere_is_not_found(client, people, lecturer):
    client.force_login(people.other_lead)
    assert client.get(reverse("person_detail", args=[lecturer.pk])).status_code == 404
    assert set_password(client, lecturer).status_code == 404
