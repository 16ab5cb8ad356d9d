import logging

from django.core.exceptions import PermissionDenied

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
