"""Bringing people in: one trainee at a time, or a CSV or Excel file of them, into a cohort."""

import csv
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from accounts.access import permit
from core import tabular
from core.uploads import explain_unreadable_upload

from . import access, importing, services, tasks
from .forms import EnrolmentForm
from .models import Cohort, Enrolment, ImportJob

SECOND_COHORT_HELP = (
    "Only if someone already active on another cohort should also join this one, each with a portfolio. "
    "Otherwise transfer them instead."
)


def _second_cohort_field():
    return forms.BooleanField(
        label=services.SECOND_COHORT_LABEL, required=False, help_text=SECOND_COHORT_HELP
    )


class AddTraineeForm(EnrolmentForm):
    """Who the trainee is (matched by email, or new) and the enrolment's details and supporters."""

    email = forms.EmailField(
        help_text="If someone already has an account with this email, they are matched, not duplicated."
    )
    first_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")
    last_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, instance=Enrolment(cohort=cohort), **kwargs)
        # Supporters come only from the cohort's organisation (EnrolmentForm's choices): enrolling someone
        # never makes them a member, so a university's lecturer is invited into the organisation first.
        self.fields["lecturer"].help_text = (
            f"Lecturers in {cohort.organisation}; a lecturer of {cohort.programme.university} "
            "must be invited into it first."
        )
        self.fields["second_cohort"] = _second_cohort_field()
        self.order_fields(["email", "first_name", "last_name"])


class TraineeFileForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv file saved as CSV UTF-8, or an Excel workbook (.xlsx; its first worksheet is "
        f"read). Up to 2 MB and {importing.MAX_ROWS:,} trainees.",
    )

    second_cohort = _second_cohort_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 2 MB.")
        return upload


def _cohort_context(cohort, **context):
    return {
        "cohort": cohort,
        "column_guide": importing.column_guide(),
        "background_rows": settings.TRAINEE_IMPORT_BACKGROUND_ROWS,
        **context,
    }


@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def add_trainee(request, cohort):
    form = AddTraineeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_trainee(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, added.message)
            if "add_another" in request.POST:
                return redirect("trainees:add_trainee", pk=cohort.pk)
            return redirect("trainees:cohort_detail", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "trainees/add_trainee.html", {"cohort": cohort, "form": form}, status=status)


@explain_unreadable_upload(back_to=lambda pk: reverse("trainees:cohort_import", args=[pk]))
@transaction.non_atomic_requests  # a large file's job is saved before it is queued, so the worker finds it
@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def cohort_import(request, cohort):
    form = TraineeFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = tasks.start_import(
                cohort=cohort,
                upload_name=upload.name,
                content=upload.read(),
                by=request.user,
                second_cohort=form.cleaned_data["second_cohort"],
            )
        except tabular.ImportRefused as exc:
            problems = exc.problems
        except services.QueueUnavailable as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(result, ImportJob):
                return redirect("trainees:import_job", pk=cohort.pk, job=result.pk)
            n, created = len(result.enrolments), result.created
            messages.success(
                request,
                f"{n} trainee{pluralize(n)} enrolled "
                f"({created} new account{pluralize(created)}, {result.matched} matched).",
            )
            return redirect("trainees:cohort_detail", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    context = _cohort_context(cohort, form=form, problems=problems, max_rows=importing.MAX_ROWS)
    return render(request, "trainees/cohort_import.html", context, status=status)


def _job_context(cohort, job):
    job = get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=job, cohort=cohort)
    return {"cohort": cohort, "job": job, "problems": services.job_problems(job), "stalled": job.is_stalled()}


@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def import_job(request, cohort, job):
    return render(request, "trainees/import_job.html", _job_context(cohort, job))


@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def import_progress(request, cohort, job):
    return render(request, "trainees/import_job.html#progress", _job_context(cohort, job))


@permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def import_template(request, cohort):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(importing.template_rows())
    # The byte-order mark makes Excel open the file as UTF-8, so names such as Zoë survive a round trip.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trainees-import-template.csv"'
    return response
