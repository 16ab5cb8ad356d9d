"""The evaluation's front pages: a lead's cohorts, a cohort's overview (what exists in each part, linking
out to it) and the region's aggregates (counts only, never a name or a quote, nothing under 5)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import is_signed_in, organisation_ids, permit, region_ids
from accounts.models import Membership, Organisation, Region
from trainees.models import Cohort

from . import access, impact, selectors

Role = Membership.Role


@permit(is_signed_in)
def home(request):
    """A workforce lead's cohorts and a regional lead's regions; anyone else goes to their own interviews."""
    user = request.user
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    cohorts = [
        c
        for c in Cohort.objects.filter(organisation_id__in=led)
        .select_related("organisation", "programme")
        .order_by("organisation__name", "-start_date", "name")
        if access.can_run_evaluation_of(user, c)
    ]
    regions = [
        r
        for r in Region.objects.filter(pk__in=region_ids(user, Role.REGIONAL_LEAD)).order_by("name")
        if access.can_view_region_evaluation(user, r)
    ]
    if not led and not regions:
        # Interviewees and interviewers: their own interviews are all of the evaluation they may see.
        return redirect("evaluation:mine")
    today = timezone.localdate()
    rows = [(c, selectors.schedule_summary(c, today)) for c in cohorts]
    # Outcome totals of each organisation the person leads, across all its cohorts.
    organisations = [
        (o, impact.labelled_totals(impact.organisation_outcome_totals(o)))
        for o in Organisation.objects.filter(pk__in=led).order_by("name")
        if access.can_manage_evaluation_content_of(user, o)
    ]
    return render(
        request,
        "evaluation/overview_home.html",
        {"rows": rows, "regions": regions, "is_lead": bool(led), "organisations": organisations},
    )


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
            "grades": selectors.cohort_grades(cohort),
            "links": {
                "schedule": reverse("evaluation:schedule", args=[cohort.pk]),
                "themes": reverse("evaluation:cohort_themes", args=[cohort.pk]),
                "impact": reverse("evaluation:impact", args=[cohort.pk]),
                "audits": reverse("evaluation:audit_list", args=[cohort.pk]),
                "satisfaction": reverse("evaluation:satisfaction_list", args=[cohort.pk]),
                "outcomes": reverse("evaluation:outcome_list", args=[cohort.pk]),
                "question_sets": reverse("evaluation:question_sets", args=[organisation.pk])
                if can_edit_content
                else None,
                "codebook": reverse("evaluation:codebook", args=[organisation.pk])
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
