"""Who may see, add and decide evidence, and sign off KSBs. Rules as accounts/access.py describes: each
answers one question about one person and (usually) one object; views apply them with
``accounts.access.permit``."""

from accounts.access import Role, has_role
from trainees.access import can_manage_enrolment, can_view_enrolment

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
    # The employer side: the trainee's manager or the organisation's workforce lead.
    if user.pk == enrolment.trainee_id:
        return False
    return enrolment.is_manager(user) or can_manage_enrolment(user, enrolment)


def can_view_attachment(user, attachment):
    return can_view_evidence(user, attachment.evidence)


def can_remove_attachment(user, attachment):
    return can_edit_evidence(user, attachment.evidence)
