"""`make demo` / `make serve`: the web server, a Celery worker and Celery beat side by side, stopped together.

Without REDIS_URL the worker and beat use a folder of message files as their broker (kombu's filesystem
transport, in DEMO_QUEUE_DIR, `.demo-queue/` by default), so a report request returns at once and its
progress shows, and reminders are sent on schedule, with nothing to install. With REDIS_URL they use Redis.
Each line of output is marked with the process it came from. Ctrl-C stops all three.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_WAIT_SECONDS = 15


def environment(base=None):
    env = dict(os.environ if base is None else base)
    port = env.setdefault("PORT", "8000")
    env["DEBUG"] = "true"  # the demo; production runs gunicorn, worker and beat (docker-compose.yml)
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    if not env.get("REDIS_URL"):
        env.setdefault("DEMO_QUEUE_DIR", str(ROOT / ".demo-queue"))
    env["PYTHONUNBUFFERED"] = "1"  # each line shows as it is written
    return env


def commands(env):
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "apprentice_portal"]
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{env['PORT']}"],
        # One process at a time is plenty for a demo; time limits apply as in production (prefork pool).
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=1", "-n", "demo@%h"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        "beat": [*celery, "beat", "--loglevel=INFO"],
    }


def describe(env):
    if env.get("REDIS_URL"):
        broker = f"Redis at {env['REDIS_URL']}"
    else:
        broker = f"a folder queue in {env['DEMO_QUEUE_DIR']} (no Redis needed; demo only)"
    return [
        f"Starting the portal on http://127.0.0.1:{env['PORT']}, with:",
        f"  worker  a Celery worker that makes reports and sends reminders, through {broker}",
        "  beat    Celery beat, which fires the reminder scan on the schedule kept in the database",
        "          (daily at 07:00 as shipped; change it in the admin under Periodic tasks)",
        "Reminder emails are printed by the worker. Ctrl-C stops all three.",
    ]


def start(name, command, env, width=6):
    process = subprocess.Popen(  # noqa: S603 - our own commands, from commands() above
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        bufsize=1,
        start_new_session=True,  # its own group: Ctrl-C reaches this runner, which stops each in order
    )
    prefix = f"{name.ljust(width)} | "

    def relay():
        for line in process.stdout:
            sys.stdout.write(prefix + line)
            sys.stdout.flush()

    threading.Thread(target=relay, daemon=True).start()
    print(f"{prefix}started (pid {process.pid})", flush=True)
    return process


def stop(processes):
    for process in processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        print(f"{name.ljust(6)} | stopped", flush=True)


def queue_reminder_scan(env):
    # So the demo shows today's reminders now, not only after the next 07:00.
    command = [sys.executable, "manage.py", "send_reminders", "--queue"]
    subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 - a fixed command


def main():
    env = environment()
    for line in describe(env):
        print(line, flush=True)
    processes = {}
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    code = 0
    try:
        for name, command in commands(env).items():
            processes[name] = start(name, command, env)
        queue_reminder_scan(env)
        while not stopping.wait(0.5):
            ended = {name: p.returncode for name, p in processes.items() if p.poll() is not None}
            if ended:
                name, code = next(iter(ended.items()))
                print(f"{name} ended (exit code {code}); stopping the others.", flush=True)
                code = code or 1
                break
    finally:
        print("Stopping the web server, the worker and beat ...", flush=True)
        stop(processes)
    return code


if __name__ == "__main__":
    sys.exit(main())
