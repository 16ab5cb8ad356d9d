"""Each named rule in competencies.access, for yes and for no.

alice (people.trainee) is mentored by people.mentor, with cohort_setup's manager and lecturer; bob's mentor
(mentor2) and the other trust's lead are among those who must be refused.
"""

import pytest
from django.core.exceptions import ValidationError

from competencies import access, services
from competencies.models import Attachment, Evidence
from trainees import services as trainee_services
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def supporters(people, cohort_setup):
    return (people.mentor, cohort_setup.manager, cohort_setup.lecturer)


def outsiders(people, cohort_setup):
    return (
        people.other_trainee,
        cohort_setup.other_mentor,
        people.other_lead,
        people.outside_trainee,
        people.regional,
    )


@pytest.fixture
def self_supported(people, trainee_enrolment):
    """alice stored as her own mentor, manager and lecturer (as an old edit form allowed)."""
    trainee_enrolment.mentors.add(people.trainee)
    Enrolment.objects.filter(pk=trainee_enrolment.pk).update(manager=people.trainee, lecturer=people.trainee)
    return Enrolment.objects.get(pk=trainee_enrolment.pk)


@pytest.fixture
def submitted(people, evidence_draft):
    return services.submit_evidence(evidence=evidence_draft, by=people.trainee)


@pytest.fixture
def signed_off(people, submitted):
    services.decide_evidence(evidence=submitted, by=people.mentor, sign_off=True)
    return Evidence.objects.get(pk=submitted.pk)


@pytest.fixture
def returned(people, submitted):
    services.decide_evidence(evidence=submitted, by=people.mentor, sign_off=False, comment="Add the date.")
    return Evidence.objects.get(pk=submitted.pk)


def attachment_of(evidence, people):
    # Only the row matters to the rules; the file's checks and storage are tested in test_attachments.
    return Attachment.objects.create(
        evidence=evidence,
        file=f"evidence/{evidence.enrolment_id}/0123456789abcdef0123456789abcdef",
        original_name="handover.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=people.trainee,
    )


# --- Portfolio and evidence ----------------------------------------------------------------------------


def test_portfolio_visible_to_the_trainee_their_supporters_and_lead(people, cohort_setup):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_portfolio(someone, cohort_setup.enrolment)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_portfolio(someone, cohort_setup.enrolment)


def test_only_the_active_trainee_adds_evidence_to_their_portfolio(people, cohort_setup):
    assert access.can_add_evidence(people.trainee, cohort_setup.enrolment)
    assert not access.can_add_evidence(people.trainee, cohort_setup.other_enrolment)
    for someone in (*supporters(people, cohort_setup), people.lead):
        assert not access.can_add_evidence(someone, cohort_setup.enrolment)


def test_trainee_no_longer_active_may_not_add_evidence(people, cohort_setup):
    on_break = Enrolment.Status.ON_BREAK
    trainee_services.change_status(enrolment=cohort_setup.enrolment, status=on_break, by=people.lead)
    assert not access.can_add_evidence(people.trainee, cohort_setup.enrolment)


def test_evidence_visible_to_those_who_see_the_portfolio(people, cohort_setup, evidence_draft):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_evidence(someone, evidence_draft)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_evidence(someone, evidence_draft)


def test_trainee_edits_their_evidence_while_draft(people, evidence_draft):
    assert access.can_edit_evidence(people.trainee, evidence_draft)


def test_trainee_edits_their_evidence_once_returned(people, returned):
    assert access.can_edit_evidence(people.trainee, returned)


def test_no_one_edits_evidence_waiting_for_a_decision_or_signed_off(people, submitted):
    assert not access.can_edit_evidence(people.trainee, submitted)
    services.decide_evidence(evidence=submitted, by=people.mentor, sign_off=True)
    assert not access.can_edit_evidence(people.trainee, Evidence.objects.get(pk=submitted.pk))


def test_no_one_but_the_trainee_edits_their_evidence(people, cohort_setup, evidence_draft):
    for someone in (*supporters(people, cohort_setup), people.lead, people.other_trainee):
        assert not access.can_edit_evidence(someone, evidence_draft)


def test_trainee_makes_a_new_version_of_signed_off_evidence_only(people, cohort_setup, evidence_draft):
    assert not access.can_make_new_version(people.trainee, evidence_draft)
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    services.decide_evidence(evidence=evidence_draft, by=people.mentor, sign_off=True)
    signed = Evidence.objects.get(pk=evidence_draft.pk)
    assert access.can_make_new_version(people.trainee, signed)
    for someone in (*supporters(people, cohort_setup), people.lead, people.other_trainee):
        assert not access.can_make_new_version(someone, signed)


# --- Decisions and sign-off -----------------------------------------------------------------------------


def test_only_the_trainees_mentor_decides_submitted_evidence(people, cohort_setup, submitted):
    assert access.can_decide_evidence(people.mentor, submitted)
    others = (people.trainee, cohort_setup.manager, cohort_setup.lecturer, people.lead)
    for someone in (*others, *outsiders(people, cohort_setup)):
        assert not access.can_decide_evidence(someone, submitted)


def test_mentor_may_not_decide_a_draft(people, evidence_draft):
    assert not access.can_decide_evidence(people.mentor, evidence_draft)


def test_mentor_decides_evidence_only_while_it_is_submitted(people, returned):
    assert not access.can_decide_evidence(people.mentor, returned)
    services.submit_evidence(evidence=returned, by=people.trainee)
    services.decide_evidence(evidence=returned, by=people.mentor, sign_off=True)
    assert not access.can_decide_evidence(people.mentor, Evidence.objects.get(pk=returned.pk))


def test_trainee_stored_as_their_own_mentor_may_not_decide_their_evidence(people, self_supported, submitted):
    assert not access.can_decide_evidence(people.trainee, Evidence.objects.get(pk=submitted.pk))


def test_only_the_trainees_mentor_signs_off_their_ksbs(people, cohort_setup):
    assert access.can_sign_off_ksbs(people.mentor, cohort_setup.enrolment)
    assert not access.can_sign_off_ksbs(people.mentor, cohort_setup.other_enrolment)
    others = (people.trainee, cohort_setup.manager, cohort_setup.lecturer, people.lead)
    for someone in (*others, *outsiders(people, cohort_setup)):
        assert not access.can_sign_off_ksbs(someone, cohort_setup.enrolment)


def test_trainee_stored_as_their_own_mentor_may_not_sign_off_their_ksbs(people, self_supported):
    assert not access.can_sign_off_ksbs(people.trainee, self_supported)


def test_mentor_queue_open_to_mentors_only(people, cohort_setup):
    assert access.can_view_mentor_queue(people.mentor)
    assert access.can_view_mentor_queue(cohort_setup.other_mentor)
    others = (people.trainee, cohort_setup.manager, cohort_setup.lecturer, people.lead, people.regional)
    for someone in others:
        assert not access.can_view_mentor_queue(someone)


# --- Gateway ---------------------------------------------------------------------------------------------


def test_the_employer_provider_mentor_or_lead_confirm_gateway_requirements(people, cohort_setup):
    # Each confirms the requirements their side knows (gateway.may_confirm): the manager and mentor the
    # employer's, the lecturer the qualifications, the mentor the portfolio; a lead any of them.
    for someone in (cohort_setup.manager, people.mentor, cohort_setup.lecturer, people.lead):
        assert access.can_confirm_gateway(someone, cohort_setup.enrolment)
    for someone in (people.trainee, *outsiders(people, cohort_setup)):
        assert not access.can_confirm_gateway(someone, cohort_setup.enrolment)


def test_trainee_stored_as_their_own_manager_may_not_confirm_their_gateway(people, self_supported):
    assert not access.can_confirm_gateway(people.trainee, self_supported)


def test_lead_who_is_a_trainee_may_not_confirm_their_own_gateway(people, cohort_setup):
    own = trainee_services.enrol(
        cohort=cohort_setup.cohort,
        trainee=people.lead,
        by=people.lead,
        mentors=[people.mentor],
        manager=cohort_setup.manager,
    )
    assert not access.can_confirm_gateway(people.lead, own)
    assert access.can_confirm_gateway(cohort_setup.manager, own)


# --- Attachments -----------------------------------------------------------------------------------------


def test_attachment_visible_to_those_who_see_its_evidence(people, cohort_setup, evidence_draft):
    attachment = attachment_of(evidence_draft, people)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_attachment(someone, attachment)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_attachment(someone, attachment)


def test_trainee_removes_an_attachment_while_the_evidence_is_editable(people, cohort_setup, evidence_draft):
    attachment = attachment_of(evidence_draft, people)
    assert access.can_remove_attachment(people.trainee, attachment)
    for someone in (*supporters(people, cohort_setup), people.lead, people.other_trainee):
        assert not access.can_remove_attachment(someone, attachment)
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    attachment = Attachment.objects.select_related("evidence").get(pk=attachment.pk)
    assert not access.can_remove_attachment(people.trainee, attachment)


@pytest.mark.parametrize("status", [s for s in Enrolment.Status if s != Enrolment.Status.ACTIVE])
def test_mentor_may_not_decide_evidence_of_a_trainee_who_is_not_active(people, submitted, status):
    assert access.can_decide_evidence(people.mentor, submitted)
    trainee_services.change_status(enrolment=submitted.enrolment, status=status, by=people.lead)
    evidence = Evidence.objects.get(pk=submitted.pk)
    assert not access.can_decide_evidence(people.mentor, evidence)
    with pytest.raises(ValidationError, match="not an active trainee"):
        services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True)
    assert Evidence.objects.get(pk=submitted.pk).is_submitted


@pytest.mark.parametrize("status", [s for s in Enrolment.Status if s != Enrolment.Status.ACTIVE])
def test_mentor_may_not_mark_ksbs_of_a_trainee_who_is_not_active(people, signed_off, status):
    enrolment = signed_off.enrolment
    assert access.can_sign_off_ksbs(people.mentor, enrolment)
    trainee_services.change_status(enrolment=enrolment, status=status, by=people.lead)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert not access.can_sign_off_ksbs(people.mentor, enrolment)
    with pytest.raises(ValidationError, match="not an active trainee"):
        services.achieve_ksb(
            enrolment=enrolment, ksb=signed_off.ksbs.first(), by=people.mentor, evidence=[signed_off]
        )
    assert not enrolment.achievements.exists()


def test_the_declarations_parties_sign_it_before_gateway(people, cohort_setup, at_gateway):
    enrolment = cohort_setup.other_enrolment  # bob: his mentor and the lead are not parties of alice's
    assert access.can_sign_gateway_declaration(people.other_trainee, enrolment)
    assert access.can_sign_gateway_declaration(cohort_setup.other_mentor, enrolment)
    for person in (people.lead, people.mentor, people.other_lead, people.trainee):
        assert not access.can_sign_gateway_declaration(person, enrolment)
    # alice is through gateway: nobody signs her declaration again.
    assert not access.can_sign_gateway_declaration(people.trainee, at_gateway)


def test_a_lead_of_the_trainees_organisation_records_the_assessment_after_gateway(
    people, cohort_setup, at_gateway
):
    assert access.can_record_assessment(people.lead, at_gateway)
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert not access.can_record_assessment(person, at_gateway)
    for person in outsiders(people, cohort_setup):
        assert not access.can_record_assessment(person, at_gateway)
    assert not access.can_record_assessment(people.lead, cohort_setup.other_enrolment)  # before gateway
