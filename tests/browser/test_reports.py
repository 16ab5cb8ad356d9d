"""A manager asks for the cohort report in a browser, watches its progress and downloads it; a real worker
makes it through Redis."""

import pytest
from playwright.sync_api import Page, expect

from .test_frameworks import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.redis]


def test_cohort_report_shows_progress_and_downloads(page: Page, live_server, demo, celery_worker, settings):
    settings.REPORTS_SLOW_DOWN_SECONDS = 3  # long enough to see the progress bar before it is ready
    sign_in(page, live_server, "manager", demo)
    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("link", name="Cohort 1").click()
    page.get_by_role("button", name="Cohort report (PDF)").click()
    expect(page.locator("progress#report-bar")).to_be_visible()
    download_link = page.get_by_role("link", name="Download cohort-report-cohort-1.pdf")
    expect(download_link).to_be_visible(timeout=60_000)  # htmx replaced the bar when the worker finished
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
