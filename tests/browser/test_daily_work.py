"""Each role's daily work in a browser, from the demo data, ending with nothing unsaved and no error shown.

trainee: put returned evidence right (edit, save unchanged, resubmit) and log new evidence; mentor: decide;
manager: confirm study time and sign a contract; lecturer: sign a review; lead: add a mentor, set up a cohort
and add a trainee with that mentor.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser


def no_error_shown(page):
    expect(
        page.locator(".nhsuk-error-message, .nhsuk-error-summary, .errorlist, [data-error-summary]")
    ).to_have_count(0)


def follow(page, name):
    """Clicks the link called name (one that looks like a button is still a link: it goes to a page)."""
    page.get_by_role("link", name=name).first.click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def open_todo(page, live_server, heading):
    page.goto(live_server.url + "/todo/")
    section = page.locator("section", has=page.get_by_role("heading", name=re.compile(heading)))
    expect(section).to_be_visible()
    return section


def test_trainee_puts_returned_evidence_right_and_logs_new(page: Page, live_server, demo):
    sign_in(page, live_server, "trainee", demo)
    returned = open_todo(page, live_server, "Evidence returned to you")
    returned.get_by_role("link").first.click()
    title = page.get_by_role("heading", level=1).inner_text()
    follow(page, re.compile("^Edit"))
    date_before = page.get_by_label("Date").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_before)  # the browser shows the stored date
    page.get_by_role("button", name="Save draft").click()
    no_error_shown(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="Resubmit to my mentor").click()
    expect(page.get_by_text("Submitted to your mentor for sign-off.")).to_be_visible()
    no_error_shown(page)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Log evidence").first.click()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Supporting a service user at lunch")
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Kind").select_option(label="Reflective account")
    page.get_by_label("Narrative or reflection").fill("I supported a service user with a modified diet.")
    page.get_by_label(re.compile(r"^S1: ")).check()
    page.get_by_role("button", name="Save draft").click()
    no_error_shown(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting a service user at lunch")


def test_mentor_decides_evidence_from_the_queue(page: Page, live_server, demo):
    sign_in(page, live_server, "mentor", demo)
    waiting = open_todo(page, live_server, "Evidence waiting for your decision")
    waiting.get_by_role("link").first.click()
    title = page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Comment").fill("Clear and well evidenced.")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text(f"“{title}” signed off.")).to_be_visible()
    no_error_shown(page)


def test_manager_confirms_study_time_and_signs_a_contract(page: Page, live_server, demo):
    sign_in(page, live_server, "manager", demo)
    to_confirm = open_todo(page, live_server, "Study time to confirm")
    to_confirm.get_by_role("link").first.click()
    page.get_by_role("button", name="Confirm").first.click()
    expect(page.get_by_text(re.compile("^Confirmed: "))).to_be_visible()
    no_error_shown(page)

    to_sign = open_todo(page, live_server, "Learning contracts to sign")
    to_sign.get_by_role("link").first.click()
    page.get_by_label(re.compile("I have read version")).check()
    page.get_by_role("button", name="Sign as manager").click()
    expect(page.get_by_text(re.compile(r"You signed version \d+ as manager"))).to_be_visible()
    no_error_shown(page)


def test_lecturer_signs_a_progress_review(page: Page, live_server, demo):
    sign_in(page, live_server, "lecturer", demo)
    to_sign = open_todo(page, live_server, "Progress reviews to sign")
    to_sign.get_by_role("link").first.click()
    page.get_by_role("button", name="Sign as lecturer").click()
    expect(page.get_by_text("You signed the review.")).to_be_visible()
    no_error_shown(page)


def test_lead_adds_a_mentor_sets_up_a_cohort_and_adds_a_trainee(page: Page, live_server, demo):
    sign_in(page, live_server, "lead", demo)
    page.get_by_role("link", name=re.compile("^people: add")).first.click()
    follow(page, "Add a person")
    page.get_by_label("Email").fill("rita.mensah@northfield.example.nhs.uk")
    page.get_by_label("First name").fill("Rita")
    page.get_by_label("Last name").fill("Mensah")
    page.get_by_label("Mentor").check()
    page.get_by_role("button", name="Add", exact=True).click()
    no_error_shown(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rita Mensah")

    page.goto(live_server.url + "/cohorts/")
    follow(page, re.compile("^Create a cohort"))
    page.get_by_label("Name").fill("Cohort 2, March 2027")
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("Expected end date").fill("2029-02-28")
    page.get_by_role("button", name=re.compile("^(Create|Save)")).click()
    no_error_shown(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort 2, March 2027")

    follow(page, "Add a trainee")
    page.get_by_label("Email").fill("kofi.asante@northfield.example.nhs.uk")
    page.get_by_label("First name").fill("Kofi")
    page.get_by_label("Last name").fill("Asante")
    page.get_by_label(re.compile("Rita Mensah")).check()
    page.get_by_role("button", name=re.compile("^Add")).first.click()
    no_error_shown(page)
    expect(page.get_by_role("link", name="Kofi Asante")).to_be_visible()
