"""Who may see and change workforce plans. Rules as accounts/access.py describes: each answers one question
about one person and (usually) one object; views apply them with ``accounts.access.permit``.

Organisations see and edit their own returns, profiles, vacancies and candidates (their workforce leads); a
regional lead sees their region's totals and targets and sets the region's targets, never a candidate; the
site administrator (staff) sees national figures and sets national targets. The catalogue of workforce roles
is read by anyone who plans the workforce; a lead adds their own organisation's roles.
"""

from accounts.access import (
    Role,
    is_member_of,
    is_regional_lead_for,
    is_workforce_lead_of,
    organisation_ids,
    region_ids,
)

from . import selectors_career

# --- The catalogue of workforce roles ------------------------------------------------------------------


def is_administrator(user):
    """The site administrator: national figures and the national catalogue."""
    return user.is_authenticated and user.is_staff


def plans_workforce(user):
    """Workforce leads, regional leads and the administrator: the people the workforce pages are for."""
    return is_administrator(user) or bool(organisation_ids(user, Role.WORKFORCE_LEAD, Role.REGIONAL_LEAD))


def can_view_workforce_role(user, workforce_role):
    """A national role: anyone who plans the workforce. An organisation's own: its leads, its region's leads
    and the administrator."""
    if workforce_role.organisation_id is None:
        return plans_workforce(user)
    organisation = workforce_role.organisation
    return (
        is_administrator(user)
        or is_workforce_lead_of(user, organisation)
        or is_regional_lead_for(user, organisation.region)
    )


def can_add_workforce_role_for(user, organisation):
    return is_workforce_lead_of(user, organisation)


def can_change_workforce_role(user, workforce_role):
    """The national catalogue is the administrator's; an organisation's own roles are its leads'."""
    if workforce_role.organisation_id is None:
        return is_administrator(user)
    return is_workforce_lead_of(user, workforce_role.organisation)


def can_manage_workforce_of(user, organisation):
    """Edit the organisation's workforce plans: its workforce leads."""
    return is_workforce_lead_of(user, organisation)


def can_view_region_workforce(user, region):
    """A region's totals and targets: its regional leads and the administrator."""
    return is_administrator(user) or region.pk in region_ids(user, Role.REGIONAL_LEAD)


# --- Targets and returns (part 2) ----------------------------------------------------------------------
# An organisation's returns are its workforce leads' (the administrator may read them, without the names of
# trainees); its region's lead and the administrator see its figures on the regional and national pages.
# Targets: an organisation's, its leads set; a region's, its regional leads; the country's, the administrator.


def can_view_returns_of(user, organisation):
    return is_workforce_lead_of(user, organisation) or is_administrator(user)


def can_record_returns_of(user, organisation):
    """Record, correct and import the organisation's returns: its workforce leads."""
    return is_workforce_lead_of(user, organisation)


def can_view_return(user, headcount_return):
    return can_view_returns_of(user, headcount_return.organisation)


def can_change_return(user, headcount_return):
    return can_record_returns_of(user, headcount_return.organisation)


def can_see_completing_trainees(user, organisation):
    """The names behind a suggested change to a return: the organisation's leads only."""
    return is_workforce_lead_of(user, organisation)


def can_view_targets_of(user, organisation):
    """An organisation's targets and their progress: its leads, its region's leads and the administrator."""
    return (
        is_workforce_lead_of(user, organisation)
        or is_regional_lead_for(user, organisation.region)
        or is_administrator(user)
    )


def can_set_targets_for_organisation(user, organisation):
    return is_workforce_lead_of(user, organisation)


def can_set_targets_for_region(user, region):
    return is_regional_lead_for(user, region)


def can_set_national_targets(user):
    return is_administrator(user)


def can_view_national_workforce(user):
    """National figures: every organisation's returns added up, and the national targets' progress."""
    return is_administrator(user)


def can_view_target(user, target):
    if target.organisation_id:
        return can_view_targets_of(user, target.organisation)
    if target.region_id:
        return can_view_region_workforce(user, target.region)
    return can_view_national_workforce(user)


def can_change_target(user, target):
    if target.organisation_id:
        return can_set_targets_for_organisation(user, target.organisation)
    if target.region_id:
        return can_set_targets_for_region(user, target.region)
    return can_set_national_targets(user)


# --- Role profiles (part 3) ----------------------------------------------------------------------------
# An organisation's profiles are its workforce leads' to read and write. The job holder and line manager a
# lead names on a published version read that version and their agreement, and sign in their own part.
# Regional leads do not read profiles: they see a region's totals, never named people, and a profile's
# agreements name the people who hold the job; the job description itself is the organisation's document.
# Other organisations and the administrator (who has the Django admin) see nothing of them.


def keeps_role_profiles(user):
    """The list of profiles and the button to add one: workforce leads of some organisation."""
    return bool(organisation_ids(user, Role.WORKFORCE_LEAD))


def can_keep_profiles_of(user, organisation):
    """Add, read and change the organisation's profiles: its workforce leads."""
    return is_workforce_lead_of(user, organisation)


def can_keep_profile(user, profile):
    """Read a profile with all its versions and agreements, rename it, make a new version: the organisation's
    workforce leads."""
    return is_workforce_lead_of(user, profile.organisation)


def is_asked_to_sign(user, version):
    """The person is the job holder or line manager of an agreement of this version."""
    if not user.is_authenticated:
        return False
    agreements = version.agreements.all()
    return agreements.filter(job_holder=user).exists() or agreements.filter(line_manager=user).exists()


def can_view_version(user, version):
    """One version's job description and person specification: the organisation's leads, and the people
    asked to sign it."""
    return is_workforce_lead_of(user, version.profile.organisation) or is_asked_to_sign(user, version)


def can_edit_version(user, version):
    """Only a draft changes, and only by the organisation's leads."""
    return version.is_draft and is_workforce_lead_of(user, version.profile.organisation)


def can_name_signers(user, version):
    """Ask a job holder and line manager to sign: a lead, on a published version."""
    return version.is_published and is_workforce_lead_of(user, version.profile.organisation)


def can_view_agreement(user, agreement):
    """The organisation's leads, the job holder and the line manager."""
    return user.pk in (agreement.job_holder_id, agreement.line_manager_id) or is_workforce_lead_of(
        user, agreement.version.profile.organisation
    )


def can_sign_agreement(user, agreement):
    """Each signs only in their own part: the job holder as job holder, the line manager as line manager."""
    return bool(agreement.parties_of(user))


def can_withdraw_agreement(user, agreement):
    """A lead takes back a request nobody has signed."""
    return not agreement.is_signed() and is_workforce_lead_of(user, agreement.version.profile.organisation)


# --- Recruitment (part 4) ------------------------------------------------------------------------------
# Candidates are personal data: the recruiting organisation's workforce leads and the vacancy's panel see
# them; nobody else does, a regional lead and the administrator included (they get 404). The panel scores;
# the leads also add candidates, decide the shortlist, appoint and enrol.

# Who may sit on a panel: the organisation's staff, not its trainees.
PANEL_ROLES = (Role.WORKFORCE_LEAD, Role.MANAGER, Role.MENTOR, Role.LECTURER)


def _leads_recruitment_of(user, organisation_id):
    return organisation_id in organisation_ids(user, Role.WORKFORCE_LEAD)


def is_on_panel_of(user, vacancy):
    """On the vacancy's panel and still working in its organisation: someone who has left sees nothing."""
    return (
        vacancy.organisation_id in organisation_ids(user, *PANEL_ROLES)
        and vacancy.panel.filter(pk=user.pk).exists()
    )


def takes_part_in_recruitment(user):
    """The recruitment list: a workforce lead, or someone on a vacancy's panel."""
    if organisation_ids(user, Role.WORKFORCE_LEAD):
        return True
    return user.is_authenticated and user.recruitment_panels.exists()


def can_recruit_for(user, organisation):
    """Add vacancies: the organisation's workforce leads."""
    return _leads_recruitment_of(user, organisation.pk)


def can_view_vacancy(user, vacancy):
    return _leads_recruitment_of(user, vacancy.organisation_id) or is_on_panel_of(user, vacancy)


def can_manage_vacancy(user, vacancy):
    """Edit it and its panel, add candidates: the organisation's workforce leads."""
    return _leads_recruitment_of(user, vacancy.organisation_id)


def can_view_candidate(user, candidate):
    return can_view_vacancy(user, candidate.vacancy)


def can_score_candidate(user, candidate):
    """The leads and the panel score; nobody scores a candidate for their own vacancy's post as themself."""
    return can_view_vacancy(user, candidate.vacancy) and candidate.email.lower() != (user.email or "").lower()


def can_manage_candidate(user, candidate):
    """Edit or delete them, decide the shortlist, appoint and enrol: the organisation's workforce leads."""
    return _leads_recruitment_of(user, candidate.vacancy.organisation_id) and (
        candidate.email.lower() != (user.email or "").lower()
    )


# --- Career framework and code of practice (parts 5 and 6) ---------------------------------------------
# The catalogue's pages: an organisation's own roles are listed to those who may see them; a variant by
# setting goes with its role. The career framework is read by the organisation's people (their career
# pathway) and its region's leads; counts per cohort only by its leads and the administrator, since a
# regional lead sees only the region's totals (DOMAIN.md: aggregates, nothing for groups under 5). The code
# of practice is read by the organisation's people, drafted and published by its leads, and acknowledged by
# the people it covers (selectors_career.code_holders says who).


def can_view_workforce_roles_of(user, organisation):
    """The organisation's own roles: its leads, its region's leads and the administrator."""
    return (
        is_administrator(user)
        or is_workforce_lead_of(user, organisation)
        or is_regional_lead_for(user, organisation.region)
    )


def can_view_role_variant(user, variant):
    return can_view_workforce_role(user, variant.role)


def can_change_role_variant(user, variant):
    return can_change_workforce_role(user, variant.role)


def can_view_career_framework_of(user, organisation):
    return (
        is_member_of(user, organisation)
        or is_regional_lead_for(user, organisation.region)
        or is_administrator(user)
    )


def can_manage_career_framework_of(user, organisation):
    return is_workforce_lead_of(user, organisation)


def can_view_career_counts_of(user, organisation):
    """How many took each step, per cohort: the organisation's leads and the administrator."""
    return is_workforce_lead_of(user, organisation) or is_administrator(user)


def can_view_career_step(user, step):
    if step.organisation_id is None:
        return plans_workforce(user)
    return can_view_career_framework_of(user, step.organisation)


def can_change_career_step(user, step):
    """The national starter framework is the administrator's; an organisation's steps are its leads'."""
    if step.organisation_id is None:
        return is_administrator(user)
    return is_workforce_lead_of(user, step.organisation)


def can_view_progression_agreement(user, agreement):
    return can_view_career_step(user, agreement.step)


def can_change_progression_agreement(user, agreement):
    return agreement.step.organisation_id is not None and is_workforce_lead_of(
        user, agreement.step.organisation
    )


def can_read_code_of(user, organisation):
    """The organisation's code of practice: its people."""
    return is_member_of(user, organisation)


def can_manage_code_of(user, organisation):
    """Draft and publish the code, and see who has acknowledged it: the organisation's leads."""
    return is_workforce_lead_of(user, organisation)


def can_view_code_version(user, version):
    """A published version: the organisation's people; a draft: its leads only."""
    if version.published_at is None:
        return can_manage_code_of(user, version.organisation)
    return can_read_code_of(user, version.organisation)


def can_edit_code_version(user, version):
    return version.published_at is None and can_manage_code_of(user, version.organisation)


def can_change_scope_statement(user, statement):
    return can_edit_code_version(user, statement.version)


def can_view_scope_statement(user, statement):
    return can_view_code_version(user, statement.version)


def can_acknowledge_code(user, version):
    """The current published version, by a person it covers."""
    return (
        user.is_authenticated
        and version.published_at is not None
        and selectors_career.is_current(version)
        and selectors_career.code_holders(version).filter(pk=user.pk).exists()
    )
