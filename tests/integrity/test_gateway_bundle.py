"""The gateway bundle: one zip with the portfolio, every signed-off item's attachments by KSB, the signed
contract and reviews, and a manifest that checks against the fingerprints people signed."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from competencies import bundle
from competencies.models import Decision
from competencies.reports import GATEWAY_BUNDLE
from core.signing import fingerprint
from reports import kinds
from reports.models import ReportJob
from reports.rendering import render
from tests.reports.conftest import pdf_text
from trainees.models import ContractSignature, ReviewSignature

from .conftest import PDF, PNG, TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Requests end as in production: what waits for their commit (sending the job) runs."""
    from django.test import TestCase

    send = client.request

    def committing(**request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return send(**request)

    client.request = committing
    return client


def open_bundle(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = json.loads(archive.read("manifest.json"))
    return archive, manifest


def made(records):
    rendered = render("gateway_bundle", records.enrolment, "zip")
    assert rendered.content_type == "application/zip"
    assert (
        rendered.filename
        == f"gateway-bundle-{records.enrolment.trainee.get_full_name().lower().replace(' ', '-')}.zip"
    )
    return open_bundle(rendered.content)


def test_the_bundle_holds_the_portfolio_each_ksbs_attachments_contracts_and_reviews(records):
    archive, _manifest = made(records)
    o, w = records.observation.pk, records.wound.pk
    assert sorted(archive.namelist()) == sorted(
        [
            "portfolio.pdf",
            f"evidence/K5/{o}-observation notes.pdf",
            f"evidence/S5/{o}-observation notes.pdf",
            f"evidence/K5/{o}-reflection.txt",
            f"evidence/S5/{o}-reflection.txt",
            f"evidence/K5/{w}-wound.png",  # an item under several KSBs is in each KSB's folder
            f"evidence/K8/{w}-wound.png",
            f"contracts/learning-contract-v{records.contract.version}.pdf",
            f"reviews/review-{records.review.held_on.isoformat()}.pdf",
            "manifest.json",
            "manifest.csv",
        ]
    )
    # Not the draft: only signed-off evidence goes to the gateway.
    assert not any(name.endswith("draft.txt") for name in archive.namelist())
    assert archive.read(f"evidence/K8/{w}-wound.png") == PNG
    assert archive.read(f"evidence/S5/{o}-observation notes.pdf") == PDF
    assert archive.read(f"evidence/K5/{o}-reflection.txt") == TEXT
    assert "Portfolio of evidence" in pdf_text(archive.read("portfolio.pdf"))
    contract = pdf_text(archive.read(f"contracts/learning-contract-v{records.contract.version}.pdf"))
    assert "Learning contract, version 1" in contract and records.contract.service_cover[:30] in contract
    review = pdf_text(archive.read(f"reviews/review-{records.review.held_on.isoformat()}.pdf"))
    assert "Finish the wound care reflection." in review


def test_the_manifest_checks_against_the_fingerprints(records):
    archive, manifest = made(records)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    # Every file but the manifests is listed, with the SHA-256 of the bytes in the zip.
    assert set(listed) == set(archive.namelist()) - {"manifest.json", "manifest.csv"}
    for path, entry in listed.items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == entry["sha256"], path
        assert entry["bytes"] == len(archive.read(path))
    records_by_key = {r["record"]: r for r in manifest["records"]}
    attachments = [e for e in manifest["files"] if e["kind"] == "evidence attachment"]
    assert len(attachments) == 6
    for entry in attachments:
        signed = records_by_key[f"competencies.evidence:{entry['evidence_id']}"]
        # The file's hash is in what the mentor signed off ...
        assert entry["sha256"] in signed["signed_content"]["attachments"]
        assert entry["hash_in_signed_content"] is True
        # ... and what was signed off, hashed as core.signing does, is the fingerprint stored on the sign-off.
        stored = Decision.objects.get(evidence_id=entry["evidence_id"], action="signed_off").fingerprint
        assert fingerprint(signed["signed_content"]) == entry["sign_off_fingerprint"] == stored
        assert [s["fingerprint"] for s in signed["signatures"]] == [stored]
    for record, signatures in (
        (records.contract, ContractSignature.objects.filter(contract=records.contract)),
        (records.review, ReviewSignature.objects.filter(review=records.review)),
    ):
        listed_record = records_by_key[bundle.record_key(record)]
        assert fingerprint(listed_record["signed_content"]) == listed_record["fingerprint"]
        assert sorted(s["fingerprint"] for s in listed_record["signatures"]) == sorted(
            s.fingerprint for s in signatures
        )
        assert all(s["matches"] for s in listed_record["signatures"])


def test_the_readable_manifest_lists_the_same_files(records):
    archive, manifest = made(records)
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [(r["path"], r["sha256"]) for r in rows] == [(e["path"], e["sha256"]) for e in manifest["files"]]
    evidence_rows = [r for r in rows if r["evidence_id"]]
    assert evidence_rows and all(r["hash_in_signed_content"] == "yes" for r in evidence_rows)


def test_a_file_changed_since_sign_off_shows_in_the_manifest(records):
    attachment = records.wound.attachments.get()
    with open(attachment.file.path, "wb") as stored:
        stored.write(PNG + b"changed")
    _archive, manifest = made(records)
    wound = [e for e in manifest["files"] if e.get("attachment_id") == attachment.pk]
    assert len(wound) == 2 and not any(e["hash_in_signed_content"] for e in wound)


def test_more_documents_plug_in_as_providers(records):
    """The extension point the training plan and gateway declaration will use."""

    def cover_note(enrolment, b):
        b.add("notes/cover.txt", b"For the EPAO.", kind="cover note")

    extra = bundle.signed_records(
        "again", lambda c: f"contract-{c.pk}", lambda e: e.contracts.all(), lambda c: "Contract again"
    )
    content = bundle.make(
        records.enrolment, portfolio_pdf=b"%PDF-", providers=[*bundle.PROVIDERS, cover_note, extra]
    )
    archive, manifest = open_bundle(content)
    assert archive.read("notes/cover.txt") == b"For the EPAO."
    assert f"again/contract-{records.contract.pk}.pdf" in archive.namelist()
    assert {e["path"] for e in manifest["files"]} >= {
        "notes/cover.txt",
        f"again/contract-{records.contract.pk}.pdf",
    }


def test_the_bundle_comes_as_a_zip_only():
    assert GATEWAY_BUNDLE.formats == ("zip",)
    with pytest.raises(kinds.UnsupportedFormat, match="comes as zip, not pdf"):
        GATEWAY_BUNDLE.check_format("pdf")


def test_who_may_ask_for_the_bundle(people, cohort_setup, records, other_records):
    enrolment = records.enrolment
    for someone in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer, people.lead):
        assert GATEWAY_BUNDLE.can_view(someone, enrolment), someone
    for someone in (
        people.other_trainee,
        cohort_setup.other_mentor,
        people.other_lead,
        people.regional,
        other_records.mentor,
    ):
        assert not GATEWAY_BUNDLE.can_view(someone, enrolment), someone


def request_bundle(client, enrolment, fmt="zip"):
    return client.post(
        reverse("reports:request"), {"kind": "gateway_bundle", "subject": enrolment.pk, "format": fmt}
    )


def test_the_trainee_asks_for_it_and_downloads_the_zip(client, people, records):
    client.force_login(people.trainee)
    portfolio = client.get(reverse("competencies:portfolio", args=[records.enrolment.pk])).text
    assert "Download gateway bundle (zip)" in portfolio
    assert (
        "Download gateway bundle (zip)"
        in client.get(reverse("competencies:gateway", args=[records.enrolment.pk])).text
    )
    response = request_bundle(client, records.enrolment)
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    assert (job.kind, job.format, job.status) == ("gateway_bundle", "zip", "done"), job.error
    assert "Zip file" in client.get(response.url).text
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert f'filename="{job.filename}"' in download["Content-Disposition"]
    archive, manifest = open_bundle(b"".join(download.streaming_content))
    assert manifest["enrolment"] == records.enrolment.pk


@pytest.mark.parametrize("who", ["other_trainee", "other_lead", "regional"])
def test_others_are_refused_the_bundle(client, people, records, who):
    client.force_login(getattr(people, who))
    assert request_bundle(client, records.enrolment).status_code == 404
    assert not ReportJob.objects.exists()


def test_a_pdf_of_the_bundle_is_refused(client, people, records):
    client.force_login(people.trainee)
    assert request_bundle(client, records.enrolment, fmt="pdf").status_code == 404


def test_the_signed_training_plan_is_in_the_bundle_and_checks_against_its_signatures(
    people, cohort_setup, records
):
    from tests.trainees.test_training_plan import EVIDENCE, deliver, scan, sign_all, start
    from trainees.models import PlanSignature

    lecturer = cohort_setup.lecturer
    plan = scan(
        deliver(start(records.enrolment, lecturer), lecturer), lecturer, 40, "Care Certificate.", **EVIDENCE
    )
    sign_all(plan, people, cohort_setup)
    unsigned_v2 = deliver(plan, lecturer, what="Wound care in the community")  # a new version nobody signed
    assert unsigned_v2.version == 2

    archive, manifest = made(records)
    assert "training-plans/training-plan-v1.pdf" in archive.namelist()
    assert "training-plans/training-plan-v2.pdf" not in archive.namelist()  # only what someone signed
    text = pdf_text(archive.read("training-plans/training-plan-v1.pdf"))
    assert "Training plan, version 1" in text and "Foundations of care" in text
    listed = {r["record"]: r for r in manifest["records"]}[bundle.record_key(plan)]
    stored = sorted(PlanSignature.objects.filter(plan=plan).values_list("fingerprint", flat=True))
    assert len(stored) == 3
    assert sorted(s["fingerprint"] for s in listed["signatures"]) == stored
    assert fingerprint(listed["signed_content"]) == listed["fingerprint"] == stored[0]
