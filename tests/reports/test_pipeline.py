"""Requesting, following and downloading a report; who may; failures; retention; claims."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apprentice_portal.celery import app
from core.plugins import collected
from reports import services
from reports.models import ReportJob
from reports.tasks import purge_expired_reports

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
    ready = '<strong class="nhsuk-tag nhsuk-tag--green">Ready</strong>'
    assert ready in page and reverse("reports:download", args=[job.pk]) in page
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
    client.force_login(people.trainee)  # a report is its requester's: the trainee makes their own portfolio
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    ask(client, "portfolio", cohort_setup.enrolment)
    own = ReportJob.objects.get(requested_by=people.trainee)
    download = client.get(reverse("reports:download", args=[own.pk]))
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


def stall(job, settings, **fields):
    """The job made no progress for longer than its lease: its worker died, or none ever took it."""
    past = timezone.now() - datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS + 1)
    ReportJob.objects.filter(pk=job.pk).update(requested_at=past, lease_expires_at=past, **fields)


def test_a_job_still_within_its_lease_cannot_be_retried(client, people, cohort_setup):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    client.force_login(people.lead)
    assert "Try again" not in client.get(reverse("reports:job", args=[job.pk])).text
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 0


def test_a_job_left_waiting_past_its_lease_can_be_retried(client, people, cohort_setup, settings):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    stall(job, settings)
    client.force_login(people.lead)
    page = client.get(reverse("reports:job", args=[job.pk])).text
    assert "No worker has taken this report" in page and "Try again" in page
    assert "Try again" in client.get(reverse("reports:progress", args=[job.pk])).text
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1


def test_a_job_whose_worker_stopped_mid_way_can_be_retried(client, people, cohort_setup, settings):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    stall(job, settings, status="running", progress=50, step="Laying out the pages", attempts=1)
    client.force_login(people.lead)
    page = client.get(reverse("reports:progress", args=[job.pk])).text
    assert "has not moved" in page and "Try again" in page
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2


def test_only_the_requester_may_retry_a_stalled_job(client, people, cohort_setup, settings):
    job = ReportJob.objects.create(kind="cohort", subject_id=cohort_setup.cohort.pk, requested_by=people.lead)
    stall(job, settings)
    client.force_login(cohort_setup.manager)
    assert client.post(reverse("reports:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 0


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


def test_the_reports_app_schedules_the_deletion_of_old_reports():
    (purge,) = [s for s in collected("scheduled_tasks") if s.task == purge_expired_reports.name]
    assert purge.name == "Delete expired reports" and purge.crontab == "30 3 * * *"
    assert purge.task in app.tasks
    stored = PeriodicTask.objects.get(name=purge.name)  # made in the database, where the admin may change it
    assert stored.task == purge.task and stored.enabled
    assert (stored.crontab.minute, stored.crontab.hour) == ("30", "3")
