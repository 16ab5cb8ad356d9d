import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

logger = logging.getLogger(__name__)


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
