"""Who may read standards and build local competency frameworks. Rules as accounts/access.py describes: each
answers one question about one person and (usually) one object; views apply them with
``accounts.access.permit``."""

from accounts.access import Role, is_member_of, is_workforce_lead_of, organisation_ids

# The catalogue of standard versions is shared by every organisation, so adding to it is a site
# administrator's, or someone's an administrator grants this Django permission to in the admin (on the
# person, or on a group they are in): "standards | standard | Can add standard".
IMPORT_PERMISSION = "standards.add_standard"

# --- Standards and local competency frameworks ---------------------------------------------------------


def can_view_standard(user, standard):
    # Published standards are public documents: anyone signed in may read them.
    return user.is_authenticated


def can_import_standards(user):
    # Not every organisation's workforce lead: what one adds, every organisation sees.
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_perm(IMPORT_PERMISSION)


def can_propose_local_mapping(user, organisation):
    # The organisation's workforce lead proposes its duty-to-KSB mapping and progression links.
    return is_workforce_lead_of(user, organisation)


def can_view_local_mapping(user, organisation):
    # Used as read_rule only: the organisation's own people are refused (403); others are told nothing (404).
    return is_member_of(user, organisation)


def can_withdraw_progression(user, link):
    # Only a locally made link, by a workforce lead of the organisation that proposed it.
    return link.organisation_id is not None and link.organisation_id in organisation_ids(
        user, Role.WORKFORCE_LEAD
    )


def can_view_progression(user, link):
    # The Institute's links are public; a locally made one is its organisation's.
    if link.organisation_id is None:
        return user.is_authenticated
    return link.organisation_id in organisation_ids(user)


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
