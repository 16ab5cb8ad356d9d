"""Each demo person's pages pass axe-core in Chromium, and the evidence journey works by keyboard alone.

For each of the nine demo roles the crawl signs in, follows same-site links breadth-first from the dashboard
(one page of each kind: /cohorts/3/ and /cohorts/4/ are the same template) and runs axe-core on each page it
reaches, up to MAX_PAGES. A serious or critical violation fails the test with the page, rule and element.
Each page must also answer 200, have exactly one h1 and, below the dashboard, breadcrumbs or a back link.
Trainees and mentors are crawled at phone width (390 x 844), where each page must also fit the screen with
nothing scrolling sideways. Screenshots of each
role's dashboard and key page at desktop and phone width go to test-artifacts/screenshots/ (or
$TEST_ARTIFACTS/screenshots/).

axe-core comes from npm: `make install` copies it to static/vendor/axe/. No page links it; the test injects
it into each page it opens.
"""

import os
import re
import time
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "static" / "vendor" / "axe" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or ROOT / "test-artifacts") / "screenshots"
MAX_PAGES = 90
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Downloads, signing out, the Django admin, and the fragments htmx fetches are not pages to check.
SKIP = re.compile(
    r"\.(pdf|docx|csv|xlsx|json)$|/word/|/download/|/export|/attachments/\d+/$|^/admin/|/logout/"
    r"|/progress/$|/count/$"
)
# The page that shows most of each role's work, besides the dashboard: screenshotted at both widths.
KEY_PAGE = {
    "lead": r"^/cohorts/\d+/$",
    "manager": r"^/enrolments/\d+/$",
    "mentor": r"^/mentor/queue/$",
    "mentor2": r"^/mentor/queue/$",
    "lecturer": r"^/cohorts/\d+/matrix/$",
    "trainee": r"^/portfolio/\d+/$",
    "trainee2": r"^/portfolio/\d+/$",
    "lead2": r"^/pastoral/organisations/\d+/$",
    "regional": r"^/pastoral/regions/\d+/$",
}

# Trainees and mentors work on their phones: their crawl runs at phone width, and each page they reach must
# fit it (nothing scrolls sideways; a wide table scrolls inside its own box).
PHONE_ROLES = {"trainee", "trainee2", "mentor", "mentor2"}
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)"""

# The menu's to-do count arrives by htmx after the page, replacing its placeholder: check the page with it.
TODO_COUNT_ARRIVED = "() => !document.querySelector('#main-nav [hx-trigger=load]')"
# Links in the page's own content first, then the menu's: with MAX_PAGES, a role's own work comes before the
# pages every role has in its menu (which every role's crawl reaches in the end).
LINKS = """() => [...document.querySelectorAll('main a[href]'), ...document.querySelectorAll('a[href]')]
  .filter((a) => !a.hasAttribute('download')).map((a) => [a.href, !!a.closest('main')])"""
# Only what fails the test is returned in full; the rest is counted, to show in the output.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  const serious = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  return {
    failing: serious.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      summary: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\\n').slice(0, 2).join(' '),
    })),
    lesser: results.violations.filter((v) => !serious.includes(v)).map((v) => `${v.id} (${v.impact})`),
  };
}"""


def kind_of(path, query):
    """/cohorts/3/?page=2 and /cohorts/4/?page=3 are the same kind of page."""
    keys = sorted({key for key, _ in parse_qsl(query)})
    return re.sub(r"\d+", "N", path) + ("?" + "&".join(keys) if keys else "")


def same_site_pages(page, origin):
    """(path, in the main content) of each link to a page of the portal that the crawl may open."""
    found = []
    for href, in_main in page.evaluate(LINKS):
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" != origin or SKIP.search(url.path):
            continue
        found.append((url.path + (f"?{url.query}" if url.query else ""), in_main))
    return found


def check(page, origin, path, violations, phone=False):
    """Opens the page, checks its status and h1 (and at phone width that it fits), and adds axe's serious or
    critical findings to violations."""
    response = page.goto(origin + path)
    if "text/html" not in response.headers.get("content-type", ""):
        return [f"{path}: not a page ({response.headers.get('content-type')}): add it to SKIP"], []
    page.wait_for_function(TODO_COUNT_ARRIVED)
    problems = [] if response.status == 200 else [f"{path}: answered {response.status}, not 200"]
    if urlsplit(page.url).path == "/accounts/login/":
        problems.append(f"{path}: sent to the sign-in page")
    h1s = page.locator("h1").count()
    if h1s != 1:
        problems.append(f"{path}: {h1s} h1 elements, not 1")
    if path != "/" and not page.locator(".nhsuk-breadcrumb, .nhsuk-back-link").count():
        problems.append(f"{path}: no breadcrumbs or back link (every page below the dashboard has one)")
    width = page.evaluate("document.documentElement.scrollWidth")
    if phone and width > PHONE["width"]:
        problems.append(f"{path}: {width} px wide at {PHONE['width']} px: {page.evaluate(TOO_WIDE)}")
    results = page.evaluate(RUN_AXE)
    for v in results["failing"]:
        finding = (v["rule"], v["impact"], v["help"], " ".join(v["summary"].split()))
        violations.setdefault(finding, []).append((path, v["targets"]))
    return problems, results["lesser"]


def describe(violations):
    """One paragraph per rule and finding, naming the pages: the same fault in the menu is on every page."""
    lines = []
    for (rule, impact, help_text, summary), pages in violations.items():
        lines.append(f"{rule} ({impact}): {help_text}. {summary}")
        lines += [f"    {path} at {', '.join(targets)}" for path, targets in pages[:3]]
        if len(pages) > 3:
            lines.append(
                f"    and on {len(pages) - 3} more pages: {', '.join(path for path, _ in pages[3:])}"
            )
    return lines


def screenshot(page, role, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=ARTIFACTS / f"{role}-{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=ARTIFACTS / f"{role}-{name}-phone.png", full_page=True)
    page.set_viewport_size(PHONE if role in PHONE_ROLES else DESKTOP)


@pytest.fixture
def axe_file():
    assert AXE.exists(), f"{AXE} is missing: run `make install` (it copies axe-core from node_modules)"
    return AXE


@pytest.mark.parametrize("role", list(KEY_PAGE))
def test_every_page_a_role_reaches_passes_axe(page: Page, live_server, demo, axe_file, axe_summary, role):
    started = time.monotonic()
    # Injected as the browser opens each page: a script tag added afterwards would be inline, which the
    # portal's Content-Security-Policy rightly refuses (and the policy stays on for what axe checks).
    page.add_init_script(path=axe_file)
    phone = role in PHONE_ROLES
    page.set_viewport_size(PHONE if phone else DESKTOP)
    sign_in(page, live_server, role, demo)
    origin = live_server.url
    content, menu = deque(["/"]), deque()  # breadth-first, a page's own links before the menu's
    seen, checked, key_page = {kind_of("/", "")}, [], None
    problems, violations, lesser = [], {}, set()
    while (content or menu) and len(checked) < MAX_PAGES:
        path = (content or menu).popleft()
        found, minor = check(page, origin, path, violations, phone)
        problems += found
        lesser.update(minor)
        checked.append(path)
        if path == "/":
            screenshot(page, role, "dashboard")
        elif key_page is None and re.search(KEY_PAGE[role], path):
            key_page = path
            screenshot(page, role, "key-page")
        for link, in_main in same_site_pages(page, origin):
            kind = kind_of(*urlsplit(link)[2:4])
            if kind not in seen:
                seen.add(kind)
                (content if in_main else menu).append(link)
    queue = [*content, *menu]
    axe_summary.append(
        f"{role}: {len(checked)} pages checked{' at phone width' if phone else ''}"
        f" in {time.monotonic() - started:.0f} s: {' '.join(checked)}"
        f"\n  minor or moderate findings: {', '.join(sorted(lesser)) or 'none'}"
        + (f"\n  not reached within {MAX_PAGES}: {' '.join(queue)}" if queue else "")
    )
    if key_page is None:
        problems.append(f"the key page ({KEY_PAGE[role]}) was not reached from the dashboard")
    problems += describe(violations)
    if problems:
        pytest.fail(f"{role}, {len(checked)} pages checked:\n" + "\n".join(problems), pytrace=False)


# The element with the keyboard focus: where it is, and how its focus is shown.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const name = (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent || e.value || '').trim();
  return {
    element: `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "${name.slice(0, 40)}"`,
    onScreen: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
      && r.bottom <= innerHeight && r.right <= innerWidth,
    outline: s.outlineStyle === 'none' ? '' : `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`,
    background: s.backgroundColor,
    // An NHS.UK checkbox or radio is drawn by its label's ::before, which shows the focus.
    shadow: `${s.boxShadow} ${e.labels && e.labels[0]
      ? getComputedStyle(e.labels[0], '::before').boxShadow : ''}`,
  };
}"""


# The NHS.UK focus colour: links and buttons turn it (with a dark bar under them), fields are ringed in it.
FOCUS_YELLOW = "rgb(255, 235, 59)"


def focus_is_shown(page):
    """The focused element is on screen with the NHS.UK focus style: the focus yellow as its background or in
    its box-shadow (links, buttons, checkboxes' boxes), or an opaque outline of 2 px or more (fields). A
    transparent outline, which NHS.UK keeps for Windows high-contrast mode, does not count on its own."""
    focused = page.evaluate(FOCUSED)
    assert focused, "nothing has the focus"
    assert focused["onScreen"], f"{focused['element']} has the focus but is not on screen: {focused}"
    outline = re.fullmatch(r"([\d.]+)px \w+ (rgb\([^)]*\)|rgba\([^)]*, 1\))", focused["outline"])
    ringed = bool(outline) and float(outline.group(1)) >= 2
    yellow = FOCUS_YELLOW in (focused["background"], *re.findall(r"rgb\([^)]*\)", focused["shadow"]))
    assert ringed or yellow, f"{focused['element']} shows no focus: {focused}"
    return focused


def tab_to(page, target, key="Tab", limit=60):
    """Presses Tab (or another key) until target has the focus, checking at every stop that focus is shown."""
    for _ in range(limit):
        page.keyboard.press(key)
        focus_is_shown(page)
        if target.evaluate("(e) => e === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of {key}")


@pytest.fixture
def browser_context_args(browser_context_args):
    # With reduced motion the page jumps to the focused element (no smooth scrolling), so whether it is on
    # screen can be checked as soon as the key is pressed.
    return {**browser_context_args, "viewport": DESKTOP, "reduced_motion": "reduce"}


def test_trainee_logs_evidence_with_the_keyboard_alone(page: Page, live_server, demo):
    sign_in(page, live_server, "trainee", demo)
    log = page.get_by_role("link", name="Log evidence")
    tab_to(page, log)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log evidence")

    tab_to(page, page.get_by_role("textbox", name=re.compile(r"^Title")))
    page.keyboard.type("Handover on Elm Ward, by keyboard")
    tab_to(page, page.get_by_label("Date"))
    page.keyboard.type("11112026")  # the same whether the browser shows dd/mm/yyyy or mm/dd/yyyy
    tab_to(page, page.get_by_label("Kind"))
    page.keyboard.type("Obs")  # a closed list picks the option that starts with what is typed
    expect(page.get_by_label("Kind")).to_have_value("observation")
    tab_to(page, page.get_by_label("Narrative or reflection"))
    page.keyboard.type("I gave the handover for six patients, using SBAR.")
    tab_to(page, page.get_by_label("Find KSBs by code, words or duty"))
    page.keyboard.type("S6")
    s6 = page.get_by_label(re.compile(r"^S6: "))
    tab_to(page, s6)
    page.keyboard.press("Space")
    expect(s6).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save draft"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Handover on Elm Ward, by keyboard")
    expect(page.get_by_text("Observation of practice · 11 November 2026")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=re.compile(r"^S6 "))).to_be_visible()
    tab_to(page, page.get_by_role("link", name=re.compile(r"^Portfolio of")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolio")
    draft = page.get_by_role("link", name="Handover on Elm Ward, by keyboard").first
    tab_to(page, draft)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Handover on Elm Ward, by keyboard")
