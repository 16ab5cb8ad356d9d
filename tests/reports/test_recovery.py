"""How soon a report whose worker was killed is made by another, with the settings as shipped, and the
kill drill (tests/reports/test_worker.py) keeping the same order of time limit, lease and visibility."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The kill drill's scale: only the time limits and the sweep are shortened; the lease and the visibility
# timeout follow from them as the settings derive them in production.
DRILL = {
    "REPORT_TIME_LIMIT_SECONDS": "4",
    "CELERY_TASK_TIME_LIMIT": "4",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.nhs.uk",
    "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
}
SCRIPT = """
import json
from django.conf import settings as s
from reports.tasks import render_report_job as task
options = s.CELERY_BROKER_TRANSPORT_OPTIONS
print(json.dumps({
    "task_limit": s.CELERY_TASK_TIME_LIMIT,
    "report_limit": task.time_limit or s.CELERY_TASK_TIME_LIMIT,
    "report_soft_limit": task.soft_time_limit or s.CELERY_TASK_SOFT_TIME_LIMIT,
    "lease": s.REPORT_LEASE_SECONDS,
    "retry_countdown": s.REPORT_LEASE_SECONDS,
    "visibility": options["visibility_timeout"],
    "sweep": options.get("unacked_restore_interval", 10) * options.get("unacked_restore_throttle", 10),
}))
"""


def timings(**env):
    """The recovery settings a new worker process reads from the production environment plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REPORT"))}
    clean.update(PRODUCTION, DJANGO_SETTINGS_MODULE="apprentice_portal.settings", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def takeover_after(t):
    """Seconds from a report's start until another worker takes it over when its worker is killed."""
    # The task stops before its lease runs out, so a live worker never loses its job to another ...
    assert t["report_soft_limit"] < t["report_limit"] < t["lease"]
    # ... and no message is handed to a second worker while a task may still be running on the first,
    # nor while a retry waits out a live holder's lease.
    assert max(t["task_limit"], t["lease"], t["retry_countdown"]) < t["visibility"]
    # Handed over after the visibility timeout (plus the sweep that finds it), the lease has run out.
    return t["visibility"] + t["sweep"]


def test_with_the_shipped_defaults_a_killed_workers_report_is_taken_over_within_three_minutes():
    shipped = timings()
    assert takeover_after(shipped) <= 150
    assert shipped["lease"] <= 120  # a requester may try a stalled report again after this


def test_the_kill_drill_keeps_the_shipped_order_at_a_shorter_scale():
    assert not {"REPORT_LEASE_SECONDS", "CELERY_VISIBILITY_TIMEOUT"} & set(DRILL)
    assert takeover_after(timings(**DRILL)) <= 10


def test_a_visibility_timeout_shorter_than_a_task_stops_the_start():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REPORT"))}
    clean.update(
        PRODUCTION, DJANGO_SETTINGS_MODULE="apprentice_portal.settings", CELERY_VISIBILITY_TIMEOUT="30"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT=30 must be longer than the longest task" in result.stderr
