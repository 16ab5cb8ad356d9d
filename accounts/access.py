"""Who may see and do what. Every view's decision is made here, by small named rules.

A view declares its rule with ``@permit(rule)``, or ``@permit(rule, model=...)`` to load the object the rule
is about; a view that declares no rule is refused (see ``AccessRuleRequiredMiddleware``), so the default is to
deny. People who may not see an object get 404, so they cannot learn that it exists; people who may see it
but not do what they asked get 403. Templates get ``can_*`` flags from views, which call the rules here.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership

Role = Membership.Role


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    region_id: int
    role: str


def grants(user):
    """The person's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return ()
    if not hasattr(user, "_portal_grants"):
        user._portal_grants = tuple(
            Grant(m.organisation_id, m.organisation.region_id, m.role)
            for m in user.memberships.select_related("organisation")
        )
    return user._portal_grants


def organisation_ids(user, *roles):
    return {g.organisation_id for g in grants(user) if not roles or g.role in roles}


def region_ids(user, *roles):
    return {g.region_id for g in grants(user) if not roles or g.role in roles}


def roles_of(user):
    return {g.role for g in grants(user)}


def has_role(user, role, organisation=None):
    return any(
        g.role == role and (organisation is None or g.organisation_id == organisation.pk)
        for g in grants(user)
    )


# --- Rules: each answers one question about one person and (usually) one object. ----------------------


def is_signed_in(user):
    return user.is_authenticated


def is_member_of(user, organisation):
    return organisation.pk in organisation_ids(user)


def is_workforce_lead_of(user, organisation):
    return has_role(user, Role.WORKFORCE_LEAD, organisation)


def is_regional_lead_for(user, region):
    return region.pk in region_ids(user, Role.REGIONAL_LEAD)


def can_view_organisation(user, organisation):
    return is_member_of(user, organisation) or is_regional_lead_for(user, organisation.region)


def can_view_people_of(user, organisation):
    # Regional leads see aggregates only, never named people.
    return is_workforce_lead_of(user, organisation)


def can_view_person(user, person):
    if user.pk == person.pk:
        return True
    their_organisations = {m.organisation_id for m in person.memberships.all()}
    return bool(their_organisations & organisation_ids(user, Role.WORKFORCE_LEAD))


def can_set_password_for(user, person):
    # A lead helps a newcomer of their own organisation sign in for the first time. Never someone who has
    # signed in (the account is theirs now), anyone with a role elsewhere (a university's lecturer), a fellow
    # lead, an administrator or themselves: each account would then be in someone else's hands.
    if person.pk == user.pk or person.is_staff or person.is_superuser or person.last_login is not None:
        return False
    theirs = {(m.organisation_id, m.role) for m in person.memberships.all()}
    if any(role in (Role.WORKFORCE_LEAD, Role.REGIONAL_LEAD) for _org, role in theirs):
        return False
    return is_wholly_led_by(user, {org for org, _role in theirs})


def can_view_region(user, region):
    return is_regional_lead_for(user, region)


# --- Standards and local competency frameworks ---------------------------------------------------------


def can_view_standard(user, standard):
    # Published standards are public documents: anyone signed in may read them.
    return user.is_authenticated


def can_import_standards(user):
    return user.is_staff or bool(organisation_ids(user, Role.WORKFORCE_LEAD))


def can_create_framework(user):
    return bool(organisation_ids(user, Role.WORKFORCE_LEAD))


def can_view_framework(user, framework):
    # Everyone in the trust works to its framework; other organisations do not see it.
    return framework.organisation_id in organisation_ids(user)


def can_edit_framework(user, framework):
    return framework.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_edit_competency(user, competency):
    return can_edit_framework(user, competency.framework)


def can_view_competency(user, competency):
    return can_view_framework(user, competency.framework)


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
    return enrolment.cohort.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


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
    from trainees.services import parties_of

    return contract.is_current and bool(parties_of(user, contract.enrolment))


def can_log_study_time(user, enrolment):
    return enrolment.trainee_id == user.pk and enrolment.status == "active"


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
    from trainees.services import review_party_people

    return any(user in review_party_people(review.enrolment, party) for party in review.Party)


# --- Evidence portfolio and sign-off -----------------------------------------------------------------


def _is_mentor_of(user, enrolment):
    return enrolment.is_mentor(user)


def can_view_portfolio(user, enrolment):
    return can_view_enrolment(user, enrolment)


def can_add_evidence(user, enrolment):
    return enrolment.trainee_id == user.pk and enrolment.status == "active"


def can_view_evidence(user, evidence):
    return can_view_portfolio(user, evidence.enrolment)


def can_edit_evidence(user, evidence):
    return evidence.enrolment.trainee_id == user.pk and evidence.is_editable


def can_make_new_version(user, evidence):
    return evidence.enrolment.trainee_id == user.pk and evidence.status == "signed_off"


def can_decide_evidence(user, evidence):
    return evidence.status == "submitted" and _is_mentor_of(user, evidence.enrolment)


def can_sign_off_ksbs(user, enrolment):
    return _is_mentor_of(user, enrolment)


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


# --- Reports ------------------------------------------------------------------------------------------


def can_view_report_subject(user, kind, subject):
    """A report may be made and read by exactly those who may see its subject (the kind's own rule)."""
    return subject is not None and kind.can_view(user, subject)


def can_view_report(user, job):
    # A report shows what its requester may see (a manager's cohort report, their caseload), so it is theirs.
    from reports import kinds

    if job.requested_by_id != user.pk:
        return False
    kind = kinds.get(job.kind)
    return can_view_report_subject(user, kind, kind.subject(job.subject_id))


# --- Applying rules to views ---------------------------------------------------------------------------


def public(view):
    """Marks a view anyone may open, signed in or not."""
    view = login_not_required(view)
    view.access_rule = public
    return view


def permit(rule, *, model=None, lookup="pk", read_rule=None):
    """Lets a request through only if ``rule`` allows it.

    Without ``model``, ``rule(user)`` decides. With ``model``, the object named by the URL's ``lookup``
    argument is loaded and passed to the view in its place (as ``organisation=...`` for Organisation), and
    ``rule(user, obj)`` decides: refused with 403 if ``read_rule(user, obj)`` allows reading, else 404.
    """

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if model is None:
                if not rule(request.user):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            obj = get_object_or_404(model, **{lookup: kwargs.pop(lookup)})
            if not rule(request.user, obj):
                if read_rule is not None and read_rule(request.user, obj):
                    raise PermissionDenied
                raise Http404
            kwargs[model._meta.model_name] = obj
            return view(request, *args, **kwargs)

        checked.access_rule = rule
        return checked

    return decorator


# --- Pastoral self-assessment ---------------------------------------------------------------------------
# An organisation's assessments are seen and changed by its workforce leads only (site staff get no special
# access in the portal's pages; they have the admin). Regional leads see phases per organisation and theme.


def can_view_assessments_of(user, organisation):
    return organisation.pk in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_manage_assessments_of(user, organisation):
    # Start an assessment, choose the revisit interval.
    return organisation.pk in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_view_assessment(user, assessment):
    return assessment.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def can_edit_assessment(user, assessment):
    return can_view_assessment(user, assessment) and not assessment.is_completed


def can_view_region_pastoral(user, region):
    # Phases per organisation and theme, never named people.
    return is_regional_lead_for(user, region)


def can_load_tool_version(user):
    # Workforce leads load their organisation's copy; staff allowed to add versions load shared ones.
    return bool(organisation_ids(user, Role.WORKFORCE_LEAD)) or (
        user.is_staff and user.has_perm("pastoral.add_toolversion")
    )


def can_view_tool_version(user, version):
    if version.organisation_id is None:
        return can_load_tool_version(user) or bool(region_ids(user, Role.REGIONAL_LEAD))
    return version.organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


# --- A lead's people, and invitations ------------------------------------------------------------------
# A workforce lead acts only on people whose every membership is in organisations they lead; people with a
# role elsewhere (a university's lecturer) join by invitation, which only they may accept.


def is_wholly_led_by(user, organisation_ids_of_person):
    """Every one of the person's organisations (and at least one) is led by the user."""
    return bool(organisation_ids_of_person) and organisation_ids_of_person <= organisation_ids(
        user, Role.WORKFORCE_LEAD
    )


def can_take_in(user, person):
    """May the lead give this existing account roles in their organisation directly, without inviting?"""
    if person.pk == user.pk or person.is_staff or person.is_superuser:
        return False
    return is_wholly_led_by(user, {m.organisation_id for m in person.memberships.all()})


def memberships_shown_to(user, person):
    """The person's roles the user may see: all their own; a lead, those in organisations they lead."""
    memberships = person.memberships.select_related("organisation")
    if user.pk == person.pk:
        return memberships
    return memberships.filter(organisation__in=organisation_ids(user, Role.WORKFORCE_LEAD))


def can_manage_people_of(user, organisation):
    return is_workforce_lead_of(user, organisation)


def can_answer_invitation(user, invitation):
    # Only the person invited; to anyone else the invitation does not exist.
    return invitation.invitee_id == user.pk


def can_withdraw_invitation(user, invitation):
    return is_workforce_lead_of(user, invitation.organisation)


def can_view_invitations(user):
    return user.is_authenticated
