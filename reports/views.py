from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.access import is_signed_in, permit

from . import access, kinds, services, tasks
from .models import ReportJob


@require_POST
@permit(is_signed_in)
def request_report(request):
    try:
        kind = kinds.get(request.POST.get("kind", ""))
        subject = kind.subject(int(request.POST.get("subject", "")))
    except (kinds.UnknownKind, ValueError):
        raise Http404 from None
    if not access.can_view_report_subject(request.user, kind, subject):
        raise Http404
    fmt = request.POST.get("format", "pdf")
    try:
        job = services.request_report(kind=kind, subject=subject, fmt=fmt, by=request.user)
    except kinds.UnsupportedFormat:
        raise Http404 from None
    except services.QueueUnavailable as error:
        messages.error(request, str(error))
        return redirect(_local_next(request) or "reports:mine")
    tasks.render_after_commit(job)
    return redirect("reports:job", pk=job.pk)


def _local_next(request):
    # Only a page of this site: a forged "next" must not send the person elsewhere.
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else None


@permit(is_signed_in)
def my_reports(request):
    labels = {k.name: k.label for k in kinds.available()}
    jobs = list(ReportJob.objects.filter(requested_by=request.user)[:30])
    for job in jobs:
        job.label = labels.get(job.kind, job.kind)
    return render(request, "reports/mine.html", {"jobs": jobs, "queue_available": services.queue_available()})


@permit(access.can_view_report, model=ReportJob)
def job(request, reportjob):
    return render(request, "reports/job.html", _context(reportjob))


@permit(access.can_view_report, model=ReportJob)
def job_progress(request, reportjob):
    return render(request, "reports/job.html#progress", _context(reportjob))


def _context(job):
    kind = job.kind_spec
    can_retry = services.can_retry(job)
    return {
        "job": job,
        "kind": kind,
        "subject": kind.subject(job.subject_id),
        "can_retry": can_retry,
        "stalled": can_retry and not job.is_finished,
    }


@permit(access.can_view_report, model=ReportJob)
def download(request, reportjob):
    if reportjob.status != ReportJob.Status.DONE or not reportjob.file:
        raise Http404
    try:
        stored = reportjob.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(stored, as_attachment=True, filename=reportjob.filename)


@require_POST
@permit(access.can_view_report, model=ReportJob)
def retry(request, reportjob):
    try:
        if services.retry(reportjob):
            tasks.render_after_commit(reportjob)
    except services.QueueUnavailable as error:
        messages.error(request, str(error))
    return redirect("reports:job", pk=reportjob.pk)
