"""Requesting, following and downloading a report; who may; failures; retention; claims."""

import datetime
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def ask(client, kind, subject, fmt="pdf"):
    return client.post(reverse("reports:request"), {"kind": kind, "subject": subject.pk, "format": fmt})


def test_manager_requests_cohort_report_follows_progress_and_downloads(client, cohort_setup):
    client.force_login(cohort_setup.manager)
    response = ask(client, "cohort", cohort_setup.cohort)
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    # Tasks run in-process in these tests, so the job is already done.
    page = client.get(response.url).text
    assert "Ready." in page and reverse("reports:download", args=[job.pk]) in page
    partial = client.get(reverse("reports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial.text.lstrip().startswith('<div id="report-progress"') and "<html" not in partial.text
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="cohort-report-cohort-1.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    download.close()


def test_progress_partial_polls_while_running_and_stops_when_done(client, people, cohort_setup):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    ReportJob.objects.filter(pk=job.pk).update(status="running", progress=50, step="Laying out the pages")
    client.force_login(people.lead)
    running = client.get(reverse("reports:progress", args=[job.pk])).text
    assert (
        'hx-trigger="every 1s"' in running and 'value="50"' in running and "laying out the pages" in running
    )
    ReportJob.objects.filter(pk=job.pk).update(status="done", progress=100)
    assert "hx-trigger" not in client.get(reverse("reports:progress", args=[job.pk])).text


def test_people_who_cannot_see_the_subject_cannot_request_or_download(client, people, cohort_setup):
    client.force_login(people.lead)
    ask(client, "portfolio", cohort_setup.enrolment)
    job = ReportJob.objects.get()
    for outsider in (people.other_trainee, people.other_lead, people.regional, cohort_setup.other_mentor):
        client.force_login(outsider)
        assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
        assert ask(client, "portfolio", cohort_setup.enrolment).status_code == 404
    assert ReportJob.objects.count() == 1
    client.force_login(people.trainee)  # the trainee may keep their own portfolio
    download = client.get(reverse("reports:download", args=[job.pk]))
    download.close()
    assert download.status_code == 200


def test_unknown_kind_or_format_is_not_found(client, people, cohort_setup):
    client.force_login(people.lead)
    assert ask(client, "payslip", cohort_setup.cohort).status_code == 404
    assert ask(client, "cohort", cohort_setup.cohort, fmt="docx").status_code == 404
    assert not ReportJob.objects.exists()


def test_a_failed_report_says_so_and_can_be_retried(client, people, cohort_setup):
    job = ReportJob.objects.create(kind="cohort", subject_id=987654, requested_by=people.lead)
    from reports.tasks import render_report_job

    render_report_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == "failed" and "no longer exists" in job.error
    ReportJob.objects.filter(pk=job.pk).update(subject_id=cohort_setup.cohort.pk)
    client.force_login(people.lead)
    assert "Try again" in client.get(reverse("reports:job", args=[job.pk])).text
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_the_queue_down_the_request_says_so_and_the_site_works(client, people, cohort_setup, settings):
    from apprentice_portal.celery import app

    app.conf.task_always_eager = False
    saved = app.conf.broker_url
    # A broker address where nothing listens: a real refused connection, not a simulated one.
    app.conf.broker_url = f"redis://127.0.0.1:{unused_port()}/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        client.force_login(people.lead)
        response = ask(client, "cohort", cohort_setup.cohort)
        follow = client.get(response.url)
    finally:
        app.conf.broker_url = saved
        app._pool = None
        app.amqp._producer_pool = None
    assert "The report could not be queued: the background service is not answering." in follow.text
    assert ReportJob.objects.get().status == "failed"
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])).status_code == 200


def test_a_job_is_claimed_once_until_its_lease_runs_out(people, cohort_setup, settings):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk)
    assert services.claim(job.pk) is True
    assert services.claim(job.pk) is False  # held by a live worker
    ReportJob.objects.filter(pk=job.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.claim(job.pk) is True  # its worker died: taken over
    job.refresh_from_db()
    assert job.attempts == 2


def test_old_reports_are_removed_with_their_files(client, people, cohort_setup, settings):
    client.force_login(people.lead)
    ask(client, "cohort", cohort_setup.cohort)
    job = ReportJob.objects.get()
    path = job.file.path
    assert services.purge_expired() == 0
    later = timezone.now() + datetime.timedelta(days=settings.REPORT_RETENTION_DAYS + 1)
    assert services.purge_expired(now=later) == 1
    assert not ReportJob.objects.exists()
    import os

    assert not os.path.exists(path)
