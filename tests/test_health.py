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
