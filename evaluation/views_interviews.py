"""Recording an interview, reading it, withdrawing consent, one's own interviews, and importing answers."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from accounts.access import is_signed_in, permit
from core import tabular, uploads
from core.forms import show_errors
from trainees.models import Cohort

from . import access, importing, services
from .forms_interviews import AnswersFileForm, InterviewForm, initial_of
from .models import Interview, Respondent, Stage

TAG_COLOURS = {
    Interview.Status.DUE: "grey",
    Interview.Status.DRAFT: "yellow",
    Interview.Status.COMPLETED: "green",
}


def state_tag(interview, today=None):
    """(words, NHS.UK tag colour): overdue red, not yet held grey, draft yellow, completed green."""
    today = today or timezone.localdate()
    if not interview.is_completed and interview.due_on < today:
        return f"Overdue: {interview.get_status_display().lower()}", "red"
    return interview.get_status_display(), TAG_COLOURS[interview.status]


def consent_text(interview):
    if interview.consent_withdrawn_on:
        return f"Withdrawn on {interview.consent_withdrawn_on:%-d %B %Y}", "red"
    if interview.consent_given:
        return "Given", "green"
    if interview.is_completed:
        return "Not given", "grey"
    return "Not recorded yet", "grey"


def _interview_context(request, interview):
    return {
        "interview": interview,
        "tag": state_tag(interview),
        "consent": consent_text(interview),
        "can_run": access.can_run_evaluation_of(request.user, interview.cohort),
        "is_interviewee": interview.interviewee_id == request.user.pk,
    }


# --- One interview -----------------------------------------------------------------------------------------


@permit(access.can_view_interview, model=Interview)
def interview_detail(request, interview):
    context = _interview_context(request, interview)
    context.update(
        answers=services.answers_of(interview),
        can_record=access.can_record_interview(request.user, interview),
        can_withdraw=access.can_withdraw_consent(request.user, interview),
    )
    return render(request, "evaluation/interview_detail.html", context)


@permit(access.can_record_interview, model=Interview, read_rule=access.can_view_interview)
def interview_record(request, interview):
    try:
        interview = services.start_interview(interview, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluation:interview", pk=interview.pk)
    answers = services.answers_of(interview)
    questions = [q for q, _text in answers]
    form = InterviewForm(
        request.POST or None,
        interview=interview,
        questions=questions,
        members=services.members_of(interview.cohort.organisation).exclude(pk=interview.interviewee_id),
        initial=initial_of(interview, answers),
    )
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        try:
            services.record_interview(
                interview,
                held_on=form.cleaned_data["held_on"],
                interviewer=form.cleaned_data["interviewer"],
                consent_given=form.cleaned_data["consent_given"],
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
                by=request.user,
                complete=complete,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if complete:
                messages.success(request, "The interview is completed. It can no longer be changed.")
            else:
                messages.success(request, "The draft is saved.")
            return redirect("evaluation:interview", pk=interview.pk)
    status = 400 if request.method == "POST" else 200
    context = _interview_context(request, interview)
    context["form"] = form
    return render(request, "evaluation/interview_record.html", context, status=status)


@permit(access.can_withdraw_consent, model=Interview, read_rule=access.can_view_interview)
def interview_withdraw_consent(request, interview):
    if request.method == "POST":
        try:
            services.withdraw_consent(interview, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                "Consent is withdrawn. The answers are kept on the record but left out of every count, "
                "quote, export and report.",
            )
        return redirect("evaluation:interview", pk=interview.pk)
    return render(request, "evaluation/interview_withdraw.html", _interview_context(request, interview))


@permit(is_signed_in)
def my_interviews(request):
    mine = Interview.objects.filter(interviewee=request.user).select_related("cohort", "interviewer")
    holding = (
        Interview.objects.filter(interviewer=request.user)
        .exclude(interviewee=request.user)
        .select_related("cohort", "interviewee")
    )
    today = timezone.localdate()
    return render(
        request,
        "evaluation/interview_mine.html",
        {
            "mine": [(i, state_tag(i, today), consent_text(i)) for i in mine],
            "holding": [(i, state_tag(i, today)) for i in holding],
        },
    )


# --- Import ------------------------------------------------------------------------------------------------


EXAMPLE_ROWS = [
    [
        "alice@example.nhs.uk",
        "trainee",
        "start",
        "2026-03-14",
        "lead@example.nhs.uk",
        "yes",
        "",
        "Support worker",
    ],
    ["pat.lee@example.nhs.uk", "manager", "start", "14/03/2026", "lead", "no", "By phone", ""],
]


def _topics(question_set):
    return [importing.topic_column(q.topic) for q in question_set.questions.all()]


def _import_context(cohort, form, problems):
    sets = importing.question_sets(cohort.organisation)
    kinds = [
        (
            Respondent(respondent).label,
            Stage(stage).label,
            _topics(qs),
        )
        for (stage, respondent), qs in sorted(
            ((k, v) for k, v in sets.items() if v is not None),
            key=lambda item: (Respondent.values.index(item[0][1]), Stage.values.index(item[0][0])),
        )
    ]
    example = importing.template_rows(cohort.organisation)
    return {
        "cohort": cohort,
        "form": form,
        "problems": problems,
        "column_guide": importing.column_guide(),
        "kinds": kinds,
        "example_head": example[0][:8],
        "example_rows": EXAMPLE_ROWS,
    }


@uploads.explain_unreadable_upload(back_to=lambda pk: reverse("evaluation:answers_import", args=[pk]))
@permit(access.can_run_evaluation_of, model=Cohort)
def answers_import(request, cohort):
    form = AnswersFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.import_answers(
                cohort=cohort, by=request.user, upload_name=upload.name, content=upload.read()
            )
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                f"{result.completed} interview{pluralize(result.completed)} recorded and completed "
                f"({result.added} not scheduled before).",
            )
            return redirect("evaluation:answers_import", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "evaluation/answers_import.html", _import_context(cohort, form, problems), status=status
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def answers_import_template(request, cohort):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(importing.template_rows(cohort.organisation))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview-answers-template.csv"'
    return response
