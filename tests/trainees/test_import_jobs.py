"""Large files are imported in the background, as reports are made: the page queues a job and shows its
progress; the job ends done, with everyone enrolled, or failed, with every bad row listed and nothing saved.
Here tasks run in-process (as in the demo, with no Redis); test_import_worker.py uses a real worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from tests.factories import person_with_role
from trainees import services
from trainees.models import ImportJob

from .factories import CohortFactory, EnrolmentFactory
from .test_import import counts, csv_bytes, new_person, upload

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def cohort(people):
    return CohortFactory(organisation=people.trust, name="Cohort 3")


@pytest.fixture
def small_files(settings):
    settings.TRAINEE_IMPORT_BACKGROUND_ROWS = 3
    return settings.TRAINEE_IMPORT_BACKGROUND_ROWS


def job_url(cohort, job, name="import_job"):
    return reverse(f"trainees:{name}", args=[cohort.pk, job.pk])


def test_a_file_up_to_the_limit_is_imported_at_once(client, people, cohort, small_files):
    client.force_login(people.lead)
    response = upload(client, cohort, csv_bytes([new_person(n) for n in range(3)]))
    assert response.url == reverse("trainees:cohort_detail", args=[cohort.pk])
    assert cohort.enrolments.count() == 3
    assert not ImportJob.objects.exists()


def test_a_larger_file_is_imported_by_a_job_whose_page_shows_the_outcome(client, people, cohort, small_files):
    client.force_login(people.lead)
    mentor = people.mentor.email
    response = upload(client, cohort, csv_bytes([new_person(n, mentor_email=mentor) for n in range(4)]))

    job = ImportJob.objects.get()
    assert response.url == job_url(cohort, job)
    assert (job.status, job.rows, job.enrolled, job.created, job.matched) == ("done", 4, 4, 4, 0)
    assert bytes(job.content) == b""  # the file is not kept once imported
    assert cohort.enrolments.count() == 4
    page = client.get(response.url)
    assert page.status_code == 200
    assert "4 trainees enrolled (4 new accounts, 0 matched)" in page.text
    assert "import_progress" not in page.text and "/progress/" not in page.text  # finished: no polling


def test_a_job_with_a_bad_row_fails_listing_every_problem_and_saves_nothing(
    client, people, cohort, small_files
):
    client.force_login(people.lead)
    before = counts()
    rows = [new_person(n) for n in range(4)] + [new_person(9, band="12"), {"email": people.other_lead.email}]
    response = upload(client, cohort, csv_bytes(rows))

    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert [(p["row"], p["column"]) for p in job.problems] == [(6, "band"), (7, "email")]
    assert counts() == before
    page = client.get(response.url)
    assert "Nothing was imported: 2 problems to fix" in page.text
    assert "“12” is not a band" in page.text
    assert reverse("trainees:cohort_import", args=[cohort.pk]) in page.text


def test_a_whole_file_problem_is_shown_at_once_without_a_job(client, people, cohort, small_files):
    client.force_login(people.lead)
    content = csv_bytes([[f"p{n}@example.nhs.uk", "9"] for n in range(5)], header=["email", "shoe size"])
    response = upload(client, cohort, content)
    assert response.status_code == 400
    assert "Unknown column" in response.text
    assert not ImportJob.objects.exists()


def test_the_second_cohort_box_reaches_the_job(client, people, cohort, small_files):
    EnrolmentFactory(cohort=CohortFactory(organisation=people.trust), trainee=people.trainee)
    client.force_login(people.lead)
    content = csv_bytes([{"email": people.trainee.email}] + [new_person(n) for n in range(3)])
    url = reverse("trainees:cohort_import", args=[cohort.pk])
    client.post(url, {"file": SimpleUploadedFile("t.csv", content), "second_cohort": "on"})
    job = ImportJob.objects.get()
    assert (job.second_cohort, job.status) == (True, "done")
    assert cohort.enrolments.filter(trainee=people.trainee).exists()


def queued_job(people, cohort, rows=4):
    return ImportJob.objects.create(
        cohort=cohort,
        requested_by=people.lead,
        filename="t.csv",
        content=csv_bytes([new_person(n) for n in range(rows)]),
        rows=rows,
    )


def test_progress_of_a_running_job_is_shown_and_polled(client, people, cohort):
    job = queued_job(people, cohort)
    assert services.claim_job(job.pk)
    client.force_login(people.lead)
    response = client.get(job_url(cohort, job, "import_progress"))
    assert response.status_code == 200
    assert '<progress id="import-bar"' in response.text
    assert f'hx-get="{job_url(cohort, job, "import_progress")}"' in response.text
    assert "<h1" not in response.text  # only the part that is swapped in


def test_a_claimed_job_is_not_taken_by_a_second_worker(people, cohort):
    job = queued_job(people, cohort)
    assert services.claim_job(job.pk)
    assert not services.claim_job(job.pk)


def test_a_finished_job_is_not_run_again(people, cohort):
    from trainees.tasks import import_trainees_job

    job = queued_job(people, cohort)
    assert import_trainees_job.apply(args=[job.pk]).get() == "done"
    assert import_trainees_job.apply(args=[job.pk]).get() == "nothing to do"
    assert cohort.enrolments.count() == 4


@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_people_who_cannot_see_the_cohort_cannot_see_its_imports(client, people, cohort, who):
    job = queued_job(people, cohort)
    client.force_login(getattr(people, who))
    for name in ("import_job", "import_progress"):
        assert client.get(job_url(cohort, job, name)).status_code == 404


def test_a_manager_who_can_see_the_cohort_is_refused_its_imports(client, people, cohort):
    manager = person_with_role(Role.MANAGER, people.trust, username="manager")
    EnrolmentFactory(cohort=cohort, trainee=people.trainee, manager=manager)
    job = queued_job(people, cohort)
    client.force_login(manager)
    assert client.get(job_url(cohort, job)).status_code == 403


def test_a_job_is_seen_only_under_its_own_cohort(client, people, cohort):
    job = queued_job(people, cohort)
    other = CohortFactory(organisation=people.trust, name="Another")
    client.force_login(people.lead)
    assert client.get(job_url(other, job)).status_code == 404


def test_a_large_file_when_the_broker_is_down_is_refused_with_a_message(client, people, cohort, small_files):
    from tests.reports.test_queue_down import broker_at, closed_port

    client.force_login(people.lead)
    before = counts()
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = upload(client, cohort, csv_bytes([new_person(n) for n in range(4)]))
    assert response.status_code == 400
    assert "could not be queued for import: the background service is not answering" in response.text
    assert ImportJob.objects.get().status == "failed"
    assert counts() == before


def test_import_jobs_older_than_the_retention_are_deleted_finished_or_not(people, cohort, settings):
    import datetime

    from django.utils import timezone

    from trainees import services

    done = ImportJob.objects.create(cohort=cohort, requested_by=people.lead, filename="a.csv")
    stuck = ImportJob.objects.create(cohort=cohort, requested_by=people.lead, filename="b.csv", content=b"x")
    ImportJob.objects.filter(pk=done.pk).update(status=ImportJob.Status.DONE)
    assert services.purge_old_import_jobs() == 0
    later = timezone.now() + datetime.timedelta(days=settings.TRAINEE_IMPORT_RETENTION_DAYS + 1)
    recent = ImportJob.objects.create(cohort=cohort, requested_by=people.lead, filename="c.csv")
    ImportJob.objects.filter(pk=recent.pk).update(requested_at=later - datetime.timedelta(days=1))
    assert services.purge_old_import_jobs(now=later) == 2
    assert list(ImportJob.objects.values_list("filename", flat=True)) == ["c.csv"]
    assert not ImportJob.objects.filter(pk__in=[done.pk, stuck.pk]).exists()


def test_the_trainees_app_schedules_the_deletion_of_old_import_jobs():
    from django_celery_beat.models import PeriodicTask

    from apprentice_portal.celery import app
    from core.plugins import collected
    from trainees import tasks

    (purge,) = [s for s in collected("scheduled_tasks") if s.task == tasks.PURGE]
    assert purge.task in app.tasks
    assert PeriodicTask.objects.get(name=purge.name).task == tasks.PURGE


def test_a_job_no_worker_takes_says_so_and_saves_nothing(client, people, cohort, small_files, settings):
    import datetime

    from django.utils import timezone

    job = ImportJob.objects.create(cohort=cohort, requested_by=people.lead, filename="big.csv", rows=200)
    client.force_login(people.lead)
    assert "No worker has taken" not in client.get(job_url(cohort, job)).text
    waited = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    ImportJob.objects.filter(pk=job.pk).update(requested_at=waited)
    page = client.get(job_url(cohort, job)).text
    assert "No worker has taken this import yet" in page and "Nothing has been saved" in page
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, progress=40, lease_expires_at=timezone.now() - datetime.timedelta(1)
    )
    assert "This import has not moved for a while (40% done)" in client.get(job_url(cohort, job)).text
