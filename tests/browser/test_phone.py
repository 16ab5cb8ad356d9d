"""On a phone (390 x 844) the trainee's and the mentor's pages fit the screen: nothing scrolls sideways (wide
tables scroll inside their own box), buttons, fields, radios, checkboxes and the header's links are at least
44 px tall, and the trainee's menu (the NHS header, with its "More" button) leads to their portfolio."""

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TOUCH = (
    ".nhsuk-button, .nhsuk-input, .nhsuk-select, .nhsuk-textarea, .nhsuk-header__menu-toggle,"
    " .nhsuk-header__navigation-link, .nhsuk-header__account-link, .nhsuk-header__account-button,"
    " .nhsuk-radios__input, .nhsuk-checkboxes__input"
)
# How many touch targets are shown: every page has at least the header's links, so 0 means the selector broke.
TOUCH_COUNT = f"""() => [...document.querySelectorAll({TOUCH!r})]
  .filter((e) => e.offsetParent !== null).length"""
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)"""
TOO_SMALL = f"""() => [...document.querySelectorAll({TOUCH!r})]
  .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
  .slice(0, 3).map((e) => `${{e.tagName.toLowerCase()}} "${{e.textContent.trim().slice(0, 30)}}"`)"""


def problems_on(page, server, path):
    page.goto(server.url + path)
    # The menu's to-do count arrives by htmx: measure with it, and leave no request running at the end.
    page.wait_for_load_state("networkidle")
    found = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"{path} is {width} px wide: {page.evaluate(TOO_WIDE)}")
    if not page.evaluate(TOUCH_COUNT):
        found.append(f"{path} shows nothing that TOUCH names: the selector no longer fits the markup")
    small = page.evaluate(TOO_SMALL)
    if small:
        found.append(f"{path} has touch targets under 44 px: {small}")
    return found


def test_trainee_and_mentor_pages_fit_a_phone(page: Page, live_server, demo):
    from competencies.models import Evidence
    from trainees.models import Enrolment

    page.set_viewport_size(PHONE)
    enrolment = Enrolment.objects.get(trainee__username="trainee")
    draft = Evidence.objects.filter(enrolment=enrolment, status=Evidence.Status.DRAFT).first()
    waiting = Evidence.objects.filter(enrolment=enrolment, status=Evidence.Status.SUBMITTED).first()
    signed = Evidence.objects.filter(enrolment=enrolment, status=Evidence.Status.SIGNED_OFF).first()
    review = enrolment.reviews.first()
    ksb = signed.ksbs.first()
    shared = [
        f"/enrolments/{enrolment.pk}/",
        f"/portfolio/{enrolment.pk}/",
        f"/portfolio/{enrolment.pk}/gateway/",
        f"/enrolments/{enrolment.pk}/study-time/",
        f"/enrolments/{enrolment.pk}/contract/",
        f"/reviews/{review.pk}/",
        f"/evidence/{signed.pk}/",
    ]

    sign_in(page, live_server, "trainee", demo)
    # The NHS header shows the first items of the menu and a "More" button for the rest.
    menu = page.get_by_role("navigation", name="Main")
    more = menu.locator("#toggle-menu")
    expect(more).to_be_visible()
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Portfolio", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/portfolio/{enrolment.pk}/")
    found = []
    new = f"/portfolio/{enrolment.pk}/evidence/new/"
    for path in ["/", *shared, f"/evidence/{draft.pk}/", f"/evidence/{draft.pk}/edit/", new]:
        found += problems_on(page, live_server, path)
    page.context.clear_cookies()

    sign_in(page, live_server, "mentor", demo)
    achieve = f"/portfolio/{enrolment.pk}/ksbs/{ksb.pk}/achieve/"
    mentor_pages = [
        "/",
        "/mentor/queue/",
        f"/evidence/{waiting.pk}/",
        achieve,
        f"/enrolments/{enrolment.pk}/reviews/new/",
    ]
    for path in [*mentor_pages, *shared]:
        found += problems_on(page, live_server, path)
    assert found == [], "\n".join(found)
