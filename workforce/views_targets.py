"""Pages of the targets part of workforce plans: an organisation's headcount returns (recorded, corrected and
imported by its workforce leads), targets set for an organisation, a region or the country, each target's
progress, the regional page and the national page."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import Role, organisation_ids, permit
from accounts.models import Organisation, Region
from core import tabular
from core.forms import show_errors
from core.todo import Item

from . import access, importing_targets
from . import services_targets as services
from .forms_targets import ImportForm, ReturnForm, TargetForm
from .models import HeadcountReturn, Target, WorkforceRole

# --- The front page and the to-do list ----------------------------------------------------------------------


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_targets.html)."""
    due = services.returns_due([o.pk for o in base["organisations"]])
    organisations = [
        {
            "organisation": organisation,
            "due": [d for d in due if d.organisation == organisation],
            "targets": _summaries(
                Target.objects.filter(organisation=organisation).select_related("workforce_role")
            ),
            "suggestions": _suggestions(organisation),
        }
        for organisation in base["organisations"]
    ]
    regions = [
        (region, _summaries(Target.objects.filter(region=region).select_related("workforce_role")))
        for region in base["regions"]
    ]
    return {
        "targets_organisations": organisations,
        "targets_regions": regions,
        "targets_national": access.can_view_national_workforce(request.user),
    }


def _suggestions(organisation):
    """Suggested changes to the organisation's next returns, one for each role it returns."""
    roles = WorkforceRole.objects.filter(headcount_returns__organisation=organisation).distinct()
    found = (services.suggestion(organisation, role) for role in roles.order_by("name"))
    return [s for s in found if s is not None]


TODO_KINDS = {"headcount_return_due": "Headcount returns to make"}


def todo_items(user, today):
    """A lead's organisations that have not returned for a workforce role's latest period in their region."""
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    if not led:
        return []
    return [
        Item(
            "headcount_return_due",
            f"{due.workforce_role}: the period ending {services.long_date(due.period_end)} "
            f"({due.organisation})",
            reverse("workforce:return_add", args=[due.organisation.pk])
            + f"?workforce_role={due.workforce_role.pk}&period_end={due.period_end:%Y-%m-%d}",
            due.period_end,
            "Other organisations in the region have returned for this period.",
        )
        for due in services.returns_due(led, today)
        if access.can_record_returns_of(user, due.organisation)
    ]


# --- An organisation's returns ------------------------------------------------------------------------------


def _targets_for(user, organisation):
    """The targets that cover the organisation (its own, its region's, the country's), each with whether the
    person may open its progress page."""
    found = (
        Target.objects.filter(organisation=organisation)
        | Target.objects.filter(region=organisation.region_id, organisation=None)
        | Target.objects.filter(region=None, organisation=None)
    )
    return [
        (target, access.can_view_target(user, target), access.can_change_target(user, target))
        for target in found.select_related("workforce_role", "region", "organisation")
    ]


@permit(access.can_view_returns_of, model=Organisation)
def returns(request, organisation):
    user = request.user
    all_returns = list(
        HeadcountReturn.objects.filter(organisation=organisation).select_related(
            "workforce_role", "submitted_by", "corrected_by"
        )
    )
    roles = {}
    for headcount_return in all_returns:
        roles.setdefault(headcount_return.workforce_role, []).append(headcount_return)
    can_see_names = access.can_see_completing_trainees(user, organisation)
    sections = [
        {
            "role": role,
            "returns": sorted(found, key=lambda r: r.period_end, reverse=True),
            "suggestion": services.suggestion(organisation, role) if can_see_names else None,
        }
        for role, found in sorted(roles.items(), key=lambda item: item[0].name)
    ]
    due = services.returns_due([organisation.pk])
    return render(
        request,
        "workforce/targets_returns.html",
        {
            "organisation": organisation,
            "sections": sections,
            "due": due,
            "targets": _targets_for(user, organisation),
            "can_record": access.can_record_returns_of(user, organisation),
            "can_set_target": access.can_set_targets_for_organisation(user, organisation),
            "can_see_names": can_see_names,
            "figures": services.FIGURE_LABELS,
            "completion_rule": services.COMPLETION_RULE,
        },
    )


def _return_form_page(request, organisation, headcount_return=None):
    initial = None
    if headcount_return is None and request.method == "GET":
        initial = {
            name: request.GET[name] for name in ("workforce_role", "period_end") if request.GET.get(name)
        }
    form = ReturnForm(
        request.POST or None, organisation=organisation, headcount_return=headcount_return, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unchanged = headcount_return is not None and services.return_unchanged(
            headcount_return,
            workforce_role=data["workforce_role"],
            period_end=data["period_end"],
            figures=data,
        )
        try:
            saved = services.save_return(
                organisation=organisation, by=request.user, headcount_return=headcount_return, **data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            when = services.long_date(saved.period_end)
            verb = "recorded" if headcount_return is None else "corrected"
            verb = "unchanged" if unchanged else verb
            messages.success(request, f"Return {verb}: {saved.workforce_role}, the period ending {when}.")
            return redirect("workforce:returns", pk=organisation.pk)
    suggestion = previous = None
    role = _chosen_role(form, organisation, headcount_return)
    period_end = _chosen_period(form, headcount_return)
    if role is not None:
        previous = services.previous_return(organisation, role, before=period_end)
        if access.can_see_completing_trainees(request.user, organisation):
            suggestion = services.suggestion(organisation, role, period_end=period_end)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workforce/targets_return_form.html",
        {
            "organisation": organisation,
            "form": form,
            "headcount_return": headcount_return,
            "suggestion": suggestion,
            "previous": previous,
            "suggested": suggestion.applied_to(previous) if suggestion and previous else None,
            "completion_rule": services.COMPLETION_RULE,
        },
        status=status,
    )


def _chosen_role(form, organisation, headcount_return):
    if headcount_return is not None:
        return headcount_return.workforce_role
    value = form.data.get("workforce_role") if form.is_bound else form.initial.get("workforce_role")
    if not value or not str(value).isdigit():
        return None
    return services.roles_for(organisation).filter(pk=value).first()


def _chosen_period(form, headcount_return):
    if headcount_return is not None:
        return headcount_return.period_end
    if form.is_bound:
        return form.cleaned_data.get("period_end") if hasattr(form, "cleaned_data") else None
    value = form.initial.get("period_end")
    try:
        return form.fields["period_end"].to_python(value) if value else None
    except ValidationError:
        return None


@permit(access.can_record_returns_of, model=Organisation, read_rule=access.can_view_returns_of)
def return_add(request, organisation):
    return _return_form_page(request, organisation)


@permit(access.can_change_return, model=HeadcountReturn, read_rule=access.can_view_return)
def return_edit(request, headcountreturn):
    return _return_form_page(request, headcountreturn.organisation, headcountreturn)


@permit(access.can_record_returns_of, model=Organisation, read_rule=access.can_view_returns_of)
def returns_import(request, organisation):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing_targets.MAX_FILE_BYTES:
                tabular.refuse(
                    f"The file is larger than {importing_targets.MAX_FILE_BYTES // tabular.MB} MB."
                )
            result = importing_targets.import_returns(
                organisation=organisation, by=request.user, name=upload.name, content=upload.read()
            )
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                f"{result.total} returns imported: {result.added} new, {result.corrected} corrected, "
                f"{result.unchanged} unchanged.",
            )
            return redirect("workforce:returns", pk=organisation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workforce/targets_import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "max_rows": importing_targets.MAX_ROWS,
            "columns": importing_targets.column_guide(),
            "roles": services.roles_for(organisation).order_by("name"),
        },
        status=status,
    )


@permit(access.can_record_returns_of, model=Organisation, read_rule=access.can_view_returns_of)
def returns_import_template(request, organisation):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(importing_targets.template_rows())
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="headcount-returns-template.csv"'
    return response


# --- Targets ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permit(access.can_change_return, model=HeadcountReturn, read_rule=access.can_view_return)
def return_remove(request, headcountreturn):
    organisation = headcountreturn.organisation
    if request.method == "POST":
        shown = f"{headcountreturn.workforce_role}, period ending {headcountreturn.period_end:%-d %B %Y}"
        services.delete_return(headcount_return=headcountreturn, by=request.user)
        messages.success(request, f"Return removed: {shown}.")
        return redirect("workforce:returns", pk=organisation.pk)
    return render(
        request,
        "workforce/targets_return_remove.html",
        {"return": headcountreturn, "organisation": organisation},
    )


def _target_form_page(request, *, scope, back, roles, target=None, region=None, organisation=None):
    form = TargetForm(request.POST or None, roles=roles, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_target(
                by=request.user, target=target, region=region, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Target {'set' if target is None else 'changed'}: {saved}.")
            return redirect("workforce:target", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "target": target, "scope": scope, "back": back}
    return render(request, "workforce/targets_target_form.html", context, status=status)


@permit(access.can_set_targets_for_organisation, model=Organisation, read_rule=access.can_view_targets_of)
def target_add_organisation(request, organisation):
    return _target_form_page(
        request,
        scope=str(organisation),
        back=reverse("workforce:returns", args=[organisation.pk]),
        roles=services.roles_for(organisation),
        organisation=organisation,
    )


@permit(access.can_set_targets_for_region, model=Region, read_rule=access.can_view_region_workforce)
def target_add_region(request, region):
    return _target_form_page(
        request,
        scope=str(region),
        back=reverse("workforce:targets_region", args=[region.pk]),
        roles=WorkforceRole.objects.filter(organisation=None),
        region=region,
    )


@permit(access.can_set_national_targets)
def target_add_national(request):
    return _target_form_page(
        request,
        scope="England (national)",
        back=reverse("workforce:targets_national"),
        roles=WorkforceRole.objects.filter(organisation=None),
    )


def _target_roles(target):
    if target.organisation_id:
        return services.roles_for(target.organisation)
    return WorkforceRole.objects.filter(organisation=None)


@permit(access.can_change_target, model=Target, read_rule=access.can_view_target)
def target_edit(request, target):
    return _target_form_page(
        request,
        scope=target.scope_name,
        back=reverse("workforce:target", args=[target.pk]),
        roles=_target_roles(target),
        target=target,
    )


@require_http_methods(["GET", "POST"])
@permit(access.can_change_target, model=Target, read_rule=access.can_view_target)
def target_remove(request, target):
    if request.method == "POST":
        back = _scope_url(target)
        shown = str(target)
        services.delete_target(target=target)
        messages.success(request, f"Target removed: {shown}.")
        return redirect(back)
    return render(request, "workforce/targets_target_remove.html", {"target": target})


def _scope_url(target):
    if target.organisation_id:
        return reverse("workforce:returns", args=[target.organisation_id])
    if target.region_id:
        return reverse("workforce:targets_region", args=[target.region_id])
    return reverse("workforce:targets_national")


def _set_by(user, target):
    """Who set the target: by name for the people of its scope and the administrator, else by their role."""
    if target.set_by is not None and (
        access.can_change_target(user, target) or access.is_administrator(user)
    ):
        return target.set_by.get_full_name() or str(target.set_by)
    if target.organisation_id:
        return "the organisation's workforce lead"
    return "the regional lead" if target.region_id else "the administrator"


@permit(access.can_view_target, model=Target)
def target(request, target):
    user = request.user
    prog = services.progress(target)
    return render(
        request,
        "workforce/targets_progress.html",
        {
            "target": target,
            "progress": prog,
            "chart": services.progress_chart(prog),
            "set_by": _set_by(user, target),
            "can_change": access.can_change_target(user, target),
            "total_rule": services.TOTAL_RULE,
            "projection_rule": services.PROJECTION_RULE,
            "scope_url": _scope_url(target) if _can_open_scope(user, target) else None,
        },
    )


def _can_open_scope(user, target):
    if target.organisation_id:
        return access.can_view_returns_of(user, target.organisation)
    if target.region_id:
        return access.can_view_region_workforce(user, target.region)
    return access.can_view_national_workforce(user)


# --- The regional and national pages ------------------------------------------------------------------------


def _summaries(targets):
    return [(t, services.progress(t)) for t in targets]


def _role_tables(organisations):
    """For each workforce role returned by ``organisations``: each organisation's latest return, the total of
    the latest period (TOTAL_RULE) and the organisations that have not returned for it."""
    latest_returns = (
        HeadcountReturn.objects.filter(organisation__in=organisations)
        .order_by("workforce_role_id", "organisation_id", "-period_end")
        .distinct("workforce_role_id", "organisation_id")
        .select_related("workforce_role", "organisation")
    )
    by_role = {}
    for last in latest_returns:
        by_role.setdefault(last.workforce_role, []).append(last)
    tables = []
    for role, found in sorted(by_role.items(), key=lambda item: item[0].name):
        latest = services.period_totals(role, organisations)[-1]
        rows = [
            (last.organisation, last, last.period_end != latest.period_end)
            for last in sorted(found, key=lambda r: r.organisation.name)
        ]
        tables.append(
            {
                "role": role,
                "latest": latest,
                "rows": rows,
                "not_returned": services.not_returned(role, organisations, latest.period_end),
            }
        )
    return tables


@permit(access.can_view_region_workforce, model=Region)
def targets_region(request, region):
    organisations = Organisation.objects.filter(region=region)
    region_targets = Target.objects.filter(region=region).select_related("workforce_role")
    national = Target.objects.filter(region=None, organisation=None).select_related("workforce_role")
    organisation_targets = Target.objects.filter(organisation__region=region).select_related(
        "workforce_role", "organisation"
    )
    contributions = []
    for target in national:
        totals = services.period_totals(target.workforce_role, organisations)
        contributions.append((target, totals[-1] if totals else None))
    return render(
        request,
        "workforce/targets_region.html",
        {
            "region": region,
            "region_targets": _summaries(region_targets),
            "organisation_targets": _summaries(organisation_targets),
            "national": contributions,
            "tables": _role_tables(organisations),
            "can_set_target": access.can_set_targets_for_region(request.user, region),
            "can_view_national": access.can_view_national_workforce(request.user),
            "total_rule": services.TOTAL_RULE,
        },
    )


@permit(access.can_view_national_workforce)
def targets_national(request):
    national = Target.objects.filter(region=None, organisation=None).select_related("workforce_role")
    regions = []
    for region in Region.objects.order_by("name"):
        organisations = Organisation.objects.filter(region=region)
        roles = WorkforceRole.objects.filter(headcount_returns__organisation__in=organisations).distinct()
        for role in roles.order_by("name"):
            totals = services.period_totals(role, organisations)
            regions.append((region, role, totals[-1]))
    return render(
        request,
        "workforce/targets_national.html",
        {
            "national_targets": _summaries(national),
            "other_targets": Target.objects.exclude(region=None, organisation=None).select_related(
                "workforce_role", "region", "organisation"
            ),
            "regions": regions,
            "total_rule": services.TOTAL_RULE,
        },
    )
