"""People brought in without a password: a lead sets a temporary one, and they choose their own first."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TEMPORARY = "meadow-lantern-4417"


@pytest.fixture
def newcomer(people):
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    person = UserFactory(username="new.trainee", password=None)
    person.set_unusable_password()
    person.save()
    MembershipFactory(user=person, organisation=people.trust, role=Membership.Role.TRAINEE)
    return person


def set_password(client, person, password=TEMPORARY):
    return client.post(
        reverse("set_password", args=[person.pk]), {"new_password1": password, "new_password2": password}
    )


def test_lead_sets_a_temporary_password_and_the_person_must_choose_their_own(client, people, newcomer):
    client.force_login(people.lead)
    page = client.get(reverse("person_detail", args=[newcomer.pk])).text
    assert "has no password yet, so cannot sign in" in page
    assert set_password(client, newcomer).status_code == 302
    client.logout()

    response = client.post(reverse("login"), {"username": "new.trainee", "password": TEMPORARY}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert "Choose your own password" in response.text
    assert client.get(reverse("dashboard")).url == reverse("password_change")
    own = "river-otter-plateau-92"
    client.post(
        reverse("password_change"), {"old_password": TEMPORARY, "new_password1": own, "new_password2": own}
    )
    assert client.get(reverse("dashboard")).status_code == 200
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password(own)


def test_a_weak_temporary_password_is_refused(client, people, newcomer):
    client.force_login(people.lead)
    response = set_password(client, newcomer, "12345678")
    assert response.status_code == 200 and "too short" in response.text
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_only_a_lead_of_their_organisation_sets_it(client, people, newcomer):
    for who, status in ((people.other_lead, 404), (people.trainee, 404), (people.mentor, 404)):
        client.force_login(who)
        assert set_password(client, newcomer).status_code == status
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_a_lead_cannot_take_over_a_fellow_lead_an_administrator_or_themselves(client, people):
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    fellow = UserFactory()
    MembershipFactory(user=fellow, organisation=people.trust, role=Membership.Role.WORKFORCE_LEAD)
    admin = UserFactory(is_staff=True)
    MembershipFactory(user=admin, organisation=people.trust, role=Membership.Role.MENTOR)
    client.force_login(people.lead)
    for person in (fellow, admin, people.lead):
        assert set_password(client, person).status_code == 403
    assert not client.get(reverse("person_detail", args=[fellow.pk])).context["can_set_password"]


def test_the_temporary_password_is_refused_as_the_new_one(client, people, newcomer):
    from accounts import services

    services.set_temporary_password(person=newcomer, password=TEMPORARY, by=people.lead)
    client.post(reverse("login"), {"username": "new.trainee", "password": TEMPORARY})
    response = client.post(
        reverse("password_change"),
        {"old_password": TEMPORARY, "new_password1": TEMPORARY, "new_password2": TEMPORARY},
    )
    assert response.status_code == 200
    message = "This is the temporary password you were given"
    assert message in " ".join(response.context["form"].errors["new_password1"])
    # Beside the field it is about, not at the top of the form.
    beside = 'class="nhsuk-error-message" id="id_new_password1_error"'
    assert beside in response.text and message in response.text
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    assert client.get(reverse("dashboard")).url == reverse("password_change")
