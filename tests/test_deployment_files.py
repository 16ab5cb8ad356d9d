"""docker-compose.yml and .env.example name only variables that the settings actually read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "apprentice_portal" / "settings.py").read_text()
READ_BY_SETTINGS = set(re.findall(r"""(?:env(?:\.\w+)?|_bool)\(\s*["'](\w+)["']""", SETTINGS))
# Read elsewhere: seed_demo reads DEMO_PASSWORD; compose itself uses POSTGRES_PASSWORD for the db container.
READ_ELSEWHERE = {"DEMO_PASSWORD", "POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_USER"}


def test_env_example_names_only_variables_the_portal_reads():
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names, "no variables found"
    assert names - READ_BY_SETTINGS - READ_ELSEWHERE == set()


def test_compose_sets_only_variables_the_portal_reads():
    compose = (ROOT / "docker-compose.yml").read_text()
    names = set(re.findall(r"^\s+([A-Z][A-Z0-9_]+):", compose, re.M))
    assert {"DEBUG", "DATABASE_URL", "REDIS_URL"} <= names
    assert names - READ_BY_SETTINGS - READ_ELSEWHERE == set()


def test_compose_runs_web_worker_and_beat_on_the_project_celery_app():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "gunicorn apprentice_portal.wsgi" in compose
    assert "celery -A apprentice_portal worker" in compose
    assert "celery -A apprentice_portal beat" in compose
    assert "django_celery_beat.schedulers:DatabaseScheduler" in SETTINGS


def test_settings_read_every_variable_the_issue_names():
    for name in [
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
    ]:
        assert name in READ_BY_SETTINGS, name
