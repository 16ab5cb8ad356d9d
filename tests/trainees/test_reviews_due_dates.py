"""When the next progress review is due: 12 weeks after the last counted review (or the start) while that
day falls before 1 August 2025; from then, three calendar months after it (month ends clamp). A programme's
review_interval_weeks below 12 makes reviews due sooner; 12 or 13 leave the rules' date."""

import datetime

import pytest

from trainees import selectors
from trainees.selectors import add_months, next_review_due_on, rule_due_on

D = datetime.date


@pytest.mark.parametrize(
    ("since", "due"),
    [
        (D(2024, 9, 2), D(2024, 11, 25)),  # 2024/25: 12 weeks
        (D(2025, 5, 8), D(2025, 7, 31)),  # 12 weeks lands on 31 July 2025: still the old rule
        (D(2025, 5, 9), D(2025, 8, 9)),  # 12 weeks would land on 1 August 2025: three calendar months
        (D(2025, 7, 31), D(2025, 10, 31)),
        (D(2025, 8, 1), D(2025, 11, 1)),
        (D(2025, 11, 30), D(2026, 2, 28)),  # no 30 February: the month's last day
        (D(2027, 11, 30), D(2028, 2, 29)),  # a leap year
        (D(2026, 5, 31), D(2026, 8, 31)),
        (D(2026, 10, 31), D(2027, 1, 31)),  # across a year end
        (D(2026, 3, 31), D(2026, 6, 30)),
    ],
)
def test_the_rule_in_force_on_the_due_day(since, due):
    assert rule_due_on(since) == due


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 15), 3) == D(2027, 3, 15)


class Programme:
    def __init__(self, weeks):
        self.review_interval_weeks = weeks


@pytest.mark.parametrize(
    ("weeks", "due"),
    [(12, D(2026, 12, 1)), (13, D(2026, 12, 1)), (8, D(2026, 10, 27)), (1, D(2026, 9, 8))],
)
def test_a_programme_may_hold_reviews_more_often_never_less(weeks, due):
    assert next_review_due_on(Programme(weeks), D(2026, 9, 1)) == due


@pytest.mark.django_db
def test_the_rule_is_said_in_words(cohort_setup):
    enrolment = cohort_setup.enrolment
    due = selectors.trainee_row(enrolment).review
    assert selectors.review_rule(enrolment, due) == "3 calendar months"
    cohort_setup.cohort.start_date = D(2025, 1, 6)
    cohort_setup.cohort.save()
    enrolment.refresh_from_db()
    due = selectors.review_due(enrolment, None, D(2025, 2, 1))
    assert due.due_on == D(2025, 3, 31) and selectors.review_rule(enrolment, due) == "12 weeks"
