"""Report kinds come from each app's contributions; a broken or clashing kind stops the start."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import plugins
from reports import checks, kinds


@pytest.fixture
def installed(settings):
    """Installs one more app for the test, and forgets every app's contributions before and after."""

    def install(app):
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, app]
        plugins.contributions.cache_clear()

    yield install
    plugins.contributions.cache_clear()


def test_each_kind_is_found_by_its_name_from_the_apps_contributions():
    assert {"cohort", "portfolio", "pastoral"} <= set(kinds.by_name())
    assert kinds.get("portfolio").label == "Portfolio"
    with pytest.raises(kinds.UnknownKind, match="No report kind 'payslip'"):
        kinds.get("payslip")


def test_the_installed_kinds_pass_the_check():
    assert checks.report_kinds() == []


def test_a_report_module_that_cannot_be_imported_fails_the_check_not_silently(installed):
    installed("tests.reports.broken_kind")
    errors = checks.report_kinds()
    assert [error.id for error in errors] == ["reports.E001"]
    assert "KindThatWasRenamed" in errors[0].msg
    with pytest.raises(ImportError, match="KindThatWasRenamed"):
        kinds.available()  # never the other kinds without it


def test_the_check_runs_at_start_up(installed):
    installed("tests.reports.broken_kind")
    with pytest.raises(SystemCheckError, match="reports.E001"):
        call_command("check")


def test_two_kinds_of_one_name_or_a_missing_template_fail_the_check(installed):
    installed("tests.reports.twin_kind")
    errors = checks.report_kinds()
    assert {error.id for error in errors} == {"reports.E003", "reports.E004"}
    assert any("'cohort'" in error.msg for error in errors)
