"""Each report kind renders from the demo data; WeasyPrint fetches nothing but the project's static files."""

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from competencies.models import Achievement
from reports import kinds
from reports.rendering import STATIC_BASE, StaticOnlyFetcher, render
from trainees.models import Cohort, Enrolment

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def subject(kind, demo_ids):
    return kinds.get(kind).subject(demo_ids[kind])


def test_each_report_kind_renders_from_the_demo_data(demo_ids):
    assert set(demo_ids) == {
        "cohort",
        "portfolio",
        "gateway_bundle",
        "pastoral",
        "evaluation",
        "role_profile",
    }

    cohort = subject("cohort", demo_ids)
    text = pdf_text(render("cohort", cohort).content)
    assert f"Cohort report: {cohort}" in text
    for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("trainee"):
        assert enrolment.trainee.get_full_name() in text
    assert "Progress reviews overdue" in text and "Ready for the gateway" in text

    enrolment = subject("portfolio", demo_ids)
    rendered = render("portfolio", enrolment)
    text = pdf_text(rendered.content)
    assert rendered.filename == "portfolio-sam-taylor.pdf"
    for code in ("K1", "K36", "S1", "S33", "B1", "B3"):
        assert code in text
    achieved = Achievement.objects.filter(enrolment=enrolment).count()
    assert f"{achieved} of 72 KSBs achieved" in text
    assert "Fingerprint:" in text and "Signed off by Grace Okafor" in text

    bundle = render("gateway_bundle", subject("gateway_bundle", demo_ids), "zip")
    assert bundle.filename == "gateway-bundle-sam-taylor.zip"
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert {"portfolio.pdf", "manifest.json", "manifest.csv"} <= set(archive.namelist())
        assert any(name.startswith("evidence/K") for name in archive.namelist())  # the demo's notes

    assessment = subject("pastoral", demo_ids)
    text = pdf_text(render("pastoral", assessment).content)
    themes = [t.title for t in assessment.tool_version.themes.all()]
    assert themes and all(title in text for title in themes)
    assert "How the phase is worked out" in text
    docx = render("pastoral", assessment, "docx")
    assert docx.filename.endswith(".docx")
    assert len(Document(io.BytesIO(docx.content)).tables) >= len(themes)

    evaluated = subject("evaluation", demo_ids)
    text = pdf_text(render("evaluation", evaluated).content)
    assert f"Evaluation of {evaluated.name}" in text and "Stepping stone to nurse training" in text
    assert Document(io.BytesIO(render("evaluation", evaluated, "docx").content)).tables

    version = subject("role_profile", demo_ids)
    text = pdf_text(render("role_profile", version).content)
    assert "Occupational Therapy Assistant Practitioner" in text and "NVQ III or equivalent" in text
    document = Document(io.BytesIO(render("role_profile", version, "docx").content))
    assert document.tables and "Haywood Hospital" in "\n".join(p.text for p in document.paragraphs)


def test_word_is_offered_only_for_the_pastoral_report(cohort_setup):
    with pytest.raises(ValueError, match="comes as pdf"):
        render("cohort", cohort_setup.cohort, "docx")


class Counting(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 - the http.server API
        Counting.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


def test_a_report_fetches_nothing_from_the_network_or_the_disk():
    from weasyprint import HTML

    server = HTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<link rel="stylesheet" href="{url}/evil.css"><img src="{url}/pixel.png">'
            '<img src="file:///etc/passwd"><p>Report</p>'
        )
        pdf = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF") and Counting.hits == []


def test_the_fetcher_serves_the_projects_static_files_only():
    from weasyprint.urls import URLFetchingError

    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(STATIC_BASE + "css/report.css")
    assert b"@page" in css.read()
    for url in (
        STATIC_BASE + "../apprentice_portal/settings.py",
        "file:///etc/passwd",
        "https://example.org/x.css",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)


def test_render_report_command_writes_each_kind(demo_ids, tmp_path):
    for kind, subject_id in demo_ids.items():
        out = tmp_path / f"{kind}.out"
        call_command("render_report", kind, str(subject_id), "--out", str(out), stdout=io.StringIO())
        # Each kind in its first format: a PDF, or a zip file for the gateway bundle.
        assert out.read_bytes().startswith(b"PK\x03\x04" if kind == "gateway_bundle" else b"%PDF")
    out = tmp_path / "pastoral.docx"
    call_command(
        "render_report",
        "pastoral",
        str(demo_ids["pastoral"]),
        "--out",
        str(out),
        "--format",
        "docx",
        stdout=io.StringIO(),
    )
    assert Document(str(out)).tables


def test_render_report_command_refuses_unknown_kind_and_subject(tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="No report kind 'payslip'"):
        call_command("render_report", "payslip", "1", "--out", out)
    missing = (Cohort.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with pytest.raises(CommandError, match=f"No cohort with id {missing}"):
        call_command("render_report", "cohort", str(missing), "--out", out)


def test_render_report_command_says_which_formats_the_kind_comes_as(cohort_setup, tmp_path):
    out = tmp_path / "cohort.docx"
    with pytest.raises(CommandError, match="The cohort report comes as pdf, not docx"):
        call_command(
            "render_report", "cohort", str(cohort_setup.cohort.pk), "--out", str(out), "--format", "docx"
        )
    assert not out.exists()
