"""The workforce plans' front page: each part (targets, profiles, recruitment, career) adds its own section,
from the organisations the person leads and the regions they lead."""

from django.shortcuts import render

from accounts.access import organisation_ids, permit, region_ids
from accounts.models import Membership, Organisation, Region

from . import access, views_career, views_profiles, views_recruitment, views_targets

Role = Membership.Role
PARTS = (views_targets, views_profiles, views_recruitment, views_career)


@permit(access.plans_workforce)
def home(request):
    user = request.user
    context = {
        "organisations": list(
            Organisation.objects.filter(pk__in=organisation_ids(user, Role.WORKFORCE_LEAD))
        ),
        "regions": list(Region.objects.filter(pk__in=region_ids(user, Role.REGIONAL_LEAD))),
        "is_administrator": access.is_administrator(user),
    }
    for part in PARTS:
        context.update(part.home_context(request, context))
    return render(request, "workforce/home.html", context)
