"""Demo data: the first trust's first cohort of seven trainees, at different points (seed 000's model)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership
from accounts.services import grant_role

from . import services, training_plan
from .models import Cohort, Enrolment, PlanSignature, Programme, StudyTimeEntry

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
            minimum_study_hours=450,  # illustrative: ST0215's published figure is not known here
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
    seed_training_plans(demo)


# Off-the-job rules by start date: trainees either side of 1 August 2022 and of 1 August 2025 (one part time,
# one with a break in learning), on two earlier cohorts. username, first, last, cohort, own start (None: the
# cohort's), contracted hours, contract hours a week, planned end before breaks (None: the cohort's), break,
# finished on. Names and usernames differ from every other demo person's (competencies' gateway trainees).
EARLY = ("Early cohort, July 2022", datetime.date(2022, 7, 25), datetime.date(2024, 7, 22))
COHORT_0 = ("Cohort 0, July 2025", datetime.date(2025, 7, 28), datetime.date(2027, 7, 26))
EITHER_SIDE = [
    # Started 25 July 2022 (before the 2022 rule: 20%), part time and back from maternity leave: planned to
    # end on 16 March 2026, moved on by the 273 days' break to 14 December 2026.
    ("ap.begum", "Aisha", "Begum", EARLY, None, "22.5", "4.5", datetime.date(2026, 3, 16),
     (datetime.date(2023, 10, 2), datetime.date(2024, 7, 1), "Maternity leave"), None),
    # Joined the early cohort a week late, on 1 August 2022 (6 hours a week); through gateway and finished.
    ("ap.osei", "Daniel", "Osei", EARLY, datetime.date(2022, 8, 1), "37.5", "6", None, None,
     datetime.date(2024, 6, 24)),
    # Started 28 July 2025 (the 6-hour rule, pro rata for 22.5 hours: 4.5 a week).
    ("ap.wozniak", "Zofia", "Wozniak", COHORT_0, None, "22.5", "4.5", None, None, None),
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
        signed_training_plan(enrolment, people)  # an auditor asks for it whatever the start date
        if brk is not None:
            services.add_break(enrolment=enrolment, by=lead, starts_on=brk[0], ends_on=brk[1], reason=brk[2])
        until = min(today, done or today)
        study_days(enrolment, person, people["manager"], Decimal(weekly), until, brk)
        if done is None:
            # Reviewed every 11 weeks or so (none during the break), the last 4 weeks ago, each signed by all
            # three: a trainee years into the programme is not shown overdue since their first quarter.
            signers = {"trainee": person, "employer": people["mentor"], "lecturer": people["lecturer"]}
            for number, held_on in enumerate(_review_dates(enrolment.starts_on, today, brk)):
                review = _review(enrolment, people["mentor"], held_on, number)
                for party, who in signers.items():
                    services.sign_review(review=review, party=party, by=who)
        else:
            services.reach_gateway(enrolment=enrolment, on=done)
            services.change_status(
                enrolment=enrolment,
                status=Enrolment.Status.COMPLETED,
                by=lead,
                changed_on=done,
                note="Finished",
            )


def _review_dates(start, today, brk):
    """Every 11 weeks back from 4 weeks ago to the start, skipping any in the break, oldest first."""
    held, day = [], today - datetime.timedelta(weeks=4)
    while day > start:
        if brk is None or not brk[0] <= day < brk[1]:
            held.insert(0, day)
        day -= datetime.timedelta(weeks=11)
    return held


def study_days(enrolment, person, manager, weekly, until, brk=None):
    """Study days of 12 hours, each as soon as the contract's hours a week have come to more than the time
    logged, from the start to ``until``, none in a break; all confirmed, so these trainees are on track."""
    day, owed, days = enrolment.starts_on + datetime.timedelta(days=2), Decimal("0"), []
    while day < until:
        in_break = brk is not None and brk[0] <= day < brk[1]
        if not in_break:
            owed += weekly
        if owed > 0 and not in_break:
            days.append((day, Decimal("12"), StudyTimeEntry.Activity.TAUGHT, True))
            owed -= 12
        day += datetime.timedelta(weeks=1)
    logged_study_time(enrolment, person, manager, days)


def logged_study_time(enrolment, person, manager, days):
    """What ``services.log_study_time`` by the trainee, then ``decide_study_time`` by their manager where
    confirmed, make for each of ``days`` (date, hours, activity, confirmed), under the same rules, inserted
    together: a trainee years into the programme has hundreds of entries, which made the demo slow to seed.
    Each entry's history has its row as logged (waiting for the manager), as the services leave it."""
    enrolment = Enrolment.objects.select_related("cohort").prefetch_related("breaks").get(pk=enrolment.pk)
    if person.pk != enrolment.trainee_id or not enrolment.is_manager(manager):
        raise ValidationError("Only the trainee logs their study time, and their manager confirms it.")
    entries, confirmed = [], []
    for date, hours, activity, confirm in days:
        problems = services.study_time_problems(
            enrolment=enrolment, date=date, activity=activity, in_paid_hours=True
        )
        if problems:
            raise ValidationError(problems)
        entry = StudyTimeEntry(
            enrolment=enrolment, date=date, hours=hours, activity=activity, logged_by=person
        )
        entry.clean_fields(exclude=["enrolment", "logged_by", "decided_by"])
        entries.append(entry)
        if confirm:
            confirmed.append(entry)
    bulk_create_with_history(entries, StudyTimeEntry)
    StudyTimeEntry.objects.filter(pk__in=[e.pk for e in confirmed]).update(
        state=StudyTimeEntry.State.CONFIRMED, decided_by=manager, decided_at=timezone.now()
    )


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
        _reviews(enrolment, person, people, mentor, today, review_weeks, waiting=username == "ap.hussain")


# Progress reviews: a history of structured reviews signed by all three, about every 11 weeks back from the
# last (``review_weeks`` ago); one trainee also has a recent review waiting for the provider (lecturer).
DEMO_ACTIONS = [
    ("Complete the physical health observations module", "trainee"),
    ("Arrange two observed practice sessions on the ward", "employer"),
    ("Give feedback on the first assignment draft", "provider"),
]


def _reviews(enrolment, person, people, mentor, today, review_weeks, *, waiting=False):
    start = enrolment.cohort.start_date
    held = []
    day = today - datetime.timedelta(weeks=review_weeks)
    while day > start:
        held.insert(0, day)
        day -= datetime.timedelta(weeks=11)
    signers = {"trainee": person, "employer": people[mentor], "lecturer": people["lecturer"]}
    for number, held_on in enumerate(held):
        review = _review(enrolment, people[mentor], held_on, number)
        for party, who in signers.items():
            services.sign_review(review=review, party=party, by=who)
    if waiting:
        # Two of three: the lecturer's to-do list asks them to sign (issue 11); until then it counts nowhere.
        review = _review(enrolment, people[mentor], today - datetime.timedelta(days=3), len(held))
        services.sign_review(review=review, party="trainee", by=person)
        services.sign_review(review=review, party="employer", by=people[mentor])


def _review(enrolment, by, held_on, number):
    previous = enrolment.reviews.counted().order_by("-held_on").first()
    agreed = list(previous.next_actions.all()) if previous else []
    outcomes = ["done", "partly", "done"]
    return services.record_review(
        enrolment=enrolment,
        by=by,
        held_on=held_on,
        progress="Settling well into the role; first module passed."
        if number == 0
        else "Steady progress on the ward and in the modules; more evidence signed off.",
        study_time_note="On plan."
        if number % 2 == 0
        else "A study day lost to ward staffing; made up next month.",
        training_plan_changes="" if number else "None; the plan stands.",
        english_maths="Level 2 English and maths already held (certificates seen).",
        wellbeing_concern="no",
        safeguarding_concern="no",
        circumstances_changed="yes" if number == 1 else "no",
        circumstances_note="Moved from nights to a day rota." if number == 1 else "",
        previous_actions=[
            {
                "agreed_at": a,
                "outcome": outcomes[i % 3],
                "comment": "" if i % 3 != 1 else "Half done; carried on.",
            }
            for i, a in enumerate(agreed)
        ],
        next_actions=[
            {"action": text, "owner": owner, "due_on": held_on + datetime.timedelta(weeks=4 + i)}
            for i, (text, owner) in enumerate(DEMO_ACTIONS)
        ],
    )


def _study_time(enrolment, person, manager, share, today):
    """Weekly study days up to ``share`` of the plan; the last week's waits for the manager."""
    weeks = WEEKS_IN
    per_week = Decimal("7.5")
    total = (per_week * weeks * Decimal(str(share))).quantize(Decimal("0.5"))
    start = enrolment.cohort.start_date
    week, days = 0, []
    while total > 0 and week < weeks:
        hours = min(per_week, total)
        day = start + datetime.timedelta(weeks=week, days=2)
        activity = StudyTimeEntry.Activity.TAUGHT if week % 2 == 0 else StudyTimeEntry.Activity.SELF_STUDY
        days.append((day, hours, activity, (today - day).days > 7))
        total -= hours
        week += 1
    logged_study_time(enrolment, person, manager, days)


# --- Training plans (a step of its own: trainees/contributions.py) -----------------------------------------

# username: who has signed the demo's plan. Sam Taylor's skills scan takes hours off for prior learning.
PLAN_SIGNED_BY = {
    "trainee": "all",
    "ap.patel": "all",
    "ap.brown": "all",
    "ap.hussain": "all",
    "trainee2": "trainee employer",  # waiting for the provider (the lecturer)
}
PLAN_HOURS = Decimal("600")
SAM_REDUCTION = Decimal("45")
SAM_PRIOR_LEARNING = {
    # KSB code: (rating, evidence)
    "K1": ("full", "Care Certificate, completed March 2024: certificate seen by the lecturer."),
    "S1": ("full", "Care Certificate standard 13 signed off in practice, March 2024."),
    "B1": ("some", "Two years as a healthcare assistant on Elm Ward; manager's reference."),
}
PLAN_DELIVERY = [
    ("Foundations of mental health care", "taught", "University of Northfield", 0, 16),
    ("Physical health observations", "simulation", "University of Northfield skills lab", 8, 20),
    ("Supervised practice on the ward", "work_based", "Ward mentor", 0, 52),
    ("Safeguarding adults and children", "e_learning", "Trust learning and development team", 2, 6),
]


def seed_training_plans(demo):
    """Signed training plans for the first cohort's trainees (one waiting for the provider's signature)."""
    cohort, people = demo.get("cohort"), demo["people"]
    if cohort is None:
        return
    for username, signers in PLAN_SIGNED_BY.items():
        enrolment = (
            Enrolment.objects.filter(cohort=cohort, trainee__username=username)
            .select_related("trainee")
            .first()
        )
        if enrolment is None or enrolment.training_plans.exists():
            continue
        _training_plan(enrolment, people, signers, reduce=username == "trainee")


def signed_training_plan(enrolment, people, signers="all", reduce=False):
    """A training plan with the demo's delivery and skills scan, signed by ``signers`` (all: dated the week
    before the cohort started, as it would have been)."""
    return _training_plan(enrolment, people, signers, reduce)


def _training_plan(enrolment, people, signers, reduce):
    start = enrolment.cohort.start_date
    plan = training_plan.start_plan(
        enrolment=enrolment,
        by=people["lecturer"],
        off_the_job_hours=PLAN_HOURS - (SAM_REDUCTION if reduce else 0),
        practical_start=start,
        practical_end=enrolment.cohort.expected_end_date,
        english_and_maths="Holds GCSE English and maths at grade 4 (certificates seen at interview).",
        support_needs="",
    )
    for what, how, by_whom, from_week, to_week in PLAN_DELIVERY:
        plan = training_plan.add_delivery(
            plan=plan,
            by=people["lecturer"],
            what=what,
            how=how,
            by_whom=by_whom,
            starts_on=start + datetime.timedelta(weeks=from_week),
            ends_on=start + datetime.timedelta(weeks=to_week),
        )
    ratings = {}
    for ksb in enrolment.cohort.programme.standard.ksbs.all():
        rating, evidence = SAM_PRIOR_LEARNING.get(ksb.code, ("none", "")) if reduce else ("none", "")
        ratings[ksb.pk] = (rating, evidence)
    plan = training_plan.record_skills_scan(
        plan=plan,
        by=people["lecturer"],
        ratings=ratings,
        reduction_hours=SAM_REDUCTION if reduce else 0,
        justification=(
            "The Care Certificate covers the induction and basic care content of the first module's "
            "early weeks, so those taught hours are not repeated."
            if reduce
            else ""
        ),
    )
    parties = ["trainee", "employer", "provider"] if signers == "all" else signers.split()
    who = {"trainee": enrolment.trainee, "employer": people["manager"], "provider": people["lecturer"]}
    for party in parties:
        training_plan.sign_plan(plan=plan, party=party, by=who[party])
    if signers == "all":
        # As it would have been: signed the week before training started.
        PlanSignature.objects.filter(plan=plan).update(
            signed_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
            - datetime.timedelta(days=7)
        )
