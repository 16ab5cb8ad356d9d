"""Off-the-job rules by start date (trainees/offthejob.py, docs/adr/0009-off-the-job-rules.md): the rule
each start date falls under, the required total, the plan to date, refusals at logging and the status."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from trainees import offthejob, selectors, services
from trainees.models import Enrolment, LearningContract, StudyTimeEntry
from trainees.offthejob import FROM_2022, FROM_2025, PRE_2022, Status

D = datetime.date
TODAY = datetime.date.today()
YEAR_OF_WEEKS = 364  # 52 weeks on programme; 46.41504 after statutory leave (52 − 52 × 5.6 ÷ 52.14)


def days(n):
    return datetime.timedelta(days=n)


def required(start, contracted="37.5", minimum=0, prior=0, length=YEAR_OF_WEEKS):
    return offthejob.requirement(
        start=start,
        planned_end=start + days(length),
        contracted=Decimal(contracted),
        programme_minimum=minimum,
        prior_learning=Decimal(prior),
    )


# --- The rule by start date, edge dates exact ---


@pytest.mark.parametrize(
    "start, rule",
    [
        (D(2021, 9, 1), PRE_2022),
        (D(2022, 7, 31), PRE_2022),
        (D(2022, 8, 1), FROM_2022),
        (D(2025, 7, 31), FROM_2022),
        (D(2025, 8, 1), FROM_2025),
        (D(2026, 9, 1), FROM_2025),
    ],
)
def test_the_rule_follows_the_start_date(start, rule):
    assert offthejob.rule_for(start) is rule
    assert required(start, minimum=400).rule is rule


def test_before_1_august_2022_it_is_20_percent_of_contracted_hours_less_statutory_leave():
    need = required(D(2022, 7, 31))
    assert need.total == Decimal("348.1")  # 7.5 h a week × 46.41504 weeks
    assert need.working[0] == "20% of 37.5 hours contracted a week: 7.5 hours a week."


def test_from_1_august_2022_it_is_6_hours_a_week_for_30_hours_or_more():
    assert required(D(2022, 8, 1)).total == Decimal("278.5")  # 6 × 46.41504
    assert required(D(2025, 7, 31), contracted="30").total == Decimal("278.5")
    assert required(D(2025, 7, 31), contracted="45").total == Decimal("278.5")  # never more than 6


def test_part_time_is_pro_rata_under_the_2022_rule_and_20_percent_before_it():
    need = required(D(2023, 1, 9), contracted="22.5")
    assert need.total == Decimal("208.9")  # 6 × 22.5 ÷ 30 = 4.5 h a week × 46.41504
    assert need.working[0] == "Part time, pro rata: 6 × 22.5 ÷ 30 = 4.5 hours a week."
    assert required(D(2022, 7, 31), contracted="22.5").total == Decimal("208.9")  # 20% of 22.5 is 4.5 too
    assert required(D(2022, 7, 31), contracted="15").total == Decimal("139.2")  # 3 h a week


def test_from_1_august_2025_it_is_the_programmes_minimum_whatever_the_hours():
    assert required(D(2025, 8, 1), minimum=400).total == 400
    assert required(D(2025, 8, 1), contracted="22.5", minimum=400).total == 400
    # The day before, the same trainee is under the 6-hour rule.
    assert required(D(2025, 7, 31), minimum=400).total == Decimal("278.5")


def test_prior_learning_reduces_the_2025_minimum_down_to_the_floor_of_187_hours():
    reduced = required(D(2025, 8, 1), minimum=400, prior=100)
    assert (reduced.total, reduced.floor_applies) == (300, False)
    assert "Less 100 hours for prior learning" in reduced.working[1]
    at_floor = required(D(2025, 8, 1), minimum=400, prior=213)
    assert (at_floor.total, at_floor.floor_applies) == (187, False)  # exactly the floor: not below it
    floored = required(D(2025, 8, 1), minimum=400, prior=250)
    assert (floored.total, floored.floor_applies) == (187, True)
    assert "below the floor" in floored.working[-1]


def test_prior_learning_with_no_programme_minimum_keeps_the_floor_and_says_so():
    need = required(D(2025, 9, 1), minimum=0, prior=20)
    assert need.total == 187
    assert not any(": 0 hours" in line for line in need.working)  # was "Less 20 hours ...: 0 hours."
    assert "cannot take the required total below the floor of 187 hours" in need.working[-1]


def test_prior_learning_under_the_earlier_rules_shortens_the_duration_instead():
    need = required(D(2024, 1, 8), prior=50)
    assert need.total == Decimal("278.5")
    assert "shortens the planned duration" in need.problems[0]


def test_an_unset_programme_minimum_and_a_short_programme_are_called_out():
    unset = required(D(2025, 9, 1), minimum=0)
    assert unset.total == 187 and "not set" in unset.problems[0]
    short = required(D(2025, 9, 1), minimum=400, length=200)
    assert any("shorter than 8 months" in p for p in short.problems)
    assert not required(D(2025, 9, 1), minimum=400, length=245).problems  # 1 Sep to 4 May: 8 months


# --- The plan to date ---

START = D(2026, 1, 5)


def plan(today, contracts=((Decimal("7.5"), START),), breaks=(), gateway_on=None, minimum=300, start=START):
    return offthejob.plan(
        start=start,
        planned_end=start + days(728),  # 104 weeks
        contracted=Decimal("37.5"),
        programme_minimum=minimum,
        prior_learning=ZERO,
        contracts=list(contracts),
        breaks=list(breaks),
        gateway_on=gateway_on,
        today=today,
    )


ZERO = Decimal("0")


def test_the_plan_is_the_larger_of_the_contracts_hours_and_the_rules_even_pace():
    assert plan(START + days(70)).planned_to_date == 75  # 7.5 a week beats 300 h ÷ 104 weeks
    low = plan(START + days(70), contracts=[(Decimal("1"), START)], minimum=1040)
    assert low.rule_pace == 10 and low.planned_to_date == 100  # the rule's 10 h a week beats 1 h


def test_a_break_pauses_the_plan_and_moves_the_end_on_by_its_length():
    brk = (START + days(28), START + days(42))  # two weeks
    paused = plan(START + days(70), breaks=[brk])
    assert paused.planned_to_date == Decimal("7.5") * 8  # ten weeks less the two of the break
    assert paused.ends_on == START + days(728 + 14)
    assert paused.requirement.total == plan(START + days(70)).requirement.total  # the total is the same


def test_an_open_break_moves_the_end_on_by_its_length_so_far():
    open_break = plan(START + days(70), breaks=[(START + days(63), None)])
    assert open_break.planned_to_date == Decimal("7.5") * 9  # nothing planned from day 63 on
    assert open_break.ends_on == START + days(728 + 8)  # days 63 to 70, today included


def test_a_contract_change_part_way_never_rewrites_the_plan_before_it():
    change = START + days(56)
    before = plan(START + days(49))
    after_change = plan(START + days(49), contracts=[(Decimal("7.5"), START), (Decimal("15"), change)])
    assert before.planned_to_date == after_change.planned_to_date == Decimal("52.5")
    later = plan(START + days(70), contracts=[(Decimal("7.5"), START), (Decimal("15"), change)])
    assert later.planned_to_date == Decimal("7.5") * 8 + Decimal("15") * 2


def test_the_plan_stops_at_gateway():
    at_gateway = plan(START + days(140), gateway_on=START + days(70))
    assert at_gateway.planned_to_date == 75 and at_gateway.stopped_at_gateway and at_gateway.weeks_left == 0


# --- Status against time: each boundary ---


def status(confirmed, planned="100", week="7.5", required="300", pace="3", weeks_left="50"):
    return offthejob.decide_status(
        planned_to_date=Decimal(planned),
        confirmed=Decimal(confirmed),
        week_hours=Decimal(week),
        required=Decimal(required),
        rule_pace=Decimal(pace),
        weeks_left=Decimal(weeks_left),
    )


def test_exactly_a_weeks_plan_behind_is_on_track_and_a_tenth_more_is_behind():
    assert status("92.5") == Status.ON_TRACK
    assert status("92.4") == Status.BEHIND
    assert status("120") == Status.ON_TRACK


def test_at_risk_when_catching_up_needs_more_than_one_and_a_half_times_the_rules_pace():
    # 225 h still needed over 50 weeks at 3 h a week: 1.5 × 3 × 50 = 225 exactly is only behind.
    assert status("75") == Status.BEHIND
    assert status("74.9") == Status.AT_RISK
    assert status("299.9", planned="300", weeks_left="0") == Status.AT_RISK  # the end, short
    assert status("300", planned="300", weeks_left="0") == Status.ON_TRACK


# --- Trainees in the database: the enrolment's facts, breaks, refusals at logging ---

pytestmark = pytest.mark.django_db


def log(setup, people, on, activity="taught", hours="3", **extra):
    return services.log_study_time(
        enrolment=setup.enrolment,
        by=people.trainee,
        date=on,
        hours=Decimal(hours),
        activity=activity,
        **extra,
    )


def test_the_trainees_own_start_decides_the_rule(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    services.update_enrolment(
        enrolment=enrolment,
        start_date=D(2025, 7, 31),
        planned_end_date=D(2027, 7, 31),
        contracted_hours_per_week=Decimal("22.5"),
    )
    row = selectors.trainee_row(enrolment)
    assert row.study_time.rule is FROM_2022
    assert row.study_time.required == offthejob.tenth(Decimal("4.5") * offthejob.working_weeks(730))
    services.update_enrolment(enrolment=enrolment, start_date=D(2025, 8, 1))
    row = selectors.trainee_row(enrolment)
    assert row.study_time.rule is FROM_2025 and row.study_time.required == 300


def test_a_planned_end_before_the_start_is_refused(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    with pytest.raises(ValidationError, match="planned end must be after the start"):
        services.update_enrolment(enrolment=enrolment, planned_end_date=enrolment.cohort.start_date)


def test_logging_refuses_time_after_gateway(people, cohort_setup):
    services.reach_gateway(enrolment=cohort_setup.enrolment, on=TODAY - days(3))
    log(cohort_setup, people, TODAY - days(4))  # the day before gateway counts
    with pytest.raises(ValidationError, match="Off-the-job logging stops at gateway on"):
        log(cohort_setup, people, TODAY - days(3))
    assert StudyTimeEntry.objects.count() == 1


def test_logging_refuses_days_in_a_break(people, cohort_setup):
    services.add_break(
        enrolment=cohort_setup.enrolment,
        by=people.lead,
        starts_on=TODAY - days(20),
        ends_on=TODAY - days(10),
        reason="Illness",
    )
    with pytest.raises(ValidationError, match="in a break in learning"):
        log(cohort_setup, people, TODAY - days(20))
    with pytest.raises(ValidationError, match="in a break in learning"):
        log(cohort_setup, people, TODAY - days(11))
    log(cohort_setup, people, TODAY - days(10))  # training resumed
    log(cohort_setup, people, TODAY - days(21))
    assert StudyTimeEntry.objects.count() == 2


@pytest.mark.parametrize(
    "activity, words", [("progress_review", "Progress reviews"), ("english_maths", "English")]
)
def test_logging_refuses_what_does_not_count(people, cohort_setup, activity, words):
    with pytest.raises(ValidationError, match=f"{words}.*do not count as off-the-job training"):
        log(cohort_setup, people, TODAY - days(2), activity=activity)
    assert not StudyTimeEntry.objects.exists()


def test_logging_refuses_time_outside_paid_hours(people, cohort_setup):
    with pytest.raises(ValidationError, match="must take place in the trainee's paid working hours"):
        log(cohort_setup, people, TODAY - days(2), in_paid_hours=False)
    assert not StudyTimeEntry.objects.exists()


def test_logging_refuses_days_before_a_late_joiner_started(people, cohort_setup):
    services.update_enrolment(enrolment=cohort_setup.enrolment, start_date=TODAY - days(14))
    with pytest.raises(ValidationError, match="before the trainee started"):
        log(cohort_setup, people, TODAY - days(15))


def test_the_form_shows_the_refusal_beside_the_field_and_saves_nothing(client, people, cohort_setup):
    services.reach_gateway(enrolment=cohort_setup.enrolment, on=TODAY - days(3))
    client.force_login(people.trainee)
    url = reverse("trainees:study_time", args=[cohort_setup.enrolment.pk])
    response = client.post(url, {"date": (TODAY - days(1)).isoformat(), "hours": "2", "activity": "taught"})
    assert response.status_code == 400
    html = response.text
    assert html.count("Off-the-job logging stops at gateway on") >= 2  # in the summary and by the date
    assert html.count("paid working hours. Time outside them is not logged") >= 2  # the box was not ticked
    assert 'id="date-error"' in html or "nhsuk-error-message" in html
    assert not StudyTimeEntry.objects.exists()


# --- Breaks in learning, through the pages ---


def test_lead_records_and_ends_a_break_and_the_trainee_is_on_a_break_meanwhile(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:break_add", args=[enrolment.pk]),
        {"starts_on": (TODAY - days(14)).isoformat(), "ends_on": "", "reason": "Maternity leave"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ON_BREAK
    brk = enrolment.breaks.get()
    page = client.get(reverse("trainees:enrolment_detail", args=[enrolment.pk])).text
    assert "Maternity leave" in page and "Continuing" in page and "moved on from" in page
    response = client.post(reverse("trainees:break_end", args=[brk.pk]), {"ends_on": TODAY.isoformat()})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    plan_now = selectors.trainee_row(enrolment).study_time.plan
    assert plan_now.ends_on == enrolment.planned_end_on + days(14)


def test_overlapping_breaks_and_backwards_dates_are_refused(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    services.add_break(
        enrolment=enrolment,
        by=people.lead,
        starts_on=TODAY - days(30),
        ends_on=TODAY - days(20),
        reason="Ill",
    )
    with pytest.raises(ValidationError, match="overlaps another break"):
        services.add_break(
            enrolment=enrolment, by=people.lead, starts_on=TODAY - days(25), reason="Ill again"
        )
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:break_add", args=[enrolment.pk]),
        {"starts_on": (TODAY - days(5)).isoformat(), "ends_on": (TODAY - days(6)).isoformat(), "reason": "x"},
    )
    assert response.status_code == 400 and "Training resumes after the break starts" in response.text
    assert enrolment.breaks.count() == 1


def test_a_break_that_has_not_begun_is_refused(client, people, cohort_setup):
    """A future break would never put the trainee on a break and its "End the break" could never succeed."""
    enrolment = cohort_setup.enrolment
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:break_add", args=[enrolment.pk]),
        {"starts_on": (TODAY + days(10)).isoformat(), "reason": "Planned surgery"},
    )
    assert response.status_code == 400 and "Record a break once it has begun" in response.text
    assert not enrolment.breaks.exists()


def test_only_the_lead_reaches_the_break_pages(client, people, cohort_setup):
    url = reverse("trainees:break_add", args=[cohort_setup.enrolment.pk])
    data = {"starts_on": TODAY.isoformat(), "reason": "Ill"}
    for someone, code in ((people.trainee, 403), (people.mentor, 403), (people.other_lead, 404)):
        client.force_login(someone)
        assert client.get(url).status_code == code
        assert client.post(url, data).status_code == code
    assert not cohort_setup.enrolment.breaks.exists()
    brk = services.add_break(enrolment=cohort_setup.enrolment, by=people.lead, starts_on=TODAY, reason="Ill")
    client.force_login(people.trainee)
    assert client.post(reverse("trainees:break_end", args=[brk.pk]), {"ends_on": TODAY}).status_code == 403


def test_lead_sets_contracted_hours_and_a_late_start_on_the_edit_form(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:enrolment_edit", args=[enrolment.pk]),
        {
            "mentors": [people.mentor.pk],
            "manager": cohort_setup.manager.pk,
            "lecturer": cohort_setup.lecturer.pk,
            "service": "Elm Ward",
            "contracted_hours_per_week": "22.5",
            "start_date": D(2025, 7, 31).isoformat(),
            "planned_end_date": D(2027, 1, 31).isoformat(),
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.contracted_hours_per_week, enrolment.starts_on) == (Decimal("22.5"), D(2025, 7, 31))
    page = client.get(reverse("trainees:study_time", args=[enrolment.pk])).text
    assert "6 hours a week" in page and "Part time, pro rata: 6 × 22.5 ÷ 30 = 4.5 hours a week." in page


# --- The cohort page, dashboards and report ---


def confirmed(setup, people, trainee, manager, on, hours):
    entry = services.log_study_time(
        enrolment=setup, by=trainee, date=on, hours=Decimal(hours), activity="taught"
    )
    services.decide_study_time(entry=entry, by=manager, confirm=True)


def test_cohort_page_shows_each_trainees_status_with_totals_not_multiplied(client, people, cohort_setup):
    alice, bob = cohort_setup.enrolment, cohort_setup.other_enrolment
    services.update_enrolment(enrolment=bob, manager=cohort_setup.manager)
    for n in range(10):  # alice: 7.5 h in each of the ten weeks: on track
        confirmed(alice, people, people.trainee, cohort_setup.manager, TODAY - days(7 * n + 1), "7.5")
    for n in range(3):  # bob: 3 × 4 h of 75 planned: far behind, and at risk
        confirmed(bob, people, people.other_trainee, cohort_setup.manager, TODAY - days(7 * n + 2), "4")
    services.log_study_time(
        enrolment=bob, by=people.other_trainee, date=TODAY - days(1), hours=Decimal("2"), activity="taught"
    )
    for held in (40, 20):
        services.record_review(
            enrolment=bob, by=cohort_setup.manager, held_on=TODAY - days(held), progress="x", actions="y"
        )
    client.force_login(people.lead)
    response = client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk]))
    rows = {r.enrolment.pk: r for r in response.context["rows"]}
    assert (rows[alice.pk].study_time.confirmed, rows[alice.pk].off_the_job) == (75, Status.ON_TRACK)
    assert (rows[bob.pk].study_time.confirmed, rows[bob.pk].study_time.pending) == (12, 2)
    assert rows[bob.pk].off_the_job == Status.BEHIND  # 63 h behind; 288 h needed in 94 weeks is catchable
    flags = response.context["flags"]
    assert (flags.on_track, flags.behind, flags.at_risk) == (1, 1, 0)
    html = response.text
    assert ">On track</strong>" in html and ">Behind</strong>" in html and "1 behind" in html
    assert "300\u00a0h required" in html


def test_dashboards_show_the_status_to_trainee_and_manager(client, people, cohort_setup):
    client.force_login(people.trainee)
    html = client.get(reverse("dashboard")).text
    assert "Off-the-job training:" in html and ">Behind</strong>" in html
    client.force_login(cohort_setup.manager)
    assert ">Behind</strong>" in client.get(reverse("dashboard")).text


def test_cohort_report_shows_the_status_and_rule(people, cohort_setup):
    from django.template.loader import render_to_string

    from competencies.reports import build_cohort

    context = build_cohort(cohort_setup.cohort)
    assert context["flags"]["behind"] == 2
    html = render_to_string("reports/cohort.html", context)
    assert "Behind</strong>" in html and "the programme&#x27;s minimum hours" in html


def test_a_contract_change_on_the_page_keeps_the_plan_before_it(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff")
    contract = services.current_contract(cohort_setup.enrolment)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    before = selectors.study_time_summary(cohort_setup.enrolment, today=TODAY - days(14)).planned_to_date
    new = services.change_contract(contract=contract, by=people.lead, study_hours_per_week=Decimal("2"))
    LearningContract.objects.filter(pk=new.pk).update(created_at=timezone.now() - days(7))
    assert (
        selectors.study_time_summary(cohort_setup.enrolment, today=TODAY - days(14)).planned_to_date == before
    )
    # From the change on, the rule's even pace (300 h over 104 weeks) is more than the contract's 2 h.
    now = selectors.study_time_summary(cohort_setup.enrolment)
    assert now.planned_to_date == Decimal("7.5") * 9 + (Decimal(300) * 7 / 728 * 7 / 7).quantize(
        Decimal("0.1")
    )


def test_a_late_joiner_is_planned_from_their_own_start(people, cohort_setup):
    joiner = services.enrol(cohort=cohort_setup.cohort, trainee=UserFactory(), by=people.lead)
    services.update_enrolment(enrolment=joiner, start_date=TODAY - days(14))
    assert selectors.study_time_summary(joiner).planned_to_date == 15


def test_a_trainee_near_their_planned_end_and_short_is_at_risk_everywhere(client, people, cohort_setup):
    services.update_enrolment(enrolment=cohort_setup.enrolment, planned_end_date=TODAY + days(14))
    row = selectors.trainee_row(cohort_setup.enrolment)
    assert row.off_the_job == Status.AT_RISK and row.short_of_study_time
    client.force_login(people.lead)
    html = client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk])).text
    assert "1 at risk" in html and ">At risk</strong>" in html
    assert "1 at risk of missing their off-the-job hours" in client.get(reverse("dashboard")).text
    client.force_login(people.trainee)
    assert ">At risk</strong>" in client.get(reverse("dashboard")).text


def test_the_cohort_at_a_glance_shows_no_green_zero_on_track(client, people, cohort_setup):
    """Everyone at risk: the at-a-glance row says so, without a green "0 on track" tag beside it."""
    for enrolment in (cohort_setup.enrolment, cohort_setup.other_enrolment):
        services.update_enrolment(enrolment=enrolment, planned_end_date=TODAY + days(14))
    client.force_login(people.lead)
    response = client.get(reverse("trainees:cohort_detail", args=[cohort_setup.cohort.pk]))
    assert (response.context["flags"].on_track, response.context["flags"].at_risk) == (0, 2)
    assert "2 at risk" in response.text and "0 on track" not in response.text


def test_the_enrolment_page_gives_the_planned_end_after_breaks(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    services.add_break(
        enrolment=enrolment, by=people.lead, starts_on=TODAY - days(21), ends_on=TODAY - days(7), reason="Ill"
    )
    end = enrolment.planned_end_on
    client.force_login(people.lead)
    html = client.get(reverse("trainees:enrolment_detail", args=[enrolment.pk])).text
    after = end + days(14)
    assert f"planned end of training {end.day} {end:%B %Y}" in html
    assert f", {after.day} {after:%B %Y} after breaks in learning</dd>" in html


def test_the_study_time_page_says_logging_stopped_at_gateway(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    page = reverse("trainees:study_time", args=[enrolment.pk])
    client.force_login(people.trainee)
    assert 'id="logging-stopped"' not in client.get(page).text
    services.reach_gateway(enrolment=enrolment, on=TODAY - datetime.timedelta(days=3))
    text = client.get(page).text
    assert "Off-the-job logging stopped at gateway on" in text and f"{enrolment.gateway_on:%-d %B %Y}" in text
