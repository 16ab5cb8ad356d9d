"""/healthz tells a load balancer whether this instance can serve: 200 when healthy, 503 when not."""

import socket

import pytest
from django.db import connection


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_healthy_database_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_dead_database_answers_503(client, monkeypatch):
    # Point the database settings at nothing: a real failed connection, not a simulated one.
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "PORT", unused_port())
    else:
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent-folder/portal.sqlite3")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is False
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_unreachable_broker_answers_503(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{unused_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "error": "ConnectionError"}


@pytest.mark.django_db
def test_broker_not_checked_when_none_configured(client, settings):
    settings.REDIS_URL = ""
    assert "broker" not in client.get("/healthz").json()["checks"]


@pytest.mark.redis
@pytest.mark.django_db
def test_live_broker_reported_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_not_cached_and_needs_no_session(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


# A database outage is a passing fault, not a bug: pages say so with a 503 (as /healthz does) and when to
# retry, rather than "something went wrong". The connection is really refused, as above; the tests are
# transactional, so no test transaction holds the old connection open.
@pytest.fixture
def visitor():
    from django.test import Client

    return Client(raise_request_exception=False)  # answer as a server would, rather than re-raise


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "PORT", unused_port())
    connection.close()
    yield
    connection.close()  # the next connection, once monkeypatch restores the port, is a good one


def assert_briefly_unavailable(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "The service is briefly unavailable" in response.text
    assert "something went wrong" not in response.text and "Traceback" not in response.text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_outage_shows_a_signed_in_person_a_503_page(visitor, request):
    from tests.factories import UserFactory

    visitor.force_login(UserFactory())
    request.getfixturevalue("database_down")
    assert_briefly_unavailable(visitor.get("/"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_outage_shows_someone_signing_in_a_503_page(visitor, database_down):
    response = visitor.post("/accounts/login/", {"username": "sam", "password": "a-password-here"})
    assert_briefly_unavailable(response)


def test_other_errors_still_show_the_500_page(rf):
    from apprentice_portal.health import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Retry-After" not in response
