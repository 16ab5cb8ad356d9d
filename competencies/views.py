from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import permit
from core import signing
from core.forms import show_errors
from standards import access as standards_access
from standards.models import KSB
from trainees import access as trainees_access
from trainees.models import Cohort, Enrolment

from . import access, selectors, services
from .forms import AchievementForm, DecisionForm, EvidenceForm, NewEvidenceForm
from .history import evidence_history
from .models import Evidence

EVIDENCE_PER_PAGE = 50


def _error_message(request, error):
    messages.error(request, " ".join(error.messages))


@permit(access.can_view_portfolio, model=Enrolment)
def portfolio(request, enrolment):
    evidence = enrolment.evidence.prefetch_related("ksbs").order_by("-occurred_on", "-pk")
    page = Paginator(evidence, EVIDENCE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "competencies/portfolio.html",
        {
            "enrolment": enrolment,
            "progress": selectors.progress(enrolment),
            "page": page,
            "states": selectors.STATES,
            "can_add": access.can_add_evidence(request.user, enrolment),
            "can_sign_off": access.can_sign_off_ksbs(request.user, enrolment),
            "can_propose_mapping": standards_access.can_propose_local_mapping(
                request.user, enrolment.cohort.organisation
            ),
        },
    )


@permit(access.can_add_evidence, model=Enrolment, read_rule=access.can_view_portfolio)
def evidence_create(request, enrolment):
    form = NewEvidenceForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            evidence = services.create_evidence(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, "Evidence saved as a draft. Add attachments, then submit it to your mentor."
            )
            return redirect("competencies:evidence_detail", pk=evidence.pk)
    return render(request, "competencies/evidence_form.html", {"form": form, "enrolment": enrolment})


@permit(access.can_view_evidence, model=Evidence)
def evidence_detail(request, evidence):
    return _detail(request, evidence)


def _detail(request, evidence, decision_form=None, status=200):
    user = request.user
    can_decide = access.can_decide_evidence(user, evidence)
    return render(
        request,
        "competencies/evidence_detail.html",
        {
            "evidence": evidence,
            "enrolment": evidence.enrolment,
            "ksbs": evidence.ksbs.order_by("kind_order", "number"),
            "attachments": evidence.attachments.all(),
            "decisions": evidence.decisions.select_related("decided_by"),
            "history": evidence_history(evidence),
            "versions": _versions(evidence),
            "can_edit": access.can_edit_evidence(user, evidence),
            "can_new_version": access.can_make_new_version(user, evidence)
            and not Evidence.objects.filter(previous=evidence).exists(),
            "can_decide": can_decide,
            "decision_form": decision_form or DecisionForm(),
            # What the mentor signs off is what they see: the form carries its fingerprint.
            "fingerprint": evidence.fingerprint() if can_decide else "",
        },
        status=status,
    )


def _versions(evidence):
    chain, item = [], evidence
    while item.previous_id:
        item = item.previous
        chain.append(item)
    later = Evidence.objects.filter(previous=evidence).first()
    while later:
        chain.insert(0, later)
        later = Evidence.objects.filter(previous=later).first()
    return chain


@permit(access.can_edit_evidence, model=Evidence, read_rule=access.can_view_evidence)
def evidence_edit(request, evidence):
    form = EvidenceForm(request.POST or None, instance=evidence, enrolment=evidence.enrolment)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_evidence(evidence=evidence, by=request.user, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Evidence saved.")
            return redirect("competencies:evidence_detail", pk=evidence.pk)
    return render(
        request,
        "competencies/evidence_form.html",
        {"form": form, "enrolment": evidence.enrolment, "evidence": evidence},
    )


@require_POST
@permit(access.can_edit_evidence, model=Evidence, read_rule=access.can_view_evidence)
def evidence_submit(request, evidence):
    try:
        services.submit_evidence(evidence=evidence, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, "Submitted to your mentor for sign-off.")
    return redirect("competencies:evidence_detail", pk=evidence.pk)


@require_POST
@permit(access.can_decide_evidence, model=Evidence, read_rule=access.can_view_evidence)
def evidence_decide(request, evidence):
    form = DecisionForm(request.POST)
    decision = signing.signed(form, partial(services.decide_evidence, evidence=evidence, by=request.user))
    if decision is None:  # e.g. no feedback, or decided meanwhile: the mentor sees why on the same page
        evidence.refresh_from_db()
        return _detail(request, evidence, decision_form=form, status=400)
    done = "signed off" if decision.action == decision.Action.SIGNED_OFF else "returned to the trainee"
    messages.success(request, f"“{evidence.title}” {done}.")
    return redirect("competencies:mentor_queue")


@require_POST
@permit(access.can_make_new_version, model=Evidence, read_rule=access.can_view_evidence)
def evidence_new_version(request, evidence):
    try:
        copy = services.new_version(evidence=evidence, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
        return redirect("competencies:evidence_detail", pk=evidence.pk)
    messages.success(
        request, f"Version {copy.version} made as a draft; version {evidence.version} stays as signed."
    )
    return redirect("competencies:evidence_edit", pk=copy.pk)


@permit(access.can_view_mentor_queue)
def mentor_queue(request):
    return render(request, "competencies/mentor_queue.html", {"queue": selectors.mentor_queue(request.user)})


@permit(access.can_sign_off_ksbs, model=Enrolment, read_rule=access.can_view_portfolio)
def ksb_achieve(request, enrolment, ksb_pk):
    ksb = get_object_or_404(KSB, pk=ksb_pk, standard=enrolment.cohort.programme.standard)
    form = AchievementForm(request.POST or None, enrolment=enrolment, ksb=ksb)
    if request.method == "POST" and form.is_valid():
        try:
            services.achieve_ksb(enrolment=enrolment, ksb=ksb, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{ksb.code} marked achieved for {enrolment.trainee}.")
            return redirect("competencies:portfolio", pk=enrolment.pk)
    return render(
        request, "competencies/ksb_achieve.html", {"form": form, "enrolment": enrolment, "ksb": ksb}
    )


@permit(trainees_access.can_view_cohort, model=Cohort)
def cohort_matrix(request, cohort):
    matrix = selectors.cohort_matrix(cohort, trainees_access.visible_enrolments(request.user, cohort))
    return render(
        request,
        "competencies/cohort_matrix.html",
        {
            "cohort": cohort,
            "matrix": matrix,
            "states": selectors.STATES,
            "caseload_only": not trainees_access.can_manage_cohort(request.user, cohort),
        },
    )
