"""A workforce lead runs a cohort's whole evaluation in the browser (issue 14's first "Done when"), over the
demo data (evaluation/demo.py: Cohort 1 has its interviews scheduled, Ciara Walsh's first one overdue):
schedule, record an interview with consent, code a passage, see the count and the quote, add an audit and a
satisfaction result (each refused once, then put right), see the trends' chart and its table, record an
outcome, and download the evaluation report, which a real worker makes through Redis.

Links are followed by their visible names. Where no link leads to a page, the test goes by its address and
says which link is missing.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .test_daily_work import no_error_shown
from .test_frameworks import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.redis]

ANSWER = "I applied because I want real job satisfaction from knowing why we do the observations we do."
QUOTE = "I want real job satisfaction from knowing why we do the observations"
THEME = "Job satisfaction"


def banner(page, text):
    expect(page.locator(".nhsuk-notification-banner").filter(has_text=text)).to_be_visible()


def open_overview(page):
    """The menu's Evaluation link, then Cohort 1 in the list of the lead's cohorts."""
    page.locator("#main-nav").get_by_role("link", name="Evaluation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation")
    page.locator("#evaluation-cohorts").get_by_role("link", name="Cohort 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluation of Cohort 1")


def test_a_workforce_lead_runs_a_cohorts_whole_evaluation(
    page: Page, live_server, demo, celery_worker, settings
):
    from evaluation import coding
    from trainees.models import Cohort

    settings.REPORTS_SLOW_DOWN_SECONDS = 1
    cohort = Cohort.objects.get(name="Cohort 1")
    before = coding.theme_counts(cohort).row(THEME).count("start", "trainee")

    sign_in(page, live_server, "lead", demo)
    open_overview(page)

    # Schedule: the overview's link to it, and the button (every interview is already scheduled in the demo).
    page.get_by_role("link", name="See and change the schedule").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interview schedule")
    page.get_by_role("button", name="Schedule interviews").click()
    banner(page, "Every interview of this cohort was already scheduled")

    # Record the overdue interview, with consent, and complete it.
    overdue = page.locator("tr[data-interview]", has=page.locator(".nhsuk-tag", has_text="Overdue"))
    expect(overdue).to_have_count(1)
    interviewee = overdue.get_by_role("link").inner_text()
    overdue.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"interview of {interviewee}")
    page.get_by_role("link", name="Record the interview").click()
    page.get_by_label("Date of the interview").fill(datetime.date.today().isoformat())
    page.get_by_label("Interviewer").select_option(label="Priya Shah")
    page.get_by_role("radio", name="Yes").check()
    answers = page.locator("#interview-form textarea:not([name=notes])")
    assert answers.count() >= 3
    answers.first.fill(ANSWER)
    for i in range(1, answers.count()):
        answers.nth(i).fill("It is going well so far.")
    page.get_by_label("Notes").fill("Held in the quiet room on the ward.")
    page.get_by_role("button", name="Complete interview").click()
    banner(page, "The interview is completed")
    no_error_shown(page)
    expect(page.locator("[data-interview-state]")).to_have_text("Completed")
    interview_id = re.search(r"/evaluation/interviews/(\d+)/$", page.url).group(1)

    # Code a passage, from the completed interview's own page.
    page.get_by_role("link", name="Code this interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Code the interview of {interviewee}")
    answer = page.locator("section[data-answer]", has_text=ANSWER)
    answer.get_by_label("Theme").select_option(label=THEME)
    answer.get_by_label("Quote").fill(QUOTE)
    answer.get_by_role("button", name="Code this passage").click()
    banner(page, f"Passage coded “{THEME}”")
    no_error_shown(page)

    # The theme counts (the coding page's breadcrumb): one more trainee at the start, and the quote.
    page.locator(".nhsuk-breadcrumb").get_by_role("link", name="Theme counts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Theme counts")
    cell = page.locator(f'tr[data-theme="{THEME}"] td[data-stage="start"][data-respondent="trainee"]')
    expect(cell).to_have_text(str(before + 1))
    quotes = page.locator(f'details[data-quotes="{THEME}"]')
    quotes.locator("summary").click()
    expect(quotes.get_by_text(f"“{QUOTE}”")).to_be_visible()
    expect(quotes.get_by_text(f"(interview {interview_id})")).to_be_visible()

    # An audit: first with more meeting the standard than were audited, then put right.
    page.locator(".nhsuk-breadcrumb").get_by_role("link", name="Cohort 1").click()
    page.locator("[data-section=impact]").get_by_role("link", name="Audits", exact=True).click()
    page.get_by_role("link", name="Add an audit").click()
    page.get_by_label("Ward or service").fill("Elm Ward")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Programme stage").select_option(label="Mid-way")
    page.get_by_label("Date of the audit").fill(datetime.date.today().isoformat())
    page.get_by_label("Number of assessments audited").fill("20")
    page.get_by_label("Number meeting the standard").fill("25")
    page.get_by_label("The standard used").fill("NEWS2 recorded and escalated")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-error-summary], .nhsuk-error-summary").first).to_be_visible()
    expect(page.locator(".nhsuk-error-message").first).to_contain_text(
        "The number meeting the standard cannot be more than the number audited"
    )
    page.get_by_label("Number meeting the standard").fill("16")
    page.get_by_role("button", name="Save").click()
    banner(page, "Audit saved.")
    no_error_shown(page)

    # A satisfaction result: first with a score off its scale, then put right.
    open_overview(page)
    page.get_by_role("link", name="Satisfaction results").click()
    page.get_by_role("link", name="Add a result").click()
    page.get_by_label("Ward or service").fill("Elm Ward")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Programme stage").select_option(label="Mid-way")
    page.get_by_label("Start of the survey period").fill(cohort.start_date.isoformat())
    page.get_by_label("End of the survey period").fill(datetime.date.today().isoformat())
    page.get_by_label("Question").fill("How would you rate the help you had with your physical health?")
    page.get_by_label("Number of responses").fill("24")
    page.get_by_label("Score", exact=True).fill("7")
    page.get_by_label("Lowest score on the scale").fill("1")
    page.get_by_label("Highest score on the scale").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-message").first).to_contain_text(
        "The score must be on its scale, from 1 to 5"
    )
    page.get_by_label("Score", exact=True).fill("4.2")
    page.get_by_role("button", name="Save").click()
    banner(page, "Result saved.")
    no_error_shown(page)

    # The trends: a chart, and its figures as a table.
    open_overview(page)
    page.get_by_role("link", name="Trends across the programme, with charts").click()
    chart = page.locator("figure[data-trend-chart]").first
    expect(chart).to_be_visible()
    page.get_by_text("The chart's figures as a table").first.click()
    table = page.locator("details.nhsuk-details table").first
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_be_visible()

    # An outcome for a trainee.
    open_overview(page)
    page.get_by_role("link", name="Each trainee's outcome").click()
    page.get_by_role("link", name=f"Record the outcome of {interviewee}").click()
    page.get_by_role("radio", name="Withdrawn").check()
    page.get_by_label("Reason for withdrawing").fill("Moved away to care for a relative.")
    page.get_by_label("Destination").select_option(label="Left the organisation")
    page.get_by_role("button", name="Save").click()
    banner(page, f"Outcome of {interviewee} saved.")
    no_error_shown(page)
    row = page.locator("#outcomes tr", has_text=interviewee)
    expect(row.locator(".nhsuk-tag")).to_have_text("Withdrawn")

    # The evaluation report, made by the worker, downloaded.
    open_overview(page)
    page.get_by_role("button", name="Evaluation report (PDF)").click()
    download_link = page.get_by_role("link", name=re.compile(r"^Download .+\.pdf$"))
    expect(download_link).to_be_visible(timeout=90_000)  # htmx replaced the bar when the worker finished
    with page.expect_download() as info:
        download_link.click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
