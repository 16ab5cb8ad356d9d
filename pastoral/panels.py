from django.urls import reverse

from accounts.access import Role, has_role, organisation_ids, region_ids
from accounts.models import Membership, Organisation, Region

from . import access, selectors
from .models import Assessment


def _organisation_status(organisation):
    latest = (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    return {
        "organisation": organisation,
        "latest": latest,
        "latest_phase": selectors.phase_points([latest])[0].overall if latest else None,
        "in_progress": Assessment.objects.filter(
            organisation=organisation, status=Assessment.Status.IN_PROGRESS
        ).first(),
        "revisit": selectors.next_revisit(organisation),
    }


def dashboard_panel(request):
    """Workforce leads: where their assessments stand and when the next is due. Regional leads: the region."""
    user = request.user
    led = Organisation.objects.filter(pk__in=organisation_ids(user, Membership.Role.WORKFORCE_LEAD))
    regions = Region.objects.filter(pk__in=region_ids(user, Membership.Role.REGIONAL_LEAD))
    organisations = [
        _organisation_status(o) for o in led.order_by("name") if access.can_view_assessments_of(user, o)
    ]
    regions = [r for r in regions.order_by("name") if access.can_view_region_pastoral(user, r)]
    if not organisations and not regions:
        return None
    return {"template": "pastoral/_dashboard_panel.html", "organisations": organisations, "regions": regions}


def pastoral_link(user):
    # Workforce and regional leads assess and compare; site staff load tool versions.
    if user.is_staff or has_role(user, Role.WORKFORCE_LEAD) or has_role(user, Role.REGIONAL_LEAD):
        return reverse("pastoral:home")
    return None
