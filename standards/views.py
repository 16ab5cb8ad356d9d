import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import is_signed_in, organisation_ids, permit
from accounts.models import Membership, Organisation
from core import tabular
from core.forms import show_errors
from core.uploads import explain_unreadable_upload

from . import access, services
from .forms import CompetencyForm, DutyMappingForm, FrameworkForm, ProgressionForm, StandardUploadForm
from .ifate import to_document
from .models import KSB, Competency, Duty, Framework, Progression, Standard
from .selectors import duty_ksbs, progressions

SEARCH_LIMIT = 100


@permit(is_signed_in)
def catalogue(request):
    query = request.GET.get("q", "").strip()
    results = None
    if query:
        words = query.split()
        matches = KSB.objects.select_related("standard")
        for word in words:
            matches = matches.filter(Q(text__icontains=word) | Q(standard__reference__iexact=word))
        code = query.upper()
        if len(words) == 1 and code[:1] in "KSB" and code[1:].isdigit():
            matches = KSB.objects.select_related("standard").filter(kind=code[0], number=int(code[1:]))
        results = list(
            matches.order_by("standard__reference", "standard__version", "kind_order", "number")[
                :SEARCH_LIMIT
            ]
        )
    standards = Standard.objects.annotate(
        ksb_count=Count("ksbs", distinct=True), duty_count=Count("duties", distinct=True)
    )
    return render(
        request,
        "standards/catalogue.html",
        {
            "standards": standards,
            "query": query,
            "results": results,
            "limit": SEARCH_LIMIT,
            "can_import": access.can_import_standards(request.user),
            "can_create_framework": access.can_create_framework(request.user),
            "frameworks": Framework.objects.filter(organisation__in=organisation_ids(request.user)),
        },
    )


@permit(access.can_view_standard, model=Standard)
def standard_detail(request, standard):
    ksbs = list(standard.ksbs.all())
    duties = []
    for duty, mapped in duty_ksbs(standard, ksbs):
        duty.mapped = mapped
        duties.append(duty)
    groups = [(kind.label, [k for k in ksbs if k.kind == kind]) for kind in KSB.Kind]
    other_versions = Standard.objects.filter(reference=standard.reference).exclude(pk=standard.pk)
    into, onwards = progressions(standard, organisation_ids(request.user))
    in_catalogue = set(Standard.objects.values_list("reference", flat=True))
    led = Organisation.objects.filter(pk__in=organisation_ids(request.user, Membership.Role.WORKFORCE_LEAD))
    return render(
        request,
        "standards/standard_detail.html",
        {
            "standard": standard,
            "duties": duties,
            "groups": groups,
            "other_versions": other_versions,
            "into": into,
            "onwards": onwards,
            "in_catalogue": in_catalogue,
            "led": led,
        },
    )


@permit(access.can_view_standard, model=Standard)
def standard_export(request, standard):
    body = json.dumps(to_document(standard), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{standard.reference}-v{standard.version}.json"'
    return response


@explain_unreadable_upload(back_to=lambda: reverse("standards:import"))
@permit(access.can_import_standards)
def standard_import(request):
    form = StandardUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            outcomes = services.import_standards(text=form.cleaned_data["file"])
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            for outcome in outcomes:
                s = outcome.standard
                if outcome.created:
                    messages.success(request, f"Imported {s.reference} v{s.version} {s.title}.")
                else:
                    messages.info(
                        request, f"{s.reference} v{s.version} was already in the catalogue, unchanged."
                    )
            return redirect("standards:detail", pk=outcomes[-1].standard.pk)
    return render(request, "standards/standard_import.html", {"form": form, "problems": problems})


# --- An organisation's locally made duty mapping and progression links ----------------------------------


def _organisation_standard(standard_pk):
    return get_object_or_404(Standard, pk=standard_pk)


@permit(access.can_propose_local_mapping, model=Organisation, read_rule=access.can_view_local_mapping)
def local_mapping(request, organisation, standard_pk):
    standard = _organisation_standard(standard_pk)
    duties = duty_ksbs(standard, organisation_id=organisation.pk)
    into, onwards = progressions(standard, [organisation.pk])
    return render(
        request,
        "standards/local_mapping.html",
        {
            "organisation": organisation,
            "standard": standard,
            "duties": duties,
            "unmapped": sum(duty.mapping_source == Standard.Mapping.NONE for duty, _ in duties),
            "into": into,
            "onwards": onwards,
            "form": ProgressionForm(),
        },
    )


@permit(access.can_propose_local_mapping, model=Organisation, read_rule=access.can_view_local_mapping)
def local_duty_mapping(request, organisation, standard_pk, number):
    standard = _organisation_standard(standard_pk)
    duty = get_object_or_404(Duty, standard=standard, number=number)
    back = reverse("standards:local_mapping", args=[standard.pk, organisation.pk])
    if services.is_published(duty):
        messages.info(request, f"The Institute publishes the KSBs of {duty.code}; its mapping is used.")
        return redirect(back)
    current = duty.local_mappings.filter(organisation=organisation).first()
    initial = {"ksbs": list(current.ksbs.all()) if current else []}
    # Bound on any POST: unticking every box sends no data, and clears the mapping.
    data = request.POST if request.method == "POST" else None
    form = DutyMappingForm(data, duty=duty, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_duty_mapping(
                organisation=organisation, duty=duty, ksbs=form.cleaned_data["ksbs"], by=request.user
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Your organisation's mapping of {duty.code} is saved, labelled local.")
            return redirect(f"{back}#{duty.code}")
    return render(
        request,
        "standards/local_duty_mapping.html",
        {"organisation": organisation, "standard": standard, "duty": duty, "form": form, "back": back},
    )


@permit(access.can_propose_local_mapping, model=Organisation, read_rule=access.can_view_local_mapping)
def local_progression_create(request, organisation, standard_pk):
    standard = _organisation_standard(standard_pk)
    back = reverse("standards:local_mapping", args=[standard.pk, organisation.pk])
    form = ProgressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_progression(
                organisation=organisation, standard=standard, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Progression link added, labelled local to your organisation.")
            return redirect(f"{back}#progression")
    return render(
        request,
        "standards/local_progression_form.html",
        {"organisation": organisation, "standard": standard, "form": form, "back": back},
    )


@require_POST
@permit(access.can_withdraw_progression, model=Progression, read_rule=access.can_view_progression)
def progression_withdraw(request, progression):
    standard = Standard.objects.filter(
        reference__in=[progression.from_reference, progression.to_reference]
    ).first()
    services.withdraw_progression(link=progression)
    messages.success(request, f"Progression link {progression} withdrawn.")
    if standard:
        return redirect("standards:local_mapping", standard.pk, progression.organisation_id)
    return redirect("standards:catalogue")


# --- Local competency frameworks ---------------------------------------------------------------------


@permit(access.can_create_framework)
def framework_create(request):
    led = Organisation.objects.filter(pk__in=organisation_ids(request.user, Membership.Role.WORKFORCE_LEAD))
    form = FrameworkForm(request.POST or None, organisations=list(led))
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.save_framework(framework=Framework(), **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Framework “{framework}” created. Now add its competencies.")
            return redirect("standards:framework_detail", pk=framework.pk)
    return render(request, "standards/framework_form.html", {"form": form, "framework": None})


@permit(access.can_view_framework, model=Framework)
def framework_detail(request, framework):
    competencies = framework.competencies.prefetch_related(
        Prefetch("ksbs", queryset=KSB.objects.order_by("kind_order", "number"))
    )
    groups = [(kind.label, [c for c in competencies if c.kind == kind]) for kind in Competency.Kind]
    mapped = {k.pk for c in competencies for k in c.ksbs.all()}
    return render(
        request,
        "standards/framework_detail.html",
        {
            "framework": framework,
            "groups": groups,
            "can_edit": access.can_edit_framework(request.user, framework),
            "ksb_total": framework.standard.ksbs.count(),
            "ksb_mapped": len(mapped),
        },
    )


@permit(access.can_edit_framework, model=Framework, read_rule=access.can_view_framework)
def framework_edit(request, framework):
    form = FrameworkForm(request.POST or None, instance=framework, organisations=[framework.organisation])
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in ("name", "description")}
        try:
            services.save_framework(framework=framework, **fields)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Framework saved.")
            return redirect("standards:framework_detail", pk=framework.pk)
    return render(request, "standards/framework_form.html", {"form": form, "framework": framework})


@permit(access.can_edit_framework, model=Framework, read_rule=access.can_view_framework)
def competency_create(request, framework):
    return _competency_form(request, framework, Competency(framework=framework))


@permit(access.can_edit_competency, model=Competency, read_rule=access.can_view_competency)
def competency_edit(request, competency):
    return _competency_form(request, competency.framework, competency)


def _competency_form(request, framework, competency):
    form = CompetencyForm(request.POST or None, instance=competency, framework=framework)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "ksbs"}
        try:
            services.save_competency(competency=competency, ksbs=form.cleaned_data["ksbs"], **fields)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Competency {competency.code} saved.")
            return redirect("standards:framework_detail", pk=framework.pk)
    return render(
        request,
        "standards/competency_form.html",
        {"form": form, "framework": framework, "competency": competency},
    )
