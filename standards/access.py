"""Who may read standards and build local competency frameworks. Rules as accounts/access.py describes: each
answers one question about one person and (usually) one object; views apply them with
``accounts.access.permit``."""

from accounts.access import Role, organisation_ids

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
