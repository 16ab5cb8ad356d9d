"""Background work reaches a real worker through Redis, or, in the demo, through a folder queue; and runs
in-process when no broker is set (the tests' eager mode)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from apprentice_portal.celery import app
from apprentice_portal.tasks import ping
from scripts import demo

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.redis
def test_task_goes_through_redis_to_a_worker_and_back(celery_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.state == "SUCCESS"


def test_task_runs_in_process_when_eager():
    assert app.conf.task_always_eager
    assert ping.delay().get(timeout=1) == "pong"


# --- The demo's own processes, as scripts/demo.py (make demo) starts them ------------------------------


def demo_environment(tmp_path, **extra):
    """What the demo runner gives its processes, on this test run's database and a new folder queue."""
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    base = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEMO_QUEUE_DIR", "SITE_URL"}}
    base.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        PRIVATE_STORAGE_ROOT=str(settings.PRIVATE_STORAGE_ROOT),
        DEMO_QUEUE_DIR=str(tmp_path / "queue"),
        **extra,
    )
    return demo.environment(base)


def start_demo_process(name, env, log):
    with open(log, "ab") as output:
        return subprocess.Popen(
            demo.commands(env)[name],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop_process(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_demos_worker_makes_a_report_through_its_folder_queue(cohort_setup, tmp_path):
    from reports.models import ReportJob

    env = demo_environment(tmp_path)
    assert "REDIS_URL" not in env and env["DEMO_QUEUE_DIR"]
    log = tmp_path / "worker.log"
    worker = start_demo_process("worker", env, log)
    out = tmp_path / "cohort.pdf"
    try:
        made = subprocess.run(
            [sys.executable, "manage.py", "render_report", "cohort", str(cohort_setup.cohort.pk)]
            + ["--out", str(out), "--via-worker", "--timeout", "120"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        stop_process(worker)
    assert made.returncode == 0, made.stderr + log.read_text()
    assert out.read_bytes().startswith(b"%PDF")
    job = ReportJob.objects.get()
    assert job.status == "done" and job.attempts == 1
    assert "reports.render" in log.read_text()  # made by the worker, not in the requesting process
