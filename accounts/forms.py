"""Forms of the accounts app that are not built in the views."""

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, its username field named as the page asks for it (either works, see
    accounts.backends), so the error summary names it the same way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username or email address"
