import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import is_signed_in, is_workforce_lead_of, organisation_ids, permit
from accounts.models import Membership, Organisation
from core import signing
from core.forms import show_errors
from core.signing import SignForm

from . import access, selectors, services, training_plan
from .forms import (
    BookReviewForm,
    BreakForm,
    CohortForm,
    ContractForm,
    ContractTemplateForm,
    EndBreakForm,
    EnrolmentForm,
    FollowUpFormSet,
    NextActionFormSet,
    ProgrammeForm,
    ReviewForm,
    ServiceCoverForm,
    StatusForm,
    StudyTimeDecisionForm,
    StudyTimeForm,
)
from .models import (
    BreakInLearning,
    Cohort,
    Enrolment,
    LearningContract,
    Programme,
    ProgressReview,
    StudyTimeEntry,
)


def _led_organisations(user):
    return list(Organisation.objects.filter(pk__in=organisation_ids(user, Membership.Role.WORKFORCE_LEAD)))


# --- Programmes and cohorts ---------------------------------------------------------------------------


@permit(is_signed_in)
def cohort_list(request):
    user = request.user
    led = organisation_ids(user, Membership.Role.WORKFORCE_LEAD)
    supported = Enrolment.objects.filter(access.supported_by(user)).values("cohort")
    cohorts = Cohort.objects.filter(Q(organisation__in=led) | Q(pk__in=supported)).select_related(
        "programme", "organisation"
    )
    return render(
        request,
        "trainees/cohort_list.html",
        {
            "cohorts": cohorts,
            "programmes": Programme.objects.filter(organisation__in=led).select_related(
                "standard", "university"
            ),
            "can_manage": access.can_manage_trainees(user),
            "my_enrolments": Enrolment.objects.filter(trainee=user).select_related("cohort"),
            "led_organisations": Organisation.objects.filter(pk__in=led),
        },
    )


@permit(access.can_manage_trainees)
def programme_create(request):
    form = ProgrammeForm(request.POST or None, organisations=_led_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        services.save_programme(programme=Programme(), **form.cleaned_data)
        messages.success(
            request, f"Programme “{form.cleaned_data['name']}” created. Now create a cohort on it."
        )
        return redirect("trainees:cohort_create")
    return render(request, "trainees/programme_form.html", {"form": form, "programme": None})


@permit(access.can_manage_programme, model=Programme)
def programme_edit(request, programme):
    form = ProgrammeForm(request.POST or None, instance=programme, organisations=[programme.organisation])
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Programme saved.")
        return redirect("trainees:cohort_list")
    return render(request, "trainees/programme_form.html", {"form": form, "programme": programme})


@permit(access.can_manage_trainees)
def cohort_create(request):
    organisations = _led_organisations(request.user)
    form = CohortForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        programme = form.cleaned_data["programme"]
        cohort = services.save_cohort(cohort=Cohort(organisation=programme.organisation), **form.cleaned_data)
        messages.success(request, f"Cohort “{cohort}” created. Now add its trainees.")
        return redirect("trainees:cohort_detail", pk=cohort.pk)
    no_programme = not Programme.objects.filter(organisation__in=organisations).exists()
    return render(
        request, "trainees/cohort_form.html", {"form": form, "cohort": None, "no_programme": no_programme}
    )


@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def cohort_edit(request, cohort):
    form = CohortForm(request.POST or None, instance=cohort, organisations=[cohort.organisation])
    if request.method == "POST" and form.is_valid():
        try:
            services.save_cohort(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Cohort saved.")
            return redirect("trainees:cohort_detail", pk=cohort.pk)
    return render(request, "trainees/cohort_form.html", {"form": form, "cohort": cohort})


@permit(access.can_view_cohort, model=Cohort)
def cohort_detail(request, cohort):
    user = request.user
    enrolments = access.visible_enrolments(user, cohort)
    rows = selectors.rows(enrolments)
    achieved = dict(enrolments.annotate(n=Count("achievements")).values_list("pk", "n"))  # KSB sign-offs
    for row in rows:
        row.achieved = achieved.get(row.enrolment.pk, 0)
        row.can_open = access.can_view_enrolment(user, row.enrolment)
    flags = selectors.cohort_flags(rows)
    return render(
        request,
        "trainees/cohort_detail.html",
        {
            "cohort": cohort,
            "rows": rows,
            "can_manage": access.can_manage_cohort(user, cohort),
            "caseload_only": not access.can_manage_cohort(user, cohort),
            "ksb_total": cohort.programme.standard.ksbs.count(),
            "shortfalls": flags.shortfalls,
            "overdue": flags.overdue,
            "unsigned": flags.unsigned,
            "flags": flags,
        },
    )


@permit(is_workforce_lead_of, model=Organisation)
def contract_template(request, organisation):
    template = services.contract_template(organisation)
    form = ContractTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.save_contract_template(template=template, **form.cleaned_data)
        messages.success(
            request, "Saved. New learning contracts start from this text; existing ones keep theirs."
        )
        return redirect("trainees:cohort_list")
    return render(request, "trainees/contract_template.html", {"form": form, "organisation": organisation})


# --- Enrolments ---------------------------------------------------------------------------------------


@permit(access.can_view_enrolment, model=Enrolment)
def enrolment_detail(request, enrolment):
    user = request.user
    return render(
        request,
        "trainees/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "row": selectors.trainee_row(enrolment),
            "plan": training_plan.plan_state(enrolment),
            "status_changes": enrolment.status_changes.select_related("changed_by"),
            "breaks": enrolment.breaks.select_related("recorded_by"),
            "can_record_break": access.can_record_break(user, enrolment),
            "reviews": enrolment.reviews.prefetch_related("signatures"),
            "can_manage": access.can_manage_enrolment(user, enrolment),
            "can_view_cohort": access.can_view_cohort(user, enrolment.cohort),
            "can_record_review": access.can_record_review(user, enrolment),
            "can_log_study_time": access.can_log_study_time(user, enrolment),
        },
    )


@permit(access.can_manage_enrolment, model=Enrolment, read_rule=access.can_view_enrolment)
def enrolment_edit(request, enrolment):
    form = EnrolmentForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "mentors"}
        try:
            services.update_enrolment(enrolment=enrolment, mentors=form.cleaned_data["mentors"], **fields)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Enrolment saved.")
            return redirect("trainees:enrolment_detail", pk=enrolment.pk)
    return render(request, "trainees/enrolment_form.html", {"form": form, "enrolment": enrolment})


@permit(access.can_manage_enrolment, model=Enrolment, read_rule=access.can_view_enrolment)
def enrolment_status(request, enrolment):
    form = StatusForm(request.POST or None, initial={"status": enrolment.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Status changed to {enrolment.get_status_display().lower()}.")
            return redirect("trainees:enrolment_detail", pk=enrolment.pk)
    return render(request, "trainees/enrolment_status.html", {"form": form, "enrolment": enrolment})


@permit(access.can_record_break, model=Enrolment, read_rule=access.can_view_enrolment)
def break_add(request, enrolment):
    form = BreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_break(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, "Break in learning recorded. No off-the-job hours are planned during it."
            )
            return redirect("trainees:enrolment_detail", pk=enrolment.pk)
    return render(
        request,
        "trainees/break_form.html",
        {"form": form, "enrolment": enrolment},
        status=400 if request.method == "POST" else 200,
    )


@permit(access.can_end_break, model=BreakInLearning, read_rule=access.can_view_break)
def break_end(request, breakinlearning):
    brk = breakinlearning
    form = EndBreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_break(brk=brk, by=request.user, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Break ended. The plan picks up from the day training resumed.")
            return redirect("trainees:enrolment_detail", pk=brk.enrolment_id)
    return render(
        request,
        "trainees/break_end.html",
        {"form": form, "brk": brk, "enrolment": brk.enrolment},
        status=400 if request.method == "POST" else 200,
    )


# --- Learning contracts -------------------------------------------------------------------------------


@permit(access.can_view_enrolment, model=Enrolment)
def contract_current(request, enrolment):
    contract = services.current_contract(enrolment)
    return redirect("trainees:contract_detail", pk=contract.pk)


@permit(access.can_view_contract, model=LearningContract)
def contract_detail(request, learningcontract):
    return _contract_page(request, learningcontract)


def _contract_sign_form(contract, data=None):
    return SignForm(
        data,
        read_terms=f"I have read version {contract.version} of this contract, above, and agree to my part "
        "in it.",
        unread="Confirm that you have read this version of the contract before you sign.",
    )


def _contract_page(request, contract, sign_form=None, status=200):
    enrolment = contract.enrolment
    state = selectors.contract_state(contract)
    problems = contract.cover_problems() if contract.is_current else []
    mine = [p for p in contract.parties_of(request.user) if p in state.missing]
    return render(
        request,
        "trainees/contract_detail.html",
        {
            "contract": contract,
            "enrolment": enrolment,
            "state": state,
            "parties": signing.parties_table(contract),
            "versions": enrolment.contracts.all(),
            # Nobody is offered a button that would fail: while something stops signing, they are told why.
            "signable": signing.parties_to_sign(contract, request.user),
            "sign_form": sign_form or _contract_sign_form(contract),
            "waiting_to_sign": bool(mine) and bool(problems),
            "problems": problems,
            "can_edit": access.can_edit_contract(request.user, contract),
            "can_set_cover": access.can_set_service_cover(request.user, contract),
            "current": services.current_contract(enrolment),
        },
        status=status,
    )


@permit(access.can_edit_contract, model=LearningContract, read_rule=access.can_view_contract)
def contract_edit(request, learningcontract):
    contract = learningcontract
    form = ContractForm(request.POST or None, instance=LearningContract.objects.get(pk=contract.pk))
    signed = contract.signatures.exists()
    if request.method == "POST" and form.is_valid():
        try:
            new = services.change_contract(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if new.pk != contract.pk:
                messages.warning(
                    request,
                    f"Saved as version {new.version}: everyone must sign again, as the text has changed.",
                )
            else:
                messages.success(request, "Contract saved.")
            return redirect("trainees:contract_detail", pk=new.pk)
    return render(
        request, "trainees/contract_form.html", {"form": form, "contract": contract, "signed": signed}
    )


@permit(access.can_set_service_cover, model=LearningContract, read_rule=access.can_view_contract)
def contract_cover(request, learningcontract):
    contract = learningcontract
    form = ServiceCoverForm(request.POST or None, initial={"service_cover": contract.service_cover})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.change_contract(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if new.pk != contract.pk:
                messages.warning(request, f"Saved as version {new.version}: everyone signs again.")
            else:
                messages.success(request, "Saved how the service is covered. The parties can now sign.")
            return redirect("trainees:contract_detail", pk=new.pk)
    signed = contract.signatures.exists()
    return render(
        request, "trainees/contract_cover.html", {"form": form, "contract": contract, "signed": signed}
    )


@require_POST
@permit(access.can_sign_contract, model=LearningContract, read_rule=access.can_view_contract)
def contract_sign(request, learningcontract):
    contract = learningcontract
    form = _contract_sign_form(contract, request.POST)
    signature = signing.signed(form, partial(services.sign_contract, contract=contract, by=request.user))
    if signature is None:
        return _contract_page(request, contract, form, status=400)
    messages.success(
        request, f"You signed version {contract.version} as {signature.get_party_display().lower()}."
    )
    return redirect("trainees:contract_detail", pk=contract.pk)


# --- Study time ---------------------------------------------------------------------------------------


@permit(access.can_view_enrolment, model=Enrolment)
def study_time(request, enrolment):
    may_log = access.can_log_study_time(request.user, enrolment)
    standard = enrolment.cohort.programme.standard
    form = StudyTimeForm(request.POST or None, standard=standard, initial={"date": datetime.date.today()})
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.log_study_time(enrolment=enrolment, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "Study time logged. Your manager will confirm it.")
                return redirect("trainees:study_time", pk=enrolment.pk)
    entries = enrolment.study_time.select_related("decided_by").prefetch_related("ksbs")
    return render(
        request,
        "trainees/study_time.html",
        {
            "enrolment": enrolment,
            "entries": entries,
            "summary": selectors.study_time_summary(enrolment),
            "form": form if may_log else None,
            "can_decide": access.can_confirm_study_time_of(request.user, enrolment),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permit(access.can_decide_study_time, model=StudyTimeEntry, read_rule=access.can_view_study_time_entry)
def study_time_decide(request, studytimeentry):
    form = StudyTimeDecisionForm(request.POST)
    entry = studytimeentry
    if form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.decide_study_time(
                entry=entry, by=request.user, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{'Confirmed' if confirm else 'Queried'}: {entry}.")
    else:
        messages.error(request, "Choose to confirm or query the entry.")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("trainees:study_time", pk=entry.enrolment_id)


# --- Progress reviews ---------------------------------------------------------------------------------


NEXT_ACTION_ROWS = 4


@permit(access.can_record_review, model=Enrolment, read_rule=access.can_view_enrolment)
def review_create(request, enrolment):
    """The structured review: actions from the last counted review and whether done, the portfolio and
    off-the-job figures since then (kept with the review), the questions, and the next actions."""
    today = datetime.date.today()
    booked = enrolment.next_review_on
    held_on = booked if booked and booked <= today else today
    snapshot = selectors.review_snapshot(enrolment, today)
    agreed = list(snapshot.previous.next_actions.all()) if snapshot.previous else []
    data = request.POST or None
    form = ReviewForm(data, initial={"held_on": held_on})
    follow_ups = FollowUpFormSet(data, prefix="done", initial=[{} for _ in agreed])
    next_actions = NextActionFormSet(data, prefix="next", initial=[{} for _ in range(NEXT_ACTION_ROWS)])
    if request.method == "POST":
        # Every form is checked, so the summary lists every problem at once.
        valid = [f.is_valid() for f in (form, follow_ups, next_actions)]
        if len(follow_ups.forms) != len(agreed):
            # The last counted review changed since the page was shown (someone signed it meanwhile).
            follow_ups = FollowUpFormSet(prefix="done", initial=[{} for _ in agreed])
            form.add_error(
                None,
                "The actions from the last review have changed since you opened this page. "
                "Say again whether each was done.",
            )
            valid = [False]
        if all(valid):
            fields = dict(form.cleaned_data)
            try:
                review = services.record_review(
                    enrolment=enrolment,
                    by=request.user,
                    previous_actions=[
                        {"agreed_at": a, **f.cleaned_data} for a, f in zip(agreed, follow_ups, strict=True)
                    ],
                    next_actions=[f.cleaned_data for f in next_actions if f.is_filled],
                    **fields,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request,
                    "Review recorded. It counts once the trainee, employer and provider have all signed.",
                )
                return redirect("trainees:review_detail", pk=review.pk)
    return render(
        request,
        "trainees/review_form.html",
        {
            "form": form,
            "follow_ups": list(zip(agreed, follow_ups, strict=True)),
            "follow_up_formset": follow_ups,
            "next_actions": next_actions,
            "enrolment": enrolment,
            "snapshot": snapshot,
            "all_forms": [form, *follow_ups.forms, *next_actions.forms],
        },
    )


@permit(access.can_record_review, model=Enrolment, read_rule=access.can_view_enrolment)
def review_book(request, enrolment):
    form = BookReviewForm(request.POST or None, initial={"next_review_on": enrolment.next_review_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.book_review(enrolment=enrolment, by=request.user, on=form.cleaned_data["next_review_on"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"Next progress review booked for {enrolment.next_review_on:%-d %B %Y}."
            )
            return redirect("trainees:enrolment_detail", pk=enrolment.pk)
    due = selectors.trainee_row(enrolment).review
    rule = selectors.review_rule(enrolment, due)
    context = {"form": form, "enrolment": enrolment, "due": due, "rule": rule}
    return render(request, "trainees/review_book.html", context)


@permit(access.can_view_review, model=ProgressReview)
def review_detail(request, progressreview):
    return _review_page(request, progressreview)


def _review_page(request, review, sign_form=None, status=200):
    return render(
        request,
        "trainees/review_detail.html",
        {
            "review": review,
            "state": review.signing_state(),
            "follow_ups": review.previous_actions.all(),
            "next_actions": review.next_actions.all(),
            "enrolment": review.enrolment,
            "parties": signing.parties_table(review),
            "signable": signing.parties_to_sign(review, request.user),
            "sign_form": sign_form or SignForm(),
        },
        status=status,
    )


@require_POST
@permit(access.can_sign_review, model=ProgressReview, read_rule=access.can_view_review)
def review_sign(request, progressreview):
    form = SignForm(request.POST)
    signature = signing.signed(form, partial(services.sign_review, review=progressreview, by=request.user))
    if signature is None:
        return _review_page(request, progressreview, form, status=400)
    if progressreview.is_counted():
        messages.success(request, "You signed the review. All three have signed: it now counts.")
    else:
        messages.success(request, f"You signed the review. {progressreview.signing_state().label}.")
    return redirect("trainees:review_detail", pk=progressreview.pk)
