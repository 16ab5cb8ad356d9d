"""Evidence attachments: checked by their content, kept in private storage, downloaded only by who may see."""

import base64
import hashlib
import importlib
import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from django.urls import reverse

from competencies import services
from competencies.attachments import check_upload
from competencies.models import Attachment
from tests.malformed import NamedFile, csrf_checked_client

MB = 1024 * 1024

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
# libmagic calls prose with commas on each line CSV; it is plain text all the same.
TEXT = b"Today I observed, with my mentor, a handover.\nWe discussed, in turn, each patient.\n"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>\n'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 112


def word_document():
    document = docx.Document()
    document.add_paragraph("Reflective account of a handover.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_of(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


def upload(name, content):
    # The browser's claimed type is deliberately wrong: only the content counts.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(file):
    with pytest.raises(ValidationError) as caught:
        check_upload(file)
    return " ".join(caught.value.messages)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test stores into its own private folder, so it can see exactly what was left there."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


# --- What is accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("observation.pdf", PDF, "application/pdf"),
        ("wound.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("PHOTO.JPEG", JPEG, "image/jpeg"),
        ("chart.gif", GIF, "image/gif"),
        ("poster.webp", WEBP, "image/webp"),
        (
            "reflection.docx",
            word_document(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", TEXT, "text/plain"),
        ("notes.txt", "Crème brûlée on the ward.\n".encode("cp1252"), "text/plain"),
        ("notes.txt", "\ufeffWith a byte-order mark.\n".encode(), "text/plain"),
    ],
)
def test_allowed_file_is_accepted_with_its_real_type_and_hash(name, content, content_type):
    assert check_upload(upload(name, content)) == (content_type, hashlib.sha256(content).hexdigest())


def test_large_upload_kept_in_a_temporary_file_is_checked_too():
    file = TemporaryUploadedFile("scan.pdf", "application/pdf", len(PDF), None)
    file.write(PDF)
    file.seek(0)
    with file:
        assert check_upload(file)[0] == "application/pdf"


@override_settings(EVIDENCE_MAX_UPLOAD_MB=1)
def test_file_of_exactly_the_limit_is_accepted():
    assert check_upload(upload("scan.pdf", PDF.ljust(MB, b"\n")))[0] == "application/pdf"


# --- What is refused, and what the person is told --------------------------------------------------------


def test_html_named_pdf_is_refused_as_a_web_page():
    assert refusal(upload("notes.pdf", HTML)) == (
        "“notes.pdf” is not a PDF: its content is a web page (HTML). "
        "Upload a PDF, image (PNG, JPEG, GIF or WebP), Word document or plain text file."
    )


def test_html_under_its_own_name_is_refused():
    assert refusal(upload("page.html", HTML)).startswith(
        "“page.html” is a web page (HTML), which cannot be attached."
    )


@pytest.mark.parametrize(
    ("content", "description"),
    [
        (b"<p>Looks like text to libmagic.</p>\n", "a web page (HTML)"),
        (b"\xef\xbb\xbf\n   <ScRiPt>alert(1)</script>\n", "a web page (HTML)"),
        (b"\xef\xbb\xbf <svg onload=alert(1)>\n", "an SVG drawing"),
        (b'<?xml version="1.0"?><note>hi</note>\n', "XML"),
    ],
)
def test_text_that_starts_like_markup_is_refused(content, description):
    assert refusal(upload("notes.txt", content)).startswith(
        f"“notes.txt” is not a plain text file: its content is {description}."
    )


def test_svg_named_png_is_refused():
    assert refusal(upload("logo.png", SVG)).startswith(
        "“logo.png” is not a PNG image: its content is an SVG drawing."
    )


def test_zip_named_docx_is_refused():
    file = upload("essay.docx", zip_of(essay__txt="my essay"))
    assert refusal(file).startswith("“essay.docx” is not a Word document: its content is a zip archive.")


def test_other_office_file_named_docx_is_refused():
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    spreadsheet = zip_of(**{"[Content_Types].xml": sheet}, xl__workbook__xml="<workbook/>")
    assert refusal(upload("essay.docx", spreadsheet)).startswith("“essay.docx” is not a Word document")


def test_program_named_pdf_is_refused():
    assert refusal(upload("setup.pdf", EXE)).startswith(
        "“setup.pdf” is not a PDF: its content is a Windows program."
    )


def test_program_under_its_own_name_is_refused():
    assert refusal(upload("setup.exe", EXE)).startswith(
        "“setup.exe” is a Windows program, which cannot be attached."
    )


def test_empty_file_is_refused():
    assert refusal(upload("notes.txt", b"")) == (
        "“notes.txt” is empty. Check that you chose the right file and upload it again."
    )


def test_file_over_the_default_limit_is_refused_before_it_is_read():
    file = upload("scan.pdf", PDF)
    file.size = int(23.4 * MB)
    file.file = None  # reading it would fail the test
    assert refusal(file).startswith("“scan.pdf” is 23.4 MB; the limit is 20 MB. Make it smaller")


@override_settings(EVIDENCE_MAX_UPLOAD_MB=1)
def test_file_just_over_the_limit_is_refused():
    assert refusal(upload("scan.pdf", PDF.ljust(MB + 1, b"\n"))).startswith(
        "“scan.pdf” is 1.1 MB; the limit is 1 MB."
    )


def test_real_pdf_named_txt_is_refused_and_the_person_asked_to_rename_it():
    assert refusal(upload("report.txt", PDF)) == (
        "“report.txt” is a PDF, but its name ends in .txt. Rename it to end in .pdf and upload it again."
    )


def test_file_without_an_extension_is_refused_and_the_person_asked_to_rename_it():
    assert refusal(upload("report", PDF)) == (
        "“report” is a PDF, but its name has no extension. Rename it to end in .pdf and upload it again."
    )


@pytest.mark.parametrize(
    "content",
    ["UTF-16 has NUL bytes\n".encode("utf-16"), b"neither UTF-8 nor Windows-1252 \x81\x8d\x8f\x90\x9d\n"],
    ids=["utf-16", "undecodable"],
)
def test_text_the_portal_cannot_read_is_refused(content):
    assert refusal(upload("notes.txt", content)).startswith(
        "“notes.txt” is not plain text that the portal can read. Save it as plain text (UTF-8)"
    )


# --- Storing through the service -------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_stored_privately_under_a_random_name(evidence_draft, people, private_storage):
    attachment = services.add_attachment(
        evidence=evidence_draft, upload=upload("observation.pdf", PDF), by=people.trainee
    )
    attachment.refresh_from_db()
    assert re.fullmatch(rf"evidence/{evidence_draft.enrolment_id}/[0-9a-f]{{32}}", attachment.file.name)
    assert "observation" not in attachment.file.name
    assert Path(attachment.file.path).read_bytes() == PDF
    assert stored_files(private_storage) == [Path(attachment.file.path)]
    assert (attachment.original_name, attachment.content_type, attachment.size, attachment.sha256) == (
        "observation.pdf",
        "application/pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
    )
    assert attachment.uploaded_by == people.trainee


def test_default_storage_is_the_private_folder_not_static_or_public_media():
    # As configured, not as this module's tests override it.
    configured = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    location = Path(configured.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    assert location == Path(configured.PRIVATE_STORAGE_ROOT).resolve()
    public = [Path(configured.STATIC_ROOT), *map(Path, configured.STATICFILES_DIRS)]
    if getattr(configured, "MEDIA_ROOT", ""):
        public.append(Path(configured.MEDIA_ROOT))
    for folder in (p.resolve() for p in public):
        assert not (location.is_relative_to(folder) or folder.is_relative_to(location))


REFUSED_UPLOADS = [
    ("notes.pdf", HTML, "“notes.pdf” is not a PDF: its content is a web page (HTML)."),
    ("logo.png", SVG, "“logo.png” is not a PNG image: its content is an SVG drawing."),
    ("essay.docx", zip_of(essay__txt="my essay"), "“essay.docx” is not a Word document"),
    ("setup.pdf", EXE, "“setup.pdf” is not a PDF: its content is a Windows program."),
    ("empty.txt", b"", "“empty.txt” is empty."),
    ("report.txt", PDF, "Rename it to end in .pdf"),
    ("scan.pdf", PDF.ljust(MB + 1, b"\n"), "“scan.pdf” is 1.1 MB; the limit is 1 MB."),
]


@pytest.mark.django_db
@override_settings(EVIDENCE_MAX_UPLOAD_MB=1)
@pytest.mark.parametrize(("name", "content", "message"), REFUSED_UPLOADS, ids=[r[0] for r in REFUSED_UPLOADS])
def test_refused_upload_saves_nothing(evidence_draft, people, private_storage, name, content, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.add_attachment(evidence=evidence_draft, upload=upload(name, content), by=people.trainee)
    assert not Attachment.objects.exists()
    assert stored_files(private_storage) == []


@pytest.mark.django_db
def test_no_upload_once_evidence_is_submitted(evidence_draft, people):
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    with pytest.raises(ValidationError, match="submitted for sign-off and cannot be changed"):
        services.add_attachment(evidence=evidence_draft, upload=upload("a.pdf", PDF), by=people.trainee)


@pytest.mark.django_db
def test_no_upload_once_evidence_is_signed_off(evidence_draft, people):
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    services.decide_evidence(evidence=evidence_draft, by=people.mentor, sign_off=True)
    with pytest.raises(ValidationError, match="make a new version instead"):
        services.add_attachment(evidence=evidence_draft, upload=upload("a.pdf", PDF), by=people.trainee)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_only_the_trainee_attaches_to_their_evidence(evidence_draft, people):
    with pytest.raises(ValidationError, match="Only the trainee"):
        services.add_attachment(evidence=evidence_draft, upload=upload("a.pdf", PDF), by=people.mentor)


@pytest.mark.django_db
def test_removing_from_a_new_version_keeps_the_signed_versions_file(evidence_draft, people):
    signed = services.add_attachment(evidence=evidence_draft, upload=upload("a.pdf", PDF), by=people.trainee)
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    services.decide_evidence(evidence=evidence_draft, by=people.mentor, sign_off=True)
    copy = services.new_version(evidence=evidence_draft, by=people.trainee)
    services.remove_attachment(attachment=copy.attachments.get(), by=people.trainee)
    assert Path(signed.file.path).read_bytes() == PDF


# --- The pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def attachment(evidence_draft, people):
    return services.add_attachment(
        evidence=evidence_draft, upload=upload("observation.pdf", PDF), by=people.trainee
    )


def person(name, people, enrolment):
    return getattr(people, name, None) or getattr(enrolment, name)


def download(client, attachment):
    response = client.get(reverse("competencies:attachment_download", args=[attachment.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


def page_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["trainee", "mentor", "manager", "lead"])
def test_trainee_and_their_supporters_download_the_attachment(client, people, attachment, who):
    client.force_login(person(who, people, attachment.evidence.enrolment))
    response, body = download(client, attachment)
    assert response.status_code == 200
    assert body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="observation.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_trainee", "other_lead", "regional"])
def test_others_are_told_the_attachment_does_not_exist(client, people, attachment, who):
    client.force_login(getattr(people, who))
    assert download(client, attachment)[0].status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_for_a_download(client, attachment):
    response = client.get(reverse("competencies:attachment_download", args=[attachment.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_stored_type_outside_the_allowed_list_is_sent_as_plain_bytes(client, people, attachment):
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    client.force_login(people.trainee)
    response, _ = download(client, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_trainee_uploads_a_file_from_the_evidence_page(client, people, evidence_draft):
    client.force_login(people.trainee)
    response = client.post(
        reverse("competencies:attachment_upload", args=[evidence_draft.pk]), {"file": upload("obs.pdf", PDF)}
    )
    assert response.url == reverse("competencies:evidence_detail", args=[evidence_draft.pk])
    assert evidence_draft.attachments.get().original_name == "obs.pdf"
    assert page_messages(response) == ["Attached “obs.pdf”."]


@pytest.mark.django_db
def test_refused_upload_is_explained_on_the_evidence_page(client, people, evidence_draft, private_storage):
    client.force_login(people.trainee)
    response = client.post(
        reverse("competencies:attachment_upload", args=[evidence_draft.pk]),
        {"file": upload("notes.pdf", HTML)},
    )
    assert response.url == reverse("competencies:evidence_detail", args=[evidence_draft.pk])
    assert page_messages(response)[0].startswith(
        "“notes.pdf” is not a PDF: its content is a web page (HTML)."
    )
    assert not Attachment.objects.exists()
    assert stored_files(private_storage) == []


@pytest.mark.django_db
@override_settings(EVIDENCE_MAX_UPLOAD_MB=1)
def test_too_large_upload_is_explained_on_the_evidence_page(client, people, evidence_draft):
    client.force_login(people.trainee)
    response = client.post(
        reverse("competencies:attachment_upload", args=[evidence_draft.pk]),
        {"file": upload("scan.pdf", PDF.ljust(3 * MB, b"\n"))},  # over Django's in-memory size: a temp file
    )
    assert page_messages(response)[0].startswith("“scan.pdf” is 3.0 MB; the limit is 1 MB.")
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_upload_without_a_file_asks_for_one(client, people, evidence_draft):
    client.force_login(people.trainee)
    response = client.post(reverse("competencies:attachment_upload", args=[evidence_draft.pk]))
    assert page_messages(response) == ["Choose a file to attach."]


@pytest.mark.django_db
def test_upload_page_answers_only_posts(client, people, evidence_draft):
    client.force_login(people.trainee)
    assert client.get(reverse("competencies:attachment_upload", args=[evidence_draft.pk])).status_code == 405


@pytest.mark.django_db
def test_upload_to_submitted_evidence_is_forbidden(client, people, evidence_draft):
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    client.force_login(people.trainee)
    url = reverse("competencies:attachment_upload", args=[evidence_draft.pk])
    assert client.post(url, {"file": upload("a.pdf", PDF)}).status_code == 403
    assert not Attachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [("mentor", 403), ("other_trainee", 404), ("other_lead", 404)])
def test_only_the_trainee_may_upload(client, people, evidence_draft, who, status):
    client.force_login(getattr(people, who))
    url = reverse("competencies:attachment_upload", args=[evidence_draft.pk])
    assert client.post(url, {"file": upload("a.pdf", PDF)}).status_code == status
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_trainee_removes_an_attachment_and_its_file(client, people, attachment):
    path = Path(attachment.file.path)
    client.force_login(people.trainee)
    response = client.post(reverse("competencies:attachment_remove", args=[attachment.pk]))
    assert response.url == reverse("competencies:evidence_detail", args=[attachment.evidence_id])
    assert page_messages(response) == ["Removed “observation.pdf”."]
    assert not Attachment.objects.exists()
    assert not path.exists()


@pytest.mark.django_db
def test_attachment_of_submitted_evidence_cannot_be_removed(client, people, attachment):
    services.submit_evidence(evidence=attachment.evidence, by=people.trainee)
    client.force_login(people.trainee)
    assert client.post(reverse("competencies:attachment_remove", args=[attachment.pk])).status_code == 403
    assert Attachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [("mentor", 403), ("other_trainee", 404)])
def test_only_the_trainee_may_remove(client, people, attachment, who, status):
    client.force_login(getattr(people, who))
    assert client.post(reverse("competencies:attachment_remove", args=[attachment.pk])).status_code == status
    assert Attachment.objects.exists()


@pytest.mark.django_db
def test_remove_page_answers_only_posts(client, people, attachment):
    client.force_login(people.trainee)
    assert client.get(reverse("competencies:attachment_remove", args=[attachment.pk])).status_code == 405


# --- Very long file names ----------------------------------------------------------------------------------


def evidence_page_client(user, evidence):
    return csrf_checked_client(user, reverse("competencies:evidence_detail", args=[evidence.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["a" * 996 + ".pdf", "é" * 996 + ".pdf", "Reflective account. " * 60 + "pdf"]
)
def test_file_name_too_long_to_read_is_explained_on_the_evidence_page(
    people, evidence_draft, private_storage, name
):
    client, token = evidence_page_client(people.trainee, evidence_draft)
    response = client.post(
        reverse("competencies:attachment_upload", args=[evidence_draft.pk]),
        {"csrfmiddlewaretoken": token, "file": NamedFile(name, PDF)},
    )
    assert response.status_code == 302
    assert response.url == reverse("competencies:evidence_detail", args=[evidence_draft.pk])
    assert page_messages(response) == [
        "The file's name is too long for the portal to read. Rename the file with a shorter name "
        "(under 200 characters) and upload it again."
    ]
    assert not Attachment.objects.exists()
    assert stored_files(private_storage) == []


@pytest.mark.django_db
def test_long_name_that_can_be_read_is_shortened_keeping_its_start_and_extension(
    client, people, evidence_draft
):
    name = "Reflective account of the evening handover on Elm Ward with my mentor, " * 8 + "final.pdf"
    client.force_login(people.trainee)
    response = client.post(
        reverse("competencies:attachment_upload", args=[evidence_draft.pk]), {"file": NamedFile(name, PDF)}
    )
    stored = evidence_draft.attachments.get().original_name
    assert len(stored) == 200
    assert stored.startswith("Reflective account of the evening handover on Elm Ward")
    assert stored.endswith("….pdf")
    assert page_messages(response) == [f"Attached “{stored}”."]


@pytest.mark.django_db
def test_upload_still_needs_the_pages_csrf_token(people, evidence_draft, private_storage):
    client, token = evidence_page_client(people.trainee, evidence_draft)
    url = reverse("competencies:attachment_upload", args=[evidence_draft.pk])
    assert client.post(url, {"file": upload("obs.pdf", PDF)}).status_code == 403
    assert not Attachment.objects.exists()
    response = client.post(url, {"csrfmiddlewaretoken": token, "file": upload("obs.pdf", PDF)})
    assert response.status_code == 302
    assert evidence_draft.attachments.get().original_name == "obs.pdf"


@pytest.mark.django_db
def test_outsider_with_a_name_too_long_to_read_learns_nothing(people, evidence_draft):
    client, token = evidence_page_client(people.trainee, evidence_draft)
    client.force_login(people.outside_trainee)
    responses = [
        client.post(
            reverse("competencies:attachment_upload", args=[pk]),
            {"csrfmiddlewaretoken": token, "file": NamedFile("a" * 996 + ".pdf", PDF)},
        )
        for pk in (evidence_draft.pk, evidence_draft.pk + 1000)
    ]
    # The same for evidence that exists and evidence that does not: back to the page asked for, not found.
    assert [r.url for r in responses] == [
        reverse("competencies:evidence_detail", args=[pk])
        for pk in (evidence_draft.pk, evidence_draft.pk + 1000)
    ]
    assert client.get(responses[0].url).status_code == 404
    assert not Attachment.objects.exists()
