"""Reminders: found in the database, emailed and shown in the app, never twice for the same thing and date."""

import datetime
import io
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from competencies import services as portfolio
from competencies.models import Evidence
from reminders import services
from reminders.due import find_due
from reminders.models import Reminder
from trainees import services as trainees

TODAY = datetime.date.today()


def kinds_for(person, today=None):
    return {(d.kind, d.subject) for d in find_due(today) if d.recipient == person}


@pytest.mark.django_db
def test_overdue_review_reminds_the_trainee_and_supporters(people, cohort_setup):
    late = cohort_setup.cohort.start_date + datetime.timedelta(weeks=14)  # past 3 calendar months
    subject = f"enrolment:{cohort_setup.enrolment.pk}"
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert ("review_overdue", subject) in kinds_for(person, late)
    assert ("review_overdue", subject) not in kinds_for(cohort_setup.other_mentor, late)


@pytest.mark.django_db
def test_review_due_soon_is_a_reminder_before_it_is_overdue(people, cohort_setup):
    soon = cohort_setup.cohort.start_date + datetime.timedelta(weeks=11)
    assert ("review_due", f"enrolment:{cohort_setup.enrolment.pk}") in kinds_for(people.trainee, soon)
    early = cohort_setup.cohort.start_date + datetime.timedelta(weeks=6)
    assert not {k for k, _s in kinds_for(people.trainee, early)} & {"review_due", "review_overdue"}


@pytest.mark.django_db
def test_evidence_waiting_too_long_reminds_the_mentor(people, cohort_setup, settings):
    evidence = portfolio.create_evidence(
        enrolment=cohort_setup.enrolment,
        by=people.trainee,
        ksbs=cohort_setup.programme.standard.ksbs.all()[:1],
        title="Handover",
        occurred_on=TODAY,
        kind="observation",
        narrative="x",
    )
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    assert ("evidence_waiting", f"evidence:{evidence.pk}") not in kinds_for(people.mentor)
    days = settings.REMINDER_EVIDENCE_WAITING_DAYS + 1
    Evidence.objects.filter(pk=evidence.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    assert ("evidence_waiting", f"evidence:{evidence.pk}") in kinds_for(people.mentor)


@pytest.mark.django_db
def test_contract_awaiting_signature_reminds_those_yet_to_sign(people, cohort_setup):
    contract = trainees.change_contract(
        contract=trainees.current_contract(cohort_setup.enrolment), by=people.lead, service_cover="Bank staff"
    )
    trainees.sign_contract(contract=contract, party="trainee", by=people.trainee)
    subject = f"contract:{contract.pk}"
    assert ("contract_unsigned", subject) in kinds_for(people.mentor)
    assert ("contract_unsigned", subject) not in kinds_for(people.trainee)


@pytest.mark.django_db
def test_pastoral_revisit_due_reminds_the_organisations_leads(people):
    from pastoral import services as pastoral
    from pastoral.models import PastoralSettings
    from tests.pastoral.factories import AssessmentFactory, make_tool, rate_all

    tool = make_tool({"Induction": [1, 2]})
    assessment = AssessmentFactory(
        organisation=people.trust, tool_version=tool, assessed_on=TODAY.replace(year=TODAY.year - 1)
    )
    rate_all(assessment, ["green", "green"])
    pastoral.complete_assessment(assessment=assessment, by=people.lead)
    PastoralSettings.objects.update_or_create(
        organisation=people.trust, defaults={"revisit_interval_months": 6}
    )
    assert ("pastoral_revisit", f"organisation:{people.trust.pk}") in kinds_for(people.lead)
    assert not kinds_for(people.other_lead)


@pytest.mark.django_db
def test_send_reminders_twice_sends_nothing_the_second_time(people, cohort_setup):
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=13)
    cohort_setup.cohort.save()
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    would = int(out.getvalue().strip().splitlines()[-1].split()[0])
    assert would > 0 and not mail.outbox and not Reminder.objects.exists()
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == f"{would} reminders sent"
    assert len(mail.outbox) == would == Reminder.objects.count()
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "0 reminders sent"
    assert len(mail.outbox) == would


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_scanning_at_once_send_each_reminder_once(people, cohort_setup):
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=13)
    cohort_setup.cohort.save()
    expected = len({(d.kind, d.recipient.pk, d.subject, d.due_on) for d in find_due()})
    start = threading.Barrier(2)
    sent = []

    def scan():
        try:
            start.wait(timeout=30)
            sent.append(services.send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(sent) == expected == Reminder.objects.count()


@pytest.mark.django_db
def test_reminders_show_in_the_app_until_read(client, people, cohort_setup):
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=13)
    cohort_setup.cohort.save()
    services.send_due()
    client.force_login(people.mentor)
    dashboard = client.get(reverse("dashboard")).text
    assert "Reminders (" in dashboard and "Progress review for" in dashboard
    client.post(reverse("reminders:mark_read"))
    assert "Reminders (" not in client.get(reverse("dashboard")).text
    assert "Progress review for" in client.get(reverse("reminders:notifications")).text


@pytest.mark.django_db
def test_the_scan_is_scheduled_in_the_database_for_the_admin_to_change():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Send due reminders")
    assert task.task == "reminders.send_due" and task.enabled
    assert PeriodicTask.objects.filter(task="reports.purge_expired").exists()


@pytest.mark.django_db
def test_demo_data_makes_reminders_due(demo_data):
    kinds = {d.kind for d in find_due()}
    assert {"review_overdue", "contract_unsigned", "evidence_waiting"} <= kinds


@pytest.mark.django_db
def test_review_awaiting_signatures_asks_each_party_yet_to_sign(people, cohort_setup):
    review = trainees.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Steady", actions="Read"
    )
    trainees.sign_review(review=review, party="trainee", by=people.trainee)
    subject = f"review:{review.pk}"
    for person in (people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert ("review_unsigned", subject) in kinds_for(person)
    assert ("review_unsigned", subject) not in kinds_for(people.trainee)  # signed already
    assert ("review_unsigned", subject) not in kinds_for(cohort_setup.other_mentor)  # not their trainee
    trainees.sign_review(review=review, party="employer", by=cohort_setup.manager)
    assert ("review_unsigned", subject) not in kinds_for(people.mentor)  # the employer side has signed
    assert ("review_unsigned", subject) in kinds_for(cohort_setup.lecturer)
    trainees.sign_review(review=review, party="lecturer", by=cohort_setup.lecturer)
    assert not {d for d in find_due() if d.subject == subject}


@pytest.mark.django_db
def test_a_review_reminder_says_what_to_sign_and_links_to_the_review(people, cohort_setup):
    review = trainees.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Steady", actions="Read"
    )
    due = next(d for d in find_due() if d.subject == f"review:{review.pk}" and d.recipient == people.trainee)
    assert due.url == reverse("trainees:review_detail", args=[review.pk])
    assert "sign" in due.title.lower() and "as trainee" in due.body.lower()


@pytest.mark.django_db
def test_reminder_emails_link_to_the_portal_by_its_full_address(people, cohort_setup, settings):
    settings.SITE_URL = "https://portal.example.nhs.uk"
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=13)
    cohort_setup.cohort.save()
    assert services.send_due() > 0
    bodies = {(m.to[0], m.subject): m.body for m in mail.outbox}
    assert bodies
    for reminder in Reminder.objects.exclude(recipient__email="").select_related("recipient"):
        body = bodies[(reminder.recipient.email, reminder.title)]
        assert f"https://portal.example.nhs.uk{reminder.url}" in body
        assert f" {reminder.url}\n" not in body


@pytest.mark.django_db
def test_the_header_links_to_reminders_for_people_signed_in(client, people):
    # In the header's account area (NHS.UK header), beside the person's name and Sign out.
    link = f'href="{reverse("reminders:notifications")}"'
    assert link not in client.get(reverse("login")).text
    client.force_login(people.trainee)
    page = client.get(reverse("dashboard")).text
    start = page.index('aria-label="Account"')
    account = page[start : page.index("</nav>", start)]
    assert link in account and ">Reminders<" in account


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_beat_fires_the_scan_and_the_demos_worker_sends_the_reminders(people, cohort_setup, tmp_path):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from tests.test_celery import demo_environment, start_demo_process, stop_process

    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=13)
    cohort_setup.cohort.save()
    expected = len({(d.kind, d.recipient.pk, d.subject, d.due_on) for d in find_due()})
    every = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Send due reminders", task="reminders.send_due", interval=every)
    env = demo_environment(tmp_path)
    log = tmp_path / "demo.log"
    worker, beat = start_demo_process("worker", env, log), start_demo_process("beat", env, log)
    try:
        deadline = time.monotonic() + 120
        while Reminder.objects.count() < expected and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        stop_process(beat)
        stop_process(worker)
    assert expected and Reminder.objects.count() == expected, log.read_text()
    assert "Sending due task Send due reminders (reminders.send_due)" in log.read_text()


@pytest.mark.django_db
def test_a_review_booked_before_it_is_due_reminds_everyone_ahead_of_the_booking(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    trainees.record_review(enrolment=enrolment, by=people.mentor, held_on=TODAY, progress="-", actions="-")
    booked = TODAY + datetime.timedelta(days=2)  # the next is due in 12 weeks
    assert not any(d.kind == "review_due" for d in find_due(TODAY) if d.recipient == people.trainee)
    trainees.book_review(enrolment=enrolment, by=people.mentor, on=booked)
    found = [
        d for d in find_due(TODAY) if d.kind == "review_due" and d.subject == f"enrolment:{enrolment.pk}"
    ]
    assert {d.recipient for d in found} == {
        people.trainee,
        people.mentor,
        cohort_setup.manager,
        cohort_setup.lecturer,
    }
    assert all(f"booked for {booked:%-d %B %Y}" in d.title for d in found)


@pytest.mark.django_db
def test_each_reminder_shows_the_label_its_app_gives_its_kind(client, people, cohort_setup):
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=14)  # past 3 calendar months
    cohort_setup.cohort.save()
    services.send_due()
    client.force_login(people.mentor)
    assert "Progress review overdue · sent" in client.get(reverse("reminders:notifications")).text


@pytest.mark.django_db
def test_a_kind_no_app_declares_is_refused_but_one_sent_before_still_shows(people):
    old = Reminder(kind="interview_due", recipient=people.lead, subject="x:1", due_on=TODAY, title="t")
    with pytest.raises(ValidationError, match="interview_due"):
        old.clean()
    assert old.kind_label == "interview_due"
    Reminder(kind="review_due", recipient=people.lead, subject="x:1", due_on=TODAY, title="t").clean()
