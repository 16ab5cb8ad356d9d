"""The gateway page (checklist, declaration, end-point assessment) and the forms behind it.

One page shows the way through: the standard version's checklist, each requirement confirmed by the side that
knows; the declaration the trainee, the employer and the provider sign over it; then the end-point assessment,
booked and graded by a workforce lead. Each action has its own rule in access.py.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import permit
from core import signing
from core.forms import show_errors
from core.signing import SignForm
from trainees.models import Enrolment

from . import access, selectors, services
from .forms import AssessmentBookingForm, AssessmentResultForm
from .gateway import may_confirm

SIGN_NOTE = (
    "Signing records your name, the time and a fingerprint of the checklist as confirmed above. When the "
    "trainee, the employer and the provider have all signed, the trainee passes through gateway and "
    "off-the-job time is no longer logged."
)


def _gateway_page(request, enrolment, sign_form=None, status=200):
    user = request.user
    readiness = selectors.gateway(enrolment)
    declaration = selectors.declaration(enrolment)
    open_checklist = access.can_confirm_gateway(user, enrolment)
    checklist = [
        (r, confirmation, open_checklist and confirmation is None and may_confirm(user, enrolment, r))
        for r, confirmation in readiness.requirements
    ]
    assessments = list(enrolment.end_point_assessments.select_related("booked_by", "recorded_by"))
    latest = assessments[-1] if assessments else None
    can_record = access.can_record_assessment(user, enrolment)
    may_sign = access.can_sign_gateway_declaration(user, enrolment)
    waiting = latest is not None and not latest.has_result  # booked, no result yet
    return render(
        request,
        "competencies/gateway.html",
        {
            "enrolment": enrolment,
            "gateway": readiness,
            "checklist": checklist,
            "declaration": declaration.record,
            "parties": declaration.parties,
            "signable": declaration.signable_by(user) if may_sign else [],
            "sign_form": sign_form or SignForm(),
            "sign_note": SIGN_NOTE,
            "assessments": assessments,
            "latest": latest,
            "can_book": can_record and not waiting and not (latest and latest.passed),
            "can_rebook": can_record and waiting,
            "can_record_result": can_record and waiting,
        },
        status=status,
    )


@permit(access.can_view_portfolio, model=Enrolment)
def gateway(request, enrolment):
    return _gateway_page(request, enrolment)


@require_POST
@permit(access.can_confirm_gateway, model=Enrolment, read_rule=access.can_view_portfolio)
def gateway_confirm(request, enrolment):
    try:
        services.confirm_gateway_requirement(
            enrolment=enrolment,
            requirement=request.POST.get("requirement", ""),
            by=request.user,
            note=request.POST.get("note", "")[:300],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Requirement confirmed.")
    return redirect("competencies:gateway", pk=enrolment.pk)


@require_POST
@permit(access.can_sign_gateway_declaration, model=Enrolment, read_rule=access.can_view_portfolio)
def gateway_sign(request, enrolment):
    form = SignForm(request.POST)
    signature = signing.signed(form, partial(services.sign_declaration, enrolment=enrolment, by=request.user))
    if signature is None:
        return _gateway_page(request, enrolment, form, status=400)
    enrolment.refresh_from_db()
    if enrolment.at_gateway:
        messages.success(
            request,
            f"You signed the gateway declaration as {signature.get_party_display().lower()}. Signed by all: "
            f"{enrolment.trainee} passed through gateway on {enrolment.gateway_on:%-d %B %Y}.",
        )
    else:
        messages.success(
            request, f"You signed the gateway declaration as {signature.get_party_display().lower()}."
        )
    return redirect("competencies:gateway", pk=enrolment.pk)


@permit(access.can_record_assessment, model=Enrolment, read_rule=access.can_view_portfolio)
def assessment_book(request, enrolment):
    latest = services.latest_assessment(enrolment)
    rebooking = latest is not None and not latest.has_result
    initial = {}
    if latest is not None:
        initial["assessment_organisation"] = latest.assessment_organisation
    if rebooking:
        initial |= {"observation_on": latest.observation_on, "discussion_on": latest.discussion_on}
    form = AssessmentBookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.book_assessment(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            resit = " (a resit)" if booked.attempt > 1 else ""
            messages.success(request, f"End-point assessment attempt {booked.attempt}{resit} booked.")
            return redirect("competencies:gateway", pk=enrolment.pk)
    return render(
        request,
        "competencies/assessment_book.html",
        {"enrolment": enrolment, "form": form, "latest": latest, "rebooking": rebooking},
    )


@permit(access.can_record_assessment, model=Enrolment, read_rule=access.can_view_portfolio)
def assessment_result(request, enrolment):
    latest = services.latest_assessment(enrolment)
    if latest is None or latest.has_result:
        messages.error(
            request, "Book the end-point assessment first: there is no attempt waiting for a result."
        )
        return redirect("competencies:gateway", pk=enrolment.pk)
    form = AssessmentResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.record_assessment_result(
                assessment=latest, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Result recorded: overall {recorded.get_grade_display()}.")
            return redirect("competencies:gateway", pk=enrolment.pk)
    return render(
        request,
        "competencies/assessment_result.html",
        {"enrolment": enrolment, "form": form, "assessment": latest},
    )
