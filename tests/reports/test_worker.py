"""Reports made by real Celery workers through the real Redis: in a thread, from the command line, and
after a worker is killed in the middle of a task (with the shipped settings at a shorter scale, see
test_recovery.py)."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.signals import task_prerun
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from apprentice_portal.celery import app
from reports import services, tasks
from reports.models import ReportJob

from .test_recovery import DRILL

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for(job, statuses, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def test_a_report_is_rendered_by_the_worker(celery_worker, people, cohort_setup):
    job = services.request_report(kind="cohort", subject=cohort_setup.cohort, fmt="pdf", by=people.lead)
    tasks.render_after_commit(job)
    wait_for(job, {"done", "failed"}, 60)
    assert job.status == "done", job.error
    with job.file.open("rb") as stored:
        assert stored.read(4) == b"%PDF"


def test_a_report_requested_in_a_transaction_that_rolls_back_never_reaches_a_worker(
    celery_worker, people, cohort_setup
):
    taken = []

    def note(task=None, args=None, **kwargs):
        if task.name == tasks.render_report_job.name:
            taken.append(args[0])

    class Abandoned(Exception):
        pass

    task_prerun.connect(note, weak=False)
    try:
        with pytest.raises(Abandoned), transaction.atomic():
            abandoned = services.request_report(
                kind="cohort", subject=cohort_setup.cohort, fmt="pdf", by=people.lead
            )
            tasks.render_after_commit(abandoned)
            raise Abandoned
        kept = services.request_report(kind="cohort", subject=cohort_setup.cohort, fmt="pdf", by=people.lead)
        tasks.render_after_commit(kept)
        wait_for(kept, {"done", "failed"}, 60)  # the worker takes messages in order: the abandoned one first
    finally:
        task_prerun.disconnect(note)
    assert kept.status == "done" and kept.pk in taken
    assert abandoned.pk not in taken
    assert not ReportJob.objects.filter(pk=abandoned.pk).exists()


def test_render_report_via_worker_uses_the_broker(celery_worker, cohort_setup, tmp_path):
    out = tmp_path / "portfolio.pdf"
    call_command(
        "render_report", "portfolio", str(cohort_setup.enrolment.pk), "--out", str(out), "--via-worker",
        "--timeout", "60", stdout=io.StringIO(),
    )  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
    assert ReportJob.objects.get().attempts == 1


def start_worker(name, log, **env):
    """A worker in its own process, on the test database and the test Redis; its log goes to ``log``."""
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
        # The shipped settings at the drill's scale: lease and visibility follow from these time limits.
        **DRILL,
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "apprentice_portal", "worker", "--pool=solo"]
    command += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with open(log, "ab") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.postgres
def test_a_worker_killed_mid_task_and_started_again_still_delivers(people, cohort_setup, tmp_path):
    app.control.purge()
    app.conf.task_always_eager = False
    log = tmp_path / "workers.log"
    first = start_worker("doomed", log, REPORTS_SLOW_DOWN_SECONDS="30")
    second = None
    try:
        job = services.request_report(kind="cohort", subject=cohort_setup.cohort, fmt="pdf", by=people.lead)
        tasks.render_after_commit(job)
        wait_for(job, {"running"}, 60)
        os.killpg(first.pid, signal.SIGKILL)  # mid-task: the message is never acknowledged
        first.wait(timeout=10)
        assert ReportJob.objects.get(pk=job.pk).status == "running"
        second = start_worker("rescuer", log)
        wait_for(job, {"done", "failed"}, 90)
    finally:
        for worker in (first, second):
            if worker and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
    assert job.status == "done", (job.error, log.read_text())
    assert job.attempts == 2
    with job.file.open("rb") as stored:
        assert stored.read(4) == b"%PDF"
