"""Uploading, downloading and removing evidence attachments.

Files are kept in private storage and leave it only through ``attachment_download``, which checks access and
always sends them as a download, in a sandbox, so an uploaded file can never run as a page of the portal.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import permit
from competencies import services
from competencies.attachments import ALLOWED_CONTENT_TYPES, shortened_name
from competencies.models import Attachment, Evidence
from core.uploads import explain_unreadable_upload

from . import access

logger = logging.getLogger(__name__)


def _evidence_page(pk):
    return reverse("competencies:evidence_detail", args=[pk])


@explain_unreadable_upload(back_to=_evidence_page)  # first: it reads the body, then checks the CSRF token
@permit(access.can_edit_evidence, model=Evidence, read_rule=access.can_view_evidence)
@require_POST
def attachment_upload(request, evidence):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a file to attach.")
    else:
        upload.name = shortened_name(upload.name)
        try:
            attachment = services.add_attachment(evidence=evidence, upload=upload, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Attached “{attachment.original_name}”.")
    return redirect("competencies:evidence_detail", pk=evidence.pk)


@permit(access.can_view_attachment, model=Attachment)
def attachment_download(request, attachment):
    content_type = attachment.content_type
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s: its stored file %s is missing", attachment.pk, attachment.file.name)
        raise Http404("The file is missing; ask the portal administrator.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type if content_type in ALLOWED_CONTENT_TYPES else "application/octet-stream",
    )
    # Even if a browser were to show it, it shows it as an inert document: no scripts, no requests.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@permit(access.can_remove_attachment, model=Attachment, read_rule=access.can_view_attachment)
@require_POST
def attachment_remove(request, attachment):
    evidence, name = attachment.evidence, attachment.original_name
    try:
        services.remove_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Removed “{name}”.")
    return redirect("competencies:evidence_detail", pk=evidence.pk)
