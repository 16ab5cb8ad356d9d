"""make bench: seeds a large trust (DOMAIN.md's numbers) and times the pages people use most.

Uses BENCH_DATABASE_URL, else PostgreSQL at 127.0.0.1 (database portal_bench, made if missing), else a
SQLite file. Prints the median time and the query count of each page; it asserts nothing: compare runs.
  --trainees 600 --evidence 300 --cohort-size 30 --repeat 5
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def choose_database():
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    try:
        import psycopg

        with psycopg.connect(
            "host=127.0.0.1 user=postgres dbname=postgres connect_timeout=3", autocommit=True
        ) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = 'portal_bench'").fetchone():
                c.execute("CREATE DATABASE portal_bench")
        return "postgres://postgres@127.0.0.1:5432/portal_bench"
    except Exception:  # noqa: BLE001 - no PostgreSQL here: fall back to SQLite
        return f"sqlite:///{ROOT / 'bench.sqlite3'}"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trainees", type=int, default=600)
    parser.add_argument("--evidence", type=int, default=300, help="evidence items per trainee")
    parser.add_argument("--cohort-size", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="apprentice_portal.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=choose_database(),
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(
            ROOT / "static"
        ),  # pages render {% static %} from the source folder; nothing is served
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    from scripts.bench_data import seed

    started = time.monotonic()
    subjects = seed(trainees=args.trainees, evidence=args.evidence, cohort_size=args.cohort_size)
    print(f"seeded in {time.monotonic() - started:.1f} s: {subjects['summary']}")
    measure(subjects, args.repeat)


def measure(subjects, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = [
        ("trainee portfolio (300 items)", subjects["trainee"], f"/portfolio/{subjects['enrolment']}/"),
        ("trainee dashboard", subjects["trainee"], "/"),
        ("cohort KSB matrix (30 x 72)", subjects["lead"], f"/cohorts/{subjects['cohort']}/matrix/"),
        ("cohort page", subjects["lead"], f"/cohorts/{subjects['cohort']}/"),
        ("mentor queue", subjects["mentor"], "/mentor/queue/"),
        ("mentor dashboard", subjects["mentor"], "/"),
        ("lead dashboard", subjects["lead"], "/"),
        ("standard page (ST0215)", subjects["lead"], f"/standards/{subjects['standard']}/"),
    ]
    print(f"{'page':34} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)  # warm up
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        print(f"{label:34} {statistics.median(times):10.1f} {max(times):8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
