"""Signing in and out: by username or email, throttled after repeated failures, out only by POST."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def sam():
    return UserFactory(username="sam.taylor", email="Sam.Taylor@example.nhs.uk")


@pytest.mark.parametrize(
    "login", ["sam.taylor", "SAM.TAYLOR", "sam.taylor@example.nhs.uk", "SAM.TAYLOR@EXAMPLE.NHS.UK"]
)
def test_sign_in_by_username_or_email_in_any_case(client, sam, login):
    response = sign_in(client, login)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"] == sam


def test_wrong_password_shows_message_and_signs_nobody_in(client, sam):
    response = sign_in(client, "sam.taylor", "not-the-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert not client.get(reverse("dashboard")).wsgi_request.user.is_authenticated


def test_inactive_person_cannot_sign_in(client):
    UserFactory(username="gone", is_active=False)
    assert sign_in(client, "gone").status_code == 200


def test_sign_in_returns_to_the_page_asked_for(client, sam):
    response = client.post(
        reverse("login") + "?next=/people/1/",
        {"username": "sam.taylor", "password": PASSWORD, "next": "/people/1/"},
    )
    assert response.url == "/people/1/"


def test_sign_in_never_redirects_to_another_site(client, sam):
    response = client.post(
        reverse("login"), {"username": "sam.taylor", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == reverse("dashboard")


def test_repeated_failures_lock_that_username_from_that_address(client, sam):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam.taylor", "wrong-password")
    response = sign_in(client, "sam.taylor")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_affect_same_username_from_another_address(client, sam):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam.taylor", "wrong-password", address="10.0.0.1")
    assert sign_in(client, "sam.taylor", address="10.0.0.2").status_code == 302


def test_lockout_does_not_affect_another_username_from_same_address(client, sam):
    UserFactory(username="jordan")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sam.taylor", "wrong-password")
    assert sign_in(client, "jordan").status_code == 302


def test_sign_out_needs_post(client, sam):
    client.force_login(sam)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("8462937561", "entirely numeric"),
        ("sam.taylor-1", "too similar"),
    ],
)
def test_weak_new_password_is_refused(client, sam, new_password, message):
    client.force_login(sam)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.text
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_strong_new_password_is_accepted(client, sam):
    client.force_login(sam)
    new = "river-lantern-orchard-7"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.url == reverse("password_change_done")
    sam.refresh_from_db()
    assert sam.check_password(new)


def test_email_used_twice_is_refused_whatever_the_case():
    from django.core.exceptions import ValidationError

    UserFactory(email="a.person@example.nhs.uk")
    duplicate = UserFactory.build(username="other", email="A.Person@Example.NHS.uk")
    with pytest.raises(ValidationError, match="already uses this email"):
        duplicate.full_clean()


# Throttling is per account, not per spelling: the backend signs in by username or email in any case, so a
# count kept per typed string would give each of the 2^n case variants (and the email) a fresh allowance.
SPELLINGS = [
    "SAM.TAYLOR",
    "Sam.Taylor",
    "sAm.TaYlOr",
    "sam.taylor@example.nhs.uk",
    "SAM.TAYLOR@EXAMPLE.NHS.UK",
]


def lock(client, login="sam.taylor"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, login, "wrong-password")


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_lockout_refuses_every_spelling_of_the_account_even_with_the_right_password(client, sam, spelling):
    lock(client)
    response = sign_in(client, spelling)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_spelling_does_not_clear_the_lock(client, sam, spelling):
    lock(client)
    sign_in(client, spelling)
    assert sign_in(client, "sam.taylor").status_code == 429
    assert sign_in(client, spelling).status_code == 429


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_lock_made_with_another_spelling_holds_for_the_username(client, sam, spelling):
    lock(client, spelling)
    assert sign_in(client, "sam.taylor").status_code == 429


def test_failures_in_different_spellings_count_together(client, sam):
    for spelling in SPELLINGS[: settings.AXES_FAILURE_LIMIT]:
        sign_in(client, spelling, "wrong-password")
    assert sign_in(client, "sam.taylor").status_code == 429


def test_failures_for_a_name_with_no_account_count_together_whatever_the_case(client, sam):
    for spelling in ["no.one", "NO.ONE", "No.One", "nO.oNe", "No.ONE"][: settings.AXES_FAILURE_LIMIT]:
        sign_in(client, spelling, "wrong-password")
    assert sign_in(client, "no.ONE", "wrong-password").status_code == 429
    assert sign_in(client, "sam.taylor").status_code == 302


def test_attempts_are_recorded_against_the_account_username(client, sam):
    from axes.models import AccessAttempt

    sign_in(client, "SAM.TAYLOR", "wrong-password")
    sign_in(client, "sam.taylor@EXAMPLE.nhs.uk", "wrong-password")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("sam.taylor", 2)]
