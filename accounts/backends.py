from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def accounts_named(login):
    """The people a username or email address names, in any case (at most two: one is the answer)."""
    User = get_user_model()
    return list(User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2])


class UsernameOrEmailBackend(ModelBackend):
    """Signs a person in by their username or their email address, either in any case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        matches = accounts_named(username)
        if len(matches) != 1:
            # Run the hasher anyway so the response time does not tell whether the person exists.
            get_user_model()().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def throttle_username(request, credentials):
    """AXES_USERNAME_CALLABLE: failed sign-ins count against the account, however its name was typed.

    The backend accepts the username or the email in any case, so counting per typed string would give
    every spelling its own allowance and let one spelling's success clear another's lock. A name that
    names no one account counts in lower case.
    """
    login = (credentials or {}).get("username")
    if login is None and request is not None:
        login = getattr(request, "data", request.POST).get("username")
    if not login:
        return login
    login = login.strip()
    matches = accounts_named(login)
    return matches[0].get_username() if len(matches) == 1 else login.lower()
