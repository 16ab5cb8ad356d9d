from accounts import access
from trainees.selectors import your_enrolments


def navigation(request):
    """Which of the main menu's areas this person has a use for (the pages themselves still check)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = access.roles_of(user)
    leads = {access.Role.WORKFORCE_LEAD, access.Role.REGIONAL_LEAD}
    return {
        "nav_pastoral": bool(roles & leads) or user.is_staff,
        # A trainee's own portfolio, the page they use most: their current enrolment's.
        "nav_portfolio": next(iter(your_enrolments(user)), None) if access.Role.TRAINEE in roles else None,
    }
