from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import is_signed_in, organisation_ids, permit
from accounts.models import Membership, Organisation, Region
from core import tabular
from core.uploads import explain_unreadable_upload

from . import access, rules, selectors, services
from .charts import phase_chart
from .forms import AssessmentDetailsForm, RatingForm, RevisitIntervalForm, StartAssessmentForm, ToolUploadForm
from .models import Assessment, Rating, Theme, ToolVersion
from .reports import assessment_docx

SHARED = "shared"


@permit(is_signed_in)
def home(request):
    memberships = request.user.memberships.select_related("organisation__region")
    led = sorted({m.organisation for m in memberships if m.role == Membership.Role.WORKFORCE_LEAD}, key=str)
    regions = {m.organisation.region for m in memberships if m.role == Membership.Role.REGIONAL_LEAD}
    return render(
        request,
        "pastoral/home.html",
        {
            "organisations": led,
            "regions": sorted(regions, key=str),
            "can_load_tool": access.can_load_tool_version(request.user),
        },
    )


# --- An organisation's assessments --------------------------------------------------------------------------


def _organisation_page(request, organisation, *, interval_form=None, start_form=None, status=200):
    revisit = selectors.next_revisit(organisation)
    history = selectors.phase_history(organisation)
    points = {p.assessment_id: p for p in history}
    in_progress = organisation.pastoral_assessments.filter(status=Assessment.Status.IN_PROGRESS).first()
    versions = selectors.available_tool_versions(organisation)
    current = selectors.current_tool_version(organisation)
    can_manage = access.can_manage_assessments_of(request.user, organisation)
    return render(
        request,
        "pastoral/organisation.html",
        {
            "organisation": organisation,
            "rows": [
                (a, points.get(a.pk))
                for a in organisation.pastoral_assessments.select_related("tool_version")
            ],
            "in_progress": in_progress,
            "revisit": revisit,
            "chart": phase_chart(history, selectors.theme_titles(history)),
            "chart_themes": selectors.theme_titles(history),
            "history": history,
            "current_version": current,
            "can_manage": can_manage,
            "interval_form": interval_form
            or RevisitIntervalForm(initial={"revisit_interval_months": revisit.interval_months}),
            "start_form": start_form
            or StartAssessmentForm(
                versions=versions,
                initial={"tool_version": current, "assessed_on": timezone.localdate()},
            ),
        },
        status=status,
    )


@permit(access.can_view_assessments_of, model=Organisation)
def organisation(request, organisation):
    return _organisation_page(request, organisation)


@permit(access.can_manage_assessments_of, model=Organisation, read_rule=access.can_view_assessments_of)
@require_POST
def start_assessment(request, organisation):
    form = StartAssessmentForm(request.POST, versions=selectors.available_tool_versions(organisation))
    if form.is_valid():
        try:
            assessment = services.create_assessment(
                organisation=organisation,
                by=request.user,
                tool_version=form.cleaned_data["tool_version"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if assessment.previous_id:
                messages.success(request, "Assessment started from the ratings of your last assessment.")
            else:
                messages.success(request, "Assessment started.")
            return redirect("pastoral:assessment", pk=assessment.pk)
    return _organisation_page(request, organisation, start_form=form, status=400)


@permit(access.can_manage_assessments_of, model=Organisation, read_rule=access.can_view_assessments_of)
@require_POST
def set_revisit_interval(request, organisation):
    form = RevisitIntervalForm(request.POST)
    if form.is_valid():
        try:
            services.set_revisit_interval(
                organisation=organisation,
                months=form.cleaned_data["revisit_interval_months"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Revisit interval saved.")
            return redirect("pastoral:organisation", pk=organisation.pk)
    return _organisation_page(request, organisation, interval_form=form, status=400)


# --- One assessment -----------------------------------------------------------------------------------------


@permit(access.can_view_assessment, model=Assessment)
def assessment_detail(request, assessment):
    summary = selectors.assessment_summary(assessment)
    history = selectors.phase_history(assessment.organisation_id, until=assessment)
    themes = selectors.theme_titles(history)
    return render(
        request,
        "pastoral/assessment.html",
        {
            "assessment": assessment,
            "summary": summary,
            "comparison": selectors.changes_since_last(assessment, summary),
            "chart": phase_chart(history, themes),
            "chart_themes": themes,
            "history": history,
            "can_edit": access.can_edit_assessment(request.user, assessment),
        },
    )


@permit(access.can_edit_assessment, model=Assessment, read_rule=access.can_view_assessment)
def edit_details(request, assessment):
    form = AssessmentDetailsForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assessment_details(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Details saved.")
        return redirect("pastoral:assessment", pk=assessment.pk)
    return render(request, "pastoral/details_form.html", {"assessment": assessment, "form": form})


def _rating_initial(rating):
    if rating is None:
        return {}
    return {name: getattr(rating, name) for name in services.RATING_FIELDS}


@permit(access.can_edit_assessment, model=Assessment, read_rule=access.can_view_assessment)
def rate_theme(request, assessment, theme_id):
    theme = get_object_or_404(Theme, pk=theme_id, version_id=assessment.tool_version_id)
    themes = list(Theme.objects.filter(version_id=assessment.tool_version_id).values_list("pk", flat=True))
    following = themes[themes.index(theme.pk) + 1] if themes.index(theme.pk) + 1 < len(themes) else None
    ratings = {r.element_id: r for r in Rating.objects.filter(assessment=assessment, element__theme=theme)}
    data = request.POST if request.method == "POST" else None
    rows = [
        (
            element,
            ratings.get(element.pk),
            RatingForm(data, prefix=f"e{element.pk}", initial=_rating_initial(ratings.get(element.pk))),
        )
        for element in theme.elements.all()
    ]
    if data is not None and all(form.is_valid() for _e, _r, form in rows):
        try:
            services.rate_elements(
                assessment=assessment, by=request.user, ratings={e: form.cleaned_data for e, _r, form in rows}
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("pastoral:assessment", pk=assessment.pk)
        messages.success(request, f"Ratings for “{theme.title}” saved.")
        if "next" in request.POST and following:
            return redirect("pastoral:rate_theme", pk=assessment.pk, theme_id=following)
        return redirect(reverse("pastoral:assessment", args=[assessment.pk]) + f"#theme-{theme.pk}")
    return render(
        request,
        "pastoral/rate_theme.html",
        {
            "assessment": assessment,
            "theme": theme,
            "rows": rows,
            "following": following,
            "has_errors": data is not None,
        },
        status=400 if data is not None else 200,
    )


@permit(access.can_edit_assessment, model=Assessment, read_rule=access.can_view_assessment)
def complete(request, assessment):
    summary = selectors.assessment_summary(assessment)
    if request.method == "POST":
        try:
            services.complete_assessment(assessment=assessment, by=request.user)
        except ValidationError as exc:
            messages.error(request, "The assessment cannot be completed yet: " + " ".join(exc.messages))
        else:
            messages.success(request, "Assessment completed. It is now read-only.")
            return redirect("pastoral:assessment", pk=assessment.pk)
    return render(request, "pastoral/complete.html", {"assessment": assessment, "summary": summary})


@permit(access.can_view_assessment, model=Assessment)
def export_word(request, assessment):
    summary = selectors.assessment_summary(assessment)
    response = HttpResponse(
        assessment_docx(summary),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"pastoral-self-assessment-{summary.ods_code}-{summary.assessed_on:%Y-%m-%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The region ---------------------------------------------------------------------------------------------


@permit(access.can_view_region_pastoral, model=Region)
def region(request, region):
    return render(
        request,
        "pastoral/region.html",
        {"region": region, "comparison": selectors.regional_comparison(region), "rule": rules.RULE},
    )


# --- The tool -----------------------------------------------------------------------------------------------


def _scopes(user):
    led = Organisation.objects.filter(pk__in=organisation_ids(user, Membership.Role.WORKFORCE_LEAD))
    scopes = [(str(o.pk), f"{o.name} only") for o in led.order_by("name")]
    if user.is_staff and user.has_perm("pastoral.add_toolversion"):
        scopes.insert(0, (SHARED, "Every organisation (shared)"))
    return scopes


@explain_unreadable_upload(back_to=lambda: reverse("pastoral:tool_versions"))
@permit(access.can_load_tool_version)
def tool_versions(request):
    scopes = _scopes(request.user)
    form = ToolUploadForm(request.POST or None, request.FILES or None, scopes=scopes)
    problems = []
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        upload = form.cleaned_data["file"]
        try:
            version = services.load_tool_version(
                name=upload.name,
                content=upload.read(),
                by=request.user,
                organisation=None if scope == SHARED else Organisation.objects.get(pk=scope),
                label=form.cleaned_data["label"],
                is_example=form.cleaned_data["is_example"],
            )
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(request, f"Loaded “{version.label}”. New assessments will use it.")
            return redirect("pastoral:tool_version", pk=version.pk)
    led = organisation_ids(request.user, Membership.Role.WORKFORCE_LEAD)
    versions = (
        (ToolVersion.objects.filter(organisation=None) | ToolVersion.objects.filter(organisation__in=led))
        .select_related("organisation")
        .annotate(n_elements=Count("themes__elements", distinct=True))
    )
    return render(
        request,
        "pastoral/tool_versions.html",
        {"form": form, "problems": problems, "versions": versions},
        status=400 if request.method == "POST" else 200,
    )


@permit(access.can_view_tool_version, model=ToolVersion)
def tool_version(request, toolversion):
    themes = toolversion.themes.prefetch_related("elements")
    return render(request, "pastoral/tool_version.html", {"version": toolversion, "themes": themes})
