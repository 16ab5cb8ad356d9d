"""Pages of coding findings: the codebook editor, the coding page of an interview, a cohort's theme counts
(table, chart and quotes) and the export of its coded passages."""

import contextlib
import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import permit
from accounts.models import Organisation
from trainees.models import Cohort

from . import access, coding
from .forms_coding import PassageForm, ThemeFormSet
from .models import Answer, CodedPassage, Interview

# --- The codebook ----------------------------------------------------------------------------------------


def _codebook_initial(codebook):
    return [{"name": t.name, "description": t.description} for t in codebook.themes.all()]


def _with_another_row(data, prefix):
    """The posted formset with one more empty row (the "Add another theme" button; nothing saved)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    with contextlib.suppress(ValueError):
        data[key] = str(int(data.get(key, "0")) + 1)
    return data


def _summary_forms(formset):
    """The forms whose problems the page's error summary lists: the formset's own (a form carrying its
    errors about the whole list, such as none kept) first, then each row's."""
    if not formset.is_bound:
        return []
    whole = forms.Form(data={})
    whole.is_valid()
    for message in formset.non_form_errors():
        whole.add_error(None, message)
    return [whole, *formset.forms]


@permit(access.can_manage_evaluation_content_of, model=Organisation)
def codebook(request, organisation):
    current = coding.current_codebook(organisation)
    status = 200
    if request.method == "POST" and "add_theme" in request.POST:
        # One more empty row, keeping what was typed; nothing is saved until "Save as a new version".
        formset = ThemeFormSet(_with_another_row(request.POST, "themes"), prefix="themes")
    elif request.method == "POST":
        formset = ThemeFormSet(request.POST, prefix="themes")
        if formset.is_valid():
            themes = formset.themes()
            if coding.same_themes(current, themes):
                messages.info(request, f"No changes: the codebook stays at version {current.version}.")
                return redirect("evaluation:codebook", pk=organisation.pk)
            try:
                saved = coding.save_codebook_version(
                    organisation=organisation, themes=themes, by=request.user
                )
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                messages.success(
                    request,
                    f"Codebook saved as version {saved.version}. Passages already coded keep their theme.",
                )
                return redirect("evaluation:codebook", pk=organisation.pk)
        status = 400
    else:
        formset = ThemeFormSet(initial=_codebook_initial(current), prefix="themes")
    return render(
        request,
        "evaluation/codebook.html",
        {
            "organisation": organisation,
            "codebook": current,
            "themes": current.themes.all(),
            "formset": formset,
            "summary_forms": _summary_forms(formset),
            "example_label": coding.EXAMPLE_LABEL,
            "earlier_versions": organisation.codebooks.exclude(pk=current.pk).count(),
        },
        status=status,
    )


# --- Coding one interview -----------------------------------------------------------------------------------


@permit(access.can_code_interview, model=Interview)
def code_interview(request, interview):
    codebook = coding.current_codebook(interview.cohort.organisation)
    refusal = coding.coding_refusal(interview)
    answers = list(coding.answers_for_coding(interview))
    bound_answer = None
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            passage = get_object_or_404(
                CodedPassage, pk=request.POST.get("remove") or 0, answer__interview=interview
            )
            coding.remove_passage(passage=passage)
            messages.success(request, f"Passage coded “{passage.theme}” removed.")
            return redirect(f"{request.path}#answer-{passage.answer_id}")
        if refusal:
            messages.error(request, refusal)
            return redirect("evaluation:code_interview", pk=interview.pk)
        bound_answer = get_object_or_404(Answer, pk=request.POST.get("answer") or 0, interview=interview)
    rows = []
    for answer in answers:
        data = request.POST if bound_answer is not None and answer.pk == bound_answer.pk else None
        rows.append((answer, PassageForm(data, answer=answer, codebook=codebook, prefix=f"a{answer.pk}")))
    if bound_answer is not None:
        form = next(f for a, f in rows if a.pk == bound_answer.pk)
        if form.is_valid():
            try:
                passage = coding.code_passage(
                    answer=bound_answer,
                    theme=form.cleaned_data["theme"],
                    quote=form.cleaned_data["quote"],
                    by=request.user,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.error_dict.items():
                        for error in errors:
                            form.add_error(name, error)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, f"Passage coded “{passage.theme}”.")
                return redirect(f"{request.path}#answer-{bound_answer.pk}")
        status = 400
    return render(
        request,
        "evaluation/coding.html",
        {
            "interview": interview,
            "cohort": interview.cohort,
            "codebook": codebook,
            "rows": rows,
            "forms": [f for _a, f in rows],
            "refusal": refusal,
            "example_label": coding.EXAMPLE_LABEL,
        },
        status=status,
    )


# --- A cohort's theme counts and export -------------------------------------------------------------------


@permit(access.can_run_evaluation_of, model=Cohort)
def cohort_themes(request, cohort):
    counts = coding.theme_counts(cohort)
    return render(
        request,
        "evaluation/themes.html",
        {
            "cohort": cohort,
            "counts": counts,
            "chart": coding.theme_chart(counts),
            "codebook": coding.current_codebook(cohort.organisation),
            "example_label": coding.EXAMPLE_LABEL,
        },
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def coded_passages_csv(request, cohort):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(coding.EXPORT_HEADER)
    writer.writerows(coding.coded_passage_rows(cohort))
    # A byte order mark so Excel reads UTF-8 (quotes carry curly apostrophes and accents).
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coded-passages-cohort-{cohort.pk}.csv"'
    return response
