"""Forms in Chromium: every edit form saves unchanged (its dates survive the round trip), and an error is
shown beside its field and in a summary at the top of the form that takes the focus."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = pytest.mark.browser

ERRORS = ".nhsuk-error-message, [data-error-summary]"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def save(page, url, *, fill=None, first_time=False):
    """Opens the form at url, lets fill() change what must be chosen, saves, and expects success."""
    page.goto(url)
    for date in page.locator("input[type=date][required]").all() if not first_time else []:
        expect(date).not_to_have_value("")  # the date the server sent is shown, not an empty box
    if fill:
        fill(page)
    page.locator("main form[novalidate] [type=submit]").first.click()
    expect(page.locator(".messages .nhsuk-notification-banner").first).to_be_visible()
    expect(page.locator(ERRORS)).to_have_count(0)
    page.wait_for_load_state("networkidle")  # no request still running when the test's database is flushed


def test_every_edit_form_saves_unchanged(page: Page, live_server, demo):
    from competencies.models import Evidence
    from pastoral.models import Assessment
    from standards.models import Competency, Framework
    from trainees.models import Cohort, Enrolment, Programme

    url = live_server.url
    enrolment = Enrolment.objects.get(trainee__username="trainee")
    cohort, programme = Cohort.objects.get(name="Cohort 1"), Programme.objects.get()
    framework = Framework.objects.filter(organisation=cohort.organisation).first()
    competency = Competency.objects.filter(framework=framework).first()
    assessment = Assessment.objects.get(organisation=cohort.organisation, status="in_progress")
    theme = assessment.tool_version.themes.first()

    sign_in(page, live_server, "lead", demo)
    save(page, f"{url}/programmes/{programme.pk}/edit/")
    save(page, f"{url}/cohorts/{cohort.pk}/edit/")
    save(page, f"{url}/enrolments/{enrolment.pk}/edit/")
    save(
        page,
        f"{url}/enrolments/{enrolment.pk}/status/",
        fill=lambda p: p.get_by_label("Status").select_option(label="On a break"),
    )
    save(
        page,
        f"{url}/enrolments/{enrolment.pk}/status/",
        fill=lambda p: p.get_by_label("Status").select_option(label="Active"),
    )
    save(page, f"{url}/contracts/{enrolment.contracts.get(superseded_at=None).pk}/edit/")
    save(page, f"{url}/contracts/{enrolment.contracts.get(superseded_at=None).pk}/cover/")
    save(page, f"{url}/organisations/{cohort.organisation_id}/contract-template/")
    save(page, f"{url}/standards/frameworks/{framework.pk}/edit/")
    save(page, f"{url}/standards/competencies/{competency.pk}/edit/")
    save(page, f"{url}/pastoral/assessments/{assessment.pk}/details/")
    save(page, f"{url}/pastoral/assessments/{assessment.pk}/themes/{theme.pk}/")
    sign_out(page)

    sign_in(page, live_server, "mentor", demo)

    def write_review(p):
        # The structured review: each action from the last counted review, the questions, a next action.
        for radio in p.locator("input[type=radio][value=done]").all():
            radio.check()
        for radio in p.locator("input[type=radio][value=no]").all():
            radio.check()
        p.get_by_label("Progress since the last review", exact=True).fill(
            "On track; observations signed off."
        )
        p.locator("#id_next-0-action").fill("Two reflective accounts before the next review.")
        p.locator("#id_next-0-owner").select_option("trainee")
        p.locator("#id_next-0-due_on").fill((datetime.date.today() + datetime.timedelta(weeks=6)).isoformat())

    save(page, f"{url}/enrolments/{enrolment.pk}/reviews/new/", fill=write_review)  # Held on: today
    book = f"{url}/enrolments/{enrolment.pk}/reviews/book/"
    save(
        page,
        book,
        fill=lambda p: p.get_by_label("Next progress review on").fill("2027-01-20"),
        first_time=True,
    )
    save(page, book)  # the booked date is shown, and saved again
    sign_out(page)

    sign_in(page, live_server, "trainee", demo)
    returned = Evidence.objects.get(enrolment=enrolment, status=Evidence.Status.RETURNED)
    save(page, f"{url}/evidence/{returned.pk}/edit/")  # resubmitting returned evidence starts here
    expect(page.get_by_role("heading", level=1)).to_have_text(returned.title)

    def log_hours(p):
        p.get_by_text("Log study time you have taken").click()
        p.get_by_label("Hours", exact=True).fill("1.5")
        p.get_by_role("combobox", name=re.compile(r"^Activity")).select_option(index=1)

    save(page, f"{url}/enrolments/{enrolment.pk}/study-time/", fill=log_hours)  # the default date is kept


def test_evidence_without_a_ksb_says_so_beside_the_picker_and_in_a_summary(page: Page, live_server, demo):
    sign_in(page, live_server, "trainee", demo)
    page.get_by_role("link", name="Log evidence").first.click()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Handover on Oak Ward")
    page.get_by_label("Date").fill("2026-11-02")
    page.get_by_label("Kind").select_option(label="Observation of practice")
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    picker = page.get_by_label("Find KSBs by code, words or duty")
    error = page.locator("#div_id_ksbs .nhsuk-error-message")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Choose at least one KSB this evidence shows")
    expect(picker).to_have_accessible_description(re.compile("Choose at least one KSB"))
    summary.get_by_role("link", name=re.compile(r"KSBs this evidence shows")).click()
    expect(picker).to_be_focused()
    # Nothing was saved, and what was typed is still there.
    expect(page.get_by_role("textbox", name=re.compile(r"^Title"))).to_have_value("Handover on Oak Ward")
