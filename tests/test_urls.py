"""Rules that hold for every page: sign-in by default, an access rule on every view, an accessible layout."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {"login", "healthz"}
SIGN_IN_REDIRECTS = {"admin_login"}  # /admin/login/ sends people to the one sign-in page


def all_patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from all_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry.callback


def concrete_path(route):
    # Fill path converters and regex groups with a plausible value: access is decided before lookup.
    path = re.sub(r"<(?:int:)?\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path):\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


PORTAL_PAGES = [(name, route, view) for ns, name, route, view in all_patterns() if ns != "admin"]


@pytest.mark.parametrize(("name", "route", "view"), PORTAL_PAGES, ids=[p[0] or p[1] for p in PORTAL_PAGES])
def test_every_portal_view_declares_who_may_use_it(name, route, view):
    public = getattr(view, "login_required", True) is False
    assert hasattr(view, "access_rule") or public, f"{route} has no access rule"
    assert public == (name in PUBLIC | SIGN_IN_REDIRECTS), f"{route}: only {sorted(PUBLIC)} may be public"


ALL_PAGES = [(ns, name, route) for ns, name, route, _ in all_patterns() if name not in PUBLIC]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ns", "name", "route"), ALL_PAGES, ids=[f"{p[0] or ''}:{p[1] or p[2]}" for p in ALL_PAGES]
)
def test_anonymous_visitor_is_sent_to_sign_in(client, ns, name, route):
    path = concrete_path(route)
    response = client.get(path, follow=True)
    assert response.redirect_chain, f"{path} answered {response.status_code} without sending to sign in"
    final = response.redirect_chain[-1][0]
    assert final.split("?")[0] == reverse("login"), (path, response.redirect_chain)
    assert response.status_code == 200
    assert response.templates[0].name == "registration/login.html"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_without_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_without_rule")
def test_view_without_access_rule_is_refused(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/forgotten/")
    assert response.status_code == 403
    assert "forgotten view ran" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "who", "args"),
    [
        ("dashboard", "trainee", []),
        ("organisation_detail", "lead", ["trust"]),
        ("person_detail", "trainee", ["trainee"]),
        ("region_detail", "regional", ["region"]),
        ("password_change", "trainee", []),
        ("login", None, []),
    ],
)
def test_page_has_accessible_layout(client, people, name, who, args):
    if who:
        client.force_login(getattr(people, who))
    response = client.get(reverse(name, args=[getattr(people, a).pk for a in args]))
    html = response.text
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert re.search(r"<title>\S.* – AP Workforce Portal</title>", html)
    assert 'href="#main-content"' in html
    assert re.search(r'<main [^>]*id="main-content"', html)
    assert re.search(r'<html lang="en-GB"[ >]', html)


def test_nothing_is_loaded_from_another_site():
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    assert not re.search(r"""(src|href)=["']https?://""", source)
