"""Demo data: the first trust's first cohort of seven trainees, at different points (seed 000's model)."""

import datetime
from decimal import Decimal

from accounts.models import Membership
from accounts.services import grant_role

from . import services
from .models import Cohort, Enrolment, Programme, StudyTimeEntry

# username, first, last, service, mentor, contract signed by, weeks of study time taken of those planned,
# weeks since last review (None: no review yet), previous role, why applied
TRAINEES = [
    (
        "trainee",
        "Sam",
        "Taylor",
        "Elm Ward",
        "mentor",
        "all",
        1.0,
        6,
        "Healthcare assistant, band 3",
        "To use what I know about physical health on the ward, and as a step towards nursing.",
    ),
    (
        "trainee2",
        "Jordan",
        "Lee",
        "Oak Ward",
        "mentor2",
        "trainee",
        0.55,
        15,
        "Support worker, band 2",
        "I want more responsibility and to understand the care I give.",
    ),
    ("ap.patel", "Nina", "Patel", "Elm Ward", "mentor", "all", 1.0, 4, "Healthcare assistant, band 3", ""),
    ("ap.brown", "Luke", "Brown", "Ash Ward", "mentor2", "all", 0.85, 9, "Activity coordinator, band 3", ""),
    ("ap.evans", "Megan", "Evans", "Oak Ward", "mentor", "none", 0.9, 11, "Healthcare assistant, band 3", ""),
    ("ap.hussain", "Omar", "Hussain", "Ash Ward", "mentor2", "all", 0.7, 5, "Support worker, band 2", ""),
    (
        "ap.walsh",
        "Ciara",
        "Walsh",
        "Elm Ward",
        "mentor",
        "trainee mentor",
        1.05,
        None,
        "Healthcare assistant",
        "",
    ),
]
SERVICE_COVER = "The ward's bank staff cover study days, booked four weeks ahead by the ward manager."
WEEKS_IN = 36  # the cohort started this many weeks ago


def seed(demo):
    trust, people = demo["organisations"]["trust"], demo["people"]
    lead = people["lead"]
    programme = Programme.objects.filter(
        organisation=trust, name="Assistant practitioner (mental health)"
    ).first()
    if programme is None:
        programme = services.save_programme(
            programme=Programme(),
            organisation=trust,
            name="Assistant practitioner (mental health)",
            standard=demo["standard"],
            university=demo["organisations"]["university"],
            award="FdSc Mental Health",
            length_months=24,
            review_interval_weeks=12,
            minimum_study_hours=0,
        )
    cohort = Cohort.objects.filter(organisation=trust, name="Cohort 1").first()
    today = datetime.date.today()
    if cohort is None:
        start = today - datetime.timedelta(weeks=WEEKS_IN)
        cohort = services.save_cohort(
            cohort=Cohort(organisation=trust),
            programme=programme,
            name="Cohort 1",
            start_date=start,
            expected_end_date=start + datetime.timedelta(weeks=104),
        )
    for spec in TRAINEES:
        _trainee(cohort, people, lead, today, *spec)
    _either_side_of_the_rule_dates(trust, programme, people, lead, today)
    demo["cohort"] = cohort


# Off-the-job rules by start date: trainees either side of 1 August 2022 and of 1 August 2025 (one part time,
# one with a break in learning), on two earlier cohorts. username, first, last, cohort, own start (None: the
# cohort's), contracted hours, contract hours a week, planned end (None: the cohort's), break, finished on.
EARLY = ("Early cohort, July 2022", datetime.date(2022, 7, 25), datetime.date(2024, 7, 22))
COHORT_0 = ("Cohort 0, July 2025", datetime.date(2025, 7, 28), datetime.date(2027, 7, 26))
EITHER_SIDE = [
    # Started 25 July 2022 (before the 2022 rule: 20%), part time and back from maternity leave.
    ("ap.khan", "Aisha", "Khan", EARLY, None, "22.5", "4.5", datetime.date(2026, 12, 14),
     (datetime.date(2023, 10, 2), datetime.date(2024, 7, 1), "Maternity leave"), None),
    # Joined the early cohort a week late, on 1 August 2022 (6 hours a week); through gateway and finished.
    ("ap.mensah", "Daniel", "Mensah", EARLY, datetime.date(2022, 8, 1), "37.5", "6", None, None,
     datetime.date(2024, 6, 24)),
    # Started 28 July 2025 (the 6-hour rule, pro rata for 22.5 hours: 4.5 a week).
    ("ap.nowak", "Zofia", "Nowak", COHORT_0, None, "22.5", "4.5", None, None, None),
    # Joined Cohort 0 on 4 August 2025: the programme's minimum hours apply.
    ("ap.reid", "Callum", "Reid", COHORT_0, datetime.date(2025, 8, 4), "37.5", "7.5", None, None, None),
]  # fmt: skip


def _either_side_of_the_rule_dates(trust, programme, people, lead, today):
    for username, first, last, (
        name,
        start,
        end,
    ), own_start, contracted, weekly, planned_end, brk, done in EITHER_SIDE:
        if start > today:
            continue
        cohort = Cohort.objects.filter(organisation=trust, name=name).first() or services.save_cohort(
            cohort=Cohort(organisation=trust), programme=programme, name=name, start_date=start,
            expected_end_date=end,
        )  # fmt: skip
        person, _ = services.find_or_create_person(
            email=f"{username}@demo.invalid", first_name=first, last_name=last,
            job_title="Trainee assistant practitioner",
        )  # fmt: skip
        if Enrolment.objects.filter(cohort=cohort, trainee=person).exists():
            continue
        enrolment = services.enrol(
            cohort=cohort, trainee=person, by=lead, mentors=[people["mentor"]], manager=people["manager"],
            lecturer=people["lecturer"], service="Elm Ward", band=3,
            specialism=Enrolment.Specialism.INPATIENT_MENTAL_HEALTH, start_date=own_start,
            planned_end_date=planned_end, contracted_hours_per_week=Decimal(contracted),
        )  # fmt: skip
        contract = services.change_contract(
            contract=services.current_contract(enrolment), by=lead, service_cover=SERVICE_COVER,
            study_hours_per_week=Decimal(weekly),
        )  # fmt: skip
        for party, who in (("trainee", person), ("mentor", people["mentor"]), ("manager", people["manager"])):
            services.sign_contract(contract=contract, party=party, by=who)
        services.sign_contract(contract=contract, party="lecturer", by=people["lecturer"])
        if brk is not None:
            services.add_break(enrolment=enrolment, by=lead, starts_on=brk[0], ends_on=brk[1], reason=brk[2])
        until = min(today, done or today)
        _blocks(enrolment, person, people["manager"], Decimal(weekly), until, brk)
        if done is None:
            review = services.record_review(
                enrolment=enrolment, by=people["mentor"], held_on=today - datetime.timedelta(weeks=4),
                progress="On track with off-the-job time; module assignments submitted.",
                actions="Plan the next module's study days with the manager.",
            )  # fmt: skip
            services.sign_review(review=review, party="employer", by=people["mentor"])
            services.sign_review(review=review, party="trainee", by=person)
        else:
            services.reach_gateway(enrolment=enrolment, on=done)
            services.change_status(
                enrolment=enrolment,
                status=Enrolment.Status.COMPLETED,
                by=lead,
                changed_on=done,
                note="Finished",
            )


def _blocks(enrolment, person, manager, weekly, until, brk):
    """Study days of 12 hours, each as soon as the contract's hours a week have come to more than the time
    logged, from the start to ``until``, none in a break; all confirmed, so these trainees are on track."""
    day, owed = enrolment.starts_on + datetime.timedelta(days=2), Decimal("0")
    while day < until:
        in_break = brk is not None and brk[0] <= day < brk[1]
        if not in_break:
            owed += weekly
        if owed > 0 and not in_break:
            entry = services.log_study_time(
                enrolment=enrolment,
                by=person,
                date=day,
                hours=Decimal("12"),
                activity=StudyTimeEntry.Activity.TAUGHT,
            )
            services.decide_study_time(entry=entry, by=manager, confirm=True)
            owed -= 12
        day += datetime.timedelta(weeks=1)


def _trainee(cohort, people, lead, today, *spec):
    username, first, last, service, mentor, signers, share, review_weeks, previous_role, why_applied = spec
    person = people.get(username)
    if person is None:
        person, _ = services.find_or_create_person(
            email=f"{username}@demo.invalid",
            first_name=first,
            last_name=last,
            job_title="Trainee assistant practitioner",
        )
        grant_role(person=person, organisation=cohort.organisation, role=Membership.Role.TRAINEE)
    if Enrolment.objects.filter(cohort=cohort, trainee=person).exists():
        return
    enrolment = services.enrol(
        cohort=cohort,
        trainee=person,
        by=lead,
        mentors=[people[mentor]],
        manager=people["manager"],
        lecturer=people["lecturer"],
        service=service,
        specialism=Enrolment.Specialism.INPATIENT_MENTAL_HEALTH,
        band=3,
        previous_role=previous_role,
        why_applied=why_applied,
    )
    contract = services.change_contract(
        contract=services.current_contract(enrolment), by=lead, service_cover=SERVICE_COVER
    )
    signing = {"all": ["trainee", "mentor", "manager", "lecturer"], "none": []}.get(signers, signers.split())
    who = {
        "trainee": person,
        "mentor": people[mentor],
        "manager": people["manager"],
        "lecturer": people["lecturer"],
    }
    for party in signing:
        services.sign_contract(contract=contract, party=party, by=who[party])
    _study_time(enrolment, person, people["manager"], share, today)
    if review_weeks is not None:
        review = services.record_review(
            enrolment=enrolment,
            by=people[mentor],
            held_on=today - datetime.timedelta(weeks=review_weeks),
            progress="Settling well into the role; first module passed.",
            actions="Complete the physical health observations module; two observed practice sessions.",
        )
        services.sign_review(review=review, party="employer", by=people[mentor])
        services.sign_review(review=review, party="trainee", by=person)


def _study_time(enrolment, person, manager, share, today):
    """Weekly study days up to ``share`` of the plan; the last week's waits for the manager."""
    weeks = WEEKS_IN
    per_week = Decimal("7.5")
    total = (per_week * weeks * Decimal(str(share))).quantize(Decimal("0.5"))
    start = enrolment.cohort.start_date
    week = 0
    while total > 0 and week < weeks:
        hours = min(per_week, total)
        day = start + datetime.timedelta(weeks=week, days=2)
        entry = services.log_study_time(
            enrolment=enrolment,
            by=person,
            date=day,
            hours=hours,
            activity=StudyTimeEntry.Activity.TAUGHT if week % 2 == 0 else StudyTimeEntry.Activity.SELF_STUDY,
        )
        if (today - day).days > 7:
            services.decide_study_time(entry=entry, by=manager, confirm=True)
        total -= hours
        week += 1
