"""Chooses the services the tests run on, before Django reads its settings.

PostgreSQL and Redis are used when they answer (DATABASE_URL / REDIS_URL, or the local defaults below);
otherwise the tests run on SQLite and the tests that need the real services are skipped, with a line that
says so. Under CI=true a service that does not answer fails the run instead.
"""

import os
import secrets
import shutil
import tempfile

import pytest

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/apprentice_portal"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

services = {"postgres": False, "redis": False, "chromium": False}
notes = []


def _postgres_answers(url):
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    try:
        psycopg.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


def _redis_answers(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return str(exc)
    return None


def _own_redis_database(url):
    """Under pytest-xdist each test process gets its own Redis database (the next ones after the URL's), as
    pytest-django gives it its own PostgreSQL database: one process's Celery worker never takes another's
    tasks, which would run against the other's database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + 1 + int(worker[2:])) % 16}"))


def _choose_services():
    database_url = os.environ.get("DATABASE_URL") or LOCAL_POSTGRES
    if database_url.startswith(("postgres", "pgsql")):
        problem = _postgres_answers(database_url)
        if problem is None:
            services["postgres"] = True
            os.environ["DATABASE_URL"] = database_url
        else:
            notes.append(f"PostgreSQL does not answer ({problem}): database tests run on SQLite.")
            os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    else:
        os.environ["DATABASE_URL"] = database_url
        notes.append(f"DATABASE_URL is {database_url.split(':')[0]}: PostgreSQL tests are skipped.")

    redis_url = _own_redis_database(os.environ.get("REDIS_URL") or LOCAL_REDIS)
    problem = _redis_answers(redis_url)
    if problem is None:
        services["redis"] = True
        os.environ["REDIS_URL"] = redis_url
    else:
        notes.append(f"Redis does not answer at {redis_url} ({problem}): Celery worker tests are skipped.")
        os.environ["REDIS_URL"] = ""

    services["chromium"] = os.path.exists(CHROMIUM)
    if not services["chromium"]:
        notes.append(f"Chromium not found at {CHROMIUM}: browser tests are skipped (make system-packages).")


def pytest_configure(config):
    _choose_services()
    if IN_CI:
        missing = [name for name, up in services.items() if not up]
        if missing:
            raise pytest.UsageError(
                "CI=true and these are missing: "
                + ", ".join(missing)
                + ". "
                + " ".join(notes)
                + " Start PostgreSQL with:"
                " pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start;"
                " Redis with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"
                " --appendonly no."
            )
    # Made fresh for each run, so no key is kept anywhere.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["PRIVATE_STORAGE_ROOT"] = tempfile.mkdtemp(prefix="portal-private-")
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="portal-static-")
    os.environ["LOG_LEVEL"] = "WARNING"
    # Playwright's sync API keeps an event loop running in the main thread for the rest of the session;
    # the portal has no async code, so Django's guard against ORM calls inside a loop only gets in the way.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ["DJANGO_SETTINGS_MODULE"] = "apprentice_portal.settings"
    for name in ("EMAIL_URL", "ALLOWED_HOSTS"):
        os.environ.pop(name, None)

    from django.conf import settings

    # Tests render templates without running collectstatic; tests/test_static.py checks the real storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A fast hasher: the tests make many people and sign them in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    up = ", ".join(f"{name} {'yes' if ok else 'no'}" for name, ok in services.items())
    return [f"services: {up}", *notes]


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in ("postgres", "redis"):
            if item.get_closest_marker(name) and not services[name]:
                item.add_marker(pytest.mark.skip(reason=f"needs {name}, which does not answer"))
        if item.get_closest_marker("browser") and not services["chromium"]:
            item.add_marker(pytest.mark.skip(reason="needs Debian's Chromium"))


summaries = []  # (heading, line) from tests' reports: ("axe summary", …) from the accessibility crawl


def pytest_runtest_logreport(report):
    if report.when == "call":
        summaries.extend(report.user_properties)


def pytest_terminal_summary(terminalreporter):
    axe = [line for heading, line in summaries if heading == "axe summary"]
    if axe:
        terminalreporter.section("pages checked by axe-core")
        for line in axe:
            terminalreporter.write_line(line)
    for note in notes:
        terminalreporter.write_line(f"NOTE: {note}", yellow=True)
