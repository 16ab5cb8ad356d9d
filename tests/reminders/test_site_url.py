"""SITE_URL, the portal's address for links in emails, as a new process reads it from the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.nhs.uk,portal.internal",
    "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def manage(*args, **env):
    # Leave out what the test run itself set (see conftest.py), as a new process would not have it.
    set_by_test_run = {"SITE_URL", "ALLOWED_HOSTS", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in set_by_test_run}
    clean.update(DJANGO_SETTINGS_MODULE="apprentice_portal.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def site_url(**env):
    result = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "true"}, "http://127.0.0.1:8000"),
        (PRODUCTION, "https://portal.example.nhs.uk"),
        ({**PRODUCTION, "SITE_URL": "https://ap.example.nhs.uk/"}, "https://ap.example.nhs.uk"),
    ],
)
def test_site_url_has_a_sensible_default_and_can_be_set(env, expected):
    assert site_url(**env) == expected


def test_a_site_url_that_is_not_an_address_stops_the_start():
    result = manage("check", **PRODUCTION, SITE_URL="portal.example.nhs.uk")
    assert result.returncode != 0
    assert "SITE_URL='portal.example.nhs.uk' must be the portal's address" in result.stderr


def test_the_deploy_check_warns_when_no_site_url_can_be_found():
    env = {**PRODUCTION, "ALLOWED_HOSTS": ".example.nhs.uk"}
    result = manage("check", "--deploy", **env)
    assert "reminders.W001" in result.stderr + result.stdout
    assert "reminders.W001" not in (lambda r: r.stderr + r.stdout)(manage("check", "--deploy", **PRODUCTION))
