"""Targets and headcount returns: the sums over organisations, periods and roles, the projection's arithmetic,
every refusal of a return or a target, and the trainees who completed since the last return."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Organisation
from competencies.models import EndPointAssessment
from tests.factories import OrganisationFactory
from trainees import services as trainee_services
from trainees.models import Enrolment
from workforce import services_targets as services
from workforce.models import HeadcountReturn, Target, WorkforceRole

D = datetime.date
TODAY = D(2026, 6, 15)


def figures(in_post, in_training=0, vacancies=0, starters=0, leavers=0):
    return {
        "in_post": in_post,
        "in_training": in_training,
        "vacancies": vacancies,
        "starters": starters,
        "leavers": leavers,
    }


def record(organisation, role, period_end, in_post, **others):
    return services.save_return(
        organisation=organisation,
        by=None,
        workforce_role=role,
        period_end=period_end,
        today=TODAY,
        **figures(in_post, **others),
    )


@pytest.fixture
def ap(catalogue):
    return catalogue["Assistant practitioner"]


@pytest.fixture
def str_role(catalogue):
    return catalogue["Support, time and recovery worker"]


def target(role, number, due_on, **scope):
    return Target.objects.create(workforce_role=role, number=number, due_on=due_on, **scope)


# --- Sums -------------------------------------------------------------------------------------------------


@pytest.fixture
def returns(people, ap, str_role):
    """Two periods of returns in the region's two trusts, a trust of another region, and another role."""
    record(people.trust, ap, D(2025, 3, 31), 10, in_training=4, vacancies=2, starters=3, leavers=1)
    record(people.trust, ap, D(2025, 6, 30), 12, in_training=3, vacancies=1, starters=2, leavers=0)
    record(people.other_trust, ap, D(2025, 3, 31), 5, in_training=2, vacancies=4, starters=1, leavers=0)
    record(people.other_trust, ap, D(2025, 6, 30), 7, in_training=1, vacancies=3, starters=2, leavers=0)
    record(people.far_trust, ap, D(2025, 3, 31), 100, in_training=50, vacancies=9, starters=9, leavers=9)
    record(people.far_trust, ap, D(2025, 6, 30), 200, in_training=60, vacancies=9, starters=9, leavers=9)
    record(people.trust, str_role, D(2025, 3, 31), 40, in_training=8, vacancies=8, starters=8, leavers=8)
    record(people.trust, str_role, D(2025, 6, 30), 41, in_training=8, vacancies=8, starters=8, leavers=8)


def _summed(totals):
    return [(t.period_end, t.in_post, t.in_training, t.vacancies, t.starters, t.leavers) for t in totals]


def test_a_regions_totals_add_up_its_organisations_for_the_role_only(people, ap, returns):
    prog = services.progress(target(ap, 30, D(2026, 3, 31), region=people.region))
    assert _summed(prog.totals) == [
        (D(2025, 3, 31), 15, 6, 6, 4, 1),
        (D(2025, 6, 30), 19, 4, 4, 4, 0),
    ]
    assert all(sorted(t.returned) == sorted([people.trust.pk, people.other_trust.pk]) for t in prog.totals)
    assert all(t.carried == [] for t in prog.totals)


def test_the_national_total_adds_up_every_region(people, ap, returns):
    prog = services.progress(target(ap, 300, D(2026, 3, 31)))
    assert [(t.period_end, t.in_post, t.in_training) for t in prog.totals] == [
        (D(2025, 3, 31), 115, 56),
        (D(2025, 6, 30), 219, 64),
    ]


def test_an_organisations_target_counts_its_own_returns_of_the_role(people, ap, str_role, returns):
    assert [
        t.in_post for t in services.progress(target(ap, 20, D(2026, 3, 31), organisation=people.trust)).totals
    ] == [
        10,
        12,
    ]
    assert [t.in_post for t in services.progress(target(str_role, 50, D(2026, 3, 31))).totals] == [40, 41]


def test_an_organisation_without_a_return_for_a_period_is_carried_forward(people, ap):
    record(people.trust, ap, D(2025, 3, 31), 10, in_training=4, vacancies=2, starters=3, leavers=1)
    record(people.trust, ap, D(2025, 4, 30), 11, in_training=4, vacancies=2, starters=1, leavers=0)
    record(people.trust, ap, D(2025, 5, 31), 13, in_training=3, vacancies=1, starters=2, leavers=0)
    # The other trust returns quarterly: March, then not until June.
    record(people.other_trust, ap, D(2025, 3, 31), 5, in_training=2, vacancies=4, starters=5, leavers=0)
    record(people.other_trust, ap, D(2025, 6, 30), 8, in_training=1, vacancies=3, starters=3, leavers=0)
    totals = services.period_totals(
        ap, services.organisations_in_scope(target(ap, 30, D(2026, 3, 31), region=people.region))
    )
    # April and May carry the other trust's March figures (not its starters); June carries the trust's May.
    assert _summed(totals) == [
        (D(2025, 3, 31), 15, 6, 6, 8, 1),
        (D(2025, 4, 30), 16, 6, 6, 1, 0),
        (D(2025, 5, 31), 18, 5, 5, 2, 0),
        (D(2025, 6, 30), 21, 4, 4, 3, 0),
    ]
    assert [t.carried for t in totals] == [
        [],
        [people.other_trust.pk],
        [people.other_trust.pk],
        [people.trust.pk],
    ]


def test_an_organisation_counts_nothing_before_its_first_return(people, ap):
    record(people.trust, ap, D(2025, 3, 31), 10)
    record(people.trust, ap, D(2025, 6, 30), 12)
    record(people.other_trust, ap, D(2025, 6, 30), 5)
    totals = services.period_totals(
        ap, services.organisations_in_scope(target(ap, 30, D(2026, 3, 31), region=people.region))
    )
    assert [(t.period_end, t.in_post, t.carried) for t in totals] == [
        (D(2025, 3, 31), 10, []),
        (D(2025, 6, 30), 17, []),
    ]


def test_organisations_not_returned_for_the_latest_period_are_listed(people, ap, str_role):
    silent = OrganisationFactory(name="Westgate Care", kind="care_provider", region=people.region)
    record(people.trust, ap, D(2025, 3, 31), 10)
    record(people.trust, ap, D(2025, 6, 30), 12)
    record(people.other_trust, ap, D(2025, 3, 31), 5)
    record(silent, str_role, D(2025, 6, 30), 3)  # another role: not a return of this one
    record(people.far_trust, ap, D(2025, 3, 31), 100)  # another region
    prog = services.progress(target(ap, 30, D(2026, 3, 31), region=people.region))
    # The ICB is no employer and never returned, so it is not expected; Westgate Care is, with no return yet.
    assert [(m.organisation, m.last_period) for m in prog.not_returned] == [
        (people.other_trust, D(2025, 3, 31)),
        (silent, None),
    ]


def test_no_other_organisation_is_expected_to_return_an_organisations_own_role(people):
    own = WorkforceRole.objects.create(name="Peer support worker", band="3", organisation=people.trust)
    record(people.trust, own, D(2025, 3, 31), 2)
    # The other trust of the region cannot return the trust's own role, so it is not listed as missing it.
    assert services.not_returned(own, Organisation.objects.filter(region=people.region), D(2025, 3, 31)) == []
    assert [
        m.organisation for m in services.not_returned(own, Organisation.objects.all(), D(2025, 6, 30))
    ] == [people.trust]


def test_a_target_without_returns_has_no_totals_and_no_missing_list(people, ap):
    prog = services.progress(target(ap, 30, D(2026, 3, 31), region=people.region))
    assert prog.totals == [] and prog.latest is None and prog.not_returned == []
    assert "not enough returns" in prog.words
    assert services.progress_chart(prog) is None


# --- Projection -------------------------------------------------------------------------------------------


def test_month_numbers_make_month_ends_whole_and_come_back_to_the_day():
    assert services.month_number(D(2025, 3, 31)) == 2025 * 12 + 3
    assert services.month_number(D(2025, 4, 15)) == 2025 * 12 + 3 + Fraction(15, 30)
    for day in (D(2025, 3, 31), D(2025, 4, 15), D(2024, 2, 29), D(2025, 1, 1)):
        assert services.day_of(services.month_number(day)) == day


def test_the_projection_extends_a_straight_line_through_the_last_four_periods():
    points = [(D(2004, 12, 31), 100)]  # a fifth, older period: outside the window
    points += [(D(2005, 3, 31), 10), (D(2005, 6, 30), 16), (D(2005, 9, 30), 22), (D(2005, 12, 31), 28)]
    projection = services.project(points)
    assert projection.periods == 4
    assert projection.slope == 2  # people a month
    assert projection.value_at(D(2006, 12, 31)) == 28 + 12 * 2
    assert projection.reaches(40) == D(2006, 6, 30)


def test_the_least_squares_arithmetic_and_a_half_rounding_up():
    # Months 0..3 (January to April) at 10, 12, 11, 15: mean month 1.5, mean 12; slope 7 / 5 = 1.4.
    points = [(D(2025, 1, 31), 10), (D(2025, 2, 28), 12), (D(2025, 3, 31), 11), (D(2025, 4, 30), 15)]
    projection = services.project(points)
    assert projection.slope == Fraction(7, 5)
    assert projection.at(D(2025, 2, 28)) + projection.slope / 2 == 12  # the line passes through the means
    # October is month 9: 12 + 1.4 * 7.5 = 22.5, which rounds up to 23.
    assert projection.at(D(2025, 10, 31)) == Fraction(45, 2)
    assert projection.value_at(D(2025, 10, 31)) == 23


def test_two_periods_are_enough_and_one_is_not(people, ap):
    assert services.project([(D(2025, 3, 31), 10), (D(2025, 6, 30), 13)]).slope == 1
    one = services.project([(D(2025, 3, 31), 10)])
    assert not one.enough and one.trend is None and one.reaches(20) is None
    assert not services.project([]).enough
    record(people.trust, ap, D(2025, 3, 31), 10)
    prog = services.progress(target(ap, 30, D(2026, 3, 31), organisation=people.trust))
    assert prog.words == (
        "There are not enough returns to project: returns for only one period, and a trend needs at least "
        "two periods."
    )
    assert prog.projected is None


def test_a_flat_trend_projects_the_same_number_and_says_it_is_short(people, ap):
    for month_end in (D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)):
        record(people.trust, ap, month_end, 10)
    prog = services.progress(target(ap, 15, D(2025, 12, 31), organisation=people.trust))
    assert prog.projection.trend == "flat" and prog.projected == 10
    assert prog.words == (
        "Fitted through the last 3 periods: the trend is flat, so about 10 would be in post by "
        "31 December 2025: 5 short of the target of 15."
    )
    assert prog.projection.reaches(15) is None


def test_a_falling_trend_is_never_projected_below_zero(people, ap):
    for month_end, count in (
        (D(2025, 1, 31), 20),
        (D(2025, 2, 28), 15),
        (D(2025, 3, 31), 10),
        (D(2025, 4, 30), 5),
    ):
        record(people.trust, ap, month_end, count)
    prog = services.progress(target(ap, 15, D(2025, 7, 31), organisation=people.trust))
    assert prog.projection.slope == -5 and prog.projection.trend == "falling"
    assert prog.projected == 0  # the line is at -10 by July
    assert prog.words.startswith("Fitted through the last 4 periods: falling by about 5 a month, so about 0")
    assert prog.words.endswith("15 short of the target of 15.")


def test_a_rising_trend_says_when_it_reaches_the_target(people, ap):
    for month_end, count in (
        (D(2005, 3, 31), 10),
        (D(2005, 6, 30), 16),
        (D(2005, 9, 30), 22),
        (D(2005, 12, 31), 28),
    ):
        record(people.trust, ap, month_end, count)
    prog = services.progress(target(ap, 40, D(2006, 12, 31), organisation=people.trust))
    assert prog.projected == 52
    assert prog.words == (
        "Fitted through the last 4 periods: rising by about 2 a month, so about 52 would be in post by "
        "31 December 2006; at that rate the target of 40 is reached around June 2006."
    )


def test_returns_that_reach_the_target_date_say_whether_it_was_met(people, ap):
    record(people.trust, ap, D(2006, 9, 30), 30)
    record(people.trust, ap, D(2006, 12, 31), 38)
    record(people.trust, ap, D(2007, 3, 31), 45)
    prog = services.progress(target(ap, 40, D(2006, 12, 31), organisation=people.trust))
    assert prog.reaches_target_date and prog.at_target_date.in_post == 38 and not prog.met
    assert prog.projected is None
    assert prog.words == "The returns reach the target date, so there is nothing to project."
    assert services.progress(target(ap, 38, D(2006, 12, 31), organisation=people.other_trust)).met is False
    assert services.progress(target(ap, 38, D(2007, 1, 31), organisation=people.trust)).met


def test_the_chart_draws_the_returns_the_target_and_the_dashed_projection(people, ap):
    for month_end, count in ((D(2005, 3, 31), 10), (D(2005, 6, 30), 16), (D(2005, 9, 30), 22)):
        record(people.trust, ap, month_end, count)
    chart = services.progress_chart(
        services.progress(target(ap, 40, D(2006, 12, 31), organisation=people.trust))
    )
    actual, trend = chart["series"]
    assert [label for _x, _y, label in actual.points][-1] == "30 September 2005: 22 in post"
    assert actual.dash == "" and trend.dash
    assert trend.points[-1][0] == pytest.approx(
        chart["target"]["x"]
    )  # the projection ends at the target date
    assert chart["target"]["label"] == "Target: 40 by 31 December 2006"
    assert [label for label, _y in chart["grid"]] == ["0", "15", "30", "45", "60"]  # above the projected 52


# --- Refusals ---------------------------------------------------------------------------------------------


def test_a_negative_headcount_is_refused_and_nothing_saved(people, ap):
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2025, 3, 31), -1, leavers=-2)
    assert refused.value.message_dict == {
        "in_post": ["People in post cannot be negative"],
        "leavers": ["Leavers cannot be negative"],
    }
    assert not HeadcountReturn.objects.exists()


def test_a_period_ending_in_the_future_is_refused(people, ap):
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2026, 6, 30), 10)  # TODAY is 15 June 2026
    assert refused.value.message_dict["period_end"] == [
        "The period ends on 30 June 2026, which is in the future: make the return once the period has ended"
    ]
    assert not HeadcountReturn.objects.exists()


def test_a_period_ends_on_the_last_day_of_a_month(people, ap):
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2025, 3, 15), 10)
    assert refused.value.message_dict["period_end"] == [
        "A period ends on the last day of a month: for March 2025, enter 31 March 2025"
    ]


def test_one_return_per_organisation_role_and_period(people, ap):
    first = record(people.trust, ap, D(2025, 3, 31), 10)
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2025, 3, 31), 11)
    assert "correct that one instead" in refused.value.message_dict["period_end"][0]
    record(people.other_trust, ap, D(2025, 3, 31), 11)  # another organisation may
    with pytest.raises(IntegrityError), transaction.atomic():
        HeadcountReturn.objects.create(
            organisation=people.trust, workforce_role=ap, period_end=first.period_end, **figures(1)
        )


def test_the_same_return_recorded_twice_at_the_same_moment_is_refused_with_a_message(people, ap, monkeypatch):
    # Both requests pass the check before either saves: the second meets the unique constraint, and is told.
    record(people.trust, ap, D(2025, 3, 31), 10)
    monkeypatch.setattr(services, "already_returned", lambda *args, **kwargs: False)
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2025, 3, 31), 11)
    assert "correct that one instead" in refused.value.message_dict["period_end"][0]
    assert list(HeadcountReturn.objects.values_list("in_post", flat=True)) == [10]


def test_a_period_in_a_mistyped_year_is_refused(people, ap):
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(26, 3, 31), 10)
    assert refused.value.message_dict["period_end"] == [
        "The period ends on 31 March 26, before 2000: check the year"
    ]
    assert not HeadcountReturn.objects.exists()


def test_a_figure_too_large_to_be_a_headcount_is_refused(people, ap):
    with pytest.raises(ValidationError) as refused:
        record(people.trust, ap, D(2025, 3, 31), 3_000_000_000)
    assert refused.value.message_dict["in_post"] == [
        "People in post is more than 999,999,999: check the figure"
    ]


def test_a_correction_that_changes_nothing_records_no_correction(people, ap):
    first = record(people.trust, ap, D(2025, 3, 31), 10, in_training=2)
    versions = first.history.count()
    again = services.save_return(
        organisation=people.trust,
        by=people.lead,
        headcount_return=first,
        workforce_role=ap,
        period_end=D(2025, 3, 31),
        today=TODAY,
        **figures(10, in_training=2),
    )
    again.refresh_from_db()
    assert again.corrected_by is None and again.corrected_at is None
    assert again.history.count() == versions


def test_a_correction_keeps_the_submitter_and_records_who_corrected(people, ap):
    first = record(people.trust, ap, D(2025, 3, 31), 10)
    first.submitted_by = people.other_lead
    first.save()
    versions = first.history.count()
    corrected = services.save_return(
        organisation=people.trust,
        by=people.lead,
        headcount_return=first,
        workforce_role=ap,
        period_end=D(2025, 3, 31),
        today=TODAY,
        **figures(11, in_training=1),
    )
    corrected.refresh_from_db()
    assert (corrected.in_post, corrected.in_training) == (11, 1)
    assert corrected.submitted_by == people.other_lead and corrected.corrected_by == people.lead
    assert corrected.history.count() == versions + 1  # every correction is kept in the history


def test_another_organisations_own_role_cannot_be_returned(people):
    theirs = WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.other_trust)
    with pytest.raises(ValidationError) as refused:
        record(people.trust, theirs, D(2025, 3, 31), 1)
    assert "workforce_role" in refused.value.message_dict
    assert record(people.other_trust, theirs, D(2025, 3, 31), 1).pk


def test_a_target_is_at_least_one_and_never_for_a_region_and_an_organisation(people, ap):
    with pytest.raises(ValidationError) as refused:
        services.save_target(
            by=people.lead, workforce_role=ap, number=0, due_on=D(2027, 3, 31), organisation=people.trust
        )
    assert refused.value.message_dict == {"number": ["A target is at least 1 person in post"]}
    with pytest.raises(ValidationError):
        services.save_target(
            by=people.lead,
            workforce_role=ap,
            number=5,
            due_on=D(2027, 3, 31),
            organisation=people.trust,
            region=people.region,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            workforce_role=ap,
            number=5,
            due_on=D(2027, 3, 31),
            organisation=people.trust,
            region=people.region,
        )
    assert not Target.objects.exists()


def test_one_target_per_role_date_and_scope_nationally_too(people, ap, administrator):
    services.save_target(by=administrator, workforce_role=ap, number=5, due_on=D(2027, 3, 31))
    with pytest.raises(ValidationError) as refused:
        services.save_target(by=administrator, workforce_role=ap, number=6, due_on=D(2027, 3, 31))
    assert "already a target" in refused.value.message_dict["due_on"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(workforce_role=ap, number=7, due_on=D(2027, 3, 31))  # nulls are not distinct
    services.save_target(
        by=people.regional, workforce_role=ap, number=5, due_on=D(2027, 3, 31), region=people.region
    )
    assert Target.objects.count() == 2


# --- Trainees who completed since the last return ---------------------------------------------------------


def _month_ends():
    today = datetime.date.today()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    before = last.replace(day=1) - datetime.timedelta(days=1)
    return before, last


def _complete(enrolment, by, on, status=Enrolment.Status.COMPLETED):
    trainee_services.change_status(enrolment=enrolment, status=status, by=by, changed_on=on)


def test_trainees_completing_since_the_last_return_suggest_a_change(people, ap, cohort_setup):
    before, last = _month_ends()
    record_past = services.save_return  # returns in the past relative to the real today
    record_past(
        organisation=people.trust, by=people.lead, workforce_role=ap, period_end=before, **figures(5, 2)
    )
    _complete(cohort_setup.enrolment, people.lead, before + datetime.timedelta(days=3))
    _complete(cohort_setup.other_enrolment, people.lead, before)  # on the last return's day: counted in it
    found = services.suggestion(people.trust, ap, period_end=last)
    assert found.count == 1 and found.since == before and found.until == last
    assert [c.enrolment for c in found.completions] == [cohort_setup.enrolment]
    assert found.completions[0].completed_on == before + datetime.timedelta(days=3)
    previous = services.previous_return(people.trust, ap, before=last)
    assert found.applied_to(previous) == (6, 1)
    # The next return (no period given) looks from the latest return up to today.
    assert services.suggestion(people.trust, ap).count == 1


def test_what_does_not_count_as_completing(people, ap, str_role, cohort_setup):
    before, last = _month_ends()
    services.save_return(
        organisation=people.trust, by=people.lead, workforce_role=ap, period_end=before, **figures(5, 2)
    )
    _complete(cohort_setup.enrolment, people.lead, last, status=Enrolment.Status.WITHDRAWN)
    _complete(cohort_setup.other_enrolment, people.lead, last, status=Enrolment.Status.PROGRESSED)
    assert services.suggestion(people.trust, ap, period_end=last) is None
    # A role with no standard, or trained by another standard, has no trainees to suggest.
    assert services.completions(people.trust, str_role, after=D(2000, 1, 1), until=last) == []


def test_no_suggestion_without_a_previous_return_or_for_another_organisation(people, ap, cohort_setup):
    before, last = _month_ends()
    _complete(cohort_setup.enrolment, people.lead, last)
    assert services.suggestion(people.trust, ap, period_end=last) is None  # the first return counts everyone
    services.save_return(
        organisation=people.other_trust,
        by=people.other_lead,
        workforce_role=ap,
        period_end=before,
        **figures(1),
    )
    assert services.suggestion(people.other_trust, ap, period_end=last) is None  # alice is the trust's


def test_a_passed_end_point_assessment_dates_a_completion_without_a_status_change(people, ap, cohort_setup):
    before, last = _month_ends()
    services.save_return(
        organisation=people.trust, by=people.lead, workforce_role=ap, period_end=before, **figures(5, 2)
    )
    enrolment = cohort_setup.enrolment
    EndPointAssessment.objects.create(
        enrolment=enrolment,
        assessment_organisation="EPAO",
        observation_on=before,
        discussion_on=before,
        observation_result="pass",
        discussion_result="pass",
        grade="pass",
        result_on=last,
        booked_by=people.lead,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    found = services.suggestion(people.trust, ap, period_end=last)
    assert [(c.enrolment, c.completed_on) for c in found.completions] == [(enrolment, last)]


# --- Returns due ------------------------------------------------------------------------------------------


def test_a_return_is_due_when_the_region_has_returned_a_later_period_in_the_last_year(people, ap, str_role):
    record(people.trust, ap, D(2026, 3, 31), 10)
    record(people.other_trust, ap, D(2026, 3, 31), 5)
    record(people.other_trust, ap, D(2026, 4, 30), 6)
    record(people.far_trust, ap, D(2026, 5, 31), 6)  # another region's later period: not the trust's concern
    record(people.trust, str_role, D(2024, 3, 31), 3)
    record(people.other_trust, str_role, D(2025, 3, 31), 3)  # more than a year before TODAY
    due = services.returns_due([people.trust.pk, people.other_trust.pk], today=TODAY)
    assert [(d.organisation, d.workforce_role, d.period_end) for d in due] == [
        (people.trust, ap, D(2026, 4, 30))
    ]
    assert services.returns_due([people.other_trust.pk], today=TODAY) == []
