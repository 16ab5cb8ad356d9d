"""Service impact (audits, satisfaction, their trends) and outcomes: pages of the workforce lead who runs the
cohort's evaluation (rule ``can_run_evaluation_of`` on the cohort)."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize

from accounts.access import permit
from core import tabular
from core.forms import show_errors
from trainees.models import Cohort, Enrolment

from . import access, impact
from .forms_impact import AuditForm, ImportForm, OutcomeForm, SatisfactionForm

# --- Audits ---------------------------------------------------------------------------------------------


def _initial_of(obj, names):
    values = {name: getattr(obj, name) for name in names}
    if "has_trainees" in values:
        values["has_trainees"] = "yes" if values["has_trainees"] else "no"
    return values


@permit(access.can_run_evaluation_of, model=Cohort)
def audit_list(request, cohort):
    audits = cohort.audits.select_related("entered_by")
    return render(request, "evaluation/audit_list.html", {"cohort": cohort, "audits": audits})


def _audit_form_page(request, cohort, audit=None):
    initial = _initial_of(audit, impact.AUDIT_FIELDS) if audit else None
    form = AuditForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            impact.save_audit(cohort=cohort, by=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Audit saved." if audit is None else "Audit updated.")
            return redirect("evaluation:audit_list", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "evaluation/audit_form.html", {"cohort": cohort, "form": form, "audit": audit}, status=status
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def audit_add(request, cohort):
    return _audit_form_page(request, cohort)


@permit(access.can_run_evaluation_of, model=Cohort)
def audit_edit(request, cohort, audit_id):
    return _audit_form_page(request, cohort, get_object_or_404(cohort.audits, pk=audit_id))


def _csv_download(rows, filename):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _import_page(request, cohort, *, importer, template, noun, back):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > impact.MAX_FILE_BYTES:
                tabular.refuse(f"The file is larger than {impact.MAX_FILE_BYTES // tabular.MB} MB.")
            count = importer(cohort=cohort, by=request.user, name=upload.name, content=upload.read())
        except tabular.ImportRefused as exc:
            problems = exc.problems
        else:
            messages.success(request, f"{count} {noun}{pluralize(count)} imported.")
            return redirect(back, pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    context = {"cohort": cohort, "form": form, "problems": problems, "max_rows": impact.MAX_ROWS}
    return render(request, template, context, status=status)


@permit(access.can_run_evaluation_of, model=Cohort)
def audit_import(request, cohort):
    return _import_page(
        request,
        cohort,
        importer=impact.import_audits,
        template="evaluation/audit_import.html",
        noun="audit",
        back="evaluation:audit_list",
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def audit_import_template(request, cohort):
    return _csv_download(impact.audit_template_rows(), "audits-import-template.csv")


# --- Satisfaction ---------------------------------------------------------------------------------------


@permit(access.can_run_evaluation_of, model=Cohort)
def satisfaction_list(request, cohort):
    results = [
        (
            r,
            f"{impact.format_number(r.score)} on {impact.format_number(r.scale_min)} to "
            f"{impact.format_number(r.scale_max)}",
        )
        for r in cohort.satisfaction_results.all()
    ]
    return render(request, "evaluation/satisfaction_list.html", {"cohort": cohort, "results": results})


def _satisfaction_form_page(request, cohort, result=None):
    initial = _initial_of(result, impact.SATISFACTION_FIELDS) if result else None
    form = SatisfactionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            impact.save_satisfaction(cohort=cohort, by=request.user, result=result, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Result saved." if result is None else "Result updated.")
            return redirect("evaluation:satisfaction_list", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evaluation/satisfaction_form.html",
        {"cohort": cohort, "form": form, "result": result},
        status=status,
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def satisfaction_add(request, cohort):
    return _satisfaction_form_page(request, cohort)


@permit(access.can_run_evaluation_of, model=Cohort)
def satisfaction_edit(request, cohort, result_id):
    return _satisfaction_form_page(
        request, cohort, get_object_or_404(cohort.satisfaction_results, pk=result_id)
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def satisfaction_import(request, cohort):
    return _import_page(
        request,
        cohort,
        importer=impact.import_satisfaction,
        template="evaluation/satisfaction_import.html",
        noun="result",
        back="evaluation:satisfaction_list",
    )


@permit(access.can_run_evaluation_of, model=Cohort)
def satisfaction_import_template(request, cohort):
    return _csv_download(impact.satisfaction_template_rows(), "satisfaction-import-template.csv")


# --- Trends ---------------------------------------------------------------------------------------------


@permit(access.can_run_evaluation_of, model=Cohort)
def impact_page(request, cohort):
    audits = impact.audit_trend(cohort)
    satisfaction = impact.satisfaction_trend(cohort)
    satisfaction_charts = [
        (
            entry,
            impact.trend_chart(
                entry.stages, title=f"Satisfaction: {entry.question}", unit="of the scale's range"
            ),
        )
        for entry in satisfaction
    ]
    return render(
        request,
        "evaluation/audit_and_satisfaction_trends.html",
        {
            "cohort": cohort,
            "audit_trend": audits,
            "audit_chart": impact.trend_chart(audits, title="Assessments meeting the standard"),
            "satisfaction_charts": satisfaction_charts,
        },
    )


# --- Outcomes -------------------------------------------------------------------------------------------


@permit(access.can_run_evaluation_of, model=Cohort)
def outcome_list(request, cohort):
    totals = impact.cohort_outcome_totals(cohort)
    return render(
        request,
        "evaluation/outcome_list.html",
        {
            "cohort": cohort,
            "rows": impact.outcome_rows(cohort),
            "totals": impact.labelled_totals(totals),
            "grades": impact.cohort_grade_totals(cohort),
        },
    )


@permit(access.can_record_outcome_of, model=Enrolment)
def outcome_edit(request, enrolment):
    outcome = getattr(enrolment, "evaluation_outcome", None)
    form = OutcomeForm(request.POST or None, enrolment=enrolment, outcome=outcome)
    if request.method == "POST" and form.is_valid():
        try:
            impact.save_outcome(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Outcome of {enrolment.trainee.get_full_name()} saved.")
            return redirect("evaluation:outcome_list", pk=enrolment.cohort_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "evaluation/outcome_form.html",
        {"cohort": enrolment.cohort, "enrolment": enrolment, "form": form, "outcome": outcome},
        status=status,
    )
