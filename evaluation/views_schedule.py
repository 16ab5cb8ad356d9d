"""The interview schedule of a cohort, and the question-set editor of an organisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import permit
from accounts.models import Organisation
from trainees.models import Cohort

from . import access, questions, schedule
from .forms_schedule import QuestionFormSet, ScheduleSettingsForm
from .models import Respondent, Stage

# --- A cohort's schedule ----------------------------------------------------------------------------------


def _schedule_page(request, cohort, *, settings_form=None, status=200):
    today = timezone.localdate()
    timetable = schedule.schedule_of(cohort.programme)
    groups = schedule.cohort_schedule(cohort, today)
    return render(
        request,
        "evaluation/schedule.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "timetable": timetable,
            "groups": [
                (stage, due_on, schedule.MANAGER_TOPICS[stage], rows) for stage, due_on, rows in groups
            ],
            "missing": len(schedule.missing_interviews(cohort)),
            "total": sum(len(rows) for _s, _d, rows in groups),
            "settings_form": settings_form or ScheduleSettingsForm(instance=timetable),
            "today": today,
        },
        status=status,
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def cohort_schedule(request, cohort):
    return _schedule_page(request, cohort)


@permit(access.can_run_evaluation_of, model=Cohort)
@require_POST
def schedule_interviews(request, cohort):
    created = schedule.schedule_cohort(cohort, by=request.user)
    if created:
        noun = "interview" if len(created) == 1 else "interviews"
        messages.success(request, f"{len(created)} {noun} scheduled.")
    else:
        messages.info(request, "Every interview of this cohort was already scheduled: nothing was added.")
    return redirect("evaluation:schedule", pk=cohort.pk)


@permit(access.can_run_evaluation_of, model=Cohort)
@require_POST
def schedule_settings(request, cohort):
    # The timetable is the programme's: its lead runs the evaluation of the programme's cohorts.
    if not access.can_manage_evaluation_content_of(request.user, cohort.programme.organisation):
        raise PermissionDenied
    timetable = schedule.schedule_of(cohort.programme)
    form = ScheduleSettingsForm(request.POST, instance=_detached(timetable))
    if form.is_valid():
        try:
            moved = schedule.change_schedule(
                timetable,
                weeks_after_start=form.cleaned_data["weeks_after_start"],
                weeks_after_completion=form.cleaned_data["weeks_after_completion"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            noun = "interview" if moved == 1 else "interviews"
            messages.success(
                request,
                f"Schedule of {cohort.programme} saved. Due dates of {moved} {noun} not yet held moved.",
            )
            return redirect("evaluation:schedule", pk=cohort.pk)
    return _schedule_page(request, cohort, settings_form=form, status=400)


def _detached(timetable):
    """A detached copy for the form to validate into, so a refused form leaves the saved timetable alone."""
    return type(timetable)(
        pk=timetable.pk,
        programme_id=timetable.programme_id,
        weeks_after_start=timetable.weeks_after_start,
        weeks_after_completion=timetable.weeks_after_completion,
    )


# --- Question sets ----------------------------------------------------------------------------------------


@permit(access.can_manage_evaluation_content_of, model=Organisation)
def question_sets(request, organisation):
    sets = questions.current_question_sets(organisation)
    return render(
        request,
        "evaluation/question_sets.html",
        {
            "organisation": organisation,
            "groups": [
                (respondent, [s for s in sets if s.respondent == respondent]) for respondent in Respondent
            ],
            "example_label": questions.EXAMPLE_LABEL,
            "any_example": any(s.is_example for s in sets),
        },
    )


def _rows_from(data, prefix):
    """The rows as sent (raw), without those marked for removal: to redraw the editor with a row added."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    rows = []
    for i in range(min(total, 40)):
        if data.get(f"{prefix}-{i}-DELETE"):
            continue
        rows.append(
            {"topic": data.get(f"{prefix}-{i}-topic", ""), "text": data.get(f"{prefix}-{i}-text", "")}
        )
    return rows


@permit(access.can_manage_evaluation_content_of, model=Organisation)
def question_set_edit(request, organisation, respondent, stage):
    if respondent not in Respondent.values or stage not in Stage.values:
        raise Http404
    current = questions.current_question_set(organisation, stage, respondent, by=request.user)
    prefix = "questions"
    status = 200
    if request.method == "POST" and "add" in request.POST:
        rows = _rows_from(request.POST, prefix) + [{"topic": "", "text": ""}]
        formset = QuestionFormSet(initial=rows, prefix=prefix)
    elif request.method == "POST":
        formset = QuestionFormSet(request.POST, prefix=prefix)
        if formset.is_valid():
            try:
                saved = questions.new_version(current, formset.questions(), by=request.user)
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(
                    request,
                    f"{saved.get_respondent_display()} questions, {saved.get_stage_display().lower()}, saved "
                    f"as version {saved.version}. Interviews already recorded keep the version they used.",
                )
                return redirect("evaluation:question_sets", pk=organisation.pk)
        status = 400
    else:
        formset = QuestionFormSet(
            initial=[{"topic": q.topic, "text": q.text} for q in current.questions.all()], prefix=prefix
        )
    return render(
        request,
        "evaluation/question_set_form.html",
        {
            "organisation": organisation,
            "question_set": current,
            "formset": formset,
            "example_label": questions.EXAMPLE_LABEL,
            "cancel_url": reverse("evaluation:question_sets", args=[organisation.pk]),
        },
        status=status,
    )
