"""The Django admin is for site administrators: others are told so once, never sent round in a circle."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/admin/login/?next=/admin/"])
def test_a_signed_in_person_who_is_not_staff_is_told_the_admin_is_not_for_them(client, people, path):
    client.force_login(people.lead)
    response = client.get(path, follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403
    assert "The administration site is only for site administrators" in response.text
    assert f'href="{reverse("dashboard")}"' in response.text


def test_signing_in_on_the_way_to_the_admin_ends_at_that_page_not_in_a_loop(client, people):
    response = client.post(
        reverse("login") + "?next=/admin/",
        {"username": "lead", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert [url for url, _ in response.redirect_chain] == ["/admin/"]
    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_once(client):
    response = client.get("/admin/", follow=True)
    assert [url for url, _ in response.redirect_chain] == [reverse("login") + "?next=/admin/"]
    assert response.templates[0].name == "registration/login.html"


def test_staff_reach_the_admin(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/", follow=True).redirect_chain[-1][0] == "/admin/"


def test_demo_has_an_administrator_sign_in(demo_data, client):
    assert "  admin " in demo_data.output  # what seed_demo printed (tests/demo_snapshot.py)
    signed_in = client.post(
        reverse("login") + "?next=/admin/",
        {"username": "admin", "password": demo_data.password, "next": "/admin/"},
        follow=True,
    )
    assert signed_in.status_code == 200
    user = signed_in.context["user"]
    assert user.username == "admin" and user.is_staff and user.is_superuser
    assert client.get(reverse("dashboard")).status_code == 200
    call_command("seed_demo", password=demo_data.password, stdout=io.StringIO())  # still only one


def test_readme_lists_the_demo_administrator():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "| `admin` |" in readme
