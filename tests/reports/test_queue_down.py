"""When the broker is down (a closed port) or hung (a server that accepts and never answers), asking for a
report fails at once with a message, never a 500 or a page that hangs; the job says so and can be tried
again; the reports page says reports are unavailable; and the way back goes only to this site."""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.urls import reverse

from apprentice_portal.celery import app
from reports import services
from reports.models import ReportJob

pytestmark = pytest.mark.django_db

NOT_ANSWERING = "The report could not be queued: the background service is not answering."


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def silent_server():
    """A real TCP server on 127.0.0.1 that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()


def _reset_connections():
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def broker_at(url):
    """This process's Celery app pointed at ``url`` as REDIS_URL would point it (broker and results),
    with the transport options the settings ship; tasks are sent, not run in-process."""
    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    app.conf.broker_url = app.conf.result_backend = url
    app.conf.task_always_eager = False
    _reset_connections()
    cache.clear()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        _reset_connections()
        cache.clear()


def ask(client, subject, **extra):
    data = {"kind": "cohort", "subject": subject.pk, "format": "pdf", **extra}
    return client.post(reverse("reports:request"), data)


def test_the_shipped_settings_give_up_on_the_broker_within_seconds(settings):
    assert app.conf.broker_connection_timeout <= 5
    assert app.conf.task_publish_retry is False
    if settings.REDIS_URL:
        options = app.conf.broker_transport_options
        assert options["socket_connect_timeout"] <= 5 and options["socket_timeout"] <= 5
        assert options["max_retries"] <= 1 and options["interval_start"] == 0  # a page connects once more
        assert settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT <= 5 and settings.CELERY_REDIS_SOCKET_TIMEOUT <= 5
    # Sending a report or a reminder scan never waits on the result store: their state is in the database.
    from reminders.tasks import send_due_reminders
    from reports.tasks import render_report_job

    assert render_report_job.ignore_result and send_due_reminders.ignore_result


@pytest.mark.redis
def test_with_redis_stopped_the_request_says_so_and_the_job_is_marked_failed(client, people, cohort_setup):
    client.force_login(people.lead)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = ask(client, cohort_setup.cohort)
        page = client.get(response.url)
    assert response.status_code == 302
    assert NOT_ANSWERING in page.text
    job = ReportJob.objects.get()
    assert job.status == "failed" and job.error.startswith(NOT_ANSWERING)
    assert client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])).status_code == 200


@pytest.mark.redis
def test_with_redis_hung_the_request_gives_up_and_says_so(client, people, cohort_setup, settings):
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"] <= 5
    client.force_login(people.lead)
    with silent_server() as (port, accepted), broker_at(f"redis://127.0.0.1:{port}/0"):
        response = ask(client, cohort_setup.cohort)
        page = client.get(response.url)
        assert accepted, "the request never reached the hung server"
    assert response.status_code == 302
    assert NOT_ANSWERING in page.text
    assert ReportJob.objects.get().status == "failed"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_report_refused_by_the_queue_can_be_tried_again_once_it_answers(client, people, cohort_setup):
    from celery.contrib.testing.worker import start_worker

    client.force_login(people.lead)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        ask(client, cohort_setup.cohort)
        job = ReportJob.objects.get()
        assert "Try again" in client.get(reverse("reports:job", args=[job.pk])).text
        client.post(reverse("reports:retry", args=[job.pk]))  # still down: still failed, still retryable
        job.refresh_from_db()
        assert job.status == "failed" and job.error.startswith(NOT_ANSWERING)
    # Redis answers again, and a real worker takes the job from it.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        client.post(reverse("reports:retry", args=[job.pk]))
        job.refresh_from_db()
        deadline = time.monotonic() + 60
        while job.status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1, job.error


@pytest.mark.redis
def test_the_reports_page_says_when_reports_are_unavailable(client, people, cohort_setup):
    client.force_login(people.lead)
    cohort_page = reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])
    with broker_at(app.conf.broker_url):
        assert "Reports cannot be made just now" not in client.get(reverse("reports:mine")).text
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        assert "Reports cannot be made just now" in client.get(reverse("reports:mine")).text
        assert "Reports cannot be made just now" in client.get(cohort_page).text
        assert services.queue_available() is False


@pytest.mark.redis
@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("https://evil.example.org/phish", None),
        ("//evil.example.org/phish", None),
        ("/cohorts/", "/cohorts/"),
    ],
)
def test_a_refused_request_goes_back_only_to_a_page_of_this_site(
    client, people, cohort_setup, next_url, expected
):
    client.force_login(people.lead)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = ask(client, cohort_setup.cohort, next=next_url)
    assert response.status_code == 302
    assert response.url == (expected or reverse("reports:mine"))
