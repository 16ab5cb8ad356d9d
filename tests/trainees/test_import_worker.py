"""A large file imported by a real Celery worker through the real Redis: the job ends done with everyone
enrolled, or failed with every bad row listed and nothing saved."""

import time

import pytest

from trainees import tasks
from trainees.models import Enrolment, ImportJob

from .factories import CohortFactory
from .test_import import counts, csv_bytes, new_person

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for(job, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture
def cohort(people, st0215):
    return CohortFactory(organisation=people.trust, programme__standard=st0215)


@pytest.fixture(autouse=True)
def small_files(settings):
    settings.TRAINEE_IMPORT_BACKGROUND_ROWS = 5


def start(people, cohort, rows):
    job = tasks.start_import(cohort=cohort, upload_name="t.csv", content=csv_bytes(rows), by=people.lead)
    assert isinstance(job, ImportJob)
    return job


def test_a_worker_imports_a_large_file(celery_worker, people, cohort):
    rows = [new_person(n, mentor_email=people.mentor.email) for n in range(30)] + [
        {"email": people.trainee.email}
    ]

    job = wait_for(start(people, cohort, rows))

    assert job.status == "done", (job.error, job.problems)
    assert (job.enrolled, job.created, job.matched, job.attempts) == (31, 30, 1, 1)
    assert Enrolment.objects.filter(cohort=cohort).count() == 31
    assert Enrolment.objects.filter(cohort=cohort, mentors=people.mentor).count() == 30


def test_a_worker_refuses_a_file_with_a_bad_row_and_saves_nothing(celery_worker, people, cohort):
    before = counts()
    rows = [new_person(n) for n in range(10)] + [new_person(99, mentor_email="ghost@example.nhs.uk")]

    job = wait_for(start(people, cohort, rows))

    assert job.status == "failed"
    assert [(p["row"], p["column"]) for p in job.problems] == [(12, "mentor_email")]
    assert "No one has an account with ghost@example.nhs.uk" in job.problems[0]["message"]
    assert counts() == before
