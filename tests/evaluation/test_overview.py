"""The evaluation's front pages: a lead's cohorts, a cohort's overview and the region's aggregates (no name,
no quote, nothing under 5)."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Membership, User
from evaluation.models import (
    Answer,
    Audit,
    Codebook,
    CodedPassage,
    Interview,
    Outcome,
    ProgrammeStage,
    Question,
    QuestionSet,
    Respondent,
    SatisfactionResult,
    Stage,
    Theme,
)
from tests.factories import person_with_role
from trainees import services
from trainees.models import Cohort

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
Role = Membership.Role


def completed_interview(cohort, enrolment, stage, *, consent=True, withdrawn=False, interviewer=None):
    return Interview.objects.create(
        cohort=cohort,
        respondent=Respondent.TRAINEE,
        stage=stage,
        interviewee=enrolment.trainee,
        enrolment=enrolment,
        due_on=TODAY - datetime.timedelta(days=30),
        held_on=TODAY - datetime.timedelta(days=29),
        interviewer=interviewer,
        status=Interview.Status.COMPLETED,
        consent_given=consent,
        consent_withdrawn_on=TODAY if withdrawn else None,
    )


def coded(interview, question, theme, by, text, quote):
    answer = Answer.objects.create(interview=interview, question=question, text=text)
    return CodedPassage.objects.create(answer=answer, theme=theme, quote=quote, coded_by=by)


@pytest.fixture
def region_data(people, cohort_setup):
    """people.trust: seven trainees on cohort_setup's cohort, each with a start interview coded "Job
    satisfaction"; one more whose consent was withdrawn. people.other_trust: a cohort of two trainees with
    mid-way interviews coded "Remuneration" (a group under 5). Audits: 10 assessments at the start in the
    trust, 3 mid-way in the other. Two outcomes."""
    cohort = cohort_setup.cohort
    enrolments = [cohort_setup.enrolment, cohort_setup.other_enrolment]
    for i in range(5):
        trainee = person_with_role(
            Role.TRAINEE, people.trust, username=f"ztrainee{i}", first_name="Zebedee", last_name=f"Quill{i}"
        )
        enrolments.append(services.enrol(cohort=cohort, trainee=trainee, by=people.lead, service="Elm Ward"))
    other_cohort = services.save_cohort(
        cohort=Cohort(organisation=people.other_trust),
        programme=cohort_setup.programme,
        name="Eastbrook cohort",
        start_date=cohort.start_date,
        expected_end_date=cohort.expected_end_date,
    )
    others = [
        services.enrol(
            cohort=other_cohort,
            trainee=person_with_role(
                Role.TRAINEE,
                people.other_trust,
                username=f"ytrainee{i}",
                first_name="Yolanda",
                last_name=f"Fenn{i}",
            ),
            by=people.other_lead,
            service="Ash Ward",
        )
        for i in range(2)
    ]
    quotes, texts = [], []
    for org, stage, theme_name, group in (
        (people.trust, Stage.START, "Job satisfaction", enrolments),
        (people.other_trust, Stage.MIDWAY, "Remuneration", others),
    ):
        qs = QuestionSet.objects.create(organisation=org, stage=stage, respondent=Respondent.TRAINEE)
        question = Question.objects.create(question_set=qs, order=1, topic="Why", text="Why did you apply?")
        book = Codebook.objects.create(organisation=org)
        theme = Theme.objects.create(codebook=book, order=1, name=theme_name)
        for n, enrolment in enumerate(group):
            interview = completed_interview(enrolment.cohort, enrolment, stage)
            text, quote = f"Answer text {theme_name} {n} about the ward", f"quoted words {theme_name} {n}"
            coded(interview, question, theme, people.lead, text, quote)
            quotes.append(quote)
            texts.append(text)
    withdrawn = completed_interview(cohort, enrolments[0], Stage.MIDWAY, withdrawn=True)
    question = Question.objects.filter(question_set__organisation=people.trust).first()
    theme = Theme.objects.get(name="Job satisfaction")
    coded(withdrawn, question, theme, people.lead, "Withdrawn answer text", "withdrawn quoted words")
    quotes.append("withdrawn quoted words")
    texts.append("Withdrawn answer text")
    for org, c, stage, audited, meeting in (
        (people.trust, cohort, ProgrammeStage.START, 10, 8),
        (people.other_trust, other_cohort, ProgrammeStage.MIDWAY, 3, 1),
    ):
        Audit.objects.create(
            organisation=org,
            cohort=c,
            service="Elm Ward",
            stage=stage,
            audited_on=TODAY - datetime.timedelta(days=5),
            number_audited=audited,
            number_meeting_standard=meeting,
            standard_used="NEWS2",
            entered_by=people.lead,
        )
    for enrolment in enrolments[:2]:
        Outcome.objects.create(
            enrolment=enrolment,
            result=Outcome.Result.COMPLETED,
            destination=Outcome.Destination.NURSING_DEGREE,
            recorded_by=people.lead,
        )
    return {"quotes": quotes, "texts": texts, "cohort": cohort, "other_cohort": other_cohort}


# --- Region -----------------------------------------------------------------------------------------------


def test_region_page_shows_aggregates_with_no_name_no_quote_and_nothing_under_five(
    client, people, region_data
):
    client.force_login(people.regional)
    response = client.get(reverse("evaluation:region", args=[people.region.pk]))
    assert response.status_code == 200
    page = response.text
    main = page[page.index("<main") :]
    assert "Evaluation across North" in main
    # Job satisfaction at the start: seven consented interviewees (the withdrawn interview is not counted).
    row = re.search(r"Job satisfaction</th>(.*?)</tr>", main, re.S).group(1)
    cells = re.findall(r'numeric">([^<]*)</td>', row)
    assert cells == ["7", "0", "0"]
    # Remuneration: two people mid-way, shown as fewer than 5.
    row = re.search(r"Remuneration</th>(.*?)</tr>", main, re.S).group(1)
    assert re.findall(r'numeric">([^<]*)</td>', row) == ["0", "fewer than 5", "0"]
    # Audits: 80% of 10 at the start; the 3 mid-way are too few to show a percentage.
    assert "80.0%" in main
    assert "33" not in main and "Not shown (fewer than 5 audited)" in main
    # Outcomes: nine trainees, two recorded (fewer than 5).
    assert re.search(r"Trainees</dt>\s*<dd[^>]*>9</dd>", main)
    assert re.search(r"Progressed to nurse training</dt>\s*<dd[^>]*>fewer than 5</dd>", main)
    for person in User.objects.exclude(pk=people.regional.pk):
        assert person.get_full_name().strip()
        assert person.get_full_name() not in page, person
    for person in User.objects.filter(username__regex=r"^[zy]trainee"):
        assert person.username not in page
    for text in (*region_data["quotes"], *region_data["texts"]):
        assert text not in page
    for passage in CodedPassage.objects.all():
        assert passage.quote not in page
    for answer in Answer.objects.all():
        assert answer.text not in page


def test_region_page_only_for_its_regional_lead(client, people):
    url = reverse("evaluation:region", args=[people.region.pk])
    for someone in (people.lead, people.trainee, people.mentor):
        client.force_login(someone)
        assert client.get(url).status_code == 404
    client.force_login(people.regional)
    assert client.get(reverse("evaluation:region", args=[people.other_region.pk])).status_code == 404
    assert client.get(url).status_code == 200


# --- Cohort overview --------------------------------------------------------------------------------------


def test_cohort_overview_for_its_lead_only(client, people, cohort_setup):
    url = reverse("evaluation:cohort", args=[cohort_setup.cohort.pk])
    client.force_login(people.lead)
    assert client.get(url).status_code == 200
    for someone in (people.other_lead, people.trainee, people.mentor, people.regional, cohort_setup.manager):
        client.force_login(someone)
        assert client.get(url).status_code == 404, someone


def test_cohort_overview_counts_the_schedule_themes_audits_and_outcomes(client, people, region_data):
    cohort = region_data["cohort"]
    enrolment = cohort.enrolments.get(trainee=people.other_trainee)
    Interview.objects.create(
        cohort=cohort,
        respondent=Respondent.TRAINEE,
        stage=Stage.QUALIFICATION,
        interviewee=people.other_trainee,
        enrolment=enrolment,
        due_on=TODAY - datetime.timedelta(days=1),
    )
    for stage, score in ((ProgrammeStage.BEFORE, 2), (ProgrammeStage.QUALIFICATION, 4)):
        SatisfactionResult.objects.create(
            organisation=people.trust,
            cohort=cohort,
            service="Elm Ward",
            stage=stage,
            period_start=TODAY - datetime.timedelta(days=60),
            period_end=TODAY - datetime.timedelta(days=30),
            question="Did staff listen to you?",
            responses=20,
            score=score,
            entered_by=people.lead,
        )
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:cohort", args=[cohort.pk])).text
    main = page[page.index("<main") :]
    start = re.search(r'data-stage="start">(.*?)</tr>', main, re.S).group(1)
    assert re.findall(r"</span>([^<]*)</td>", start) == ["0", "0", "7", "0"]
    qualification = re.search(r'data-stage="qualification">(.*?)</tr>', main, re.S).group(1)
    assert "1 overdue" in qualification
    # 7 start interviews counted, the withdrawn mid-way one not: 7 of 9.
    assert "7 of 9 interviews are counted" in main
    assert re.search(r"Job satisfaction</th><td[^>]*>7</td>", main)
    assert "80.0%" in main
    # 2 and 4 on a 1-5 scale: 25% and 75% of it.
    assert "Did staff listen to you?: before the programme 25%; on qualification 75%" in main
    assert re.search(r"Outcomes recorded</dt>\s*<dd[^>]*>2</dd>", main)
    assert "Remuneration" not in main  # the other trust's theme


def test_home_lists_the_leads_cohorts_and_sends_others_away(client, people, cohort_setup):
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:home")).text
    assert reverse("evaluation:cohort", args=[cohort_setup.cohort.pk]) in page
    client.force_login(people.other_lead)  # a lead whose organisation has no cohort yet
    response = client.get(reverse("evaluation:home"))
    assert response.status_code == 200 and "no cohorts yet" in response.text
    assert reverse("evaluation:cohort", args=[cohort_setup.cohort.pk]) not in response.text
    client.force_login(people.regional)
    assert (
        reverse("evaluation:region", args=[people.region.pk]) in client.get(reverse("evaluation:home")).text
    )
    for someone in (people.trainee, people.mentor):
        client.force_login(someone)
        response = client.get(reverse("evaluation:home"))
        assert response.status_code == 302 and response.url == reverse("evaluation:mine")


def test_a_hidden_outcome_is_not_given_away_by_the_total_less_the_others(client, people, region_data):
    # Seven completed in the region: two to nurse training (hidden), five stayed as APs. 7 - 5 would show the
    # two, so "stayed" is hidden as well.
    enrolments = region_data["cohort"].enrolments.exclude(evaluation_outcome__isnull=False)[:5]
    for enrolment in enrolments:
        Outcome.objects.create(
            enrolment=enrolment,
            result=Outcome.Result.COMPLETED,
            destination=Outcome.Destination.STAYED_AP,
            recorded_by=people.lead,
        )
    client.force_login(people.regional)
    main = client.get(reverse("evaluation:region", args=[people.region.pk])).text
    assert re.search(r"Completed</dt>\s*<dd[^>]*>7</dd>", main)
    assert re.search(r"Progressed to nurse training</dt>\s*<dd[^>]*>fewer than 5</dd>", main)
    assert re.search(r"Stayed as an assistant practitioner</dt>\s*<dd[^>]*>not shown", main)
    assert not re.search(r"Stayed as an assistant practitioner</dt>\s*<dd[^>]*>5</dd>", main)


def test_hiding_complements_leaves_totals_alone_when_nothing_is_hidden():
    from evaluation.selectors import NOT_SHOWN, hide_complements

    totals = {
        "recorded": 12,
        "completed": 12,
        "withdrawn": 0,
        "progressed": 6,
        "stayed_ap": 6,
        "left": 0,
        "nursing_degree": 6,
        "nursing_associate": 0,
        "other_registered": 0,
    }
    assert hide_complements(totals) == totals
    # Two left: hidden; 14 - 6 - 6 would show it, so "stayed" (no whole of its own) goes too.
    hidden = hide_complements({**totals, "left": "fewer than 5", "completed": 14, "recorded": 14})
    assert hidden["stayed_ap"] == NOT_SHOWN and hidden["progressed"] == 6
    # Three withdrawn of 9 recorded: completed 6 would give it away, and hiding it would be undone by its
    # parts, so a part of it is hidden and so on down: nothing hidden can be worked out.
    hidden = hide_complements(
        {**totals, "recorded": 9, "completed": 6, "withdrawn": "fewer than 5", "stayed_ap": 0}
    )
    assert hidden["completed"] == NOT_SHOWN
    assert NOT_SHOWN in (hidden["progressed"], hidden["nursing_degree"])
