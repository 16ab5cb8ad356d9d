"""Who may see and change workforce plans. Rules as accounts/access.py describes: each answers one question
about one person and (usually) one object; views apply them with ``accounts.access.permit``.

Organisations see and edit their own returns, profiles, vacancies and candidates (their workforce leads); a
regional lead sees their region's totals and targets and sets the region's targets, never a candidate; the
site administrator (staff) sees national figures and sets national targets. The catalogue of workforce roles
is read by anyone who plans the workforce; a lead adds their own organisation's roles.
"""

from accounts.access import Role, is_regional_lead_for, is_workforce_lead_of, organisation_ids, region_ids

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


# --- Role profiles (part 3) ----------------------------------------------------------------------------


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
