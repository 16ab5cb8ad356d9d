"""docker-compose.yml and .env.example name only variables that the settings actually read."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

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


def test_production_files_name_the_sites_address_for_email_links():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"^\s+SITE_URL: \$\{SITE_URL:\?", compose, re.M), "compose should require SITE_URL"
    assert re.search(r"^SITE_URL=https://", (ROOT / ".env.example").read_text(), re.M)
    assert "SITE_URL" in READ_BY_SETTINGS


def test_make_demo_serves_with_the_runner_that_starts_web_worker_and_beat():
    make = shutil.which("make") or pytest.skip("make is not installed")
    dry_run = subprocess.run(
        [make, "-n", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "scripts/demo.py" in dry_run
    from scripts import demo

    env = demo.environment({"PORT": "8123"})
    commands = demo.commands(env)
    assert set(commands) == {"web", "worker", "beat"}
    assert "runserver" in commands["web"] and "127.0.0.1:8123" in commands["web"]
    assert commands["worker"][commands["worker"].index("-A") :][:3] == ["-A", "apprentice_portal", "worker"]
    assert commands["beat"][commands["beat"].index("-A") :][:3] == ["-A", "apprentice_portal", "beat"]
    assert env["DEMO_QUEUE_DIR"] and env["DEBUG"] == "true" and env["SITE_URL"] == "http://127.0.0.1:8123"
    assert "REDIS_URL" not in env


def pids_alive(pids):
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            continue
        if state != "Z":
            alive.append(pid)
    return alive


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_demo_runner_serves_and_stops_web_worker_and_beat_on_ctrl_c(tmp_path):
    from tests.test_celery import demo_environment

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = demo_environment(tmp_path, PORT=str(port))
    runner = subprocess.Popen(
        [sys.executable, "scripts/demo.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(runner.stdout), daemon=True)
    reader.start()
    answered = None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and answered is None:
            output = "".join(lines)
            ready = "ready." in output and "beat: Starting" in output
            try:
                if ready:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as health:
                        answered = health.status
            except OSError:
                pass
            time.sleep(0.5)
        pids = [int(m) for m in re.findall(r"\| started \(pid (\d+)\)", "".join(lines))]
        runner.send_signal(signal.SIGINT)  # what Ctrl-C sends
        runner.wait(timeout=60)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
        reader.join(timeout=10)
        runner.stdout.close()
    output = "".join(lines)
    assert answered == 200, output
    assert "Starting the portal on" in output and "folder queue" in output
    assert len(pids) == 3, output
    assert runner.returncode == 0, output
    deadline = time.monotonic() + 10
    while pids_alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pids_alive(pids), output
