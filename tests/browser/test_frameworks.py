"""A workforce lead builds a competency framework in a real browser; a trainee browses it."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/")


def test_lead_builds_framework_with_ksb_picker_and_trainee_browses_it(page: Page, live_server, demo):
    sign_in(page, live_server, "lead", demo)
    page.get_by_role("link", name="Create a competency framework").first.click()
    page.get_by_label("Name").fill("Community AP competencies")
    page.get_by_label("Standard").select_option(
        label="ST0215 Assistant practitioner (health) (Level 5, v1.1)"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community AP competencies")

    page.get_by_role("link", name="Add a competency").click()
    page.get_by_label("Role-specific").check()
    page.get_by_label("Role or service").fill("Community mental health")
    page.get_by_role("textbox", name=re.compile(r"^Code")).fill("CMH1")
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Safeguarding in home visits")
    picker_filter = page.get_by_label("Find KSBs by code, words or duty")
    picker_filter.fill("safeguarding")
    expect(page.get_by_label(re.compile(r"^K1: "))).to_be_hidden()
    page.get_by_label(re.compile(r"^K4: ")).check()
    page.get_by_label(re.compile(r"^S4: ")).check()
    expect(page.get_by_text("2 chosen")).to_be_visible()
    page.get_by_label("External reference").select_option(label="Skills for Health NOS")
    page.get_by_label("Reference code").fill("SFHGEN22")
    page.get_by_role("button", name="Save competency").click()

    expect(page.get_by_text("Competency CMH1 saved.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("CMH1"))
    expect(row).to_contain_text("K4, S4")
    expect(row).to_contain_text("Skills for Health NOS: SFHGEN22")
    framework_url = page.url

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "trainee", demo)
    page.goto(framework_url)
    expect(page.get_by_role("row", name=re.compile("CMH1"))).to_contain_text("Safeguarding in home visits")
    expect(page.get_by_role("link", name="Add a competency")).to_have_count(0)


PICKER_ROWS = """() => [...document.querySelectorAll('[data-ksb-picker] [data-ksb-option]')]
  .map((row) => row.getBoundingClientRect().height)"""
PICKER_BOX = """() => { const box = document.querySelector('[data-ksb-picker] .ksb-picker-groups');
  return {overflow: getComputedStyle(box).overflowY, inside: box.scrollHeight > box.clientHeight,
          height: box.clientHeight}; }"""


@pytest.mark.parametrize("who", ["lead", "trainee"])
def test_ksb_picker_fits_a_phone(page: Page, live_server, demo, who):
    """The picker on a phone: a trainee logging evidence, a lead writing a competency. Nothing scrolls
    sideways, each KSB's row is at least 44 px tall to touch, and the long list scrolls inside its own box."""
    from standards.models import Framework
    from trainees.models import Enrolment

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, who, demo)
    if who == "trainee":
        path = f"/portfolio/{Enrolment.objects.get(trainee__username='trainee').pk}/evidence/new/"
    else:
        path = f"/standards/frameworks/{Framework.objects.order_by('pk').first().pk}/competencies/new/"
    page.goto(live_server.url + path)

    rows = page.evaluate(PICKER_ROWS)
    assert len(rows) == 72 and min(rows) >= 44
    box = page.evaluate(PICKER_BOX)
    assert box["overflow"] == "auto" and box["inside"] and box["height"] < 844
    assert page.evaluate("document.documentElement.scrollWidth") == 390

    page.get_by_label("Find KSBs by code, words or duty").fill("S12")
    expect(page.locator("[data-ksb-option]:visible")).to_have_count(1)
    page.get_by_label(re.compile(r"^S12: ")).check()
    expect(page.get_by_text("1 chosen; 1 shown of 72")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
