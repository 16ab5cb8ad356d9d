"""Study-time figures stay right however many reviews, entries and contract versions an enrolment has."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.trainees.factories import sign_by_all
from trainees import selectors, services
from trainees.models import LearningContract

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def confirmed_entry(setup, people, hours, on):
    entry = services.log_study_time(
        enrolment=setup.enrolment, by=people.trainee, date=on, hours=Decimal(hours), activity="taught"
    )
    services.decide_study_time(entry=entry, by=setup.manager, confirm=True)
    return entry


def review(setup, on):
    # Signed by all three: only then does a review count (reset the clock).
    return sign_by_all(
        services.record_review(
            enrolment=setup.enrolment, by=setup.manager, held_on=on, progress="Good", actions="Carry on"
        )
    )


def test_confirmed_hours_are_not_multiplied_by_reviews_or_pending_entries(people, cohort_setup):
    for n, hours in ((60, "7.5"), (40, "3"), (20, "2.5")):
        confirmed_entry(cohort_setup, people, hours, days_ago(n))
    services.log_study_time(
        enrolment=cohort_setup.enrolment, by=people.trainee, date=days_ago(2), hours=1, activity="taught"
    )
    services.log_study_time(
        enrolment=cohort_setup.enrolment, by=people.trainee, date=days_ago(1), hours=2, activity="taught"
    )
    for n in (50, 30, 10):
        review(cohort_setup, days_ago(n))

    summary = selectors.study_time_summary(cohort_setup.enrolment)
    assert (summary.confirmed, summary.pending) == (Decimal("13"), Decimal("3"))
    row = selectors.rows(cohort_setup.cohort.enrolments.all())
    mine = next(r for r in row if r.enrolment == cohort_setup.enrolment)
    assert mine.study_time.confirmed == Decimal("13")
    assert mine.review.last_held_on == days_ago(10)


def test_cohort_page_shows_the_study_log_total_with_several_reviews(client, people, cohort_setup):
    confirmed_entry(cohort_setup, people, "7.5", days_ago(20))
    confirmed_entry(cohort_setup, people, "4", days_ago(5))
    review(cohort_setup, days_ago(15))
    review(cohort_setup, days_ago(3))
    client.force_login(people.lead)
    response = client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk]))
    row = next(r for r in response.context["rows"] if r.enrolment == cohort_setup.enrolment)
    assert row.study_time.confirmed == Decimal("11.5")


def test_review_snapshot_counts_only_hours_up_to_its_date(people, cohort_setup):
    confirmed_entry(cohort_setup, people, "7.5", days_ago(30))
    confirmed_entry(cohort_setup, people, "6", days_ago(5))
    held = review(cohort_setup, days_ago(10))
    assert held.taken_hours == Decimal("7.5")
    start = cohort_setup.cohort.start_date
    assert held.planned_hours == selectors.plan_to_date(
        Decimal("7.5"), start, cohort_setup.cohort.expected_end_date, days_ago(10)
    )


def test_changing_hours_counts_only_from_the_change(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff")
    contract = services.current_contract(cohort_setup.enrolment)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    new = services.change_contract(contract=contract, by=people.lead, study_hours_per_week=Decimal("15"))
    assert new.version == 2
    # The new version took effect 14 days ago (the cohort started 70 days ago at 7.5 h a week).
    LearningContract.objects.filter(pk=new.pk).update(created_at=timezone.now() - datetime.timedelta(days=14))
    summary = selectors.study_time_summary(cohort_setup.enrolment)
    assert summary.hours_per_week == 15
    assert summary.planned_to_date == Decimal("7.5") * 56 / 7 + Decimal("15") * 14 / 7  # 60 + 30


def test_plan_before_a_later_version_is_unchanged(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff")
    contract = services.current_contract(cohort_setup.enrolment)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    before = selectors.study_time_summary(cohort_setup.enrolment, today=days_ago(7)).planned_to_date
    services.change_contract(contract=contract, by=people.lead, study_hours_per_week=Decimal("30"))
    after = selectors.study_time_summary(cohort_setup.enrolment, today=days_ago(7)).planned_to_date
    assert before == after == Decimal("7.5") * 63 / 7
