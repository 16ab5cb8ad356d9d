"""Pages of the career part of workforce plans: the catalogue of workforce roles, the career framework (the
national starter, each organisation's, a region's totals) and the code of practice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import Role, organisation_ids, permit, region_ids
from accounts.models import Organisation, Region
from core.forms import show_errors
from core.todo import Item

from . import access, selectors_career, services_career
from .forms_career import (
    AgreementForm,
    CareerStepForm,
    CodeTextForm,
    RoleVariantForm,
    ScopeStatementForm,
    WorkforceRoleForm,
    initial_from,
)
from .models import CareerStep, CodeVersion, ProgressionAgreement, RoleVariant, ScopeStatement, WorkforceRole


def _form_page(request, template, form, save, context, *, saved, status_on_error=400):
    """Shows ``form``; on a valid POST calls ``save(cleaned_data)`` and goes to ``saved(result)``; a service's
    refusal is shown on the form beside its field, and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            message, url = saved(result)
            messages.success(request, message)
            return redirect(url)
    status = status_on_error if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def _refused(request, error):
    messages.error(request, " ".join(error.messages))


# --- The catalogue of workforce roles -------------------------------------------------------------------


def _visible_organisation_ids(user):
    if access.is_administrator(user):
        return None  # all
    regions = region_ids(user, Role.REGIONAL_LEAD)
    led = organisation_ids(user, Role.WORKFORCE_LEAD)
    return set(
        Organisation.objects.filter(Q(pk__in=led) | Q(region__in=regions)).values_list("pk", flat=True)
    )


@permit(access.plans_workforce)
def role_list(request):
    user = request.user
    visible = _visible_organisation_ids(user)
    local = WorkforceRole.objects.exclude(organisation=None)
    if visible is not None:
        local = local.filter(organisation__in=visible)
    related = ("standard", "organisation")
    return render(
        request,
        "workforce/roles_list.html",
        {
            "national": WorkforceRole.objects.filter(organisation=None)
            .select_related(*related)
            .prefetch_related("variants"),
            "local": local.select_related(*related)
            .prefetch_related("variants")
            .order_by("organisation__name", "name"),
            "can_add_national": access.is_administrator(user),
            "add_for": [
                o
                for o in Organisation.objects.filter(pk__in=organisation_ids(user, Role.WORKFORCE_LEAD))
                if access.can_add_workforce_role_for(user, o)
            ],
        },
    )


@permit(access.can_view_workforce_role, model=WorkforceRole)
def role_detail(request, workforcerole):
    return render(
        request,
        "workforce/roles_detail.html",
        {
            "role": workforcerole,
            "variants": workforcerole.variants.all(),
            "can_change": access.can_change_workforce_role(request.user, workforcerole),
        },
    )


def _role_form_page(request, *, role, organisation):
    form = WorkforceRoleForm(request.POST or None, initial=initial_from(role, WorkforceRoleForm))

    def save(data):
        return services_career.save_workforce_role(
            role=role, organisation=organisation, by=request.user, **data
        )

    return _form_page(
        request,
        "workforce/roles_form.html",
        form,
        save,
        {"role": role if role.pk else None, "organisation": organisation},
        saved=lambda r: (f"{r} saved.", reverse("workforce:role_detail", args=[r.pk])),
    )


@permit(access.is_administrator)
def role_add_national(request):
    return _role_form_page(request, role=WorkforceRole(), organisation=None)


@permit(access.can_add_workforce_role_for, model=Organisation, read_rule=access.can_view_workforce_roles_of)
def role_add(request, organisation):
    return _role_form_page(request, role=WorkforceRole(), organisation=organisation)


@permit(access.can_change_workforce_role, model=WorkforceRole, read_rule=access.can_view_workforce_role)
def role_edit(request, workforcerole):
    return _role_form_page(request, role=workforcerole, organisation=workforcerole.organisation)


def _variant_form_page(request, *, variant, role):
    form = RoleVariantForm(request.POST or None, initial=initial_from(variant, RoleVariantForm))

    def save(data):
        return services_career.save_role_variant(variant=variant, role=role, **data)

    return _form_page(
        request,
        "workforce/roles_variant_form.html",
        form,
        save,
        {"role": role, "variant": variant if variant.pk else None},
        saved=lambda v: (f"{v} saved.", reverse("workforce:role_detail", args=[role.pk])),
    )


@permit(access.can_change_workforce_role, model=WorkforceRole, read_rule=access.can_view_workforce_role)
def variant_add(request, workforcerole):
    return _variant_form_page(request, variant=RoleVariant(), role=workforcerole)


@permit(access.can_change_role_variant, model=RoleVariant, read_rule=access.can_view_role_variant)
def variant_edit(request, rolevariant):
    return _variant_form_page(request, variant=rolevariant, role=rolevariant.role)


@permit(access.can_change_role_variant, model=RoleVariant, read_rule=access.can_view_role_variant)
@require_POST
def variant_delete(request, rolevariant):
    try:
        services_career.delete_role_variant(variant=rolevariant)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"{rolevariant} removed.")
    return redirect("workforce:role_detail", pk=rolevariant.role_id)


# --- The career framework --------------------------------------------------------------------------------


def _framework_context(steps):
    return {
        "steps": steps,
        "stages": selectors_career.stages(steps),
        "routes": selectors_career.routes(steps),
    }


@permit(access.plans_workforce)
def career_national(request):
    user = request.user
    led = [
        o
        for o in Organisation.objects.filter(pk__in=organisation_ids(user, Role.WORKFORCE_LEAD))
        if access.can_manage_career_framework_of(user, o)
    ]
    return render(
        request,
        "workforce/career_national.html",
        {
            **_framework_context(selectors_career.steps_of(None)),
            "can_change": access.is_administrator(user),
            "copy_into": led,
        },
    )


@permit(access.is_administrator)
def career_national_step_add(request):
    return _step_form_page(request, step=CareerStep(), organisation=None)


@permit(access.can_view_career_framework_of, model=Organisation)
def career_framework(request, organisation):
    user = request.user
    steps = selectors_career.steps_of(organisation)
    can_count = access.can_view_career_counts_of(user, organisation)
    counts = selectors_career.organisation_counts(organisation, steps) if can_count else []
    for count in counts:
        count.step.taken = count  # the diagram shows each step's total beside it
    return render(
        request,
        "workforce/career_framework.html",
        {
            **_framework_context(steps),
            "organisation": organisation,
            "counts": counts,
            "can_count": can_count,
            "can_manage": access.can_manage_career_framework_of(user, organisation),
            "plans_workforce": access.plans_workforce(user),
            "national_steps": CareerStep.objects.filter(organisation=None).count(),
        },
    )


def _step_form_page(request, *, step, organisation):
    initial = initial_from(step, CareerStepForm)
    form = CareerStepForm(request.POST or None, initial=initial, organisation=organisation)

    def save(data):
        return services_career.save_career_step(step=step, organisation=organisation, by=request.user, **data)

    return _form_page(
        request,
        "workforce/career_step_form.html",
        form,
        save,
        {"step": step if step.pk else None, "organisation": organisation},
        saved=lambda s: (
            f"Step from {s.from_role} to {s.to_role} saved.",
            reverse("workforce:career_step", args=[s.pk]),
        ),
    )


@permit(
    access.can_manage_career_framework_of, model=Organisation, read_rule=access.can_view_career_framework_of
)
def career_step_add(request, organisation):
    return _step_form_page(request, step=CareerStep(), organisation=organisation)


@permit(
    access.can_manage_career_framework_of, model=Organisation, read_rule=access.can_view_career_framework_of
)
@require_POST
def career_copy_national(request, organisation):
    copied, left_out = services_career.copy_national_framework(organisation=organisation, by=request.user)
    note = (
        f" {left_out} left out: your framework has them already, or they would make a circle."
        if left_out
        else ""
    )
    messages.success(request, f"{copied} steps copied from the national starter framework.{note}")
    return redirect("workforce:career_framework", pk=organisation.pk)


@permit(access.can_view_career_step, model=CareerStep)
def career_step(request, careerstep):
    user = request.user
    step = careerstep
    organisation = step.organisation
    count = None
    if organisation is not None and access.can_view_career_counts_of(user, organisation):
        count = selectors_career.organisation_counts(organisation, [step])[0]
    return render(
        request,
        "workforce/career_step.html",
        {
            "step": step,
            "counting": selectors_career.counting(step),
            "count": count,
            "agreements": step.agreements.select_related("partner"),
            "can_change": access.can_change_career_step(user, step),
            "can_add_agreement": organisation is not None and access.can_change_career_step(user, step),
        },
    )


@permit(access.can_change_career_step, model=CareerStep, read_rule=access.can_view_career_step)
def career_step_edit(request, careerstep):
    return _step_form_page(request, step=careerstep, organisation=careerstep.organisation)


def _framework_url(step):
    if step.organisation_id is None:
        return reverse("workforce:career_national")
    return reverse("workforce:career_framework", args=[step.organisation_id])


@permit(access.can_change_career_step, model=CareerStep, read_rule=access.can_view_career_step)
@require_POST
def career_step_delete(request, careerstep):
    try:
        services_career.delete_career_step(step=careerstep)
    except ValidationError as error:
        _refused(request, error)
        return redirect("workforce:career_step", pk=careerstep.pk)
    messages.success(request, f"Step from {careerstep.from_role} to {careerstep.to_role} removed.")
    return redirect(_framework_url(careerstep))


def _agreement_form_page(request, *, agreement, step):
    form = AgreementForm(request.POST or None, initial=initial_from(agreement, AgreementForm))

    def save(data):
        return services_career.save_agreement(agreement=agreement, step=step, by=request.user, **data)

    return _form_page(
        request,
        "workforce/career_agreement_form.html",
        form,
        save,
        {"step": step, "agreement": agreement if agreement.pk else None},
        saved=lambda a: ("Progression agreement saved.", reverse("workforce:career_step", args=[step.pk])),
    )


@permit(access.can_change_career_step, model=CareerStep, read_rule=access.can_view_career_step)
def agreement_add(request, careerstep):
    return _agreement_form_page(request, agreement=ProgressionAgreement(), step=careerstep)


@permit(
    access.can_change_progression_agreement,
    model=ProgressionAgreement,
    read_rule=access.can_view_progression_agreement,
)
def agreement_edit(request, progressionagreement):
    return _agreement_form_page(request, agreement=progressionagreement, step=progressionagreement.step)


@permit(
    access.can_change_progression_agreement,
    model=ProgressionAgreement,
    read_rule=access.can_view_progression_agreement,
)
@require_POST
def agreement_delete(request, progressionagreement):
    services_career.delete_agreement(agreement=progressionagreement)
    messages.success(request, f"Agreement with {progressionagreement.partner_label} removed.")
    return redirect("workforce:career_step", pk=progressionagreement.step_id)


@permit(access.can_view_region_workforce, model=Region)
def career_region(request, region):
    return render(
        request,
        "workforce/career_region.html",
        {"region": region, "rows": selectors_career.region_totals(region)},
    )


# --- The code of practice ------------------------------------------------------------------------


@permit(access.can_read_code_of, model=Organisation)
def code(request, organisation):
    user = request.user
    current = selectors_career.current_code(organisation)
    can_manage = access.can_manage_code_of(user, organisation)
    context = {
        "organisation": organisation,
        "version": current,
        "can_manage": can_manage,
        "plans_workforce": access.plans_workforce(user),
        "draft": selectors_career.draft_code(organisation) if can_manage else None,
        "earlier": selectors_career.published(organisation).exclude(pk=getattr(current, "pk", None)),
    }
    if current is not None:
        context |= _reader_context(user, current)
        if can_manage:
            rows = selectors_career.acknowledgement_rows(current)
            context["acknowledged"] = sum(r.acknowledged is not None for r in rows)
            context["covered"] = len(rows)
    return render(request, "workforce/code_detail.html", context)


def _reader_context(user, version):
    return {
        "statements": version.scope_statements.select_related("workforce_role"),
        "mine": selectors_career.acknowledgement_of(version, user),
        "my_roles": selectors_career.holder_roles(version, user),
        "can_acknowledge": access.can_acknowledge_code(user, version),
    }


@permit(access.can_manage_code_of, model=Organisation, read_rule=access.can_read_code_of)
@require_POST
def code_draft_start(request, organisation):
    draft = services_career.start_code_version(organisation=organisation, by=request.user)
    return redirect("workforce:code_version", pk=draft.pk)


@permit(access.can_view_code_version, model=CodeVersion)
def code_version(request, codeversion):
    version = codeversion
    return render(
        request,
        "workforce/code_version.html",
        {
            "version": version,
            "organisation": version.organisation,
            "is_current": version.is_published and selectors_career.is_current(version),
            "can_edit": access.can_edit_code_version(request.user, version),
            **_reader_context(request.user, version),
        },
    )


@permit(access.can_edit_code_version, model=CodeVersion, read_rule=access.can_view_code_version)
def code_version_edit(request, codeversion):
    form = CodeTextForm(request.POST or None, initial=initial_from(codeversion, CodeTextForm))

    def save(data):
        return services_career.save_code_text(version=codeversion, **data)

    return _form_page(
        request,
        "workforce/code_text_form.html",
        form,
        save,
        {"version": codeversion},
        saved=lambda v: ("The draft's text is saved.", reverse("workforce:code_version", args=[v.pk])),
    )


@permit(access.can_edit_code_version, model=CodeVersion, read_rule=access.can_view_code_version)
@require_POST
def code_publish(request, codeversion):
    try:
        services_career.publish_code_version(version=codeversion, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("workforce:code_version", pk=codeversion.pk)
    messages.success(
        request, f"Version {codeversion.number} is published: everyone it covers is asked to acknowledge it."
    )
    return redirect("workforce:code", pk=codeversion.organisation_id)


@permit(access.can_edit_code_version, model=CodeVersion, read_rule=access.can_view_code_version)
@require_POST
def code_discard(request, codeversion):
    services_career.discard_draft(version=codeversion)
    messages.success(request, f"The draft of version {codeversion.number} is discarded.")
    return redirect("workforce:code", pk=codeversion.organisation_id)


def _scope_form_page(request, *, statement, version):
    form = ScopeStatementForm(
        request.POST or None,
        initial=initial_from(statement, ScopeStatementForm),
        organisation=version.organisation,
    )

    def save(data):
        return services_career.save_scope_statement(statement=statement, version=version, **data)

    return _form_page(
        request,
        "workforce/code_scope_form.html",
        form,
        save,
        {"version": version, "statement": statement if statement.pk else None},
        saved=lambda s: (
            f"Scope of practice for {s.workforce_role} saved.",
            reverse("workforce:code_version", args=[version.pk]) + f"#scope-{s.pk}",
        ),
    )


@permit(access.can_edit_code_version, model=CodeVersion, read_rule=access.can_view_code_version)
def code_scope_add(request, codeversion):
    return _scope_form_page(request, statement=ScopeStatement(), version=codeversion)


@permit(access.can_change_scope_statement, model=ScopeStatement, read_rule=access.can_view_scope_statement)
def code_scope_edit(request, scopestatement):
    return _scope_form_page(request, statement=scopestatement, version=scopestatement.version)


@permit(access.can_change_scope_statement, model=ScopeStatement, read_rule=access.can_view_scope_statement)
@require_POST
def code_scope_delete(request, scopestatement):
    services_career.delete_scope_statement(statement=scopestatement)
    messages.success(request, f"Scope of practice for {scopestatement.workforce_role} removed.")
    return redirect("workforce:code_version", pk=scopestatement.version_id)


@permit(access.can_acknowledge_code, model=CodeVersion, read_rule=access.can_view_code_version)
@require_POST
def code_acknowledge(request, codeversion):
    try:
        services_career.acknowledge_code(version=codeversion, person=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, f"You have acknowledged version {codeversion.number} of the code of practice."
        )
    return redirect("workforce:code", pk=codeversion.organisation_id)


@permit(access.can_manage_code_of, model=Organisation, read_rule=access.can_read_code_of)
def code_acknowledgements(request, organisation):
    current = selectors_career.current_code(organisation)
    rows = selectors_career.acknowledgement_rows(current) if current else []
    return render(
        request,
        "workforce/code_acknowledgements.html",
        {
            "organisation": organisation,
            "version": current,
            "waiting": [r for r in rows if r.acknowledged is None],
            "done": [r for r in rows if r.acknowledged is not None],
            "covered": len(rows),
        },
    )


# --- The front page, the dashboard and the to-do list -------------------------------------------


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_career.html)."""
    user = request.user
    organisations = []
    for organisation in base["organisations"]:
        current = selectors_career.current_code(organisation)
        rows = selectors_career.acknowledgement_rows(current) if current else []
        organisations.append(
            {
                "organisation": organisation,
                "steps": CareerStep.objects.filter(organisation=organisation).count(),
                "code": current,
                "draft": selectors_career.draft_code(organisation),
                "acknowledged": sum(r.acknowledged is not None for r in rows),
                "covered": len(rows),
                "own_roles": WorkforceRole.objects.filter(organisation=organisation).count(),
            }
        )
    return {
        "career_organisations": organisations,
        "career_regions": [r for r in base["regions"] if access.can_view_region_workforce(user, r)],
        "career_catalogue": WorkforceRole.objects.filter(organisation=None).count(),
        "career_own_roles": _own_roles_words(base),
    }


def _own_roles_words(base):
    """Whose own roles the catalogue lists beside the national ones, as the reader sees them (role_list)."""
    if base["is_administrator"]:
        return "every organisation's own"
    if base["regions"]:
        regions = "your region's" if len(base["regions"]) == 1 else "your regions'"
        return f"the own roles of {regions} organisations"
    if len(base["organisations"]) > 1:
        return "your organisations' own"
    return "your organisation's own" if base["organisations"] else ""


def dashboard_panel(request):
    """The organisation's code of practice and career framework, for its people: the code to acknowledge
    (or acknowledged, and when), and the career pathway. Nothing when no organisation of theirs has either."""
    user = request.user
    found = []
    mine = Organisation.objects.filter(pk__in=organisation_ids(user)).annotate(
        steps=Count("career_steps", distinct=True)
    )
    for organisation in mine.order_by("name"):
        version = selectors_career.current_code(organisation)
        if version is None and not organisation.steps:
            continue
        if not access.can_read_code_of(user, organisation):
            continue
        found.append(
            {
                "organisation": organisation,
                "version": version,
                "mine": selectors_career.acknowledgement_of(version, user) if version else None,
                "asked": version is not None and access.can_acknowledge_code(user, version),
                "steps": organisation.steps,
            }
        )
    if not found:
        return None
    return {"template": "workforce/career_dashboard_panel.html", "organisations": found}


TODO_KINDS = {"code_to_acknowledge": "Code of practice to acknowledge"}


def todo_items(user, today):
    return [
        Item(
            "code_to_acknowledge",
            f"{version.title}, version {version.number} ({version.organisation})",
            reverse("workforce:code", args=[version.organisation_id]),
            version.published_at.date(),
            "Read it and acknowledge that you will work to it.",
        )
        for version in selectors_career.codes_to_acknowledge(user)
    ]
