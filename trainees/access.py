"""Who may see and change programmes, cohorts, enrolments, contracts, study time and reviews. Rules as
accounts/access.py describes: each answers one question about one person and (usually) one object; views
apply them with ``accounts.access.permit``."""

from django.db import models

from accounts.access import Role, organisation_ids

# --- Trainees: programmes, cohorts, enrolments, contracts, study time, reviews ------------------------


def _supports(user, enrolment):
    """The trainee's mentor, manager or lecturer (never the trainee themself)."""
    return enrolment.is_supporter(user)


def can_manage_trainees(user):
    return bool(organisation_ids(user, Role.WORKFORCE_LEAD))


def can_manage_programme(user, programme):
    return programme.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_manage_cohort(user, cohort):
    return cohort.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def supported_by(user):
    """A filter on enrolments: those the person supports as mentor, manager or lecturer, never their own."""
    return (models.Q(mentors=user) | models.Q(manager=user) | models.Q(lecturer=user)) & ~models.Q(
        trainee=user
    )


def visible_enrolments(user, cohort):
    """The cohort's trainees this person may see: all of them for its leads, else their own caseload."""
    enrolments = cohort.enrolments.all()
    if can_manage_cohort(user, cohort):
        return enrolments
    return enrolments.filter(pk__in=cohort.enrolments.filter(supported_by(user)).values("pk"))


def can_view_cohort(user, cohort):
    # Leads see all their organisation's cohorts; mentors, managers and lecturers see the cohort page showing
    # only the trainees they support.
    return can_manage_cohort(user, cohort) or cohort.enrolments.filter(supported_by(user)).exists()


def can_view_enrolment(user, enrolment):
    return (
        enrolment.trainee_id == user.pk
        or _supports(user, enrolment)
        or enrolment.cohort.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)
    )


def can_manage_enrolment(user, enrolment):
    # A lead enrolled as a trainee in their own trust is managed by another lead: nobody chooses their own
    # supporters, records their own review or arranges their own cover.
    return enrolment.trainee_id != user.pk and enrolment.cohort.organisation_id in organisation_ids(
        user, Role.WORKFORCE_LEAD
    )


def can_edit_contract(user, contract):
    return contract.is_current and can_manage_enrolment(user, contract.enrolment)


def can_set_service_cover(user, contract):
    # The manager arranges cover for the trainee's study time; a lead may too.
    return contract.is_current and (
        contract.enrolment.is_manager(user) or can_manage_enrolment(user, contract.enrolment)
    )


def can_view_contract(user, contract):
    return can_view_enrolment(user, contract.enrolment)


def can_sign_contract(user, contract):
    # Who signs for which party is decided once, by Enrolment.signers (core.signing.Signable.parties_of).
    return contract.is_current and bool(contract.parties_of(user))


def can_log_study_time(user, enrolment):
    return enrolment.trainee_id == user.pk and enrolment.is_active


def can_confirm_study_time_of(user, enrolment):
    return enrolment.is_manager(user)


def can_decide_study_time(user, entry):
    return can_confirm_study_time_of(user, entry.enrolment)


def can_view_study_time_entry(user, entry):
    return can_view_enrolment(user, entry.enrolment)


def can_record_review(user, enrolment):
    return _supports(user, enrolment) or can_manage_enrolment(user, enrolment)


def can_view_review(user, review):
    return can_view_enrolment(user, review.enrolment)


def can_sign_review(user, review):
    return bool(review.parties_of(user))


# --- Training plans ----------------------------------------------------------------------------------------
# Everyone who sees the enrolment sees its plan. The lecturer (for the provider) and the organisation's
# workforce leads write it and record the skills scan with the trainee; the trainee, mentors and manager read
# and sign it. Nobody writes their own plan.


def can_write_plan_of(user, enrolment):
    return enrolment.is_lecturer(user) or can_manage_enrolment(user, enrolment)


def can_view_plan(user, plan):
    return can_view_enrolment(user, plan.enrolment)


def can_edit_plan(user, plan):
    return plan.is_current and can_write_plan_of(user, plan.enrolment)


def can_sign_plan(user, plan):
    return plan.is_current and bool(plan.parties_of(user))


def can_record_break(user, enrolment):
    # Breaks in learning change the trainee's plan and end date: their organisation's workforce lead records
    # them (never for themself).
    return can_manage_enrolment(user, enrolment)


def can_end_break(user, brk):
    return brk.is_open and can_manage_enrolment(user, brk.enrolment)


def can_view_break(user, brk):
    return can_view_enrolment(user, brk.enrolment)
