"""The next progress review is booked ahead, shown to everyone, and recorded once it has been held."""

import datetime

import pytest
from django.urls import reverse

from tests.trainees.factories import sign_by_all
from trainees import selectors, services

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_a_mentor_books_the_next_review_and_the_enrolment_shows_it(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    on = TODAY + datetime.timedelta(days=10)
    client.force_login(people.mentor)
    response = client.post(
        reverse("trainees:review_book", args=[enrolment.pk]), {"next_review_on": on.isoformat()}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.next_review_on == on
    client.force_login(people.trainee)
    page = client.get(reverse("trainees:enrolment_detail", args=[enrolment.pk])).content.decode()
    assert f"booked for {on:%-d %B %Y}" in page


def test_booking_in_the_past_is_refused_and_changes_nothing(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    client.force_login(cohort_setup.lecturer)
    response = client.post(
        reverse("trainees:review_book", args=[enrolment.pk]),
        {"next_review_on": (TODAY - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "today or a later date" in str(response.context["form"].errors)
    enrolment.refresh_from_db()
    assert enrolment.next_review_on is None


def test_only_supporters_and_leads_book_reviews(client, people, cohort_setup):
    url = reverse("trainees:review_book", args=[cohort_setup.enrolment.pk])
    client.force_login(people.trainee)
    assert client.get(url).status_code == 403
    client.force_login(cohort_setup.other_mentor)
    assert client.get(url).status_code == 404


def test_recording_a_review_books_the_next_and_a_held_booking_is_cleared(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    services.book_review(enrolment=enrolment, by=people.mentor, on=TODAY)
    assert selectors.trainee_row(enrolment).review.booked_on == TODAY
    nxt = TODAY + datetime.timedelta(weeks=12)
    review = services.record_review(
        enrolment=enrolment,
        by=people.mentor,
        held_on=TODAY,
        progress="Good",
        actions="More",
        next_review_on=nxt,
    )
    sign_by_all(review)  # it counts, so the clock restarts from it
    enrolment.refresh_from_db()
    due = selectors.trainee_row(enrolment).review
    assert (due.last_held_on, due.booked_on, due.due_on) == (TODAY, nxt, selectors.rule_due_on(TODAY))
    assert not due.booked_too_late


def test_review_form_starts_on_the_booked_day(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    services.book_review(enrolment=enrolment, by=people.mentor, on=TODAY)
    client.force_login(people.mentor)
    form = client.get(reverse("trainees:review_create", args=[enrolment.pk])).context["form"]
    assert form["held_on"].value() == TODAY
