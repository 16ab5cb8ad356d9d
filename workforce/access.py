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


# --- Recruitment (part 4) ------------------------------------------------------------------------------


# --- Career framework and code of practice (parts 5 and 6) ---------------------------------------------
