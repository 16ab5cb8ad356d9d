"""The assessment as a Word document, laid out like NHS England's tool: a table per theme; and the pastoral
assessment report (PDF or that document), listed in contributions.py.

Both are pure functions of ``selectors.assessment_summary``: the page shows the same data.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.kinds import Kind

from . import access
from .charts import phase_chart
from .models import Assessment
from .selectors import assessment_summary, changes_since_last, phase_history, theme_titles

COLUMNS = ["Element of practice", "Phase", "Examples of practice", "Rating", "Notes and evidence", "Action"]
WIDTHS_CM = [6.0, 1.6, 6.0, 2.0, 5.0, 4.8]
# NHS colours; the rating is written as a word too, so colour is never the only sign.
RAG_FILL = {"red": ("D5281B", True), "amber": ("FFB81C", False), "green": ("007F3B", True)}
EXAMPLE_NOTICE = (
    "Example content: this version of the tool was written by the portal team as an example. It is not NHS "
    "England's wording; load your organisation's copy of the published tool (PRN00840) to replace it."
)


def _shade(cell, fill):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _write(cell, lines, bold=False):
    cell.text = ""
    first = True
    for line in lines or ["—"]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.add_run(line).bold = bold
        first = False


def _date(day):
    return f"{day:%-d %B %Y}" if day else ""


def _action_lines(element):
    if not element.has_action:
        return ["Not needed (Green)"] if element.is_green else ["None given"]
    lines = [element.action_what or "(no action described)"]
    lines.append(f"Owner: {element.action_owner or 'not given'}")
    lines.append(f"Due: {_date(element.action_due) or 'not given'}")
    return lines


def _theme_table(document, theme):
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, title in zip(header.cells, COLUMNS, strict=True):
        _write(cell, [title], bold=True)
    for element in theme.elements:
        cells = table.add_row().cells
        _write(cells[0], [f"{element.ref} {element.text}".strip()])
        _write(cells[1], [f"Phase {element.phase}"])
        _write(cells[2], [f"• {example}" for example in element.examples])
        _write(cells[3], [element.rag_label + (" (from last assessment)" if element.carried_forward else "")])
        if element.rag in RAG_FILL:
            fill, white = RAG_FILL[element.rag]
            _shade(cells[3], fill)
            if white:
                for run in cells[3].paragraphs[0].runs:
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        notes = [element.notes] if element.notes else []
        if element.evidence:
            notes.append(f"Evidence: {element.evidence}")
        _write(cells[4], notes)
        _write(cells[5], _action_lines(element))
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_CM, strict=True):
            cell.width = Cm(width)
    return table


def assessment_docx(summary):
    """Bytes of a .docx file for one assessment summary."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading("Support worker pastoral support quality self-assessment", level=0)
    document.add_paragraph(f"{summary.organisation} ({summary.ods_code})")
    if summary.tool_is_example:
        document.add_paragraph().add_run(EXAMPLE_NOTICE).bold = True
    details = [
        ("Date of the assessment", _date(summary.assessed_on)),
        ("Status", summary.status_label),
        ("Version of the tool", summary.tool_label),
        ("Groups involved", ", ".join(summary.groups) or "None recorded"),
        ("People involved", summary.people_involved or "None recorded"),
    ]
    if summary.is_completed:
        details.append(("Completed", f"{_date(summary.completed_at)} by {summary.completed_by or 'unknown'}"))
    for name, value in details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)

    document.add_heading("Phases reached", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run("The pastoral offer as a whole: ").bold = True
    paragraph.add_run(summary.overall.description)
    for theme in summary.themes:
        document.add_paragraph(f"{theme.title}: {theme.result.description}", style="List Bullet")
    document.add_heading("How the phase is worked out", level=2)
    for sentence in summary.rule:
        document.add_paragraph(sentence)

    document.add_heading("Next elements to work on", level=1)
    if summary.next_phase is None:
        document.add_paragraph("Every element is rated Green.")
    else:
        document.add_paragraph(f"Phase {summary.next_phase} elements not yet Green:")
        for theme_title, element in summary.next_elements:
            name = f"{element.ref} {element.text}".strip()
            text = f"{theme_title}: {name} ({element.rag_label})"
            document.add_paragraph(text, style="List Bullet")

    for theme in summary.themes:
        document.add_heading(f"{theme.title}: {theme.result.description}", level=1)
        _theme_table(document, theme)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- The pastoral assessment report ----------------------------------------------------------------------


def _build_report(assessment, viewer=None):
    summary = assessment_summary(assessment)
    history = phase_history(assessment.organisation_id, until=assessment)
    themes = theme_titles(history)
    return {
        "assessment": assessment,
        "summary": summary,
        "comparison": changes_since_last(assessment, summary),
        "chart": phase_chart(history, themes),
        "chart_id": "report-chart",
        "history": history,
        "chart_themes": themes,
    }


def _filename(assessment):
    return f"pastoral-self-assessment-{assessment.organisation.ods_code}-{assessment.assessed_on:%Y-%m-%d}"


def _docx(assessment):
    return assessment_docx(assessment_summary(assessment))


PASTORAL = Kind(
    name="pastoral",
    label="Pastoral self-assessment report",
    model=Assessment,
    can_view=access.can_view_assessment,
    build=_build_report,
    template="reports/pastoral.html",
    filename=_filename,
    docx=_docx,
)
