"""A progress review counts (for the clock to the next review and for the gateway) only when the trainee,
the employer and the provider have all signed it: ProgressReview.objects.counted() is the one place, and
every reader (selectors, the cohort page, gateway readiness, reminders, to-do lists, the cohort report)
goes through it."""

import datetime

import pytest
from django.urls import reverse

from competencies import selectors as portfolio
from competencies.reports import build_cohort
from core.todo import collect
from reminders.due import find_due
from tests.trainees.factories import sign_by_all
from trainees import selectors, services
from trainees.models import ProgressReview

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
HELD = TODAY - datetime.timedelta(days=3)


@pytest.fixture
def overdue(cohort_setup):
    """The trainee started 20 weeks ago and no review counts yet: overdue."""
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort_setup.cohort.save()
    return cohort_setup


def a_review(setup, people, held_on=HELD):
    return services.record_review(
        enrolment=setup.enrolment, by=people.mentor, held_on=held_on, progress="Steady", actions="Read"
    )


def sign(review, *parties):
    enrolment = review.enrolment
    who = {
        "trainee": enrolment.trainee,
        "employer": enrolment.mentor_people()[0],
        "lecturer": enrolment.lecturer,
    }
    for party in parties:
        services.sign_review(review=review, party=party, by=who[party])


def everywhere(client, people, setup):
    """Whether the review clock is overdue as each reader sees it."""
    row = selectors.trainee_row(setup.enrolment)
    client.force_login(people.lead)
    page = client.get(reverse("trainees:cohort_detail", args=[setup.cohort.pk])).context
    gateway = portfolio.gateway(setup.enrolment)
    reminders = {d.kind for d in find_due(TODAY) if d.subject == f"enrolment:{setup.enrolment.pk}"}
    return {
        "selectors": row.review_overdue,
        "cohort page": next(r for r in page["rows"] if r.enrolment == setup.enrolment).review_overdue,
        "gateway": any("review is overdue" in m for m in gateway.missing),
        "reminders": "review_overdue" in reminders,
    }


@pytest.mark.parametrize("parties", [(), ("trainee",), ("trainee", "employer"), ("employer", "lecturer")])
def test_a_review_not_signed_by_all_three_resets_the_clock_nowhere(client, people, overdue, parties):
    review = a_review(overdue, people)
    sign(review, *parties)
    assert not ProgressReview.objects.counted().filter(pk=review.pk).exists()
    assert selectors.trainee_row(overdue.enrolment).review.last_held_on is None
    assert everywhere(client, people, overdue) == dict.fromkeys(
        ("selectors", "cohort page", "gateway", "reminders"), True
    )


def test_the_third_signature_makes_it_count_everywhere(client, people, overdue):
    review = a_review(overdue, people)
    sign(review, "trainee", "employer")
    sign(review, "lecturer")
    assert list(ProgressReview.objects.counted()) == [review]
    due = selectors.trainee_row(overdue.enrolment).review
    assert (due.last_held_on, due.due_on) == (HELD, selectors.rule_due_on(HELD))
    assert everywhere(client, people, overdue) == dict.fromkeys(
        ("selectors", "cohort page", "gateway", "reminders"), False
    )


def test_a_later_unsigned_review_does_not_move_the_clock_on_from_the_last_counted_one(people, overdue):
    first = sign_by_all(a_review(overdue, people, TODAY - datetime.timedelta(weeks=8)))
    later = a_review(overdue, people)
    sign(later, "trainee", "employer")
    due = selectors.trainee_row(overdue.enrolment).review
    assert due.last_held_on == first.held_on
    assert selectors.last_counted_review(overdue.enrolment) == first


def test_counted_does_not_multiply_rows_with_several_signatures_and_reviews(people, overdue):
    for weeks in (12, 6, 1):
        sign_by_all(a_review(overdue, people, TODAY - datetime.timedelta(weeks=weeks)))
    sign(a_review(overdue, people), "trainee")
    assert ProgressReview.objects.counted().count() == 3
    assert ProgressReview.objects.uncounted().count() == 1


def test_each_missing_party_is_asked_to_sign_and_the_page_says_who_it_waits_for(client, people, overdue):
    review = a_review(overdue, people)
    sign(review, "trainee")
    lecturer_todo = collect(overdue.lecturer, TODAY)
    items = [i for g in lecturer_todo.groups for i in g.items if i.kind == "review_to_sign"]
    assert len(items) == 1 and "does not count" not in items[0].note
    assert items[0].note.startswith("Waiting for employer and lecturer")
    mentor_kinds = {(d.kind, d.subject) for d in find_due(TODAY) if d.recipient == people.mentor}
    assert ("review_unsigned", f"review:{review.pk}") in mentor_kinds
    client.force_login(people.trainee)
    page = client.get(reverse("trainees:review_detail", args=[review.pk])).text
    assert "Waiting for employer and lecturer" in page
    assert "does not count" in page
    sign(review, "employer", "lecturer")
    assert not [
        i for g in collect(overdue.lecturer, TODAY).groups for i in g.items if i.kind == "review_to_sign"
    ]
    assert not [d for d in find_due(TODAY) if d.subject == f"review:{review.pk}"]
    assert "Signed by all" in client.get(reverse("trainees:review_detail", args=[review.pk])).text


def test_the_cohort_report_says_an_unsigned_review_does_not_count(people, overdue):
    review = a_review(overdue, people)
    sign(review, "trainee", "lecturer")
    data = build_cohort(overdue.cohort)
    mine = next(t for t in data["trainees"] if t["enrolment"] == overdue.enrolment)
    assert mine["row"].review_overdue and data["flags"]["overdue"] >= 1
    assert mine["reviews"][0].signing_state().label == "Waiting for employer"
