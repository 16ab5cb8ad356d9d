"""A workforce lead sets up a programme and cohort, imports trainees and assigns supporters, in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser

GOOD = (
    "email,first_name,last_name,mentor_email,manager_email,lecturer_email,service,band\n"
    "riley.ward@example.nhs.uk,Riley,Ward,mentor@demo.invalid,manager@demo.invalid,lecturer@demo.invalid,"
    "Willow Ward,3\n"
    "trainee2@demo.invalid,,,mentor2@demo.invalid,,,Oak Ward,3\n"
)
BAD = GOOD + "not-an-email,Bad,Row,,,,,11\n"


def test_lead_sets_up_cohort_imports_trainees_and_assigns_mentor(page: Page, live_server, demo, tmp_path):
    sign_in(page, live_server, "lead", demo)
    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("link", name="Set up a programme").click()
    page.get_by_label("Name").fill("AP community mental health")
    page.get_by_label("Standard").select_option(
        label="ST0215 Assistant practitioner (health) (Level 5, v1.1)"
    )
    page.get_by_label("University").select_option(label="University of Northfield")
    page.get_by_label("Award").fill("FdSc Mental Health")
    page.get_by_role("button", name="Save programme").click()

    page.get_by_label("Programme").select_option(label="AP community mental health")
    page.get_by_label("Name").fill("Community cohort 2027")
    page.get_by_label("Start date").fill("2027-01-11")
    page.get_by_label("Expected end date").fill("2029-01-10")
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community cohort 2027")

    page.get_by_role("link", name="Import trainees from a file").click()
    bad = tmp_path / "trainees.csv"
    bad.write_text(BAD)
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    problems = page.get_by_role("table").first
    expect(problems).to_contain_text("not-an-email")
    expect(page.get_by_text(re.compile("band", re.I)).first).to_be_visible()

    good = tmp_path / "trainees-fixed.csv"
    good.write_text(GOOD)
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    # Jordan Lee is active on the demo's cohort: enrolling them on a second one has to be meant.
    expect(page.get_by_role("table").first).to_contain_text("Jordan Lee is already active on Cohort 1")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_label("Enrol on a second cohort deliberately").check()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text(re.compile(r"2 trainees enrolled"))).to_be_visible()
    table = page.locator("#cohort-trainees")
    expect(table).to_contain_text("Riley Ward")
    expect(table).to_contain_text("Jordan Lee")

    table.get_by_role("link", name="Riley Ward").click()
    page.get_by_role("link", name="Edit supporters and details").click()
    page.get_by_label("Daniel Price").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enrolment saved.")).to_be_visible()
    expect(page.locator("dd").first).to_contain_text("Daniel Price")
