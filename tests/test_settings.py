"""The settings module, run as a new process would run it, with the environment production gives it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


SET_BY_TEST_RUN = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "STATIC_ROOT",
    "PRIVATE_STORAGE_ROOT",
    "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def manage(*args, **env):
    # Leave out what the test run itself set (see conftest.py), as a new process would not have it.
    clean = {k: v for k, v in os.environ.items() if k not in SET_BY_TEST_RUN}
    clean.update(DJANGO_SETTINGS_MODULE="apprentice_portal.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "portal.example.nhs.uk",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.nhs.uk",
    "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://user:pw@smtp.example.nhs.uk:587",
}


def test_production_settings_pass_deploy_check_without_warnings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_missing_secret_key_stops_the_start_with_a_message():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_malformed_boolean_stops_the_start():
    result = manage("check", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_demo_defaults_need_no_services():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", script, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://u:p@smtp.example.nhs.uk:587",
            "django.core.mail.backends.smtp.EmailBackend smtp.example.nhs.uk 587",
        ),
        ("consolemail://", "django.core.mail.backends.console.EmailBackend  25"),
    ],
)
def test_email_url_chooses_backend(url, expected):
    script = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT)"
    result = manage("shell", "--no-imports", "-c", script, DEBUG="true", EMAIL_URL=url)
    assert result.stdout.strip() == expected
