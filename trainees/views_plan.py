"""The training plan's pages: read it, write it (the lecturer or a workforce lead), record the skills scan,
and sign it as trainee, employer or provider."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import permit
from core import signing
from core.forms import show_errors
from core.signing import SignForm

from . import access, training_plan
from .forms_plan import DeliveryForm, SkillsScanForm, TrainingPlanForm
from .models import Enrolment, PlannedDelivery, TrainingPlan


def _changed(request, plan, new, saved):
    if new.pk != plan.pk:
        messages.warning(
            request, f"Saved as version {new.version}: everyone must sign again, as the plan has changed."
        )
    else:
        messages.success(request, saved)
    return redirect("trainees:plan_detail", pk=new.pk)


@permit(access.can_view_enrolment, model=Enrolment)
def plan_current(request, enrolment):
    plan = training_plan.current_plan(enrolment)
    if plan is not None:
        return redirect("trainees:plan_detail", pk=plan.pk)
    return render(
        request,
        "trainees/plan_none.html",
        {"enrolment": enrolment, "can_write": access.can_write_plan_of(request.user, enrolment)},
    )


@permit(access.can_write_plan_of, model=Enrolment, read_rule=access.can_view_enrolment)
def plan_create(request, enrolment):
    existing = training_plan.current_plan(enrolment)
    if existing is not None:
        return redirect("trainees:plan_detail", pk=existing.pk)
    form = TrainingPlanForm(request.POST or None, initial=training_plan.starting_values(enrolment))
    if request.method == "POST" and form.is_valid():
        try:
            plan = training_plan.start_plan(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Training plan started. Now add what is delivered and the skills scan.")
            return redirect("trainees:plan_detail", pk=plan.pk)
    return render(request, "trainees/plan_form.html", {"form": form, "enrolment": enrolment, "plan": None})


@permit(access.can_view_plan, model=TrainingPlan)
def plan_detail(request, trainingplan):
    return _plan_page(request, trainingplan)


def _sign_form(plan, data=None):
    return SignForm(
        data,
        read_terms=f"I have read version {plan.version} of this training plan, above, and agree to it.",
        unread="Confirm that you have read this version of the training plan before you sign.",
    )


def _plan_page(request, plan, sign_form=None, status=200):
    enrolment = plan.enrolment
    scan = plan.scan()
    programme = enrolment.cohort.programme
    return render(
        request,
        "trainees/plan_detail.html",
        {
            "plan": plan,
            "enrolment": enrolment,
            "programme": programme,
            "state": training_plan.plan_state(enrolment, plan),
            "deliveries": plan.deliveries.prefetch_related("ksbs"),
            "scan": scan,
            "ratings": scan.ratings.select_related("ksb") if scan else [],
            "parties": signing.parties_table(plan),
            "versions": enrolment.training_plans.all(),
            "signable": signing.parties_to_sign(plan, request.user),
            "sign_form": sign_form or _sign_form(plan),
            "problems": plan.signing_problems() if plan.is_current else [],
            "can_edit": access.can_edit_plan(request.user, plan),
            "current": training_plan.current_plan(enrolment),
        },
        status=status,
    )


@permit(access.can_edit_plan, model=TrainingPlan, read_rule=access.can_view_plan)
def plan_edit(request, trainingplan):
    plan = trainingplan
    form = TrainingPlanForm(request.POST or None, instance=TrainingPlan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            new = training_plan.change_plan(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _changed(request, plan, new, "Training plan saved.")
    return render(
        request,
        "trainees/plan_form.html",
        {"form": form, "enrolment": plan.enrolment, "plan": plan, "signed": plan.is_signed()},
    )


@permit(access.can_edit_plan, model=TrainingPlan, read_rule=access.can_view_plan)
def plan_delivery_add(request, trainingplan):
    plan = trainingplan
    standard = plan.enrolment.cohort.programme.standard
    form = DeliveryForm(request.POST or None, standard=standard)
    if request.method == "POST" and form.is_valid():
        try:
            new = training_plan.add_delivery(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _changed(request, plan, new, f"Added “{form.cleaned_data['what']}” to the plan.")
    return render(
        request,
        "trainees/plan_delivery_form.html",
        {"form": form, "plan": plan, "signed": plan.is_signed()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permit(access.can_edit_plan, model=TrainingPlan, read_rule=access.can_view_plan)
def plan_delivery_remove(request, trainingplan, row):
    plan = trainingplan
    delivery = get_object_or_404(PlannedDelivery, pk=row, plan=plan)
    try:
        new = training_plan.remove_delivery(plan=plan, by=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainees:plan_detail", pk=plan.pk)
    return _changed(request, plan, new, f"Removed “{delivery.what}” from the plan.")


@permit(access.can_edit_plan, model=TrainingPlan, read_rule=access.can_view_plan)
def plan_scan(request, trainingplan):
    plan = trainingplan
    programme = plan.enrolment.cohort.programme
    form = SkillsScanForm(request.POST or None, ksbs=programme.standard.ksbs.all(), scan=plan.scan())
    if request.method == "POST" and form.is_valid():
        try:
            new = training_plan.record_skills_scan(plan=plan, by=request.user, **form.scan())
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _changed(request, plan, new, "Skills scan saved.")
    return render(
        request,
        "trainees/plan_scan.html",
        {
            "form": form,
            "plan": plan,
            "programme": programme,
            "max_reduction": max(programme.minimum_study_hours - training_plan.OFF_THE_JOB_FLOOR, 0),
            "signed": plan.is_signed(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permit(access.can_sign_plan, model=TrainingPlan, read_rule=access.can_view_plan)
def plan_sign(request, trainingplan):
    plan = trainingplan
    form = _sign_form(plan, request.POST)
    signature = signing.signed(form, partial(training_plan.sign_plan, plan=plan, by=request.user))
    if signature is None:
        return _plan_page(request, plan, form, status=400)
    messages.success(
        request, f"You signed version {plan.version} as {signature.get_party_display().lower()}."
    )
    return redirect("trainees:plan_detail", pk=plan.pk)
