"""Who may see the fingerprint checks. Rules as accounts/access.py describes; each applied with ``permit``."""

from accounts.access import Role, organisation_ids


def led_organisations(user):
    return organisation_ids(user, Role.WORKFORCE_LEAD)


def can_view_fingerprint_checks(user):
    # Workforce leads, each for their own organisations' records only (the view filters by these). Regional
    # leads see aggregates, never named records; trainees and supporters have no use for it.
    return bool(led_organisations(user))


def can_run_fingerprint_check(user):
    return can_view_fingerprint_checks(user)
