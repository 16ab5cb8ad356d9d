"""The lecturer sees in the top menu how much waits for them, signs a seeded review from the to-do page,
and the number goes down."""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser


def test_lecturer_signs_a_review_from_the_todo_page_and_the_menu_number_drops(page: Page, live_server, demo):
    from accounts.models import User
    from core.todo import collect

    waiting = collect(User.objects.get(username="lecturer")).total
    assert waiting
    sign_in(page, live_server, "lecturer", demo)
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.locator("[data-todo-count]")).to_have_text(f"{waiting} waiting for you")

    menu.get_by_role("link", name=re.compile(r"^To do")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    reviews = page.locator("#review_to_sign")
    reviews.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress review")
    page.get_by_role("button", name="Sign as lecturer").click()
    expect(page.get_by_text("You signed the review.")).to_be_visible()
    expect(menu.locator("[data-todo-count]")).to_have_text(f"{waiting - 1} waiting for you")
