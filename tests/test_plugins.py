"""One way for an app to plug in (docs/adr/0004): every contribution is found by app-config discovery of
``<app>/contributions.py``; a module that cannot be imported, or a name taken twice, stops the start."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User
from core import checks, scheduling
from core.plugins import ContributionError, Scheduled, collected
from core.todo import collect
from reminders import due
from reminders import services as reminders
from reminders.kinds import Due, ReminderKind
from reminders.models import Reminder
from reports import kinds as report_kinds


@pytest.fixture
def install(settings):
    """Installs one more app for the test; core.plugins forgets what it found when INSTALLED_APPS changes."""

    def install(app):
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, app]

    return install


def in_order(found, expected):
    """The expected entries, in the order found: another app's entries may stand anywhere among them."""
    return [module for module in found if module in expected]


def test_panels_keep_their_order_on_the_dashboard():
    expected = [
        "accounts.views_people",
        "reminders.panels",
        "competencies.panels",
        "trainees.panels",
        "standards.panels",
        "pastoral.panels",
    ]
    panels = sorted(collected("dashboard_panels"), key=lambda panel: panel.order)
    assert in_order([panel.show.__module__ for panel in panels], expected) == expected


def test_todo_sources_keep_their_order():
    expected = ["accounts.invitations_todo", "competencies.todo", "trainees.todo"]
    sources = sorted(collected("todo_sources"), key=lambda source: source.order)
    assert in_order([source.items.__module__ for source in sources], expected) == expected


def test_demo_steps_run_in_the_order_of_the_layers():
    expected = ["accounts.demo", "standards.demo", "trainees.demo", "competencies.demo", "pastoral.demo"]
    assert in_order([step.__module__ for step in collected("demo_steps")], expected) == expected


def test_the_installed_apps_pass_the_check():
    assert checks.contributions() == []


@pytest.mark.django_db
def test_a_new_app_adds_a_panel_and_a_todo_source_by_its_contributions_alone(client, people, install):
    install("tests.plugin_app")
    client.force_login(people.lead)
    page = client.get(reverse("dashboard")).text
    assert "Plugin panel for lead" in page
    assert page.index('data-panel="pastoral"') < page.index('data-panel="plugin"')  # order 70: last
    assert [group.kind for group in collect(people.lead).groups][-1] == "plugin_thing"
    assert "Plugin thing for lead" in client.get(reverse("todo")).text


@pytest.mark.django_db
def test_a_new_apps_reminder_kind_is_sent_and_shown_with_no_migration(client, people, install):
    install("tests.plugin_app")
    assert reminders.send_due() == 2  # people's two workforce leads; nothing else is due for them
    reminder = Reminder.objects.get(recipient=people.lead)
    assert reminder.kind == "plugin_check"
    reminder.clean()
    client.force_login(people.lead)
    assert "Plugin check due · sent" in client.get(reverse("reminders:notifications")).text


def test_a_finder_that_yields_another_kind_is_refused(monkeypatch):
    def finds_the_wrong_kind(today):
        yield Due("review_due", None, "x:1", today, "title", "body", "/")

    monkeypatch.setattr(
        due, "collected", lambda what: [ReminderKind("plugin_check", "-", finds_the_wrong_kind)]
    )
    with pytest.raises(ValueError, match="'plugin_check' reminder finder yielded a 'review_due'"):
        list(due.find_due())


def test_a_new_apps_report_kind_is_found_by_name(install):
    install("tests.plugin_app")
    assert report_kinds.get("plugin_person").label == "Plugin person"


@pytest.mark.django_db
def test_a_new_apps_demo_step_runs_after_the_layers_it_builds_on(install):
    install("tests.plugin_app")
    out = io.StringIO()
    call_command("seed_demo", "--json", password="plugin-test-password", stdout=out)
    subjects = json.loads(out.getvalue().strip().splitlines()[-1])
    assert subjects["plugin_person"] == User.objects.get(username="trainee").pk


@pytest.mark.django_db
def test_scheduled_tasks_are_made_once_and_keep_what_the_administrator_changed(install):
    install("tests.plugin_app")
    scheduling.sync_scheduled_tasks(plan=[])
    task = PeriodicTask.objects.get(name="Plugin tidy-up")
    assert task.task == "plugin_app.tidy" and task.interval.every == 15 and task.enabled
    reminders_scan = PeriodicTask.objects.get(name="Send due reminders")
    reminders_scan.crontab = CrontabSchedule.objects.create(minute="15", hour="6")
    reminders_scan.enabled = False
    reminders_scan.save()
    count = PeriodicTask.objects.count()
    scheduling.sync_scheduled_tasks(plan=[])
    assert PeriodicTask.objects.count() == count
    reminders_scan.refresh_from_db()
    assert (reminders_scan.crontab.hour, reminders_scan.enabled) == ("6", False)


@pytest.mark.django_db
def test_a_flush_does_not_remake_the_scheduled_tasks():
    PeriodicTask.objects.all().delete()
    scheduling.sync_scheduled_tasks(plan=None)  # as flush sends post_migrate, with no plan
    assert not PeriodicTask.objects.exists()


def test_a_contributions_module_that_cannot_be_imported_stops_the_start(install):
    install("tests.plugin_app_broken")
    errors = checks.contributions()
    assert [error.id for error in errors] == ["core.E001"]
    assert "tests.plugin_app_broken.contributions" in errors[0].msg and "KindThatWasRenamed" in errors[0].msg
    with pytest.raises(SystemCheckError, match="core.E001"):
        call_command("check")
    with pytest.raises(ImportError):
        collected("dashboard_panels")  # never the other apps' contributions without it


def test_a_reminder_kind_or_scheduled_task_name_taken_twice_stops_the_start(install):
    install("tests.plugin_app_twin")
    errors = {error.id: error.msg for error in checks.contributions()}
    assert set(errors) == {"core.E002", "core.E003"}
    assert "'review_due': from trainees, tests.plugin_app_twin" in errors["core.E002"]
    assert "'Send due reminders': from reminders, tests.plugin_app_twin" in errors["core.E003"]


def test_a_scheduled_task_says_when_in_one_way():
    with pytest.raises(ContributionError, match="every_minutes or crontab"):
        Scheduled(name="x", task="y")
    with pytest.raises(ContributionError, match="five fields"):
        Scheduled(name="x", task="y", crontab="0 7 * *")


def menu(client, user, url=None):
    """The top menu's contributed entries as (label, current) pairs, on the dashboard or the given page."""
    import re

    client.force_login(user)
    page = client.get(url or reverse("dashboard")).text
    start = page.index('id="main-nav"')
    nav = page[start : page.index("</nav>", start)]
    link = r'<a class="nhsuk-header__navigation-link" href="[^"]*"( aria-current="page")?>([^<]+)</a>'
    found = re.findall(link, nav)
    return [(label, bool(current)) for current, label in found]


@pytest.mark.django_db
def test_each_person_sees_the_menu_entries_they_have_a_use_for_in_order(client, people, cohort_setup):
    lead = [label for label, _ in menu(client, people.lead)]
    assert lead[lead.index("Cohorts") :][:3] == ["Cohorts", "Pastoral", "Standards"]
    assert "Portfolio" not in lead
    trainee = [label for label, _ in menu(client, people.trainee)]
    assert trainee[trainee.index("Portfolio") :][:3] == ["Portfolio", "Cohorts", "Standards"]
    assert "Pastoral" not in trainee and "Pastoral" not in [label for label, _ in menu(client, people.mentor)]
    assert "Pastoral" in [label for label, _ in menu(client, people.regional)]


@pytest.mark.django_db
def test_the_menu_marks_the_page_of_its_own_app_as_current(client, people, cohort_setup):
    cohorts = menu(client, people.trainee, reverse("trainees:cohort_list"))
    assert (
        ("Cohorts", True) in cohorts and ("Standards", False) in cohorts and ("Portfolio", False) in cohorts
    )
    portfolio = reverse("competencies:portfolio", args=[cohort_setup.enrolment.pk])
    assert ("Portfolio", True) in menu(client, people.trainee, portfolio)
    assert ("Standards", True) in menu(client, people.trainee, reverse("standards:catalogue"))


@pytest.mark.django_db
def test_a_new_app_adds_a_menu_entry_by_its_contributions_alone(client, people, install):
    install("tests.plugin_app")
    labels = [label for label, _ in menu(client, people.lead)]
    assert labels.index("Plugin") == labels.index("Standards") + 1  # order 90: after every app's entry
    assert "Plugin" not in [label for label, _ in menu(client, people.mentor)]
