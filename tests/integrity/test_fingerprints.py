"""The fingerprint check: every stored fingerprint recomputed from its record, found through the registry.
Records changed behind the models' guards (QuerySet.update, files on disk) are found; clean data is not."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from competencies.models import Attachment, Decision, Evidence
from core.plugins import collected
from core.scheduling import ensure
from core.signing import Signature
from integrity import fingerprints, reminders, tasks
from integrity.models import FingerprintCheck
from trainees.models import ContractSignature, LearningContract, ProgressReview, ReviewSignature

from .conftest import tamper

pytestmark = pytest.mark.django_db


def totals(result):
    counts = dict.fromkeys(result.kinds, 0)
    for row in result.checked:
        counts[row["kind"]] += row["count"]
    return counts


def mismatched(result):
    return {(m["model"], m["id"]) for m in result.mismatches}


def test_every_signature_model_and_stored_file_is_discovered_through_the_registry():
    discovered = {checked.model for checked in fingerprints.discover()}
    signatures = {m for m in apps.get_models() if issubclass(m, Signature) and not m._meta.proxy}
    assert signatures, "there are signature models to check"
    assert signatures <= discovered
    assert {Decision, Attachment} <= discovered
    # Each reaches its organisation through its record, never through the person who signed.
    paths = {c.model: c.organisation_path for c in fingerprints.discover()}
    assert paths[ContractSignature] == "contract__enrolment__cohort__organisation"
    assert paths[Decision] == "evidence__enrolment__cohort__organisation"


def test_clean_records_all_match_and_are_counted_by_kind(records, people):
    result = fingerprints.check_fingerprints()
    assert result.mismatches == []
    counts = totals(result)
    assert counts["Learning contract: contract signatures"] == 2
    assert counts["Progress review: review signatures"] == 3
    assert counts["Evidence: decisions"] == 2  # the draft has no decision
    assert counts["Evidence: attachments"] == 4  # the draft's attachment is checked too
    assert {row["organisation_id"] for row in result.checked} == {people.trust.pk}


def test_a_review_changed_with_a_queryset_update_is_found_for_each_of_its_signatures(records, people):
    tamper(ProgressReview, records.review.pk, actions="Nothing agreed.")
    result = fingerprints.check_fingerprints()
    signatures = list(ReviewSignature.objects.filter(review=records.review))
    assert mismatched(result) == {("trainees.reviewsignature", s.pk) for s in signatures}
    first = next(m for m in result.mismatches if m["id"] == signatures[0].pk)
    assert first["record_model"] == "trainees.progressreview"
    assert first["record_id"] == records.review.pk
    assert "has changed since it was signed" in first["what"]
    assert first["by"] == str(signatures[0].signed_by)
    assert first["party"] == signatures[0].get_party_display()
    assert first["at"] == signatures[0].signed_at.isoformat()
    assert first["organisation_id"] == people.trust.pk


def test_a_signed_contract_changed_in_sql_is_found(records):
    tamper(LearningContract, records.contract.pk, study_hours_per_week=1)
    result = fingerprints.check_fingerprints()
    assert mismatched(result) == {
        ("trainees.contractsignature", s.pk)
        for s in ContractSignature.objects.filter(contract=records.contract)
    }


def test_signed_off_evidence_changed_in_sql_is_found_on_its_sign_off(records):
    tamper(Evidence, records.wound.pk, narrative="Rewritten after sign-off.")
    result = fingerprints.check_fingerprints()
    sign_off = Decision.objects.get(evidence=records.wound, action="signed_off")
    assert mismatched(result) == {("competencies.decision", sign_off.pk)}


def test_a_file_changed_on_disk_is_found_on_its_attachment(records):
    attachment = records.observation.attachments.get(original_name="reflection.txt")
    with open(attachment.file.path, "wb") as stored:
        stored.write(b"Someone else's reflection.\n")
    result = fingerprints.check_fingerprints()
    assert mismatched(result) == {("competencies.attachment", attachment.pk)}
    assert "bytes have changed" in result.mismatches[0]["what"]


def test_a_recorded_hash_changed_in_sql_is_found_on_the_attachment_and_the_sign_off(records):
    attachment = records.wound.attachments.get()
    tamper(Attachment, attachment.pk, sha256="0" * 64)
    result = fingerprints.check_fingerprints()
    sign_off = Decision.objects.get(evidence=records.wound, action="signed_off")
    assert mismatched(result) == {
        ("competencies.attachment", attachment.pk),
        ("competencies.decision", sign_off.pk),
    }


def test_a_missing_file_is_a_mismatch(records):
    attachment = records.wound.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    result = fingerprints.check_fingerprints()
    assert [m["what"] for m in result.mismatches] == ["The stored file is missing."]


def test_the_command_prints_each_mismatch_and_exits_non_zero(records):
    tamper(ProgressReview, records.review.pk, progress="Changed.")
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 of 11 stored fingerprints do not match"):
        call_command("check_fingerprints", stdout=out)
    printed = out.getvalue()
    assert printed.count("MISMATCH trainees.reviewsignature") == 3
    assert "Progress review: review signatures: 3 checked" in printed
    check = FingerprintCheck.objects.get()
    assert check.trigger == "command" and check.mismatch_count == 3


def test_the_command_on_clean_records_says_so_and_exits_zero(records):
    out = io.StringIO()
    call_command("check_fingerprints", "--no-record", stdout=out)
    assert "All 11 stored fingerprints match their records." in out.getvalue()
    assert not FingerprintCheck.objects.exists()


def test_the_task_keeps_the_result_for_the_page(records, people):
    tamper(Evidence, records.observation.pk, title="Retitled")
    tasks.check_fingerprints.delay()
    check = FingerprintCheck.objects.get()
    assert check.trigger == "schedule"
    assert check.mismatch_count == 1
    assert check.mismatches_for({people.trust.pk})[0]["record_id"] == records.observation.pk
    assert check.mismatches_for({people.other_trust.pk}) == []
    assert dict(check.counts_for({people.trust.pk}))["Evidence: decisions"] == 2
    assert dict(check.counts_for({people.other_trust.pk}))["Evidence: decisions"] == 0


def test_the_check_is_scheduled_daily_by_beat():
    from apprentice_portal.celery import app

    scheduled = next(s for s in collected("scheduled_tasks") if s.task == tasks.CHECK)
    assert scheduled.crontab == "15 2 * * *"
    assert tasks.CHECK in app.tasks
    PeriodicTask.objects.filter(name=scheduled.name).delete()
    ensure(scheduled)
    task = PeriodicTask.objects.get(name=scheduled.name)
    assert task.task == tasks.CHECK
    assert (task.crontab.minute, task.crontab.hour) == ("15", "2")


def test_leads_of_the_organisation_with_a_mismatch_are_reminded(records, other_records, people):
    tamper(LearningContract, records.contract.pk, service_cover="Nobody.")
    tasks.check_fingerprints.delay()
    due = list(reminders.mismatches_found(None))
    assert [d.recipient for d in due] == [people.lead]
    assert due[0].title.startswith("2 signed records no longer match their fingerprint")
    assert due[0].url == "/integrity/fingerprints/"


def test_no_reminder_when_everything_matches(records):
    tasks.check_fingerprints.delay()
    assert list(reminders.mismatches_found(None)) == []


def test_the_demo_data_all_matches(demo_data):
    result = fingerprints.check_fingerprints()
    assert totals(result)["Evidence: attachments"] > 0  # the demo's evidence has its notes attached
    assert result.mismatches == []
