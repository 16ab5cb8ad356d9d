import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

logger = logging.getLogger(__name__)


class AdminForStaffMiddleware:
    """The Django admin is for site administrators; everyone else is answered once, not sent in a circle.

    Django's admin sends a signed-in person who is not staff to its sign-in page, which is ours, which sends
    them back to where they were going: the admin. Instead they get a page saying it is not for them, and
    anonymous visitors go straight to the one sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not ("admin" in match.namespaces or match.url_name == "admin_login"):
            return None
        user = request.user
        if user.is_active and user.is_staff:
            return None
        if user.is_authenticated:
            return render(request, "admin/not_for_you.html", status=403)
        if match.url_name == "admin_login":
            return None  # it sends them to sign in
        return redirect_to_login(request.get_full_path())


class AccessRuleRequiredMiddleware:
    """Refuses any view that has not declared who may use it (accounts.access.permit or public).

    Django's admin is let through: it checks staff status and model permissions itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(view_func, "access_rule") or getattr(view_func, "login_required", True) is False:
            return None
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return None
        logger.error("View %s declares no access rule; refused.", getattr(match, "view_name", view_func))
        raise PermissionDenied


class PasswordChangeRequiredMiddleware:
    """Someone signed in with a password a lead gave them chooses their own before anything else."""

    ALLOWED = ("password_change", "password_change_done", "logout", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.must_change_password):
            return None
        if request.resolver_match and request.resolver_match.url_name in self.ALLOWED:
            return None
        messages.info(
            request, "Choose your own password before you go on; the one you were given was temporary."
        )
        return redirect("password_change")
