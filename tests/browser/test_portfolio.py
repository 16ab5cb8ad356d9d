"""A trainee logs evidence with a file; their mentor signs it off and marks a KSB achieved, in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser


def test_trainee_logs_and_submits_then_mentor_signs_off_and_achieves(page: Page, live_server, demo, tmp_path):
    sign_in(page, live_server, "trainee2", demo)
    page.get_by_role("link", name="Log evidence").first.click()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Taking a manual blood pressure")
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_label("Kind").select_option(label="Observation of practice")
    page.get_by_label("Narrative or reflection").fill("Observed by my mentor on Oak Ward.")
    page.get_by_label("Find KSBs by code, words or duty").fill("d2")
    expect(page.get_by_label(re.compile(r"^K1: "))).to_be_hidden()
    page.get_by_label(re.compile(r"^K5: ")).check()
    page.get_by_label(re.compile(r"^S5: ")).check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Taking a manual blood pressure")

    notes = tmp_path / "observation-notes.txt"
    notes.write_text("Mentor's notes: BP 128/82 taken correctly, cuff size checked.\n")
    # The NHS.UK file upload shows a "Choose file" button in place of the input: choose through it.
    with page.expect_file_chooser() as chooser:
        page.get_by_label("Add a file").click()
    chooser.value.set_files(str(notes))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="observation-notes.txt")).to_be_visible()
    page.get_by_role("button", name="Submit to my mentor").click()
    expect(page.get_by_text("Submitted to your mentor for sign-off.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "mentor2", demo)
    page.get_by_role("link", name="Open your queue").click()
    page.get_by_role("link", name="Taking a manual blood pressure").click()
    page.get_by_label("Comment").fill("Accurate technique.")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("“Taking a manual blood pressure” signed off.")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Jordan Lee", exact=True).click()
    page.get_by_role("link", name="evidence and KSB progress").click()
    expect(page.get_by_text(re.compile(r"^0 of 72"))).to_be_visible()
    page.get_by_role("link", name="Mark achieved K5").click()
    page.get_by_label("Taking a manual blood pressure").check()
    page.get_by_role("button", name="Mark K5 achieved").click()
    expect(page.get_by_text("K5 marked achieved for Jordan Lee.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^1 of 72"))).to_be_visible()
