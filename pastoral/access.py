"""Who may see and change pastoral self-assessments. Rules as accounts/access.py describes: each answers one
question about one person and (usually) one object; views apply them with ``accounts.access.permit``."""

from accounts.access import Role, is_regional_lead_for, organisation_ids, region_ids

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
