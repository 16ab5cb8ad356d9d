from django.urls import reverse

from accounts.access import organisation_ids

from . import access
from .models import Framework


def dashboard_panel(request):
    """Everyone: the catalogue; members: their organisation's frameworks; leads: making one."""
    organisations = organisation_ids(request.user)
    frameworks = Framework.objects.filter(organisation__in=organisations).select_related("organisation")
    return {
        "template": "standards/_dashboard_panel.html",
        "frameworks": frameworks,
        "can_create_framework": access.can_create_framework(request.user),
        "can_import_standards": access.can_import_standards(request.user),
    }


def standards_link(user):
    return reverse("standards:catalogue")
