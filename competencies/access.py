"""Who may see, add and decide evidence, and sign off KSBs. Rules as accounts/access.py describes: each
answers one question about one person and (usually) one object; views apply them with
``accounts.access.permit``."""

from accounts.access import Role, has_role
from trainees.access import can_manage_enrolment, can_view_enrolment

from .gateway import may_confirm, requirements_for
from .models import GatewayDeclaration

# --- Evidence portfolio and sign-off -----------------------------------------------------------------


def _is_mentor_of(user, enrolment):
    return enrolment.is_mentor(user)


def can_view_portfolio(user, enrolment):
    return can_view_enrolment(user, enrolment)


def can_add_evidence(user, enrolment):
    return enrolment.trainee_id == user.pk and enrolment.is_active


def can_view_evidence(user, evidence):
    return can_view_portfolio(user, evidence.enrolment)


def can_edit_evidence(user, evidence):
    return evidence.enrolment.trainee_id == user.pk and evidence.is_editable


def can_make_new_version(user, evidence):
    return evidence.enrolment.trainee_id == user.pk and evidence.is_signed_off


def can_decide_evidence(user, evidence):
    # The mentor signs it off: the one party of evidence (Enrolment.signers decides who holds it). Only while
    # the trainee is active, as the mentor's queue shows it (on a break, it waits for their return).
    return evidence.is_submitted and evidence.enrolment.is_active and bool(evidence.parties_of(user))


def can_sign_off_ksbs(user, enrolment):
    # As with evidence: only while the trainee is active.
    return enrolment.is_active and _is_mentor_of(user, enrolment)


def can_view_mentor_queue(user):
    return has_role(user, Role.MENTOR)


def can_confirm_gateway(user, enrolment):
    # Someone who may confirm at least one requirement of the checklist (gateway.may_confirm: the employer,
    # the provider, the mentor or a workforce lead), while the checklist is open (before gateway).
    if enrolment.at_gateway:
        return False
    requirements = requirements_for(enrolment.cohort.programme.standard)
    return any(may_confirm(user, enrolment, r) for r in requirements)


def can_sign_gateway_declaration(user, enrolment):
    # Someone who holds a party of the declaration (GatewayDeclaration.signers), while the trainee is active
    # and before gateway. Whether the trainee is ready is the service's question (it says what is missing).
    if not enrolment.is_active or enrolment.at_gateway:
        return False
    return bool(GatewayDeclaration(enrolment=enrolment).parties_of(user))


def can_record_assessment(user, enrolment):
    # A workforce lead of the trainee's organisation books the end-point assessment and records its results,
    # after gateway; never their own.
    return enrolment.at_gateway and can_manage_enrolment(user, enrolment)


def can_view_attachment(user, attachment):
    return can_view_evidence(user, attachment.evidence)


def can_remove_attachment(user, attachment):
    return can_edit_evidence(user, attachment.evidence)
