"""The evaluation report of a cohort (issue 14, item 8): made by ``render_report evaluation COHORT_ID`` as a
PDF and a Word document with the schedule, theme counts, quotes, trends and outcomes; only counted interviews
feed it (a quote of an interview whose consent was withdrawn is in neither file); only someone who may run the
cohort's evaluation may ask for it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from evaluation import reports
from evaluation.models import Audit, Outcome, ProgrammeStage
from reports import kinds
from reports.models import ReportJob
from reports.rendering import render_html
from tests.evaluation.test_coding import MANAGER, QUALIFICATION, START, TRAINEE, code, interview

pytestmark = pytest.mark.django_db

CONSENTED = "I took a pay cut to start."
WITHDRAWN = "My pay went down by a lot."
NEVER_GIVEN = "Pay is the reason I nearly left."
MANAGER_QUOTE = "The trainees support the registered nurses."


@pytest.fixture
def evaluated(cohort_setup, people):
    """Alice's start interview, counted, coded with remuneration and job satisfaction; Bob's, coded with
    remuneration, whose consent he then withdrew; a manager's on qualification; an interview without consent
    (coded straight into the table, as the service would refuse it); an audit at two stages; an outcome."""
    cohort = cohort_setup.cohort
    alice = interview(
        cohort,
        people.trainee,
        TRAINEE,
        START,
        ["I get real job satisfaction from the ward.", CONSENTED],
        enrolment=cohort_setup.enrolment,
    )
    code(alice, people.lead, "Remuneration (gain or pay cut)", CONSENTED, question=2)
    code(alice, people.lead, "Job satisfaction", "real job satisfaction", question=1)
    bob = interview(
        cohort,
        people.other_trainee,
        TRAINEE,
        START,
        ["It is fine.", WITHDRAWN],
        enrolment=cohort_setup.other_enrolment,
    )
    code(bob, people.lead, "Remuneration (gain or pay cut)", WITHDRAWN, question=2)
    bob.consent_withdrawn_on = datetime.date.today()
    bob.save(update_fields=["consent_withdrawn_on"])
    manager = interview(cohort, cohort_setup.manager, MANAGER, QUALIFICATION, [MANAGER_QUOTE, "No change."])
    code(manager, people.lead, "Support to registered nurses", MANAGER_QUOTE)
    silent = interview(cohort, cohort_setup.lecturer, MANAGER, START, [NEVER_GIVEN, "None."], consent=False)
    code(silent, people.lead, "Remuneration (gain or pay cut)", NEVER_GIVEN)
    for stage, meeting in ((ProgrammeStage.BEFORE, 6), (ProgrammeStage.START, 8)):
        Audit.objects.create(
            organisation=cohort.organisation,
            cohort=cohort,
            service="Elm Ward",
            stage=stage,
            audited_on=cohort.start_date,
            number_audited=10,
            number_meeting_standard=meeting,
            standard_used="NEWS2 recorded and escalated",
            entered_by=people.lead,
        )
    Outcome.objects.create(
        enrolment=cohort_setup.enrolment,
        result=Outcome.Result.COMPLETED,
        qualified_on=datetime.date.today(),
        destination=Outcome.Destination.NURSING_DEGREE,
        recorded_by=people.lead,
    )
    return cohort


def render(cohort, tmp_path, fmt):
    out = tmp_path / f"evaluation.{fmt}"
    args = ["evaluation", str(cohort.pk), "--out", str(out), "--format", fmt]
    call_command("render_report", *args, stdout=io.StringIO())
    return out


def pdf_text(path):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def docx_text(path):
    document = Document(path if hasattr(path, "read") else str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def docx_row(path, first_cell):
    for table in Document(str(path)).tables:
        for row in table.rows:
            if row.cells[0].text == first_cell:
                return [cell.text for cell in row.cells]
    return None


def test_render_report_writes_the_pdf_with_counts_quotes_trends_and_outcomes(evaluated, tmp_path):
    out = render(evaluated, tmp_path, "pdf")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for words in (
        f"Evaluation of {evaluated.name}",
        "Interview schedule and completion",
        "Remuneration (gain or pay cut)",
        CONSENTED,
        MANAGER_QUOTE,
        "Physical healthcare assessments meeting the standard",
        "Before the programme 60.0%",
        "Progressed to nurse training",
    ):
        assert words in text, words
    assert WITHDRAWN not in text and NEVER_GIVEN not in text
    # No interviewee's name beside a quote: a report travels.
    assert "Alice" not in text


def test_the_pdf_draws_the_charts_as_svg(evaluated):
    html = render_html(reports.EVALUATION, evaluated)
    assert 'aria-labelledby="report-theme-chart-title' in html
    assert 'aria-labelledby="report-audit-chart-title' in html
    assert html.count("<svg") >= 2


def test_the_word_document_has_the_theme_counts_and_only_consented_quotes(evaluated, tmp_path):
    out = render(evaluated, tmp_path, "docx")
    text = docx_text(out)  # it opens with python-docx
    assert "Remuneration (gain or pay cut)" in text and CONSENTED in text and MANAGER_QUOTE in text
    assert WITHDRAWN not in text and NEVER_GIVEN not in text
    assert reports.CHARTS_IN_PDF in text
    # Alice's start interview only: Bob withdrew, the other was never consented to.
    row = docx_row(out, "Remuneration (gain or pay cut)")
    assert row[1:4] == ["1", "0", "1"] and row[-1] == "-1"
    assert docx_row(out, "Support to registered nurses")[7:10] == ["0", "1", "1"]
    assert docx_row(out, "Interviews counted")[1:4] == ["1", "0", "1"]
    assert docx_row(out, "Progressed to nurse training") == ["Progressed to nurse training", "1"]
    assert docx_row(out, "Before the programme")[1] == "60%"


def test_withdrawing_consent_later_takes_the_quote_out_of_the_next_report(evaluated, tmp_path, people):
    from evaluation import services

    alice = evaluated.interviews.get(interviewee=people.trainee)
    services.withdraw_consent(alice, people.trainee)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(render(evaluated, tmp_path, fmt))
        assert CONSENTED not in text and MANAGER_QUOTE in text, fmt


def test_an_empty_cohort_still_makes_both_files(cohort_setup, tmp_path):
    assert render(cohort_setup.cohort, tmp_path, "pdf").read_bytes().startswith(b"%PDF")
    text = docx_text(render(cohort_setup.cohort, tmp_path, "docx"))
    assert "No interviews scheduled yet." in text and "No audits entered yet." in text


def test_the_kind_is_listed_for_a_cohort_with_its_formats():
    kind = kinds.get("evaluation")
    assert kind is reports.EVALUATION and kind.formats == ("pdf", "docx")


def test_only_someone_who_may_run_the_evaluation_may_ask_for_it(client, evaluated, people, cohort_setup):
    kind = kinds.get("evaluation")
    assert kind.can_view(people.lead, evaluated)
    for outsider in (people.trainee, cohort_setup.manager, people.mentor, people.other_lead, people.regional):
        assert not kind.can_view(outsider, evaluated)
        client.force_login(outsider)
        response = client.post(
            reverse("reports:request"), {"kind": "evaluation", "subject": evaluated.pk, "format": "pdf"}
        )
        assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_the_lead_asks_for_the_word_document_and_downloads_it(
    client, evaluated, people, django_capture_on_commit_callbacks
):
    client.force_login(people.lead)
    # The job goes to the (in-process) worker when the request's transaction commits, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"), {"kind": "evaluation", "subject": evaluated.pk, "format": "docx"}
        )
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert re.search(r'filename="evaluation-report-cohort-1\.docx"', download["Content-Disposition"])
    content = b"".join(download.streaming_content)
    download.close()
    assert CONSENTED in docx_text(io.BytesIO(content)) and WITHDRAWN not in docx_text(io.BytesIO(content))


def test_the_request_button_is_on_the_cohorts_evaluation_overview(client, evaluated, people):
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:cohort", args=[evaluated.pk])).text
    assert f'id="report-request-evaluation-{evaluated.pk}"' in page
    assert 'name="kind" value="evaluation"' in page
