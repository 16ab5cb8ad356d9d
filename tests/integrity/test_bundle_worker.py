"""The gateway bundle made by a real Celery worker through Redis, as every other report."""

import hashlib
import io
import json
import zipfile

import pytest

from reports import services, tasks

from ..reports.test_worker import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_makes_the_bundle_and_its_manifest_checks(celery_worker, people, records):
    job = services.request_report(
        kind="gateway_bundle", subject=records.enrolment, fmt="zip", by=people.trainee
    )
    tasks.render_after_commit(job)
    wait_for(job, {"done", "failed"}, 120)
    assert job.status == "done", job.error
    assert job.filename.endswith(".zip") and job.file.name.endswith(".zip")
    with job.file.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert all(e["hash_in_signed_content"] for e in manifest["files"] if e["kind"] == "evidence attachment")
