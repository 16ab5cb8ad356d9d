"""One signing pattern: contracts, reviews and evidence sign-off share the fingerprint, who signs for each
party, the claim, the refusals (each its own type, each shown on the form) and immutability once signed."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from competencies import services as portfolio
from competencies.models import Decision, Evidence
from core import signing
from tests.factories import UserFactory
from trainees import services
from trainees.models import (
    ContractSignature,
    Enrolment,
    LearningContract,
    Party,
    ProgressReview,
    ReviewSignature,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
Review = ProgressReview.Party


def ready_contract(people, setup):
    contract = services.current_contract(setup.enrolment)
    return services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff cover.")


def a_review(people, setup):
    return services.record_review(
        enrolment=setup.enrolment, by=people.mentor, held_on=TODAY, progress="On track", actions="Keep going"
    )


def submitted_evidence(people, setup):
    evidence = portfolio.create_evidence(
        enrolment=setup.enrolment,
        by=people.trainee,
        ksbs=[setup.programme.standard.ksbs.first()],
        title="Handover",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I led the handover.",
    )
    return portfolio.submit_evidence(evidence=evidence, by=people.trainee)


# --- What is signed ------------------------------------------------------------------------------------


def test_the_fingerprint_is_sha256_of_json_with_sorted_keys():
    content = {"title": "Obs é", "hours": "1.5", "ksbs": ["K5", "S5"]}
    legacy = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    assert signing.fingerprint(content) == legacy
    assert signing.fingerprint(content) != signing.fingerprint(content | {"hours": "2"})


def test_each_records_fingerprint_is_what_signatures_before_the_pattern_stored(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    old_contract = {name: str(getattr(contract, name)) for name in LearningContract.CONTENT_FIELDS}
    old_contract |= {"enrolment": contract.enrolment_id, "version": contract.version}
    review = a_review(people, cohort_setup)
    fields = ("held_on", "progress", "study_time_note", "concerns", "actions", "enrolment_id")
    old_review = {name: str(getattr(review, name)) for name in fields}
    for record, content in ((contract, old_contract), (review, old_review)):
        assert (
            record.fingerprint() == hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        )


# --- Who signs for a party: one place ------------------------------------------------------------------


def test_one_function_says_who_signs_for_each_party(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    manager, lecturer = cohort_setup.manager, cohort_setup.lecturer
    assert enrolment.signers(Party.TRAINEE) == [people.trainee]
    assert enrolment.signers(Party.MENTOR) == [people.mentor]
    assert enrolment.signers(Party.MANAGER) == [manager]
    assert enrolment.signers(Party.LECTURER) == [lecturer]
    assert enrolment.signers(Review.EMPLOYER) == [people.mentor, manager]
    contract, review = ready_contract(people, cohort_setup), a_review(people, cohort_setup)
    evidence = submitted_evidence(people, cohort_setup)
    assert contract.parties_of(manager) == [Party.MANAGER]
    assert review.parties_of(manager) == [Review.EMPLOYER]
    assert review.parties_of(people.mentor) == [Review.EMPLOYER]
    assert evidence.parties_of(people.mentor) == [Party.MENTOR]
    assert evidence.parties_of(manager) == []
    for outsider in (cohort_setup.other_mentor, people.lead, people.other_trainee):
        assert (
            contract.parties_of(outsider)
            == review.parties_of(outsider)
            == evidence.parties_of(outsider)
            == []
        )


def test_a_trainee_stored_as_their_own_supporter_signs_only_as_the_trainee(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    enrolment.mentors.add(people.trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(manager=people.trainee, lecturer=people.trainee)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    for party in (Party.MENTOR, Party.MANAGER, Party.LECTURER, Review.EMPLOYER):
        assert people.trainee not in enrolment.signers(party)
    contract = services.current_contract(enrolment)
    assert contract.parties_of(people.trainee) == [Party.TRAINEE]
    with pytest.raises(signing.OwnRecord, match="Nobody signs for themself"):
        services.sign_contract(contract=contract, party="mentor", by=people.trainee)
    assert not contract.signatures.exists()


# --- The refusals, each its own type -------------------------------------------------------------------


def test_a_party_signs_once_and_a_person_for_one_party(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    with pytest.raises(signing.AlreadySigned, match="The trainee has already signed this version"):
        services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    review = a_review(people, cohort_setup)
    services.sign_review(review=review, party="employer", by=people.mentor)
    with pytest.raises(signing.AlreadySigned):
        services.sign_review(review=review, party="employer", by=cohort_setup.manager)
    assert review.signatures.get().signed_by == people.mentor


def test_someone_who_does_not_hold_the_party_cannot_sign_for_it(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    with pytest.raises(signing.NotASigner, match="Only the trainee's mentor can sign as Mentor"):
        services.sign_contract(contract=contract, party="mentor", by=cohort_setup.other_mentor)
    with pytest.raises(signing.NotASigner, match="Choose who you sign as"):
        services.sign_contract(contract=contract, party="chair", by=people.mentor)
    evidence = submitted_evidence(people, cohort_setup)
    with pytest.raises(signing.NotASigner, match="mentor"):
        portfolio.decide_evidence(evidence=evidence, by=cohort_setup.manager, sign_off=True)
    assert not contract.signatures.exists() and not evidence.decisions.exists()


def test_what_the_signer_saw_must_be_what_is_signed(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    seen = contract.fingerprint()
    services.change_contract(contract=contract, by=people.lead, study_hours_per_week=6)  # unsigned: in place
    with pytest.raises(signing.ChangedSince, match="has changed since you opened it"):
        services.sign_contract(contract=contract, party="trainee", by=people.trainee, seen=seen)
    assert not contract.signatures.exists()
    contract.refresh_from_db()
    signature = services.sign_contract(
        contract=contract, party="trainee", by=people.trainee, seen=contract.fingerprint()
    )
    assert signature.fingerprint == contract.fingerprint() != seen


def test_a_sign_off_records_the_fingerprint_party_who_and_when_and_checks_what_was_seen(people, cohort_setup):
    evidence = submitted_evidence(people, cohort_setup)
    with pytest.raises(signing.ChangedSince):
        portfolio.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True, seen="0" * 64)
    evidence.refresh_from_db()
    assert evidence.is_submitted and not evidence.decisions.exists()
    decision = portfolio.decide_evidence(
        evidence=evidence, by=people.mentor, sign_off=True, seen=evidence.fingerprint()
    )
    assert (decision.party, decision.decided_by, decision.fingerprint) == (
        Party.MENTOR,
        people.mentor,
        evidence.fingerprint(),
    )
    assert decision.decided_at is not None


def test_a_replaced_version_cannot_be_signed(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    services.change_contract(contract=contract, by=people.lead, study_hours_per_week=6)
    with pytest.raises(signing.NotSignable, match="replaced"):
        services.sign_contract(contract=contract, party="mentor", by=people.mentor)


def test_every_refusal_is_a_validation_error_for_the_views_one_helper():
    for error in (
        signing.AlreadySigned,
        signing.NotASigner,
        signing.OwnRecord,
        signing.ChangedSince,
        signing.NotSignable,
        signing.Immutable,
    ):
        assert issubclass(error, signing.SigningError) and issubclass(error, ValidationError)


# --- Signed records never change -----------------------------------------------------------------------


def test_a_signed_contract_or_review_cannot_be_changed_or_deleted(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    contract.study_hours_per_week = 3
    with pytest.raises(signing.Immutable):
        contract.save()
    with pytest.raises(signing.Immutable):
        LearningContract.objects.get(pk=contract.pk).delete()
    review = a_review(people, cohort_setup)
    review.actions = "Changed before anyone signed"
    review.save()  # unsigned: still a draft
    services.sign_review(review=review, party="trainee", by=people.trainee)
    review.actions = "Changed after signing"
    with pytest.raises(signing.Immutable):
        review.save()
    with pytest.raises(signing.Immutable):
        review.delete()
    contract.refresh_from_db()
    review.refresh_from_db()
    assert contract.study_hours_per_week != 3 and review.actions == "Changed before anyone signed"


def test_a_signed_contract_is_still_replaced_by_a_new_version(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    new = services.change_contract(contract=contract, by=people.lead, study_hours_per_week=6)
    contract.refresh_from_db()
    assert new.version == 2 and not contract.is_current  # superseding changes nothing that was signed


def test_signed_off_evidence_and_its_decision_cannot_be_changed(people, cohort_setup):
    evidence = submitted_evidence(people, cohort_setup)
    decision = portfolio.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True)
    evidence.refresh_from_db()
    evidence.narrative = "Rewritten after sign-off"
    with pytest.raises(signing.Immutable):
        evidence.save()
    with pytest.raises(signing.Immutable):
        evidence.delete()
    decision.comment = "Changed"
    with pytest.raises(signing.Immutable):
        decision.save()
    with pytest.raises(signing.Immutable):
        decision.delete()
    with pytest.raises(ValidationError, match="make a new version"):
        portfolio.update_evidence(evidence=evidence, by=people.trainee, ksbs=evidence.ksbs.all(), title="x")
    evidence.refresh_from_db()
    assert evidence.narrative == "I led the handover." and Decision.objects.get().comment == ""


def test_a_signature_is_written_once(people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    signature = services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    review_signature = services.sign_review(
        review=a_review(people, cohort_setup), party="trainee", by=people.trainee
    )
    for row in (signature, review_signature):
        row.signed_by = people.mentor
        with pytest.raises(signing.Immutable):
            row.save()
        with pytest.raises(signing.Immutable):
            row.delete()
    assert (
        ContractSignature.objects.get().signed_by == ReviewSignature.objects.get().signed_by == people.trainee
    )


# --- A new signature model must guard the race ---------------------------------------------------------


def test_the_signature_models_have_the_unique_constraint_that_settles_a_race():
    for model in (ContractSignature, ReviewSignature):
        assert "core.E001" not in [error.id for error in model.check()]


@isolate_apps("core")
def test_a_signature_model_without_a_unique_party_per_record_fails_the_check():
    class Consent(models.Model):
        class Meta:
            app_label = "core"

        def __str__(self):
            return "consent"

    class ConsentSignature(signing.Signature):
        consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="signatures")
        party = models.CharField(max_length=10, choices=[("candidate", "Candidate")])

        class Meta:
            app_label = "core"

    class GuardedSignature(signing.Signature):
        consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="guarded")
        party = models.CharField(max_length=10, choices=[("candidate", "Candidate")])

        class Meta:
            app_label = "core"
            constraints = [models.UniqueConstraint(fields=["consent", "party"], name="guarded_once")]

    assert "core.E001" in [error.id for error in ConsentSignature.check()]
    assert "core.E001" not in [error.id for error in GuardedSignature.check()]


# --- The pages: the fingerprint goes with the form, refusals come back on it ----------------------------


def test_the_contract_page_sends_the_fingerprint_and_a_stale_one_is_refused_on_the_form(
    client, people, cohort_setup
):
    contract = ready_contract(people, cohort_setup)
    client.force_login(people.mentor)
    url = reverse("trainees:contract_detail", args=[contract.pk])
    assert f'name="fingerprint" value="{contract.fingerprint()}"' in client.get(url).text
    seen = contract.fingerprint()
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff, booked ahead.")
    response = client.post(
        reverse("trainees:contract_sign", args=[contract.pk]),
        {"party": "mentor", "read_terms": "yes", "fingerprint": seen},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text and "has changed since you opened it" in response.text
    assert "Bank staff, booked ahead." in response.text  # the page now shows what would be signed
    assert not contract.signatures.exists()


def test_signing_without_reading_says_so_beside_the_box(client, people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    client.force_login(people.trainee)
    response = client.post(
        reverse("trainees:contract_sign", args=[contract.pk]),
        {"party": "trainee", "fingerprint": contract.fingerprint()},
    )
    assert response.status_code == 400
    assert 'id="id_read_terms_error"' in response.text and "Confirm that you have read" in response.text
    assert not contract.signatures.exists()


def test_review_refusal_is_shown_even_when_no_button_is_left(client, people, cohort_setup):
    review = a_review(people, cohort_setup)
    url = reverse("trainees:review_sign", args=[review.pk])
    client.force_login(cohort_setup.manager)
    page = client.get(reverse("trainees:review_detail", args=[review.pk])).text
    assert "Sign as employer (mentor or manager)" in page
    services.sign_review(review=review, party="employer", by=people.mentor)  # meanwhile
    response = client.post(url, {"party": "employer", "fingerprint": review.fingerprint()})
    assert response.status_code == 400
    assert "The employer (mentor or manager) has already signed this review." in response.text
    assert "Sign as" not in response.text
    assert review.signatures.get().signed_by == people.mentor


def test_who_has_signed_one_party_is_offered_no_other(client, people, cohort_setup):
    Enrolment.objects.filter(pk=cohort_setup.enrolment.pk).update(lecturer=cohort_setup.manager)
    contract = ready_contract(people, cohort_setup)
    client.force_login(cohort_setup.manager)
    page = client.get(reverse("trainees:contract_detail", args=[contract.pk])).text
    assert "Sign as manager" in page and "Sign as lecturer" in page
    services.sign_contract(contract=contract, party="manager", by=cohort_setup.manager)
    page = client.get(reverse("trainees:contract_detail", args=[contract.pk])).text
    assert "Sign as" not in page


def test_a_stale_evidence_fingerprint_is_refused_on_the_decision_form(client, people, cohort_setup):
    evidence = submitted_evidence(people, cohort_setup)
    client.force_login(people.mentor)
    page = client.get(reverse("competencies:evidence_detail", args=[evidence.pk])).text
    assert f'name="fingerprint" value="{evidence.fingerprint()}"' in page
    response = client.post(
        reverse("competencies:evidence_decide", args=[evidence.pk]),
        {"decision": "sign_off", "comment": "", "fingerprint": "0" * 64},
    )
    assert response.status_code == 400 and "has changed since you opened it" in response.text
    evidence.refresh_from_db()
    assert evidence.is_submitted and not evidence.decisions.exists()


def test_a_decision_without_a_choice_is_refused_on_the_form(client, people, cohort_setup):
    evidence = submitted_evidence(people, cohort_setup)
    client.force_login(people.mentor)
    response = client.post(reverse("competencies:evidence_decide", args=[evidence.pk]), {"comment": "Hm"})
    assert response.status_code == 400 and "Choose to sign off or return the evidence." in response.text
    assert not evidence.decisions.exists()


def test_an_unrelated_person_gets_no_button_and_cannot_post_one(client, people, cohort_setup):
    contract = ready_contract(people, cohort_setup)
    stranger = UserFactory()
    client.force_login(stranger)
    assert (
        client.post(reverse("trainees:contract_sign", args=[contract.pk]), {"party": "mentor"}).status_code
        == 404
    )
    assert not contract.signatures.exists()
