from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import render

from . import access
from .dashboard import panels_for
from .models import Membership, Organisation, Region


@access.permit(access.is_signed_in)
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
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "roles": roles,
            "Role": Membership.Role,
            "lead_of": [(org, people_counts.get(org.pk, 0)) for org in lead_of],
            "regions": sorted(regions, key=lambda r: r.name),
            "organisations": sorted({m.organisation for m in memberships}, key=lambda o: o.name),
            "panels": panels_for(request),
        },
    )


@access.permit(access.can_view_organisation, model=Organisation)
def organisation_detail(request, organisation):
    can_view_people = access.can_view_people_of(request.user, organisation)
    members = None
    if can_view_people:
        members = organisation.memberships.select_related("user").order_by(
            "user__last_name", "user__first_name"
        )
    role_counts = organisation.memberships.values("role").annotate(n=Count("id")).order_by("role")
    role_labels = dict(Membership.Role.choices)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_people": can_view_people,
            "members": members,
            "role_counts": [(role_labels[row["role"]], row["n"]) for row in role_counts],
            "your_roles": organisation.memberships.filter(user=request.user),
        },
    )


@access.permit(access.can_view_person, model=get_user_model())
def person_detail(request, user):
    memberships = user.memberships.select_related("organisation")
    return render(request, "accounts/person_detail.html", {"person": user, "memberships": memberships})


@access.permit(access.can_view_region, model=Region)
def region_detail(request, region):
    organisations = region.organisations.annotate(
        trainees=Count("memberships", filter=Q(memberships__role=Membership.Role.TRAINEE)),
        mentors=Count("memberships", filter=Q(memberships__role=Membership.Role.MENTOR)),
    )
    return render(request, "accounts/region_detail.html", {"region": region, "organisations": organisations})
