"""Bringing people in: one trainee at a time, or a CSV or Excel file into a cohort. (Being written.)"""

from django.http import Http404

from accounts import access
from trainees.models import Cohort


@access.permit(access.can_manage_cohort, model=Cohort)
def add_trainee(request, cohort):
    raise Http404


@access.permit(access.can_manage_cohort, model=Cohort)
def cohort_import(request, cohort):
    raise Http404


@access.permit(access.can_manage_cohort, model=Cohort)
def import_template(request, cohort):
    raise Http404
