"""A role profile version printed as its job description and person specification, as a PDF (through the
reports pipeline: templates/reports/role_profile.html) or a Word document, listed in contributions.py.

Both are laid out as seed 004 is: the job details, working relationships, purpose, structure, the sections
of responsibilities, effort and environment factors and general responsibilities, the closing statement and
the job description agreement with places to sign; then the person specification with its own heading, the
A/I/R/T key and, group by group, essential criteria beside desirable ones, each with how it is assessed.
"""

import io
from itertools import zip_longest

from django.utils.text import slugify
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.kinds import Kind

from . import access
from .models import Criterion, ProfileSection, ProfileVersion

KEY = "*Assessed by: A = Application I = Interview R = References T = Testing"
DETAILS = (
    ("JOB TITLE", "job_title"),
    ("BAND", "band"),
    ("HOURS", "hours"),
    ("DEPARTMENT", "department"),
    ("LOCATION", "location"),
    ("REPORTS TO", "reports_to"),
    ("ACCOUNTABLE TO", "accountable_to"),
    ("RESPONSIBLE FOR", "responsible_for"),
)
# The responsibilities part has no heading of its own: its sections are headed as the profile heads them.
PART_HEADINGS = {
    ProfileSection.Part.RESPONSIBILITIES: "",
    ProfileSection.Part.EFFORT: "Effort and environment factors",
    ProfileSection.Part.GENERAL: "General responsibilities",
}
STATE = {True: "Published", False: "Draft: not yet published"}


def _paragraphs(text):
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def document(version):
    """What the version's page and its printed report lay out."""
    sections = list(version.sections.prefetch_related("items"))
    criteria = list(version.criteria.all())
    groups = []
    for category, label in Criterion.Category.choices:
        essential = [c for c in criteria if c.category == category and c.essential]
        desirable = [c for c in criteria if c.category == category and not c.essential]
        if essential or desirable:
            groups.append(
                {
                    "label": label,
                    "essential": essential,
                    "desirable": desirable,
                    "pairs": list(zip_longest(essential, desirable)),
                }
            )
    return {
        "version": version,
        "profile": version.profile,
        "details": [(label, getattr(version, field)) for label, field in DETAILS],
        "department_lines": version.department.splitlines(),
        "purpose": _paragraphs(version.job_purpose),
        "structure": [line for line in version.organisational_structure.splitlines() if line.strip()],
        "closing": _paragraphs(version.closing_statement),
        "parts": [
            {
                "part": part,
                "label": label,
                "heading": PART_HEADINGS[part],
                "sections": [s for s in sections if s.part == part],
            }
            for part, label in ProfileSection.Part.choices
        ],
        "criteria_groups": groups,
        "spec_job_title": version.spec_job_title or version.job_title,
        "spec_department": version.spec_department or version.department,
        "key": KEY,
    }


def report_data(version, viewer=None):
    """The report's context: the document, and whether it is a draft (a draft is marked so on every page)."""
    return document(version) | {"state": STATE[version.is_published]}


def _filename(version):
    return f"role-profile-{slugify(version.profile.name)}-v{version.number}"


# --- Word -----------------------------------------------------------------------------------------------


def _items(document, section):
    style = {"numbered": "List Number", "bulleted": "List Bullet"}.get(section.style)
    for item in section.items.all():
        document.add_paragraph(item.text, style=style)


def _label_table(document, rows):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        cells[1].text = value or ""
    return table


def profile_docx(data):
    """Bytes of a .docx file of ``report_data``: the job description, then the person specification."""
    version = data["version"]
    document = Document()
    section = document.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)

    title = document.add_heading("JOB DESCRIPTION", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"{data['profile'].name} · {data['profile'].organisation} · version {version.number} · "
        f"{data['state']}"
    )
    document.add_heading("Job details", level=1)
    _label_table(document, data["details"])
    document.add_heading("Working relationships", level=1)
    _label_table(
        document,
        [("INTERNAL", version.relationships_internal), ("EXTERNAL", version.relationships_external)],
    )
    document.add_heading("Job purpose", level=1)
    for paragraph in data["purpose"]:
        document.add_paragraph(paragraph)
    if data["structure"]:
        document.add_heading("Organisational structure", level=1)
        for line in data["structure"]:
            document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in data["parts"]:
        if part["heading"] and part["sections"]:
            document.add_heading(part["heading"], level=1)
        level = 2 if part["heading"] else 1
        for profile_section in part["sections"]:
            if profile_section.heading:
                document.add_heading(profile_section.heading, level=level)
            if profile_section.subheading:
                document.add_paragraph().add_run(profile_section.subheading).bold = True
            _items(document, profile_section)
    for paragraph in data["closing"]:
        document.add_paragraph(paragraph)

    document.add_heading("Job Description Agreement", level=1)
    document.add_paragraph(version.agreement_declaration)
    _label_table(
        document,
        [
            ("Job Holder Name", ""),
            ("Signature", ""),
            ("Date", ""),
            ("Line Manager Name", ""),
            ("Signature", ""),
            ("Date", ""),
        ],
    )

    document.add_page_break()
    title = document.add_heading("PERSON SPECIFICATION", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _label_table(
        document,
        [
            ("JOB TITLE", data["spec_job_title"]),
            ("DEPARTMENT", data["spec_department"]),
            ("BAND", version.band),
        ],
    )
    document.add_paragraph(KEY)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ("ESSENTIAL CRITERIA", "*", "DESIRABLE CRITERIA", "*"), strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for group in data["criteria_groups"]:
        heading = table.add_row().cells
        merged = heading[0].merge(heading[3])
        merged.text = ""
        merged.paragraphs[0].add_run(group["label"].upper()).bold = True
        for essential, desirable in group["pairs"]:
            cells = table.add_row().cells
            cells[0].text = essential.text if essential else ""
            cells[1].text = essential.assessed_by if essential else ""
            cells[2].text = desirable.text if desirable else ""
            cells[3].text = desirable.assessed_by if desirable else ""
    _label_table(
        document, [("JOB HOLDER SIGNATURE", ""), ("DATE", ""), ("MANAGER SIGNATURE", ""), ("DATE", "")]
    )

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _docx(version):
    return profile_docx(report_data(version))


ROLE_PROFILE = Kind(
    name="role_profile",
    label="Role profile",
    model=ProfileVersion,
    can_view=access.can_view_version,
    build=report_data,
    template="reports/role_profile.html",
    filename=_filename,
    docx=_docx,
)
