"""Each named rule in accounts.access, for yes and for no."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import access
from accounts.models import Invitation, Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person_with_role

Role = Membership.Role

pytestmark = pytest.mark.django_db


def test_is_signed_in_refuses_anonymous():
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


# --- Membership and roles --------------------------------------------------------------------------------


def test_member_of_own_organisation_only(people):
    assert access.is_member_of(people.trainee, people.trust)
    assert access.is_member_of(people.lead, people.trust)
    assert not access.is_member_of(people.trainee, people.other_trust)
    assert not access.is_member_of(people.other_lead, people.trust)
    assert not access.is_member_of(people.regional, people.trust)


def test_workforce_lead_of_own_organisation_only(people):
    assert access.is_workforce_lead_of(people.lead, people.trust)
    assert access.is_workforce_lead_of(people.other_lead, people.other_trust)
    assert not access.is_workforce_lead_of(people.other_lead, people.trust)
    assert not access.is_workforce_lead_of(people.mentor, people.trust)
    assert not access.is_workforce_lead_of(people.regional, people.trust)


def test_regional_lead_for_own_region_only(people):
    assert access.is_regional_lead_for(people.regional, people.region)
    assert not access.is_regional_lead_for(people.regional, people.other_region)
    assert not access.is_regional_lead_for(people.lead, people.region)


# --- A lead's people ---------------------------------------------------------------------------------------


def test_only_the_organisations_workforce_lead_may_manage_its_people(people):
    assert access.can_manage_people_of(people.lead, people.trust)
    for someone in (people.other_lead, people.mentor, people.trainee, people.regional):
        assert not access.can_manage_people_of(someone, people.trust)


def test_lead_may_set_a_first_password_only_for_a_newcomer_wholly_theirs(people):
    assert access.can_set_password_for(people.lead, people.trainee)
    assert not access.can_set_password_for(people.other_lead, people.trainee)
    assert not access.can_set_password_for(people.lead, people.lead)
    assert not access.can_set_password_for(people.lead, people.outside_trainee)
    assert not access.can_set_password_for(people.mentor, people.trainee)


def test_wholly_led_only_when_every_organisation_is_led_by_the_user(people):
    assert access.is_wholly_led_by(people.lead, {people.trust.pk})
    assert not access.is_wholly_led_by(people.lead, {people.trust.pk, people.other_trust.pk})
    assert not access.is_wholly_led_by(people.lead, {people.other_trust.pk})
    assert not access.is_wholly_led_by(people.lead, set())
    assert not access.is_wholly_led_by(people.mentor, {people.trust.pk})
    assert not access.is_wholly_led_by(people.regional, {people.trust.pk})


def test_lead_of_two_organisations_wholly_leads_people_of_both(people):
    MembershipFactory(user=people.lead, organisation=people.other_trust, role=Role.WORKFORCE_LEAD)
    assert access.is_wholly_led_by(people.lead, {people.trust.pk, people.other_trust.pk})
    assert not access.is_wholly_led_by(people.lead, {people.trust.pk, people.far_trust.pk})


def test_lead_may_take_in_only_people_wholly_of_their_organisations(people):
    both = person_with_role(Role.MENTOR, people.trust)
    MembershipFactory(user=both, organisation=people.other_trust, role=Role.MENTOR)
    assert access.can_take_in(people.lead, people.trainee)
    assert access.can_take_in(people.lead, people.mentor)
    assert not access.can_take_in(people.lead, both)
    assert not access.can_take_in(people.lead, people.outside_trainee)
    assert not access.can_take_in(people.other_lead, people.trainee)
    assert not access.can_take_in(people.mentor, people.trainee)
    assert not access.can_take_in(people.regional, people.trainee)


def test_lead_may_not_take_in_themself_an_administrator_or_someone_with_no_organisation(people):
    staff = person_with_role(Role.TRAINEE, people.trust, is_staff=True)
    superuser = person_with_role(Role.TRAINEE, people.trust, is_superuser=True)
    assert not access.can_take_in(people.lead, people.lead)
    assert not access.can_take_in(people.lead, staff)
    assert not access.can_take_in(people.lead, superuser)
    assert not access.can_take_in(people.lead, UserFactory())


@pytest.fixture
def spread(people):
    """Someone with roles in the lead's trust (two), in the other lead's trust, and in another region."""
    person = person_with_role(Role.TRAINEE, people.trust, username="spread")
    rows = {
        "trust trainee": person.memberships.get(),
        "trust mentor": MembershipFactory(user=person, organisation=people.trust, role=Role.MENTOR),
        "other mentor": MembershipFactory(user=person, organisation=people.other_trust, role=Role.MENTOR),
        "far lecturer": MembershipFactory(user=person, organisation=people.far_trust, role=Role.LECTURER),
    }
    return person, rows


def named(memberships, rows):
    names = {membership.pk: name for name, membership in rows.items()}
    return {names[m.pk] for m in memberships}


def test_person_sees_all_their_own_memberships(spread):
    person, rows = spread
    assert named(access.memberships_shown_to(person, person), rows) == {
        "trust trainee",
        "trust mentor",
        "other mentor",
        "far lecturer",
    }


def test_lead_sees_only_the_memberships_in_organisations_they_lead(people, spread):
    person, rows = spread
    assert named(access.memberships_shown_to(people.lead, person), rows) == {"trust trainee", "trust mentor"}
    assert named(access.memberships_shown_to(people.other_lead, person), rows) == {"other mentor"}


def test_lead_of_two_organisations_sees_the_memberships_in_both(people, spread):
    person, rows = spread
    MembershipFactory(user=people.lead, organisation=people.other_trust, role=Role.WORKFORCE_LEAD)
    assert named(access.memberships_shown_to(people.lead, person), rows) == {
        "trust trainee",
        "trust mentor",
        "other mentor",
    }


def test_no_one_else_sees_a_persons_memberships(people, spread):
    person, rows = spread
    for someone in (people.regional, people.mentor, people.trainee, people.outside_trainee):
        assert named(access.memberships_shown_to(someone, person), rows) == set()


# --- Invitations -------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(people):
    lecturer = person_with_role(Role.LECTURER, OrganisationFactory(kind="university"), username="helen")
    return Invitation.objects.create(
        organisation=people.trust,
        role=Role.LECTURER,
        email="helen@example.ac.uk",
        invitee=lecturer,
        invited_by=people.lead,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


def test_only_the_invitee_may_answer_an_invitation(people, invitation):
    assert access.can_answer_invitation(invitation.invitee, invitation)
    for someone in (people.lead, people.other_lead, people.trainee, people.regional):
        assert not access.can_answer_invitation(someone, invitation)


def test_only_a_lead_of_the_inviting_organisation_may_withdraw_an_invitation(people, invitation):
    assert access.can_withdraw_invitation(people.lead, invitation)
    for someone in (invitation.invitee, people.other_lead, people.mentor, people.regional):
        assert not access.can_withdraw_invitation(someone, invitation)


def test_anyone_signed_in_may_view_their_invitations(people):
    assert access.can_view_invitations(people.trainee)
    assert access.can_view_invitations(UserFactory())
    assert not access.can_view_invitations(AnonymousUser())
