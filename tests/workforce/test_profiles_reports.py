"""A role profile version printed as its job description and person specification (the role_profile report
kind), as a PDF and a Word document laid out like seed 004: every item of the demo profile, the criteria
table with essential beside desirable, and the A/I/R/T key."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports import kinds
from reports.models import ReportJob
from reports.rendering import render, render_html
from workforce import demo_profiles, reports_profiles, services_profiles

pytestmark = pytest.mark.django_db

KEY = "*Assessed by: A = Application I = Interview R = References T = Testing"


@pytest.fixture
def seed_version(people, catalogue):
    return demo_profiles.seed_profile(organisation=people.trust, by=people.lead).current_version()


def words(text):
    return " ".join(text.split())


def every_text(version):
    """The texts a printed profile must hold: items, headings, paragraphs and criteria."""
    texts = [version.job_title, version.hours, version.location, version.relationships_internal]
    texts += version.job_purpose.split("\n\n")
    for section in version.sections.prefetch_related("items"):
        texts += [section.heading, section.subheading, *(item.text for item in section.items.all())]
    texts += [c.text for c in version.criteria.all()]
    return [words(t) for t in texts if t]


def docx_document(data):
    return Document(io.BytesIO(data))


def docx_text(document):
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return words(" ".join([p.text for p in document.paragraphs] + cells))


def test_the_kind_is_listed_with_pdf_and_word():
    kind = kinds.get("role_profile")
    assert kind is reports_profiles.ROLE_PROFILE and kind.formats == ("pdf", "docx")


def test_the_report_data_pairs_essential_and_desirable_criteria_group_by_group(seed_version):
    data = reports_profiles.report_data(seed_version)
    groups = {g["label"]: g for g in data["criteria_groups"]}
    assert list(groups) == [
        "Qualifications and training",
        "Experience",
        "Skills, knowledge and abilities",
        "Personal attributes",
    ]
    experience = groups["Experience"]["pairs"]
    assert len(experience) == 3  # one essential beside three desirable
    assert experience[0][0].text == "Relevant experience of working in therapies / specialist area"
    assert experience[2][0] is None and experience[2][1].text == "Evidence of multi-disciplinary team working"
    assert len(groups["Personal attributes"]["pairs"]) == 17
    assert data["spec_job_title"] == "Therapy Assistant practitioner" and data["state"] == "Published"


def test_the_html_is_laid_out_as_a_job_description_and_person_specification(seed_version):
    html = render_html(reports_profiles.ROLE_PROFILE, seed_version)
    text = words(unescape(re.sub(r"<[^>]+>", " ", html)))
    for label in (
        "JOB TITLE:",
        "REPORTS TO:",
        "INTERNAL:",
        "Job Description Agreement",
        "Person specification",
    ):
        assert label in text
    assert KEY in text
    assert '<th>ESSENTIAL CRITERIA</th><th class="mark">*</th><th>DESIRABLE CRITERIA</th>' in html
    assert (
        '<td>NVQ III or equivalent</td><td class="mark">A</td><td>Evidence of recent CPD activity.</td>'
        in html
    )
    missing = [t for t in every_text(seed_version) if t not in text]
    assert missing == []
    assert "<ol><li>Have an awareness" in html  # the key responsibilities are numbered


def test_the_pdf_has_every_section_and_the_criteria_table(seed_version):
    rendered = render(reports_profiles.ROLE_PROFILE, seed_version, "pdf")
    assert rendered.content.startswith(b"%PDF") and rendered.filename == (
        "role-profile-occupational-therapy-assistant-practitioner-v1.pdf"
    )
    text = words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.content)).pages))
    for expected in (
        "KEY RESPONSIBILITIES",
        "MOST CHALLENGING/DIFFICULT PARTS OF THE JOB",
        "Effort and environment factors",
        "General responsibilities",
        "ESSENTIAL CRITERIA",
        "DESIRABLE CRITERIA",
        "Able to contribute to 7-day service.",
        "I declare that I have read the Job Description and Person Specification",
    ):
        assert expected in text, expected


def test_the_word_document_holds_every_item_and_the_criteria_with_their_stages(seed_version):
    document = docx_document(reports_profiles.profile_docx(reports_profiles.report_data(seed_version)))
    text = docx_text(document)
    missing = [t for t in every_text(seed_version) if t not in text]
    assert missing == []
    assert KEY in text and "I declare that I have read the Job Description and Person Specification" in text
    criteria = next(t for t in document.tables if t.rows[0].cells[0].text == "ESSENTIAL CRITERIA")
    rows = [[cell.text for cell in row.cells] for row in criteria.rows]
    assert rows[0] == ["ESSENTIAL CRITERIA", "*", "DESIRABLE CRITERIA", "*"]
    assert ["NVQ III or equivalent", "A", "Evidence of recent CPD activity.", "A, I"] in rows
    assert ["IT skills", "A, T", "", ""] in rows
    assert rows[1][0] == "QUALIFICATIONS AND TRAINING"  # a group's heading spans the row
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 8 and numbered[0].startswith("Have an awareness")


def test_a_draft_says_so_on_the_page(people, seed_version):
    draft = services_profiles.new_version(profile=seed_version.profile, by=people.lead)
    html = render_html(reports_profiles.ROLE_PROFILE, draft)
    assert "Draft: this version is not yet published" in html
    text = docx_text(docx_document(reports_profiles.profile_docx(reports_profiles.report_data(draft))))
    assert "Draft: not yet published" in text


def test_only_people_who_may_read_the_version_may_ask_for_it(client, people, seed_version):
    kind = kinds.get("role_profile")
    assert kind.can_view(people.lead, seed_version)
    for outsider in (people.trainee, people.other_lead, people.regional):
        assert not kind.can_view(outsider, seed_version)
        client.force_login(outsider)
        response = client.post(
            reverse("reports:request"), {"kind": "role_profile", "subject": seed_version.pk, "format": "pdf"}
        )
        assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_the_job_holder_asks_for_the_word_document_of_the_version_they_sign(
    client, people, seed_version, django_capture_on_commit_callbacks
):
    services_profiles.name_signers(
        version=seed_version, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )
    client.force_login(people.trainee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"), {"kind": "role_profile", "subject": seed_version.pk, "format": "docx"}
        )
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    download = client.get(reverse("reports:download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    download.close()
    assert "NVQ III or equivalent" in docx_text(docx_document(content))


def test_the_version_pages_word_button_sends_its_own_form_asking_for_a_word_document(
    client, people, seed_version
):
    # Both buttons sit outside their forms and name one by id: with one id for both, the Word button sent
    # the PDF's form and the lead got a PDF.
    client.force_login(people.lead)
    page = client.get(reverse("workforce:profile_version", args=[seed_version.pk])).text
    asked = {}
    for label in ("Job description and person specification (PDF)", "Word document"):
        form_id = re.search(rf'form="([^"]+)">{re.escape(label)}</button>', page).group(1)
        form = re.search(rf'<form [^>]*id="{form_id}">(.*?)</form>', page, re.S).group(1)
        asked[label] = re.search(r'name="format" value="(\w+)"', form).group(1)
    assert asked == {"Job description and person specification (PDF)": "pdf", "Word document": "docx"}
