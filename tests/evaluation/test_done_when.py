"""Issue 14's "Done when", over the demo data (evaluation/demo.py: the "Pilot cohort" of seven completed
trainees fully evaluated; Cohort 1 with its interviews scheduled, one overdue):

- the regional lead's pages and any report they can reach contain no name, no quote and no group under 5;
- withdrawn consent removes an interview from every count, quote, export and report;
- bad input is refused with a message and changes nothing (one test each).

The walk of a whole evaluation in a browser is tests/browser/test_evaluation.py.
"""

import csv
import datetime
import html
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.access import Role, region_ids
from accounts.models import Region, User
from evaluation import coding, services
from evaluation.demo import PILOT_NAME
from evaluation.models import (
    Answer,
    Audit,
    CodedPassage,
    Interview,
    ProgrammeStage,
    Respondent,
    SatisfactionResult,
    Stage,
)
from reports import kinds
from reports.rendering import render, render_html
from tests.demo_snapshot import copy_in, seed
from trainees.models import Cohort

TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, demo_snapshot):
    """The demo (seeded once per test process, tests/demo_snapshot.py) copied in once for this module, inside
    a transaction rolled back after its last test; each test's own transaction (the `db` fixture) nests inside
    it, so each test still starts from the demo as seeded and leaves nothing behind."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if demo_snapshot is None:
                seed()
            else:
                copy_in(connection, demo_snapshot)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(seeded, db):
    return {
        "pilot": Cohort.objects.get(name=PILOT_NAME),
        "cohort_one": Cohort.objects.get(name="Cohort 1"),
        "lead": User.objects.get(username="lead"),
        "regional": User.objects.get(username="regional"),
    }


def visible_text(content):
    """A page's words as a person reads them: tags gone, entities decoded, spaces collapsed."""
    text = content.decode() if isinstance(content, bytes) else content
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def squashed(text):
    text = text.decode() if isinstance(text, bytes) else text
    return re.sub(r"\s+", " ", html.unescape(text))


def docx_text(content):
    with zipfile.ZipFile(io.BytesIO(content)) as document:
        xml = document.read("word/document.xml").decode()
    return visible_text(re.sub(r"</w:p>", " </w:p>", xml))


# --- The regional lead: no name, no quote, no group under 5 ---------------------------------------------

# Usernames that are ordinary words of the portal's own pages ("Regional lead", "Trainees", "Manager"):
# searching the page for them proves nothing, so they are searched only where they would be a name,
# e.g. "(lead)" or "lead:", and the demo's people are found by their full names instead.
WORD_USERNAMES = {"lead", "manager", "mentor", "lecturer", "trainee", "regional", "admin"}


def leaks(content, viewer):
    """Every demo person's full name or username, every answer's words and every coded quote found in
    content (HTML, CSV or a report's text), except the viewer's own name (the header shows who is signed
    in)."""
    text = squashed(content)
    page = visible_text(content)
    found = []
    for person in User.objects.exclude(pk=viewer.pk):
        full = person.get_full_name()
        if full and (full in text or full in page):
            found.append(f"name {full!r}")
        name = person.username
        if name in WORD_USERNAMES:
            pattern = rf"[(“\"']{re.escape(name)}[)”\"':]"
        else:
            pattern = rf"(?<![\w.@-]){re.escape(name)}(?![\w@-])"
        if re.search(pattern, page):
            found.append(f"username {name!r}")
    for answer in Answer.objects.exclude(text=""):
        words = squashed(answer.text)
        if words in text or words in page:
            found.append(f"answer {words[:40]!r}")
    for quote in set(CodedPassage.objects.values_list("quote", flat=True)):
        words = squashed(quote)
        if words in text or words in page:
            found.append(f"quote {words[:40]!r}")
    return sorted(set(found))


def small_counts(content, section):
    """The cells of a page's ``data-section`` section that show a number of 1 to 4."""
    text = content.decode()
    match = re.search(rf'data-section="{section}".*?</section>', text, flags=re.S)
    assert match, f"no {section} section"
    cells = re.findall(r"<(td|dd)\b[^>]*>(.*?)</\1>", match.group(0), flags=re.S)
    return [
        visible_text(cell).strip()
        for _tag, cell in cells
        if re.fullmatch(r"[1-4]", visible_text(cell).strip())
    ]


def test_the_regional_leads_pages_show_no_name_no_quote_and_no_group_under_five(client, demo):
    regional = demo["regional"]
    assert CodedPassage.objects.exists() and Answer.objects.exclude(text="").exists()  # something to leak
    client.force_login(regional)
    region = Region.objects.get(pk__in=region_ids(regional, Role.REGIONAL_LEAD))

    dashboard = client.get("/")
    assert dashboard.status_code == 200
    menu_link = re.search(r'<a\b[^>]*href="([^"]+)"[^>]*>\s*Evaluation\s*</a>', dashboard.content.decode())
    assert menu_link, "the menu has no Evaluation link for the regional lead"
    region_url = reverse("evaluation:region", args=[region.pk])
    assert menu_link.group(1) == region_url

    pages = {"/": dashboard}
    for url in (menu_link.group(1), reverse("evaluation:home"), region_url):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        pages[url] = response
    for url, response in pages.items():
        assert leaks(response.content, regional) == [], url

    region_page = pages[region_url].content
    assert "fewer than 5" in visible_text(region_page)  # the two managers, the two who progressed
    for section in ("themes", "outcomes"):
        assert small_counts(region_page, section) == [], section
    # The pilot's managers are two people: no cell of theirs shows 2, each is "fewer than 5" or 0.
    assert re.search(r"Progressed to nurse training\s*</dt>\s*<dd[^>]*>\s*fewer than 5", region_page.decode())

    # The search finds what it looks for: the lead's own page of the pilot's themes names and quotes.
    lead_page = Client()
    lead_page.force_login(demo["lead"])
    found = leaks(
        lead_page.get(reverse("evaluation:cohort_themes", args=[demo["pilot"].pk])).content, regional
    )
    assert any(f.startswith("name") for f in found) and any(f.startswith("quote") for f in found)

    # Nothing of a cohort's own evaluation (names and quotes) opens to them.
    pilot = demo["pilot"]
    for name in ("cohort", "cohort_themes", "coded_passages_csv", "schedule", "outcome_list", "impact"):
        assert client.get(reverse(f"evaluation:{name}", args=[pilot.pk])).status_code in (403, 404), name


def test_any_report_the_regional_lead_can_reach_shows_no_name_no_quote(demo):
    regional = demo["regional"]
    reached = []
    for kind in kinds.available():
        for subject in kind.model.objects.all():
            if not kind.can_view(regional, subject):
                continue
            reached.append((kind.name, subject.pk))
            content = render_html(kind, subject, viewer=regional)
            assert leaks(content, regional) == [], (kind.name, subject.pk)
            if kind.docx:
                word = render(kind, subject, "docx", viewer=regional).content
                assert leaks(docx_text(word), regional) == [], (kind.name, subject.pk, "docx")
    # Whatever they reach (today nothing: no cohort, trainee or caseload report is theirs), it names no one.
    print("reports the regional lead can reach:", reached)


# --- Withdrawn consent ----------------------------------------------------------------------------------

UNIQUE = "The evening handovers on the ward taught me the most."


@pytest.fixture
def withdrawn_case(demo):
    """Farah Ahmed's qualification interview in the pilot, with one answer given words of its own (coded)
    so that its quote can be told from the six other trainees' (the demo gives them the same words)."""
    pilot, lead = demo["pilot"], demo["lead"]
    interview = Interview.objects.get(
        cohort=pilot,
        interviewee__username="pilot.ahmed",
        respondent=Respondent.TRAINEE,
        stage=Stage.QUALIFICATION,
    )
    assert Interview.objects.counted().filter(pk=interview.pk).exists()
    answer = interview.answers.exclude(text="").order_by("question__order").last()
    Answer.objects.filter(pk=answer.pk).update(text=f"{answer.text} {UNIQUE}")
    answer.refresh_from_db()
    theme = coding.current_codebook(pilot.organisation).themes.get(name="Trainee development")
    coding.code_passage(answer=answer, theme=theme, quote=UNIQUE, by=lead)
    return demo | {"interview": interview}


def csv_rows(client, cohort):
    response = client.get(reverse("evaluation:coded_passages_csv", args=[cohort.pk]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def counts_of(cohort):
    counts = coding.theme_counts(cohort)
    return {
        (row.name, stage, respondent): row.count(stage, respondent)
        for row in counts.rows
        for stage in Stage.values
        for respondent in Respondent.values
    }


def test_withdrawn_consent_removes_the_interview_from_every_count_quote_export_and_report(
    client, withdrawn_case
):
    pilot, lead, interview = withdrawn_case["pilot"], withdrawn_case["lead"], withdrawn_case["interview"]
    themes_of_interview = set(
        CodedPassage.objects.filter(answer__interview=interview).values_list("theme__name", flat=True)
    )
    assert "Trainee development" in themes_of_interview and len(themes_of_interview) >= 3
    counts_before = counts_of(pilot)
    client.force_login(lead)
    themes_url = reverse("evaluation:cohort_themes", args=[pilot.pk])
    page_before = visible_text(client.get(themes_url).content)
    rows_before = csv_rows(client, pilot)
    assert UNIQUE in page_before and f"(interview {interview.pk})" in page_before
    assert any(r["Interview id"] == str(interview.pk) for r in rows_before)
    assert any(r["Quote"] == UNIQUE for r in rows_before)
    quotes_before = {q.text for q in coding.quotes_for(pilot, "Trainee development")}
    assert UNIQUE in quotes_before

    # Withdrawn through the page, as the lead who is told of it.
    withdraw = reverse("evaluation:interview_withdraw_consent", args=[interview.pk])
    assert "Withdraw consent" in visible_text(
        client.get(reverse("evaluation:interview", args=[interview.pk])).content
    )
    response = client.post(withdraw, follow=True)
    assert response.status_code == 200
    assert "left out of every count, quote, export and report" in visible_text(response.content)
    assert not Interview.objects.counted().filter(pk=interview.pk).exists()

    counts_after = counts_of(pilot)
    for (name, stage, respondent), before in counts_before.items():
        mine = name in themes_of_interview and (stage, respondent) == (
            Stage.QUALIFICATION,
            Respondent.TRAINEE,
        )
        assert counts_after[(name, stage, respondent)] == before - (1 if mine else 0), (
            name,
            stage,
            respondent,
        )
    assert UNIQUE not in {q.text for q in coding.quotes_for(pilot, "Trainee development")}

    page_after = visible_text(client.get(themes_url).content)
    assert UNIQUE not in page_after and f"(interview {interview.pk})" not in page_after
    rows_after = csv_rows(client, pilot)
    assert not any(r["Interview id"] == str(interview.pk) for r in rows_after)
    assert not any(UNIQUE in r["Quote"] for r in rows_after)
    mine = [r for r in rows_before if r["Interview id"] == str(interview.pk)]
    assert len(rows_after) == len(rows_before) - len(mine)

    # The overview's counts are the same counts.
    overview = visible_text(client.get(reverse("evaluation:cohort", args=[pilot.pk])).content)
    assert UNIQUE not in overview


def test_withdrawn_consent_leaves_the_evaluation_report(client, withdrawn_case):
    report = kinds.by_name().get("evaluation")
    if report is None:
        pytest.skip("No evaluation report kind yet (issue 14, item 8)")
    pilot, lead, interview = withdrawn_case["pilot"], withdrawn_case["lead"], withdrawn_case["interview"]
    before_html = squashed(render_html(report, pilot, viewer=lead))
    assert UNIQUE in before_html
    if report.docx:
        assert UNIQUE in docx_text(render(report, pilot, "docx", viewer=lead).content)
    client.force_login(interview.interviewee)  # the interviewee withdraws it themself this time
    assert (
        client.post(reverse("evaluation:interview_withdraw_consent", args=[interview.pk])).status_code == 302
    )
    assert UNIQUE not in squashed(render_html(report, pilot, viewer=lead))
    if report.docx:
        assert UNIQUE not in docx_text(render(report, pilot, "docx", viewer=lead).content)


# --- Bad input: refused with a message, nothing changed -------------------------------------------------


def audit_data(cohort, **changes):
    return {
        "service": "Elm Ward",
        "has_trainees": "yes",
        "stage": ProgrammeStage.MIDWAY,
        "audited_on": (cohort.start_date + datetime.timedelta(days=30)).isoformat(),
        "number_audited": "20",
        "number_meeting_standard": "15",
        "standard_used": "NEWS2 recorded and escalated",
    } | changes


def satisfaction_data(cohort, **changes):
    start = cohort.start_date + datetime.timedelta(days=10)
    return {
        "service": "Elm Ward",
        "has_trainees": "yes",
        "stage": ProgrammeStage.MIDWAY,
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=30)).isoformat(),
        "question": "How would you rate the help you had?",
        "responses": "30",
        "score": "4.1",
        "scale_min": "1",
        "scale_max": "5",
    } | changes


def refused(response, message):
    assert response.status_code == 400
    page = visible_text(response.content)
    assert message in page
    assert "There is a problem" in page  # the error summary as well as the message beside the field
    return page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"number_meeting_standard": "21"},
            "The number meeting the standard cannot be more than the number audited",
        ),
        ({"number_audited": "-3"}, "The number audited cannot be negative"),
        ({"audited_on": "2000-01-03"}, "The date of the audit cannot be before the cohort started on"),
    ],
    ids=["more-meeting-than-audited", "negative-count", "date-before-cohort"],
)
def test_an_impossible_audit_is_refused_and_nothing_saved(client, demo, changes, message):
    cohort = demo["cohort_one"]
    client.force_login(demo["lead"])
    url = reverse("evaluation:audit_add", args=[cohort.pk])
    assert client.post(url, audit_data(cohort)).status_code == 302  # the same audit, put right, is saved
    before = Audit.objects.count()
    refused(client.post(url, audit_data(cohort, **changes)), message)
    assert Audit.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score": "7"}, "The score must be on its scale, from 1 to 5"),
        ({"score": "0.5"}, "The score must be on its scale, from 1 to 5"),
        ({"responses": "-1"}, "The number of responses cannot be negative"),
    ],
    ids=["score-above-scale", "score-below-scale", "negative-responses"],
)
def test_an_impossible_satisfaction_result_is_refused_and_nothing_saved(client, demo, changes, message):
    cohort = demo["cohort_one"]
    client.force_login(demo["lead"])
    url = reverse("evaluation:satisfaction_add", args=[cohort.pk])
    assert client.post(url, satisfaction_data(cohort)).status_code == 302
    before = SatisfactionResult.objects.count()
    refused(client.post(url, satisfaction_data(cohort, **changes)), message)
    assert SatisfactionResult.objects.count() == before


def test_an_interview_dated_before_the_cohort_started_is_refused_and_nothing_saved(client, demo):
    cohort, lead = demo["cohort_one"], demo["lead"]
    overdue = Interview.objects.get(cohort=cohort, interviewee__username="ap.walsh", stage=Stage.START)
    assert overdue.status == Interview.Status.DUE and overdue.due_on < TODAY
    client.force_login(lead)
    url = reverse("evaluation:interview_record", args=[overdue.pk])
    assert client.get(url).status_code == 200
    overdue.refresh_from_db()
    questions = list(overdue.question_set.questions.all())
    data = {
        "held_on": (cohort.start_date - datetime.timedelta(days=1)).isoformat(),
        "interviewer": str(lead.pk),
        "consent_given": "yes",
        "notes": "Held in the quiet room.",
        "action": "complete",
        **{f"answer_{q.pk}": "I wanted to learn more." for q in questions},
    }
    refused(client.post(url, data), "The interview cannot be before the cohort started on")
    overdue.refresh_from_db()
    assert overdue.status == Interview.Status.DUE
    assert overdue.held_on is None and not overdue.consent_given and overdue.notes == ""
    assert not overdue.answers.exclude(text="").exists()


def test_an_interview_for_someone_not_in_the_cohort_is_refused_and_nothing_saved(client, demo):
    pilot, lead = demo["pilot"], demo["lead"]
    outsider = User.objects.get(username="trainee")  # Sam Taylor is on Cohort 1, not the pilot
    before = Interview.objects.count()
    with pytest.raises(ValidationError, match=f"{outsider.get_full_name()} is not in this cohort"):
        services.add_interview(
            cohort=pilot, interviewee=outsider, respondent=Respondent.TRAINEE, stage=Stage.START, by=lead
        )
    assert Interview.objects.count() == before

    # The import page: a file naming them, beside a row that would be fine, imports nothing.
    held = (pilot.start_date + datetime.timedelta(weeks=8)).isoformat()
    content = (
        "interviewee,respondent,stage,held_on,interviewer,consent\r\n"
        f"trainee,trainee,start,{held},lead,yes\r\n"
    ).encode()
    client.force_login(lead)
    upload = io.BytesIO(content)
    upload.name = "answers.csv"
    response = client.post(reverse("evaluation:answers_import", args=[pilot.pk]), {"file": upload})
    assert response.status_code == 400
    page = visible_text(response.content)
    assert f"{outsider.get_full_name()} is not in this cohort" in page
    assert "No interview was imported" in page
    assert Interview.objects.count() == before
    assert not Interview.objects.filter(cohort=pilot, interviewee=outsider).exists()
