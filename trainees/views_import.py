"""Bringing people in: one trainee at a time, or a CSV or Excel file of them, into a cohort."""

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize

from accounts import access
from accounts.models import Membership

from . import importing
from .forms import EnrolmentForm
from .models import Cohort, Enrolment

User = get_user_model()


class AddTraineeForm(EnrolmentForm):
    """Who the trainee is (matched by email, or new) and the enrolment's details and supporters."""

    email = forms.EmailField(
        help_text="If someone already has an account with this email, they are matched, not duplicated."
    )
    first_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")
    last_name = forms.CharField(max_length=150, required=False, help_text="Needed for someone new.")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, instance=Enrolment(cohort=cohort), **kwargs)
        university = cohort.programme.university
        # Lecturers usually belong to the programme's university rather than to the trust.
        self.fields["lecturer"].queryset = (
            User.objects.filter(
                memberships__organisation__in=[cohort.organisation, university],
                memberships__role=Membership.Role.LECTURER,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["lecturer"].help_text = f"Lecturers of your organisation or of {university}."
        self.order_fields(["email", "first_name", "last_name"])


class TraineeFileForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv file saved as CSV UTF-8, or an Excel workbook (.xlsx; its first worksheet is "
        f"read). Up to 2 MB and {importing.MAX_ROWS:,} trainees.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 2 MB.")
        return upload


def _cohort_context(cohort, **context):
    return {"cohort": cohort, "column_guide": importing.column_guide(), **context}


@access.permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def add_trainee(request, cohort):
    form = AddTraineeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            added = importing.add_trainee(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            trainee = added.enrolment.trainee
            if added.created:
                messages.success(
                    request,
                    f"{trainee} is now on {cohort}, with a new account: set them a temporary password "
                    "from their page so they can sign in.",
                )
            else:
                messages.success(
                    request,
                    f"{trainee} already had an account with {trainee.email}: matched, not duplicated, "
                    f"and now on {cohort}. Their name on the account was left as it was.",
                )
            if "add_another" in request.POST:
                return redirect("trainees:add_trainee", pk=cohort.pk)
            return redirect("trainees:cohort_detail", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "trainees/add_trainee.html", {"cohort": cohort, "form": form}, status=status)


@access.permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def cohort_import(request, cohort):
    form = TraineeFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.import_trainees(
                cohort=cohort, upload_name=upload.name, content=upload.read(), by=request.user
            )
        except importing.TraineeImportError as exc:
            problems = exc.problems
        else:
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


@access.permit(access.can_manage_cohort, model=Cohort, read_rule=access.can_view_cohort)
def import_template(request, cohort):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(importing.template_rows())
    # The byte-order mark makes Excel open the file as UTF-8, so names such as Zoë survive a round trip.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trainees-import-template.csv"'
    return response
