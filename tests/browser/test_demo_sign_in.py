"""Each demo person signs in through a real browser and reaches their own dashboard."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

EXPECTED_SECTION = {
    "lead": "Workforce lead",
    "manager": "Managing trainees",
    "mentor": "Mentoring",
    "mentor2": "Mentoring",
    "lecturer": "Teaching",
    "trainee": "Your apprenticeship",
    "trainee2": "Your apprenticeship",
    "lead2": "Workforce lead",
    "regional": "Your region",
}


@pytest.mark.parametrize("username", EXPECTED_SECTION)
def test_demo_person_signs_in_and_sees_their_dashboard(page: Page, live_server, demo, username):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(demo)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page).to_have_title("Dashboard – AP Workforce Portal")
    expect(page.get_by_role("heading", level=2, name=EXPECTED_SECTION[username])).to_be_visible()
    assert problems == [], problems  # no blocked script or style, nothing missing

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(live_server.url + "/accounts/login/")


def test_skip_link_moves_focus_to_main_content(page: Page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_wrong_password_shows_error_in_browser(page: Page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or email address").fill("trainee")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
