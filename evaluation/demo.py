"""Demo evaluation, made through the app's services: a pilot cohort of seven trainees that finished over a
year ago, evaluated as seed 000's trust did it (interviews of the trainees and their two managers at the
start, mid-way and on qualification; findings coded with seed 000's themes; audits of physical healthcare
assessments and service-user satisfaction at each stage; all seven completed and two progressed to an
abbreviated degree in nursing). Cohort 1, under way, has its interviews scheduled: the first ones held but
one, which is overdue. Dates follow the day the demo is first seeded; idempotent.
"""

import datetime
from decimal import Decimal

from accounts.models import Membership
from accounts.services import grant_role
from trainees import services as trainees
from trainees.models import Cohort, Enrolment

from . import coding, schedule, services
from .models import Audit, Interview, Outcome, ProgrammeStage, Respondent, SatisfactionResult, Stage

PILOT_NAME = "Pilot cohort"
PILOT_WEEKS_AGO = 170  # it started this many weeks ago and ran for two years

# username, first, last, ward, manager (the demo's manager or the second one), remuneration, destination
PILOT = [
    ("pilot.ahmed", "Farah", "Ahmed", "Elm Ward", "manager", "gain", Outcome.Destination.NURSING_DEGREE),
    ("pilot.clarke", "Ben", "Clarke", "Elm Ward", "manager", "cut", Outcome.Destination.STAYED_AP),
    ("pilot.doyle", "Aoife", "Doyle", "Oak Ward", "manager", "gain", Outcome.Destination.STAYED_AP),
    ("pilot.green", "Marcus", "Green", "Oak Ward", "manager", "gain", Outcome.Destination.NURSING_DEGREE),
    ("pilot.iqbal", "Sana", "Iqbal", "Ash Ward", "ward.manager", "cut", Outcome.Destination.STAYED_AP),
    ("pilot.jones", "Rhys", "Jones", "Ash Ward", "ward.manager", "gain", Outcome.Destination.STAYED_AP),
    ("pilot.kowalski", "Ewa", "Kowalski", "Ash Ward", "ward.manager", "gain", Outcome.Destination.STAYED_AP),
]
SECOND_MANAGER = ("ward.manager", "Ruth", "Okoro")

# What trainees and managers said, by question topic, and the theme of seed 000 each answer shows. The first
# sentence of each answer is the coded quote.
TRAINEE_ANSWERS = {
    "Background": ("I have been a healthcare assistant on the ward for six years.", None),
    "Why you applied": (
        "I see it as a stepping stone into nurse training without leaving my job. I also want more job "
        "satisfaction from using what I know about physical health.",
        "Stepping stone to nurse training",
    ),
    "First impressions": (
        "It gives me real job satisfaction to learn why we do the observations we do.",
        "Job satisfaction",
    ),
    "Remuneration": {
        "gain": (
            "Band 4 will be a pay rise for me, which matters with a family.",
            "Remuneration (gain or pay cut)",
        ),
        "cut": (
            "I will lose my unsocial hours enhancements, so it is a pay cut at first.",
            "Remuneration (gain or pay cut)",
        ),
    },
    "Clarity of responsibility": (
        "It is not always clear where professional responsibility rests when I take on a task from a nurse.",
        "Clarity of professional responsibility",
    ),
    "Protected study time": (
        "Protected study time is not consistent: some weeks it goes when the ward is short.",
        "Protected study time consistency",
    ),
    "How the programme is going": (
        "I feel more confident and I am taking on more responsibility on shifts.",
        "Trainee development",
    ),
    "Support from your mentor": ("My mentor makes time for me every week.", None),
    "Experience overall": (
        "The course has given me job satisfaction I did not have before.",
        "Job satisfaction",
    ),
    "Career plans": (
        "The role has given me a clear career progression and I want to keep going.",
        "Career progression incentive",
    ),
}
MANAGER_ANSWERS = {
    "Expectations of the new role": (
        "I expect the role to support the registered nurses with physical health care.",
        "Support to registered nurses",
    ),
    "Support to registered nurses": (
        "The assistant practitioners support the registered nurses, freeing them for what only they can do.",
        "Support to registered nurses",
    ),
    "Balance of staffing": (
        "We have to develop the role carefully to keep the right balance of staffing on each shift.",
        "Balance of staffing",
    ),
    "Experience of the programme": (
        "The trainees have shown significant signs of development since they started.",
        "Trainee development",
    ),
    "Cover for protected learning time": (
        "Finding cover for trainees during their protected learning time is the hardest part.",
        "Cover for protected learning time",
    ),
    "Impact on service delivery": (
        "There has been a positive impact on the wards as the trainees gained confidence and took on more.",
        "Impact on wards",
    ),
    "Career progression": (
        "Creating the role is an incentive to career progression for our support staff.",
        "Career progression incentive",
    ),
}

# Physical healthcare assessments audited and meeting the standard, by stage: the wards with trainees improve.
AUDITS = {
    ProgrammeStage.BEFORE: {"Elm Ward": (20, 11), "Oak Ward": (20, 12), "Birch Ward": (20, 12)},
    ProgrammeStage.MIDWAY: {"Elm Ward": (20, 15), "Oak Ward": (20, 15), "Birch Ward": (20, 12)},
    ProgrammeStage.QUALIFICATION: {"Elm Ward": (20, 18), "Oak Ward": (20, 19), "Birch Ward": (20, 13)},
}
SATISFACTION = {
    ProgrammeStage.BEFORE: {"Elm Ward": (31, "3.40"), "Oak Ward": (28, "3.50"), "Birch Ward": (30, "3.50")},
    ProgrammeStage.MIDWAY: {"Elm Ward": (33, "3.90"), "Oak Ward": (30, "3.80"), "Birch Ward": (29, "3.50")},
    ProgrammeStage.QUALIFICATION: {
        "Elm Ward": (35, "4.30"),
        "Oak Ward": (32, "4.20"),
        "Birch Ward": (30, "3.60"),
    },
}
STANDARD = "NEWS2 observations complete, scored and escalated as the policy says"
QUESTION = "How would you rate the help you had with your physical health on the ward?"


def _person(username, first, last, organisation, role, title):
    person, _ = trainees.find_or_create_person(
        email=f"{username}@demo.invalid", first_name=first, last_name=last, job_title=title
    )
    grant_role(person=person, organisation=organisation, role=role)
    return person


def _answer_for(topic, respondent, remuneration):
    answers = TRAINEE_ANSWERS if respondent == Respondent.TRAINEE else MANAGER_ANSWERS
    found = answers.get(topic)
    if isinstance(found, dict):
        found = found[remuneration]
    return found or ("", None)


def _hold(interview, lead, remuneration, codebook):
    """Records the interview as held on its due date with consent, then codes each answer's first sentence."""
    interview = services.start_interview(interview, lead)
    questions = list(interview.question_set.questions.all())
    said = {q.pk: _answer_for(q.topic, interview.respondent, remuneration) for q in questions}
    services.record_interview(
        interview,
        held_on=interview.due_on,
        interviewer=lead,
        consent_given=True,
        answers={pk: text for pk, (text, _) in said.items()},
        notes="",
        by=lead,
        complete=True,
    )
    themes = {theme.name: theme for theme in codebook.themes.all()}
    for answer in interview.answers.select_related("question"):
        text, theme = said[answer.question_id]
        if theme and text:
            coding.code_passage(answer=answer, theme=themes[theme], quote=text.split(". ")[0], by=lead)


def _pilot(demo, lead, programme, today):
    trust, people = demo["organisations"]["trust"], demo["people"]
    start = today - datetime.timedelta(weeks=PILOT_WEEKS_AGO)
    cohort = trainees.save_cohort(
        cohort=Cohort(organisation=trust),
        programme=programme,
        name=PILOT_NAME,
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )
    managers = {
        "manager": people["manager"],
        "ward.manager": _person(*SECOND_MANAGER, trust, Membership.Role.MANAGER, "Ward manager"),
    }
    remuneration = {}
    for username, first, last, ward, manager, pay, _destination in PILOT:
        person = _person(username, first, last, trust, Membership.Role.TRAINEE, "Assistant practitioner")
        trainees.enrol(
            cohort=cohort,
            trainee=person,
            by=lead,
            mentors=[people["mentor"]],
            manager=managers[manager],
            lecturer=people["lecturer"],
            service=ward,
            specialism=Enrolment.Specialism.INPATIENT_MENTAL_HEALTH,
            band=3,
            previous_role="Healthcare assistant, band 3",
        )
        remuneration[person.pk] = pay
    schedule.schedule_cohort(cohort, lead)
    codebook = coding.current_codebook(trust)
    for interview in cohort.interviews.order_by("due_on", "pk"):
        _hold(interview, lead, remuneration.get(interview.interviewee_id, "gain"), codebook)
    _impact(cohort, lead)
    _outcomes(cohort, lead)
    return cohort


def _impact(cohort, lead):
    days = {
        ProgrammeStage.BEFORE: cohort.start_date - datetime.timedelta(weeks=4),
        ProgrammeStage.MIDWAY: cohort.start_date + (cohort.expected_end_date - cohort.start_date) / 2,
        ProgrammeStage.QUALIFICATION: cohort.expected_end_date + datetime.timedelta(weeks=2),
    }
    for stage, wards in AUDITS.items():
        for ward, (audited, meeting) in wards.items():
            audit = Audit(
                organisation=cohort.organisation,
                cohort=cohort,
                service=ward,
                has_trainees=ward != "Birch Ward",
                stage=stage,
                audited_on=days[stage],
                number_audited=audited,
                number_meeting_standard=meeting,
                standard_used=STANDARD,
                entered_by=lead,
            )
            audit.full_clean()
            audit.save()
    for stage, wards in SATISFACTION.items():
        for ward, (responses, score) in wards.items():
            result = SatisfactionResult(
                organisation=cohort.organisation,
                cohort=cohort,
                service=ward,
                has_trainees=ward != "Birch Ward",
                stage=stage,
                period_start=days[stage] - datetime.timedelta(weeks=8),
                period_end=days[stage],
                question=QUESTION,
                responses=responses,
                score=Decimal(score),
                scale_min=Decimal(1),
                scale_max=Decimal(5),
                entered_by=lead,
            )
            result.full_clean()
            result.save()


def _outcomes(cohort, lead):
    destinations = {username: destination for username, *_, destination in PILOT}
    for enrolment in cohort.enrolments.select_related("trainee"):
        destination = destinations[enrolment.trainee.username]
        progressed = destination == Outcome.Destination.NURSING_DEGREE
        outcome = Outcome(
            enrolment=enrolment,
            result=Outcome.Result.COMPLETED,
            qualified_on=cohort.expected_end_date,
            band_before=3,
            band_after=4,
            destination=destination,
            in_post_after_12_months=not progressed,
            recorded_by=lead,
        )
        outcome.full_clean()
        outcome.save()
        status = Enrolment.Status.PROGRESSED if progressed else Enrolment.Status.COMPLETED
        trainees.change_status(
            enrolment=enrolment,
            status=status,
            by=lead,
            changed_on=cohort.expected_end_date,
            note="Qualified.",
        )


def _cohort_one(cohort, lead, today):
    """Cohort 1's interviews scheduled; the first ones held but Ciara Walsh's, which is overdue."""
    schedule.schedule_cohort(cohort, lead)
    codebook = coding.current_codebook(cohort.organisation)
    first = cohort.interviews.filter(stage=Stage.START, status=Interview.Status.DUE, due_on__lte=today)
    for interview in first.exclude(interviewee__username="ap.walsh").order_by("pk"):
        _hold(interview, lead, "gain", codebook)


def seed(demo):
    trust = demo["organisations"]["trust"]
    lead = demo["people"]["lead"]
    cohort_one = demo["cohort"]
    today = datetime.date.today()
    pilot = Cohort.objects.filter(organisation=trust, name=PILOT_NAME).first()
    if pilot is None:
        pilot = _pilot(demo, lead, cohort_one.programme, today)
        _cohort_one(cohort_one, lead, today)
    demo["evaluation_cohort"] = pilot
    demo.setdefault("report_subjects", {})["evaluation"] = pilot.pk
    return demo
