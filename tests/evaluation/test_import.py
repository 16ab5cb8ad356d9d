"""Importing interview answers from a CSV or Excel file: all the file, completed, or nothing."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tabular import ImportRefused
from evaluation import importing, services
from evaluation.models import Answer, Interview
from tests.evaluation import test_interviews

ev = test_interviews.ev  # the fixture, shared

pytestmark = pytest.mark.django_db

HEAD = [
    "interviewee",
    "respondent",
    "stage",
    "held_on",
    "interviewer",
    "consent",
    "background",
    "why_they_applied",
]


def rows(ev, people):
    day = ev.held_on.isoformat()
    return [
        HEAD,
        [
            people.trainee.username,
            "trainee",
            "start",
            day,
            people.lead.username,
            "yes",
            "Support worker",
            "To grow",
        ],
        [people.other_trainee.email, "Trainee", "Shortly after starting", day, "lead", "no", "Porter", ""],
    ]


def as_csv(table):
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue().encode()


def as_xlsx(table):
    book = openpyxl.Workbook()
    for row in table:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(ev, people, content, name="answers.csv"):
    return importing.import_answers(cohort=ev.cohort, by=people.lead, upload_name=name, content=content)


def test_a_good_file_records_completed_interviews_with_their_answers(ev, people):
    people.other_trainee.email = "bob@example.nhs.uk"
    people.other_trainee.save()
    result = run(ev, people, as_csv(rows(ev, people)))
    assert (result.completed, result.added) == (2, 1)  # alice's was scheduled already; bob's is added
    alice = Interview.objects.get(interviewee=people.trainee)
    assert alice.pk == ev.interview.pk and alice.is_completed and alice.consent_given
    assert alice.interviewer == people.lead and alice.held_on == ev.held_on
    assert dict(alice.answers.values_list("question__topic", "text")) == {
        "Background": "Support worker",
        "Why they applied": "To grow",
    }
    bob = Interview.objects.get(interviewee=people.other_trainee)
    assert bob.is_completed and not bob.consent_given and bob.question_set == ev.trainee_set
    assert set(Interview.objects.counted()) == {alice}


def test_one_bad_row_refuses_the_file_naming_the_row_and_nothing_is_saved(ev, people):
    table = rows(ev, people)
    table[2][3] = (ev.cohort.start_date - datetime.timedelta(days=1)).isoformat()
    with pytest.raises(ImportRefused) as caught:
        run(ev, people, as_csv(table))
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (3, "held_on")
    assert "before the cohort started" in problem.message
    assert not Answer.objects.exists()
    ev.interview.refresh_from_db()
    assert ev.interview.status == Interview.Status.DUE
    assert Interview.objects.count() == 1


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("interviewee", "nobody@example.nhs.uk", "No one in the portal"),
        ("interviewee", "charlie", "not in this cohort"),
        ("stage", "the end", "is not a stage"),
        ("consent", "maybe", "is not yes or no"),
        ("interviewer", "alice", "cannot be the person interviewed"),
    ],
)
def test_each_kind_of_bad_row_is_named(ev, people, column, value, expected):
    table = rows(ev, people)[:2]
    table[1][HEAD.index(column)] = value
    with pytest.raises(ImportRefused) as caught:
        run(ev, people, as_csv(table))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, column)]
    assert expected in caught.value.problems[0].message
    assert not Answer.objects.exists() and Interview.objects.count() == 1


def test_a_completed_interview_is_not_imported_again(ev, people):
    services.record_interview(
        ev.interview,
        held_on=ev.held_on,
        interviewer=people.lead,
        consent_given=True,
        answers={},
        notes="",
        by=people.lead,
        complete=True,
    )
    with pytest.raises(ImportRefused) as caught:
        run(ev, people, as_csv(rows(ev, people)[:2]))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "interviewee")]
    assert "already completed" in caught.value.problems[0].message


def test_an_answer_for_a_topic_its_questions_do_not_ask_is_refused(ev, people):
    table = rows(ev, people)[:2]
    table[0] = [*table[0], "expectations"]  # a manager's topic
    table[1] = [*table[1], "Something"]
    with pytest.raises(ImportRefused) as caught:
        run(ev, people, as_csv(table))
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "expectations")]


def test_an_excel_workbook_is_imported(ev, people):
    table = rows(ev, people)[:2]
    table[1][3] = ev.held_on  # Excel keeps a date as a date
    result = run(ev, people, as_xlsx(table), name="answers.xlsx")
    assert result.completed == 1
    ev.interview.refresh_from_db()
    assert ev.interview.is_completed and ev.interview.held_on == ev.held_on
    assert ev.interview.answers.get(question__topic="Background").text == "Support worker"


def test_the_import_page_shows_the_problems_and_only_the_lead_may_use_it(client, ev, people):
    url = reverse("evaluation:answers_import", args=[ev.cohort.pk])
    client.force_login(people.trainee)
    assert client.get(url).status_code == 404
    client.force_login(people.other_lead)
    assert client.get(url).status_code == 404
    client.force_login(people.lead)
    page = client.get(url).content.decode()
    assert "why_they_applied" in page and "answer-example" in page
    table = rows(ev, people)[:2]
    table[1][2] = "later"
    upload = SimpleUploadedFile("answers.csv", as_csv(table), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No interview was imported" in html and "is not a stage" in html
    upload = SimpleUploadedFile("answers.csv", as_csv(rows(ev, people)[:2]), content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 302
    ev.interview.refresh_from_db()
    assert ev.interview.is_completed
    template = client.get(reverse("evaluation:answers_import_template", args=[ev.cohort.pk]))
    assert template.status_code == 200 and b"interviewee,respondent,stage" in template.content
