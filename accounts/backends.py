from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Signs a person in by their username or their email address, either in any case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        matches = list(User.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))[:2])
        if len(matches) != 1:
            # Run the hasher anyway so the response time does not tell whether the person exists.
            User().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
