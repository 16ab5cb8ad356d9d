"""The dashboard: the person's roles, then every app's panels (core.plugins.Panel), lowest order first."""

from django.db.models import Count
from django.shortcuts import render

from accounts.access import is_signed_in, permit
from accounts.models import Membership
from core.plugins import collected
from trainees.selectors import your_enrolments


def panels_for(request):
    panels = sorted(collected("dashboard_panels"), key=lambda panel: panel.order)
    found = (panel.show(request) for panel in panels)
    return [panel for panel in found if panel]


@permit(is_signed_in)
def dashboard(request):
    user = request.user
    memberships = list(user.memberships.select_related("organisation__region"))
    roles = {m.role for m in memberships}
    lead_of = [m.organisation for m in memberships if m.role == Membership.Role.WORKFORCE_LEAD]
    regions = {m.organisation.region for m in memberships if m.role == Membership.Role.REGIONAL_LEAD}
    people_counts = dict(
        Membership.objects.filter(organisation__in=lead_of)
        .values_list("organisation")
        .annotate(n=Count("user", distinct=True))
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": memberships,
            "roles": roles,
            "Role": Membership.Role,
            "lead_of": [(org, people_counts.get(org.pk, 0)) for org in lead_of],
            "regions": sorted(regions, key=lambda r: r.name),
            "organisations": sorted({m.organisation for m in memberships}, key=lambda o: o.name),
            "panels": panels_for(request),
            "your_enrolments": your_enrolments(user) if Membership.Role.TRAINEE in roles else [],
        },
    )
