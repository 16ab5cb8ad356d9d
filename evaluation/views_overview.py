"""The evaluation's front pages: a lead's cohorts, a cohort's overview (what exists in each part, linking
out to it) and the region's aggregates (counts only, never a name or a quote, nothing under 5)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import is_signed_in, organisation_ids, permit, region_ids
from accounts.models import Membership, Region
from trainees.models import Cohort

from . import access, selectors

Role = Membership.Role


@permit(is_signed_in)
def home(request):
    """A workforce lead's cohorts and a regional lead's regions. Anyone else has only their own interviews
    here (the recording part's page, when there is one); otherwise there is nothing for them."""
    user = request.user
    cohorts = [
        c
        for c in Cohort.objects.filter(organisation_id__in=organisation_ids(user, Role.WORKFORCE_LEAD))
        .select_related("organisation", "programme")
        .order_by("organisation__name", "-start_date", "name")
        if access.can_run_evaluation_of(user, c)
    ]
    regions = [
        r
        for r in Region.objects.filter(pk__in=region_ids(user, Role.REGIONAL_LEAD)).order_by("name")
        if access.can_view_region_evaluation(user, r)
    ]
    if not cohorts and not regions:
        mine = selectors.url_or_none("evaluation:mine")
        if mine:
            return redirect(mine)
        raise PermissionDenied
    today = timezone.localdate()
    rows = [(c, selectors.schedule_summary(c, today)) for c in cohorts]
    return render(request, "evaluation/overview_home.html", {"rows": rows, "regions": regions})


@permit(access.can_run_evaluation_of, model=Cohort)
def cohort(request, cohort):
    today = timezone.localdate()
    organisation = cohort.organisation
    can_edit_content = access.can_manage_evaluation_content_of(request.user, organisation)
    return render(
        request,
        "evaluation/overview.html",
        {
            "cohort": cohort,
            "today": today,
            "schedule": selectors.schedule_summary(cohort, today),
            "top_themes": selectors.top_themes(cohort),
            "audits": selectors.audit_percentages(cohort),
            "satisfaction": selectors.satisfaction_points(cohort),
            "outcomes": selectors.cohort_outcomes(cohort),
            "links": {
                "schedule": selectors.url_or_none("evaluation:schedule", cohort.pk),
                "themes": selectors.url_or_none("evaluation:cohort_themes", cohort.pk),
                "impact": selectors.url_or_none("evaluation:impact", cohort.pk),
                "audits": selectors.url_or_none("evaluation:audit_list", cohort.pk),
                "satisfaction": selectors.url_or_none("evaluation:satisfaction_list", cohort.pk),
                "outcomes": selectors.url_or_none("evaluation:outcome_list", cohort.pk),
                "question_sets": selectors.url_or_none("evaluation:question_sets", organisation.pk)
                if can_edit_content
                else None,
                "codebook": selectors.url_or_none("evaluation:codebook", organisation.pk)
                if can_edit_content
                else None,
            },
        },
    )


@permit(access.can_view_region_evaluation, model=Region)
def region(request, region):
    return render(
        request, "evaluation/region.html", {"region": region, "overview": selectors.region_overview(region)}
    )
