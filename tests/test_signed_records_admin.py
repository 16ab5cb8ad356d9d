"""Signed records are immutable in the Django admin too, even for a superuser: signatures, decisions, signed
contracts, signed reviews and signed-off evidence are shown read-only; a POST changes nothing; deleting them,
or what they belong to, is refused."""

import datetime

import pytest
from django.urls import reverse

from competencies import services as portfolio
from competencies.models import Decision, Evidence
from tests.factories import UserFactory
from trainees import services
from trainees.models import ContractSignature, Enrolment, ProgressReview, ReviewSignature

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def signed(people, cohort_setup):
    """A contract and a review signed by the trainee, and evidence signed off by the mentor."""
    enrolment = cohort_setup.enrolment
    contract = services.current_contract(enrolment)
    contract_signature = services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    review = services.record_review(
        enrolment=enrolment, by=people.mentor, held_on=TODAY, progress="On track", actions="Keep going"
    )
    review_signature = services.sign_review(review=review, party="trainee", by=people.trainee)
    evidence = portfolio.create_evidence(
        enrolment=enrolment,
        by=people.trainee,
        ksbs=[cohort_setup.programme.standard.ksbs.first()],
        title="Handover",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I led the handover.",
    )
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    decision = portfolio.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True, comment="Good")
    return {
        "contract": contract,
        "contract_signature": contract_signature,
        "review": review,
        "review_signature": review_signature,
        "evidence": Evidence.objects.get(pk=evidence.pk),
        "decision": decision,
    }


def url(obj, view):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def snapshot(obj):
    return {
        f.attname: getattr(type(obj).objects.get(pk=obj.pk), f.attname) for f in obj._meta.concrete_fields
    }


@pytest.mark.parametrize(
    "name", ["contract_signature", "review_signature", "decision", "contract", "review", "evidence"]
)
def test_a_signed_record_is_read_only_for_a_superuser(admin_client, signed, name):
    obj = signed[name]
    before = snapshot(obj)
    page = admin_client.get(url(obj, "change"))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # shown, with nothing to save
    posted = {f.name: "changed" for f in obj._meta.concrete_fields if f.name != "id"}
    assert admin_client.post(url(obj, "change"), posted).status_code == 403
    assert snapshot(obj) == before


@pytest.mark.parametrize(
    "name", ["contract_signature", "review_signature", "decision", "contract", "review", "evidence"]
)
def test_a_signed_record_cannot_be_deleted_in_the_admin(admin_client, signed, name):
    obj = signed[name]
    assert admin_client.post(url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_bulk_delete_action_refuses_signed_records(admin_client, signed):
    review = signed["review"]
    changelist = reverse("admin:trainees_progressreview_changelist")
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [review.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert ProgressReview.objects.filter(pk=review.pk).exists()


def test_signatures_and_decisions_cannot_be_added_in_the_admin(admin_client, signed):
    for model in (ContractSignature, ReviewSignature, Decision):
        meta = model._meta
        assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403


def test_an_enrolment_whose_records_are_signed_is_not_deleted_through_the_admin(
    admin_client, signed, cohort_setup
):
    enrolment = cohort_setup.enrolment
    assert admin_client.post(url(enrolment, "delete"), {"post": "yes"}).status_code == 403
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert ContractSignature.objects.filter(pk=signed["contract_signature"].pk).exists()


def test_a_signed_review_cannot_be_reverted_through_its_history(admin_client, signed):
    review = signed["review"]
    historical = review.history.earliest()
    revert = reverse("admin:trainees_progressreview_simple_history", args=[review.pk, historical.history_id])
    assert admin_client.get(revert).status_code == 200  # may look
    data = {"enrolment": review.enrolment_id, "held_on": TODAY.isoformat(), "progress": "Rewritten"}
    data |= {"actions": "None", "recorded_by": review.recorded_by_id, "planned_hours": 0, "taken_hours": 0}
    assert admin_client.post(revert, data).status_code == 403
    review.refresh_from_db()
    assert review.progress == "On track"


def test_signed_off_evidence_cannot_be_reverted_through_its_history(admin_client, signed):
    evidence = signed["evidence"]
    submitted = evidence.history.filter(status=Evidence.Status.SUBMITTED).earliest()
    revert = reverse("admin:competencies_evidence_simple_history", args=[evidence.pk, submitted.history_id])
    assert admin_client.post(revert, {"title": "Handover"}).status_code == 403
    evidence.refresh_from_db()
    assert evidence.is_signed_off


def test_an_unsigned_review_can_still_be_put_right_in_the_admin(admin_client, people, cohort_setup):
    review = services.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Typo", actions="More"
    )
    assert 'name="_save"' in admin_client.get(url(review, "change")).text


# --- Every admin with history refuses a revert from someone who may only view ---------------------------


def test_every_registered_admin_with_history_refuses_reverts_it_should_not_save():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from core.signing_admin import RevertOnlyIfChangeable

    unguarded = sorted(
        str(model._meta)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, RevertOnlyIfChangeable)
    )
    assert unguarded == []


def test_staff_who_may_only_view_an_organisation_cannot_revert_it(client, people):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    trust = people.trust
    first_name = trust.name
    trust.name = "Renamed Trust"
    trust.save()
    earliest = trust.history.earliest()
    client.force_login(viewer)
    revert = reverse("admin:accounts_organisation_simple_history", args=[trust.pk, earliest.history_id])
    assert client.get(revert).status_code == 200  # may look
    response = client.post(revert, {"name": first_name, "kind": trust.kind, "region": trust.region_id})
    assert response.status_code == 403
    trust.refresh_from_db()
    assert trust.name == "Renamed Trust"


# --- Workforce plans: the job description agreement, published profiles and codes of practice ----------


@pytest.fixture
def workforce_fixed(people):
    """A job description agreement signed by its job holder (a Signable), a published profile version, a
    published code of practice and an acknowledgement of it: all fixed in the portal, so in the admin too."""
    from django.utils import timezone

    from standards.models import Standard
    from tests.workforce.profiles_setup import published_profile
    from workforce import services_career, services_profiles
    from workforce.catalogue import ensure_catalogue
    from workforce.models import CodeAcknowledgement, CodeVersion, RoleVariant, ScopeStatement, WorkforceRole

    ensure_catalogue(WorkforceRole, RoleVariant, Standard)
    role = WorkforceRole.objects.get(name="Assistant practitioner", organisation=None)
    version = published_profile(people.trust, role, people.lead).current_version()
    agreement = services_profiles.name_signers(
        version=version, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )
    signature = services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    code = CodeVersion.objects.create(organisation=people.trust, number=1, text="Work within your scope.")
    ScopeStatement.objects.create(
        version=code, workforce_role=role, may_do="Observations", may_not_do="Medicines", accountable_to="RN"
    )
    services_career.publish_code_version(version=code, by=people.lead)
    acknowledgement = CodeAcknowledgement.objects.create(
        version=code, person=people.trainee, acknowledged_at=timezone.now()
    )
    return {
        "agreement": agreement,
        "agreement_signature": signature,
        "published_version": version,
        "published_code": code,
        "acknowledgement": acknowledgement,
    }


FIXED = ["agreement", "agreement_signature", "published_version", "published_code", "acknowledgement"]


@pytest.mark.parametrize("name", FIXED)
def test_a_signed_agreement_and_what_is_published_are_read_only_for_a_superuser(
    admin_client, workforce_fixed, name
):
    obj = workforce_fixed[name]
    before = snapshot(obj)
    page = admin_client.get(url(obj, "change"))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    posted = {f.name: "changed" for f in obj._meta.concrete_fields if f.name != "id"}
    assert admin_client.post(url(obj, "change"), posted).status_code == 403
    assert snapshot(obj) == before


@pytest.mark.parametrize("name", FIXED)
def test_a_signed_agreement_and_what_is_published_cannot_be_deleted_in_the_admin(
    admin_client, workforce_fixed, name
):
    obj = workforce_fixed[name]
    assert admin_client.post(url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_profile_with_a_published_version_is_not_deleted_through_the_admin(admin_client, workforce_fixed):
    profile = workforce_fixed["published_version"].profile
    assert admin_client.post(url(profile, "delete"), {"post": "yes"}).status_code == 403
    assert type(profile).objects.filter(pk=profile.pk).exists()


def test_agreement_signatures_and_acknowledgements_cannot_be_added_in_the_admin(
    admin_client, workforce_fixed
):
    from workforce.models import AgreementSignature, CodeAcknowledgement

    for model in (AgreementSignature, CodeAcknowledgement):
        meta = model._meta
        assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403


def test_an_unsigned_agreement_and_a_draft_version_can_still_be_put_right_in_the_admin(admin_client, people):
    from standards.models import Standard
    from tests.workforce.profiles_setup import draft_profile, published_profile
    from workforce import services_profiles
    from workforce.catalogue import ensure_catalogue
    from workforce.models import RoleVariant, WorkforceRole

    ensure_catalogue(WorkforceRole, RoleVariant, Standard)
    role = WorkforceRole.objects.get(name="Assistant practitioner", organisation=None)
    version = published_profile(people.trust, role, people.lead).current_version()
    unsigned = services_profiles.name_signers(
        version=version, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )
    draft = draft_profile(people.trust, role, people.lead, name="Ward assistant practitioner").draft()
    assert 'name="_save"' in admin_client.get(url(unsigned, "change")).text
    assert 'name="_save"' in admin_client.get(url(draft, "change")).text


def test_candidates_are_kept_out_of_the_admin():
    # Personal data, seen only by the recruiting organisation's leads and the vacancy's panel.
    from django.contrib import admin

    from workforce.models import Candidate, Score, Vacancy

    assert not any(admin.site.is_registered(model) for model in (Vacancy, Candidate, Score))


def test_every_workforce_admin_list_and_record_opens(admin_client, workforce_fixed):
    from django.contrib import admin

    for model in [m for m in admin.site._registry if m._meta.app_label == "workforce"]:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        first = model.objects.first()
        if first is not None:
            assert admin_client.get(url(first, "change")).status_code == 200, meta.model_name
