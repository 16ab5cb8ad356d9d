"""Protected study time against plan, confirmed by the manager; progress reviews every 12 weeks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.trainees.factories import review_form_data, sign_by_all
from trainees import selectors, services
from trainees.models import StudyTimeEntry

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def log(setup, people, hours, days_ago=3, confirm=True):
    entry = services.log_study_time(
        enrolment=setup.enrolment,
        by=people.trainee,
        date=TODAY - datetime.timedelta(days=days_ago),
        hours=Decimal(hours),
        activity="taught",
    )
    if confirm:
        services.decide_study_time(entry=entry, by=setup.manager, confirm=True)
    return entry


def test_plan_to_date_is_hours_a_week_times_weeks_since_start():
    start = datetime.date(2026, 1, 5)
    assert (
        selectors.plan_to_date(Decimal("7.5"), start, datetime.date(2028, 1, 1), datetime.date(2026, 3, 2))
        == 60
    )
    assert (
        selectors.plan_to_date(Decimal("7.5"), start, datetime.date(2026, 1, 19), datetime.date(2026, 3, 2))
        == 15
    )
    assert (
        selectors.plan_to_date(Decimal("7.5"), start, datetime.date(2028, 1, 1), datetime.date(2025, 12, 1))
        == 0
    )


def test_only_confirmed_time_counts_against_the_plan(people, cohort_setup):
    log(cohort_setup, people, "7.5")
    log(cohort_setup, people, "3", confirm=False)
    summary = selectors.study_time_summary(cohort_setup.enrolment)
    assert (summary.planned_to_date, summary.confirmed, summary.pending) == (75, Decimal("7.5"), 3)
    assert summary.minimum == 300


def test_shortfall_flagged_when_more_than_a_week_behind(people, cohort_setup):
    log(cohort_setup, people, "7.5")
    assert selectors.study_time_summary(cohort_setup.enrolment).shortfall  # 7.5 of 75 h
    for days_ago in range(10, 64, 7):
        log(cohort_setup, people, "7.5", days_ago=days_ago)
    summary = selectors.study_time_summary(cohort_setup.enrolment)
    assert summary.confirmed == Decimal("67.5") and not summary.shortfall  # exactly one week behind: fine


def test_manager_confirms_or_queries_once(people, cohort_setup):
    entry = log(cohort_setup, people, "2", confirm=False)
    with pytest.raises(ValidationError, match="Say what is wrong"):
        services.decide_study_time(entry=entry, by=cohort_setup.manager, confirm=False)
    services.decide_study_time(entry=entry, by=cohort_setup.manager, confirm=False, note="Was annual leave")
    with pytest.raises(ValidationError, match="already been decided"):
        services.decide_study_time(entry=entry, by=cohort_setup.manager, confirm=True)
    entry.refresh_from_db()
    assert (entry.state, entry.query_note) == (StudyTimeEntry.State.QUERIED, "Was annual leave")


def test_study_time_cannot_be_logged_in_the_future(people, cohort_setup):
    with pytest.raises(ValidationError, match="once it has been taken"):
        services.log_study_time(
            enrolment=cohort_setup.enrolment,
            by=people.trainee,
            date=TODAY + datetime.timedelta(days=1),
            hours=2,
            activity="taught",
        )


def test_trainee_logs_study_time_on_the_page(client, people, cohort_setup):
    client.force_login(people.trainee)
    k1 = cohort_setup.programme.standard.ksbs.get(kind="K", number=1)
    response = client.post(
        reverse("trainees:study_time", args=[cohort_setup.enrolment.pk]),
        {
            "date": TODAY.isoformat(),
            "hours": "3.5",
            "activity": "self_study",
            "ksbs": [k1.pk],
            "in_paid_hours": "on",
        },
    )
    assert response.status_code == 302
    entry = StudyTimeEntry.objects.get()
    assert (entry.hours, list(entry.ksbs.all()), entry.state) == (Decimal("3.5"), [k1], "pending")


def test_bad_study_time_re_renders_with_the_error_and_saves_nothing(client, people, cohort_setup):
    client.force_login(people.trainee)
    response = client.post(
        reverse("trainees:study_time", args=[cohort_setup.enrolment.pk]),
        {"date": TODAY.isoformat(), "hours": "40", "activity": "self_study", "in_paid_hours": "on"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 12" in response.text
    assert not StudyTimeEntry.objects.exists()


def test_only_the_trainees_manager_confirms(client, people, cohort_setup):
    entry = log(cohort_setup, people, "2", confirm=False)
    url = reverse("trainees:study_time_decide", args=[entry.pk])
    for who in (people.trainee, people.mentor, people.lead):
        client.force_login(who)
        assert client.post(url, {"decision": "confirm"}).status_code == 403
    client.force_login(people.other_lead)
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    client.force_login(cohort_setup.manager)
    assert client.post(url, {"decision": "confirm"}).status_code == 302
    entry.refresh_from_db()
    assert entry.state == "confirmed" and entry.decided_by == cohort_setup.manager


def test_mentor_cannot_log_study_time_for_the_trainee(client, people, cohort_setup):
    client.force_login(people.mentor)
    url = reverse("trainees:study_time", args=[cohort_setup.enrolment.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"date": TODAY.isoformat(), "hours": "1", "activity": "taught"}).status_code == 403
    )
    assert not StudyTimeEntry.objects.exists()


def test_first_review_due_after_start_then_after_each_counted_review(people, cohort_setup):
    # Cohorts here start after 1 August 2025: three calendar months (see test_reviews_due_dates.py).
    enrolment = cohort_setup.enrolment
    start = cohort_setup.cohort.start_date
    due = selectors.trainee_row(enrolment).review
    assert (due.due_on, due.overdue) == (selectors.add_months(start, 3), False)
    late = selectors.trainee_row(enrolment, today=start + datetime.timedelta(weeks=14)).review
    assert late.overdue
    review = services.record_review(
        enrolment=enrolment, by=people.mentor, held_on=TODAY, progress="Good", actions="Carry on"
    )
    assert selectors.trainee_row(enrolment).review.due_on == due.due_on  # not yet signed by all
    sign_by_all(review)
    assert selectors.trainee_row(enrolment).review.due_on == selectors.add_months(TODAY, 3)


def test_review_interval_is_a_programme_setting(people, cohort_setup):
    cohort_setup.programme.review_interval_weeks = 8
    cohort_setup.programme.save()
    due = selectors.trainee_row(cohort_setup.enrolment).review.due_on
    assert due == cohort_setup.cohort.start_date + datetime.timedelta(weeks=8)


def test_reviews_not_due_while_on_a_break(people, cohort_setup):
    services.change_status(enrolment=cohort_setup.enrolment, status="on_break", by=people.lead)
    far = cohort_setup.cohort.start_date + datetime.timedelta(weeks=30)
    assert not selectors.trainee_row(cohort_setup.enrolment, today=far).review.overdue


def test_review_keeps_study_time_then_and_is_signed_by_three_parties(people, cohort_setup):
    log(cohort_setup, people, "7.5")
    review = services.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Good", actions="Carry on"
    )
    assert (review.planned_hours, review.taken_hours) == (75, Decimal("7.5"))
    services.sign_review(review=review, party="trainee", by=people.trainee)
    services.sign_review(review=review, party="employer", by=cohort_setup.manager)
    with pytest.raises(ValidationError, match="cannot sign as Lecturer"):
        services.sign_review(review=review, party="lecturer", by=people.mentor)
    services.sign_review(review=review, party="lecturer", by=cohort_setup.lecturer)
    assert review.signatures.count() == 3


def test_review_form_records_and_outsiders_cannot(client, people, cohort_setup):
    url = reverse("trainees:review_create", args=[cohort_setup.enrolment.pk])
    data = review_form_data(TODAY, TODAY + datetime.timedelta(weeks=4))
    client.force_login(people.trainee)
    assert client.post(url, data).status_code == 403
    client.force_login(cohort_setup.other_mentor)
    assert client.post(url, data).status_code == 404
    client.force_login(cohort_setup.lecturer)
    response = client.post(url, data, follow=True)
    assert "Review recorded" in response.text
    assert cohort_setup.enrolment.reviews.count() == 1


def test_review_form_refuses_a_future_date(client, people, cohort_setup):
    client.force_login(people.mentor)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("trainees:review_create", args=[cohort_setup.enrolment.pk]),
        review_form_data(TODAY, TODAY + datetime.timedelta(weeks=4)) | {"held_on": tomorrow},
    )
    assert "Record a review once it has been held" in response.text
    assert not cohort_setup.enrolment.reviews.exists()
