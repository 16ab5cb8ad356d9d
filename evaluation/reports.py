"""The evaluation report of one cohort (issue 14, item 8), listed in contributions.py: the interview schedule
and its completion, theme counts with the quotes behind them, audits and satisfaction across the programme's
stages, and outcome totals; as a PDF (with the server-drawn charts the pages show) or a Word document.

Both are made from ``report_data``, which only reads the parts' own selectors (schedule, coding, impact), so
the report says what the pages say. Counts and quotes come from ``coding.theme_counts``, which reads only
``Interview.objects.counted()``: an interview without consent, or whose consent was withdrawn, is in neither.
Like the CSV of coded passages, a quote names its interview by id, never its interviewee: a report travels.
"""

import io

from django.utils import timezone
from django.utils.text import slugify
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from reports.kinds import Kind
from trainees.models import Cohort

from . import access, coding, impact, selectors
from .models import Stage

CHARTS_IN_PDF = "The charts are in the PDF version of this report; the tables here give the same figures."


def _satisfaction_charts(trend):
    return [
        (
            entry,
            impact.trend_chart(
                entry.stages, title=f"Satisfaction: {entry.question}", unit="of the scale's range"
            ),
        )
        for entry in trend
    ]


def report_data(cohort, viewer=None, today=None):
    """Everything the report shows. ``viewer`` may run the cohort's evaluation (the kind's rule), so they see
    all of it; there is no narrower view of this report."""
    today = today or timezone.localdate()
    counts = coding.theme_counts(cohort)
    audits = impact.audit_trend(cohort)
    satisfaction = impact.satisfaction_trend(cohort)
    return {
        "cohort": cohort,
        "today": today,
        "codebook": coding.current_codebook(cohort.organisation),
        "example_label": coding.EXAMPLE_LABEL,
        "schedule": selectors.schedule_summary(cohort, today),
        "counts": counts,
        "theme_chart": coding.theme_chart(counts),
        "audit_trend": audits,
        "audit_chart": impact.trend_chart(audits, title="Assessments meeting the standard"),
        "satisfaction_charts": _satisfaction_charts(satisfaction),
        "outcomes": impact.labelled_totals(impact.cohort_outcome_totals(cohort)),
    }


def _filename(cohort):
    return f"evaluation-report-{slugify(cohort.name)}"


# --- Word -----------------------------------------------------------------------------------------------


def _percent(figure):
    if figure is None or figure.percentage is None:
        return "—"
    return f"{figure.percentage:g}%"


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(title)).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    return table


STAGE_SHORT = {Stage.START: "Start", Stage.MIDWAY: "Mid-way", Stage.QUALIFICATION: "Qualification"}


def _cell_heading(stage, respondent):
    group = {"trainee": "trainees", "manager": "managers"}.get(respondent, "all")
    return f"{STAGE_SHORT[Stage(stage)]} {group}"


def evaluation_docx(data):
    """Bytes of a .docx file of ``report_data``: headings, tables of counts and totals, quotes."""
    cohort = data["cohort"]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(f"Evaluation of {cohort.name}", level=0)
    document.add_paragraph(
        f"{cohort.organisation} · {cohort.programme} · {cohort.start_date:%-d %B %Y} to "
        f"{cohort.expected_end_date:%-d %B %Y} · made on {data['today']:%-d %B %Y}"
    )
    document.add_paragraph(
        "Only interviews completed with consent that stands are counted or quoted. Quotes name their "
        "interview by its number, not the person interviewed."
    )
    document.add_paragraph(CHARTS_IN_PDF).runs[0].italic = True

    schedule = data["schedule"]
    document.add_heading("Interview schedule and completion", level=1)
    if schedule["total"]:
        _table(
            document,
            ["Stage", "Not yet held", "Draft", "Completed", "Overdue", "All"],
            [
                (r["label"], r["due"], r["draft"], r["completed"], r["overdue"], r["total"])
                for r in schedule["rows"]
            ],
        )
        document.add_paragraph(
            f"{schedule['counted']} of {schedule['total']} interviews are counted (completed, with consent)."
        )
    else:
        document.add_paragraph("No interviews scheduled yet.")

    counts = data["counts"]
    document.add_heading("Findings: themes", level=1)
    if data["codebook"].is_example:
        document.add_paragraph(f"The themes are from the starter codebook: {data['example_label'].lower()}.")
    document.add_paragraph(
        "Interviews coded with each theme, by stage and group (“all” is trainees and managers together); an "
        "interview counts once for a theme however many of its passages have it."
    )
    header = ["Theme", *(_cell_heading(s, r) for s, r, _n in counts.interview_cells), "Change"]
    rows = [
        (row.name, *(n for _s, _r, n in row.cells), f"{'+' if row.change > 0 else ''}{row.change}")
        for row in counts.rows
    ]
    rows.append(("Interviews counted", *(n for _s, _r, n in counts.interview_cells), ""))
    _table(document, header, rows)

    document.add_heading("The quotes behind the counts", level=2)
    quoted = [row for row in counts.rows if row.quotes]
    if not quoted:
        document.add_paragraph("No passages of counted interviews are coded yet.")
    for row in quoted:
        document.add_heading(f"{row.name}: {len(row.quotes)} quote{'s' if len(row.quotes) != 1 else ''}", 3)
        for quote in row.quotes:
            document.add_paragraph(f"“{quote.text}”", style="Quote")
            document.add_paragraph(
                f"{quote.respondent_label}, {quote.stage_label.lower()} (interview {quote.interview_id}), "
                f"on {quote.topic.lower()}"
            )

    document.add_heading("Service impact", level=1)
    document.add_heading("Physical healthcare assessments meeting the standard", level=2)
    if data["audit_trend"]:
        _table(
            document,
            ["Stage", "All wards", "Meeting / audited", "Wards with trainees", "Wards without trainees"],
            [
                (
                    s.label,
                    _percent(s.overall),
                    f"{s.overall.meeting} of {s.overall.audited} ({s.overall.audits} audits)",
                    _percent(s.with_trainees),
                    _percent(s.without_trainees),
                )
                for s in data["audit_trend"]
            ],
        )
    else:
        document.add_paragraph("No audits entered yet.")
    document.add_heading("Service-user satisfaction, as a share of each question's scale", level=2)
    if not data["satisfaction_charts"]:
        document.add_paragraph("No satisfaction results entered yet.")
    for entry, _chart in data["satisfaction_charts"]:
        document.add_heading(entry.question, level=3)
        _table(
            document,
            ["Stage", "All wards", "Responses", "Wards with trainees", "Wards without trainees"],
            [
                (
                    s.label,
                    _percent(s.overall),
                    s.overall.responses,
                    _percent(s.with_trainees),
                    _percent(s.without_trainees),
                )
                for s in entry.stages
            ],
        )

    document.add_heading("Outcomes", level=1)
    _table(document, ["", "Trainees"], data["outcomes"])

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _docx(cohort):
    return evaluation_docx(report_data(cohort))


EVALUATION = Kind(
    name="evaluation",
    label="Evaluation report",
    model=Cohort,
    can_view=access.can_run_evaluation_of,
    build=report_data,
    template="reports/evaluation.html",
    filename=_filename,
    docx=_docx,
)
