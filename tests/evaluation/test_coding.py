"""Coding findings: the starter codebook and its versions, coding passages of an answer (the quote must be the
answer's words; no coding of an interview without consent), theme counts by stage and group (an interview
once per theme), quotes, the region's suppressed totals, the CSV export, and who may reach the pages."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership
from evaluation import coding
from evaluation.models import (
    Answer,
    Codebook,
    CodedPassage,
    Interview,
    Question,
    QuestionSet,
    Respondent,
    Stage,
    Theme,
)
from tests.factories import person_with_role
from trainees.models import Cohort, Enrolment

pytestmark = pytest.mark.django_db

Role = Membership.Role
START, MIDWAY, QUALIFICATION = Stage.START, Stage.MIDWAY, Stage.QUALIFICATION
TRAINEE, MANAGER = Respondent.TRAINEE, Respondent.MANAGER

SEED_THEMES = [
    "Job satisfaction",
    "Stepping stone to nurse training",
    "Remuneration (gain or pay cut)",
    "Clarity of professional responsibility",
    "Protected study time consistency",
    "Support to registered nurses",
    "Balance of staffing",
    "Career progression incentive",
    "Cover for protected learning time",
    "Impact on wards",
    "Trainee development",
]


# --- Building interviews directly with the models ---------------------------------------------------------


def question_set(organisation, stage, respondent):
    qs, created = QuestionSet.objects.get_or_create(
        organisation=organisation, stage=stage, respondent=respondent, version=1
    )
    if created:
        Question.objects.create(question_set=qs, order=1, topic="Experience", text="How is it going?")
        Question.objects.create(question_set=qs, order=2, topic="Remuneration", text="What about pay?")
    return qs


def interview(cohort, person, respondent, stage, answers, *, consent=True, completed=True, enrolment=None):
    """An interview of ``person`` with ``answers`` (texts, one per question in order)."""
    if respondent == TRAINEE and enrolment is None:
        enrolment = Enrolment.objects.filter(
            cohort=cohort, trainee=person
        ).first() or Enrolment.objects.create(cohort=cohort, trainee=person)
    qs = question_set(cohort.organisation, stage, respondent)
    made = Interview.objects.create(
        cohort=cohort,
        respondent=respondent,
        stage=stage,
        interviewee=person,
        enrolment=enrolment,
        due_on=cohort.start_date,
        status=Interview.Status.COMPLETED if completed else Interview.Status.DRAFT,
        question_set=qs,
        held_on=cohort.start_date,
        consent_given=consent,
    )
    for question, text in zip(qs.questions.order_by("order"), answers, strict=False):
        Answer.objects.create(interview=made, question=question, text=text)
    return made


def theme(organisation, name):
    return coding.current_codebook(organisation).themes.get(name=name)


def code(made, by, theme_name, quote, *, question=1):
    """A passage coded straight into the table (for interviews the service would refuse, too)."""
    answer = made.answers.get(question__order=question)
    coding.current_codebook(made.cohort.organisation)
    found = Theme.objects.filter(codebook__organisation=made.cohort.organisation, name=theme_name).latest(
        "codebook__version"
    )
    return CodedPassage.objects.create(answer=answer, theme=found, quote=quote, coded_by=by)


@pytest.fixture
def alice_start(cohort_setup, people):
    return interview(
        cohort_setup.cohort,
        people.trainee,
        TRAINEE,
        START,
        [
            "I get real job satisfaction from the ward.\nIt is a stepping stone  to nursing.",
            "I took a pay cut to start.",
        ],
        enrolment=cohort_setup.enrolment,
    )


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- The codebook -----------------------------------------------------------------------------------------


def test_the_starter_codebook_is_seed_000s_themes_in_order_labelled_as_our_example(people, client):
    codebook = coding.current_codebook(people.trust)
    assert codebook.version == 1 and codebook.is_example
    assert [t.name for t in codebook.themes.all()] == SEED_THEMES
    assert all(t.description for t in codebook.themes.all())
    assert coding.current_codebook(people.trust).pk == codebook.pk  # made once
    assert Codebook.objects.filter(organisation=people.trust).count() == 1

    client.force_login(people.lead)
    page = client.get(reverse("evaluation:codebook", args=[people.trust.pk])).content.decode()
    assert "Example content from seed 000, written by the portal team" in page
    assert "Stepping stone to nurse training" in page


def test_an_edit_saves_the_next_version_and_coded_passages_keep_their_theme(
    people, cohort_setup, alice_start, client
):
    passage = code(alice_start, people.lead, "Job satisfaction", "real job satisfaction")
    old_theme = passage.theme
    data = {"themes-TOTAL_FORMS": "12", "themes-INITIAL_FORMS": "11"}
    for i, name in enumerate(SEED_THEMES):
        data[f"themes-{i}-name"] = name
        data[f"themes-{i}-description"] = "As before."
    data["themes-0-name"] = "Satisfaction in the job"  # renamed
    data["themes-10-DELETE"] = "on"  # Trainee development removed
    data["themes-11-name"] = "Team working"  # added
    client.force_login(people.lead)
    response = client.post(reverse("evaluation:codebook", args=[people.trust.pk]), data)
    assert response.status_code == 302

    current = coding.current_codebook(people.trust)
    assert current.version == 2 and not current.is_example and current.created_by == people.lead
    names = [t.name for t in current.themes.all()]
    assert names[0] == "Satisfaction in the job" and names[-1] == "Team working"
    assert "Trainee development" not in names and len(names) == 11
    passage.refresh_from_db()
    assert passage.theme == old_theme and passage.theme.codebook.version == 1
    # The old passage still counts, under the name it was coded with.
    assert coding.theme_counts(cohort_setup.cohort).row("Job satisfaction").count(START, TRAINEE) == 1
    # The coding page offers the new version's themes.
    page = client.get(reverse("evaluation:code_interview", args=[alice_start.pk])).content.decode()
    assert "Team working" in page and ">Trainee development<" not in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"themes-1-name": "Job satisfaction"}, "is already in the codebook"),
        ({"themes-1-name": "job  SATISFACTION"}, "is already in the codebook"),
        ({"themes-1-name": "", "themes-1-description": "Kept words"}, "Give the theme a name"),
    ],
)
def test_a_bad_codebook_edit_is_refused_beside_the_field_and_nothing_is_saved(
    people, client, change, message
):
    coding.current_codebook(people.trust)
    data = {"themes-TOTAL_FORMS": "2", "themes-INITIAL_FORMS": "2"}
    data |= {"themes-0-name": "Job satisfaction", "themes-1-name": "Pay", "themes-1-description": ""}
    data |= change
    client.force_login(people.lead)
    response = client.post(reverse("evaluation:codebook", args=[people.trust.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "data-error-summary" in page
    assert 'id="div_id_themes-1-name" class="nhsuk-form-group nhsuk-form-group--error' in page
    assert Codebook.objects.filter(organisation=people.trust).count() == 1


def test_removing_every_theme_is_refused(people, client):
    coding.current_codebook(people.trust)
    data = {"themes-TOTAL_FORMS": "1", "themes-INITIAL_FORMS": "1", "themes-0-name": "Pay"}
    data["themes-0-DELETE"] = "on"
    client.force_login(people.lead)
    response = client.post(reverse("evaluation:codebook", args=[people.trust.pk]), data)
    assert response.status_code == 400
    assert "Keep at least one theme" in response.content.decode()
    assert Codebook.objects.filter(organisation=people.trust).count() == 1


# --- Coding ---------------------------------------------------------------------------------------------


def test_the_lead_codes_a_quote_from_the_answer_whitespace_aside(people, alice_start, client):
    answer = alice_start.answers.get(question__order=1)
    client.force_login(people.lead)
    url = reverse("evaluation:code_interview", args=[alice_start.pk])
    response = client.post(
        url,
        {
            "answer": answer.pk,
            f"a{answer.pk}-theme": theme(people.trust, "Stepping stone to nurse training").pk,
            f"a{answer.pk}-quote": "It is a stepping\n stone to nursing.",
        },
    )
    assert response.status_code == 302
    passage = CodedPassage.objects.get()
    assert passage.quote == "It is a stepping stone to nursing." and passage.coded_by == people.lead
    page = client.get(url).content.decode()
    assert "It is a stepping stone to nursing." in page and 'name="remove"' in page

    assert client.post(url, {"remove": passage.pk}).status_code == 302
    assert not CodedPassage.objects.exists()


def test_a_quote_that_is_not_in_the_answer_is_refused(people, alice_start, client):
    answer = alice_start.answers.get(question__order=1)
    client.force_login(people.lead)
    response = client.post(
        reverse("evaluation:code_interview", args=[alice_start.pk]),
        {
            "answer": answer.pk,
            f"a{answer.pk}-theme": theme(people.trust, "Job satisfaction").pk,
            # Words of the other answer are not words of this one.
            f"a{answer.pk}-quote": "I took a pay cut",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The quote must be words from this answer" in page and "data-error-summary" in page
    assert not CodedPassage.objects.exists()
    with pytest.raises(ValidationError):
        coding.code_passage(
            answer=answer,
            theme=theme(people.trust, "Job satisfaction"),
            quote="job satisfaction!!",
            by=people.lead,
        )
    assert not CodedPassage.objects.exists()


def test_an_interview_whose_consent_was_withdrawn_is_not_coded(people, alice_start, client):
    alice_start.consent_withdrawn_on = datetime.date.today()
    alice_start.save()
    answer = alice_start.answers.get(question__order=1)
    client.force_login(people.lead)
    url = reverse("evaluation:code_interview", args=[alice_start.pk])
    page = client.get(url).content.decode()
    assert "withdrew their consent" in page and "data-coding-refused" in page
    assert f'name="a{answer.pk}-quote"' not in page
    response = client.post(
        url,
        {
            "answer": answer.pk,
            f"a{answer.pk}-theme": theme(people.trust, "Job satisfaction").pk,
            f"a{answer.pk}-quote": "real job satisfaction",
        },
    )
    assert response.status_code == 302
    assert not CodedPassage.objects.exists()
    with pytest.raises(ValidationError):
        coding.code_passage(
            answer=answer,
            theme=theme(people.trust, "Job satisfaction"),
            quote="real job satisfaction",
            by=people.lead,
        )
    assert not CodedPassage.objects.exists()


def test_an_interview_not_completed_is_not_coded(people, cohort_setup):
    draft = interview(cohort_setup.cohort, people.trainee, TRAINEE, MIDWAY, ["Going well."], completed=False)
    with pytest.raises(ValidationError):
        coding.code_passage(
            answer=draft.answers.get(),
            theme=theme(people.trust, "Job satisfaction"),
            quote="Going well.",
            by=people.lead,
        )
    assert not CodedPassage.objects.exists()


# --- Counts and quotes ------------------------------------------------------------------------------------


def test_counts_by_stage_and_group_count_an_interview_once_per_theme(people, cohort_setup, alice_start):
    cohort = cohort_setup.cohort
    lead = people.lead
    # alice, start: two passages of job satisfaction (one interview), one of pay.
    code(alice_start, lead, "Job satisfaction", "real job satisfaction")
    code(alice_start, lead, "Job satisfaction", "from the ward")
    code(alice_start, lead, "Remuneration (gain or pay cut)", "I took a pay cut", question=2)
    bob_start = interview(cohort, people.other_trainee, TRAINEE, START, ["Satisfying work."])
    code(bob_start, lead, "Job satisfaction", "Satisfying work.")
    manager_start = interview(cohort, cohort_setup.manager, MANAGER, START, ["They will support the nurses."])
    code(manager_start, lead, "Support to registered nurses", "support the nurses")
    code(manager_start, lead, "Job satisfaction", "They will")
    alice_end = interview(cohort, people.trainee, TRAINEE, QUALIFICATION, ["Still satisfying."])
    code(alice_end, lead, "Job satisfaction", "Still satisfying.")
    # Not counted: a draft, and an interview without consent.
    draft = interview(cohort, people.other_trainee, TRAINEE, QUALIFICATION, ["Draft words."], completed=False)
    code(draft, lead, "Job satisfaction", "Draft words.")
    no_consent = interview(
        cohort, cohort_setup.manager, MANAGER, QUALIFICATION, ["No consent."], consent=False
    )
    code(no_consent, lead, "Job satisfaction", "No consent.")

    counts = coding.theme_counts(cohort)
    assert [r.name for r in counts.rows] == SEED_THEMES
    job = counts.row("Job satisfaction")
    assert job.count(START, TRAINEE) == 2  # alice once (two passages), bob once
    assert job.count(START, MANAGER) == 1
    assert job.count(START) == 3
    assert job.count(MIDWAY) == 0
    assert job.count(QUALIFICATION, TRAINEE) == 1 and job.count(QUALIFICATION, MANAGER) == 0
    assert job.change == 1 - 3
    assert len(job.quotes) == 5  # every passage of counted interviews is a quote behind the count
    assert "Draft words." not in [q.text for q in job.quotes] and "No consent." not in [
        q.text for q in job.quotes
    ]
    pay = counts.row("Remuneration (gain or pay cut)")
    assert (pay.count(START, TRAINEE), pay.count(QUALIFICATION), pay.change) == (1, 0, -1)
    assert counts.row("Support to registered nurses").count(START, MANAGER) == 1
    assert counts.row("Trainee development").total == 0
    assert counts.interviews == {(START, TRAINEE): 2, (START, MANAGER): 1, (QUALIFICATION, TRAINEE): 1}

    assert sorted(q.text for q in coding.quotes_for(cohort, "Job satisfaction", stage=START)) == sorted(
        ["real job satisfaction", "from the ward", "Satisfying work.", "They will"]
    )
    manager_quotes = coding.quotes_for(cohort, theme(people.trust, "Job satisfaction"), respondent=MANAGER)
    assert [q.text for q in manager_quotes] == ["They will"]
    assert [q.text for q in coding.quotes_for(cohort, "Job satisfaction", QUALIFICATION, TRAINEE)] == [
        "Still satisfying."
    ]


def test_the_themes_page_shows_the_counts_chart_and_quotes(people, cohort_setup, alice_start, client):
    code(alice_start, people.lead, "Job satisfaction", "real job satisfaction")
    client.force_login(people.lead)
    page = client.get(reverse("evaluation:cohort_themes", args=[cohort_setup.cohort.pk])).content.decode()
    assert "nhsuk-table-container" in page and 'id="theme-counts"' in page
    assert "<svg" in page and "data-theme-chart" in page and "<script>" not in page
    assert "real job satisfaction" in page and "nhsuk-details" in page
    assert 'data-stage="start" data-respondent="trainee">1<' in page


def test_withdrawn_consent_takes_an_interview_out_of_counts_quotes_and_the_csv(
    people, cohort_setup, alice_start, client
):
    cohort = cohort_setup.cohort
    code(alice_start, people.lead, "Job satisfaction", "real job satisfaction")
    client.force_login(people.lead)
    themes_url = reverse("evaluation:cohort_themes", args=[cohort.pk])
    csv_url = reverse("evaluation:coded_passages_csv", args=[cohort.pk])
    assert coding.theme_counts(cohort).row("Job satisfaction").count(START) == 1
    assert [q.text for q in coding.quotes_for(cohort, "Job satisfaction")] == ["real job satisfaction"]
    assert "real job satisfaction" in client.get(themes_url).content.decode()
    assert len(read_csv(client.get(csv_url))) == 2

    alice_start.consent_withdrawn_on = datetime.date.today()
    alice_start.save()

    assert coding.theme_counts(cohort).row("Job satisfaction").count(START) == 0
    assert coding.quotes_for(cohort, "Job satisfaction") == []
    assert "real job satisfaction" not in client.get(themes_url).content.decode()
    rows = read_csv(client.get(csv_url))
    assert rows == [coding.EXPORT_HEADER]


# --- The region --------------------------------------------------------------------------------------------


def test_region_counts_under_5_are_shown_as_fewer_than_5_with_no_name_or_quote(people, cohort_setup):
    cohort = cohort_setup.cohort
    east = Cohort.objects.create(
        organisation=people.other_trust,
        programme=cohort_setup.programme,
        name="East 1",
        start_date=cohort.start_date,
        expected_end_date=cohort.expected_end_date,
    )
    far = Cohort.objects.create(
        organisation=people.far_trust,
        programme=cohort_setup.programme,
        name="South 1",
        start_date=cohort.start_date,
        expected_end_date=cohort.expected_end_date,
    )
    managers = [person_with_role(Role.MANAGER, people.trust, username=f"boss{i}") for i in range(4)]
    for person in managers:  # four in the trust
        made = interview(cohort, person, MANAGER, START, ["Support for the nurses, and pay."])
        code(made, people.lead, "Support to registered nurses", "Support for the nurses")
        code(made, people.lead, "Support to registered nurses", "for the nurses")  # same person, once
    for person in managers[:2]:
        made = interview(cohort, person, MANAGER, QUALIFICATION, ["Pay went up."])
        code(made, people.lead, "Remuneration (gain or pay cut)", "Pay went up.")
    east_manager = person_with_role(Role.MANAGER, people.other_trust, username="eastboss")
    made = interview(east, east_manager, MANAGER, START, ["Support for the nurses."])
    code(made, people.other_lead, "Support to registered nurses", "Support for the nurses.")
    far_manager = person_with_role(Role.MANAGER, people.far_trust, username="farboss")
    made = interview(far, far_manager, MANAGER, START, ["Far away support."])
    code(made, people.other_lead, "Support to registered nurses", "Far away support.")
    withdrawn = interview(east, managers[0], MANAGER, START, ["Support withdrawn."])
    code(withdrawn, people.other_lead, "Support to registered nurses", "Support withdrawn.")
    withdrawn.consent_withdrawn_on = datetime.date.today()
    withdrawn.save()

    result = coding.region_theme_counts(people.region)
    rows = {r["theme"]: dict(r["cells"]) for r in result["rows"]}
    assert rows["Support to registered nurses"] == {START: 5, MIDWAY: 0, QUALIFICATION: 0}
    assert rows["Remuneration (gain or pay cut)"] == {START: 0, MIDWAY: 0, QUALIFICATION: "fewer than 5"}
    assert all(r["change"] is None for r in result["rows"])  # no pair of shown counts to take apart
    assert dict(result["interviewees"]) == {START: 5, MIDWAY: 0, QUALIFICATION: "fewer than 5"}
    written = repr(result)
    for person in [*managers, east_manager, far_manager]:
        assert person.username not in written and person.last_name not in written
    assert "nurses" not in written.replace("Support to registered nurses", "")

    # One fewer person, and the count is suppressed.
    Interview.objects.filter(interviewee=east_manager).update(consent_withdrawn_on=datetime.date.today())
    result = coding.region_theme_counts(people.region)
    cells = {r["theme"]: dict(r["cells"]) for r in result["rows"]}
    assert cells["Support to registered nurses"][START] == "fewer than 5"


# --- The export -------------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_passage_no_name_and_no_formula(people, cohort_setup, client):
    made = interview(
        cohort_setup.cohort,
        people.trainee,
        TRAINEE,
        START,
        ['=HYPERLINK("http://x") is what I typed', "-1 pay, @me"],
        enrolment=cohort_setup.enrolment,
    )
    code(made, people.lead, "Job satisfaction", '=HYPERLINK("http://x")')
    code(made, people.lead, "Remuneration (gain or pay cut)", "-1 pay", question=2)
    client.force_login(people.lead)
    response = client.get(reverse("evaluation:coded_passages_csv", args=[cohort_setup.cohort.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0] == coding.EXPORT_HEADER
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Cohort"] == "Cohort 1" and first["Interview id"] == str(made.pk)
    assert first["Stage"] == "Shortly after starting" and first["Respondent group"] == "Trainee"
    assert first["Question topic"] == "Experience" and first["Theme"] == "Job satisfaction"
    assert first["Quote"] == '\'=HYPERLINK("http://x")'
    assert rows[2][6] == "'-1 pay"
    text = response.content.decode("utf-8-sig")
    assert people.trainee.username not in text and people.trainee.last_name not in text
    assert coding.spreadsheet_safe("+1") == "'+1" and coding.spreadsheet_safe("@x") == "'@x"
    assert coding.spreadsheet_safe("fine = ok") == "fine = ok"


# --- Who may reach the pages ------------------------------------------------------------------------------


def _urls(people, cohort, made):
    return [
        reverse("evaluation:codebook", args=[people.trust.pk]),
        reverse("evaluation:code_interview", args=[made.pk]),
        reverse("evaluation:cohort_themes", args=[cohort.pk]),
        reverse("evaluation:coded_passages_csv", args=[cohort.pk]),
    ]


def test_the_lead_reaches_every_coding_page(people, cohort_setup, alice_start, client):
    client.force_login(people.lead)
    for url in _urls(people, cohort_setup.cohort, alice_start):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_a_lead_of_another_organisation_a_trainee_and_others_are_refused(
    people, cohort_setup, alice_start, client, who
):
    client.force_login(getattr(people, who))
    for url in _urls(people, cohort_setup.cohort, alice_start):
        assert client.get(url).status_code == 404, url
    answer = alice_start.answers.get(question__order=1)
    client.post(
        reverse("evaluation:code_interview", args=[alice_start.pk]),
        {
            "answer": answer.pk,
            f"a{answer.pk}-theme": theme(people.trust, "Job satisfaction").pk,
            f"a{answer.pk}-quote": "real job satisfaction",
        },
    )
    client.post(reverse("evaluation:codebook", args=[people.trust.pk]), {"themes-TOTAL_FORMS": "1"})
    assert not CodedPassage.objects.exists()
    assert Codebook.objects.filter(organisation=people.trust).count() <= 1


def test_add_another_theme_gives_an_empty_row_and_saves_nothing(people, client):
    coding.current_codebook(people.trust)
    data = {"themes-TOTAL_FORMS": "1", "themes-INITIAL_FORMS": "1", "themes-0-name": "Pay", "add_theme": "1"}
    client.force_login(people.lead)
    response = client.post(reverse("evaluation:codebook", args=[people.trust.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="themes-1-name"' in page and 'value="Pay"' in page
    assert Codebook.objects.filter(organisation=people.trust).count() == 1


def test_saving_the_same_themes_makes_no_new_version(people, client):
    current = coding.current_codebook(people.trust)
    data = {"themes-TOTAL_FORMS": "11", "themes-INITIAL_FORMS": "11"}
    for i, t in enumerate(current.themes.all()):
        data[f"themes-{i}-name"], data[f"themes-{i}-description"] = t.name, t.description
    client.force_login(people.lead)
    assert client.post(reverse("evaluation:codebook", args=[people.trust.pk]), data).status_code == 302
    assert Codebook.objects.filter(organisation=people.trust).count() == 1
