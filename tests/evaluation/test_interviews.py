"""Recording an evaluation interview: drafts, completing (then read-only), the checks on its date and people,
and who may read and record it."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership
from evaluation import services
from evaluation.models import Answer, Interview, Question, QuestionSet, Respondent, Stage
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def make_question_set(organisation, stage, respondent, topics, version=1):
    question_set = QuestionSet.objects.create(
        organisation=organisation, stage=stage, respondent=respondent, version=version
    )
    for order, topic in enumerate(topics, start=1):
        Question.objects.create(
            question_set=question_set, order=order, topic=topic, text=f"Tell us: {topic}?"
        )
    return question_set


@pytest.fixture
def ev(people, cohort_setup):
    """alice's start interview and the question sets it and a manager's interview ask."""
    trust = people.trust
    trainee_set = make_question_set(
        trust, Stage.START, Respondent.TRAINEE, ["Background", "Why they applied"]
    )
    manager_set = make_question_set(trust, Stage.START, Respondent.MANAGER, ["Expectations"])
    interview = services.add_interview(
        cohort=cohort_setup.cohort,
        interviewee=people.trainee,
        respondent=Respondent.TRAINEE,
        stage=Stage.START,
        by=people.lead,
    )
    return SimpleNamespace(
        cohort=cohort_setup.cohort,
        interview=interview,
        trainee_set=trainee_set,
        manager_set=manager_set,
        questions=list(trainee_set.questions.order_by("order")),
        manager=cohort_setup.manager,
        held_on=cohort_setup.cohort.start_date + datetime.timedelta(days=7),
    )


def record(ev, people, **changes):
    values = {
        "held_on": ev.held_on,
        "interviewer": people.lead,
        "consent_given": True,
        "answers": {ev.questions[0].pk: "Healthcare support worker", ev.questions[1].pk: "To grow"},
        "notes": "In the ward office",
        "by": people.lead,
    }
    values.update(changes)
    return services.record_interview(ev.interview, **values)


# --- Services -----------------------------------------------------------------------------------------------


def test_a_draft_is_saved_then_completed(ev, people):
    interview = record(ev, people, consent_given=None, answers={ev.questions[0].pk: "Support worker"})
    assert interview.status == Interview.Status.DRAFT
    assert interview.question_set == ev.trainee_set
    assert interview.completed_at is None
    assert Answer.objects.get(interview=interview).text == "Support worker"

    interview = record(ev, people, complete=True)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED
    assert interview.completed_by == people.lead and interview.completed_at is not None
    assert interview.consent_given and interview.held_on == ev.held_on
    assert dict(interview.answers.values_list("question__topic", "text")) == {
        "Background": "Healthcare support worker",
        "Why they applied": "To grow",
    }


def test_an_interview_keeps_the_version_it_started_with(ev, people):
    services.start_interview(ev.interview, people.lead)
    make_question_set(people.trust, Stage.START, Respondent.TRAINEE, ["Something new"], version=2)
    interview = record(ev, people)
    assert interview.question_set == ev.trainee_set
    assert [q.topic for q, _ in services.answers_of(interview)] == ["Background", "Why they applied"]


def test_a_completed_interview_cannot_be_recorded_again(ev, people):
    record(ev, people, complete=True)
    with pytest.raises(ValidationError, match="completed"):
        record(ev, people, notes="Changed later")
    ev.interview.refresh_from_db()
    assert ev.interview.notes == "In the ward office"


def test_completing_needs_a_date_an_interviewer_and_consent_either_way(ev, people):
    with pytest.raises(ValidationError) as caught:
        record(ev, people, held_on=None, interviewer=None, consent_given=None, complete=True)
    assert set(caught.value.message_dict) == {"held_on", "interviewer", "consent_given"}
    ev.interview.refresh_from_db()
    assert ev.interview.status == Interview.Status.DUE
    # Consent refused is a recorded answer: the interview completes, and is never counted.
    interview = record(ev, people, consent_given=False, complete=True)
    assert interview.is_completed
    assert not Interview.objects.counted().filter(pk=interview.pk).exists()


def test_a_date_before_the_cohort_started_is_refused_and_nothing_is_saved(ev, people):
    too_early = ev.cohort.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        record(ev, people, held_on=too_early)
    started = f"{ev.cohort.start_date.day} {ev.cohort.start_date:%B %Y}"
    assert caught.value.message_dict["held_on"] == [
        f"The interview cannot be before the cohort started on {started}."
    ]
    ev.interview.refresh_from_db()
    assert ev.interview.held_on is None and ev.interview.status == Interview.Status.DUE
    assert not Answer.objects.exists()


def test_a_date_in_the_future_is_refused(ev, people):
    with pytest.raises(ValidationError) as caught:
        record(ev, people, held_on=TODAY + datetime.timedelta(days=1))
    assert "future" in caught.value.message_dict["held_on"][0]


def test_the_interviewee_cannot_interview_themself_nor_can_an_outsider(ev, people):
    with pytest.raises(ValidationError) as caught:
        record(ev, people, interviewer=people.trainee)
    assert "cannot be the person interviewed" in caught.value.message_dict["interviewer"][0]
    with pytest.raises(ValidationError) as caught:
        record(ev, people, interviewer=people.other_lead)
    assert "is not a member of" in caught.value.message_dict["interviewer"][0]


def test_an_answer_to_a_question_of_another_set_is_refused(ev, people):
    other = ev.manager_set.questions.get()
    with pytest.raises(ValidationError) as caught:
        record(ev, people, answers={other.pk: "Not this interview's"})
    assert "answers" in caught.value.message_dict
    assert not Answer.objects.exists()


def test_someone_not_in_the_cohort_cannot_be_interviewed(ev, people):
    with pytest.raises(ValidationError) as caught:
        services.add_interview(
            cohort=ev.cohort,
            interviewee=people.outside_trainee,
            respondent=Respondent.TRAINEE,
            stage=Stage.START,
            by=people.lead,
        )
    assert caught.value.message_dict["interviewee"] == [f"{people.outside_trainee} is not in this cohort."]
    stranger = person_with_role(Membership.Role.MANAGER, people.trust, username="stranger")
    with pytest.raises(ValidationError, match="is not in this cohort"):
        services.add_interview(
            cohort=ev.cohort,
            interviewee=stranger,
            respondent=Respondent.MANAGER,
            stage=Stage.START,
            by=people.lead,
        )
    assert Interview.objects.count() == 1


def test_a_manager_of_a_trainee_in_the_cohort_can_be_interviewed(ev, people):
    interview = services.add_interview(
        cohort=ev.cohort,
        interviewee=ev.manager,
        respondent=Respondent.MANAGER,
        stage=Stage.START,
        by=people.lead,
    )
    assert interview.enrolment is None and interview.status == Interview.Status.DUE
    with pytest.raises(ValidationError, match="already has"):
        services.add_interview(
            cohort=ev.cohort,
            interviewee=ev.manager,
            respondent=Respondent.MANAGER,
            stage=Stage.START,
            by=people.lead,
        )


# --- Pages --------------------------------------------------------------------------------------------------


def record_url(ev):
    return reverse("evaluation:interview_record", args=[ev.interview.pk])


def detail_url(ev):
    return reverse("evaluation:interview", args=[ev.interview.pk])


def form_data(ev, people, action="draft", **changes):
    data = {
        "held_on": ev.held_on.isoformat(),
        "interviewer": str(people.lead.pk),
        "consent_given": "yes",
        f"answer_{ev.questions[0].pk}": "Healthcare support worker",
        f"answer_{ev.questions[1].pk}": "To grow",
        "notes": "",
        "action": action,
    }
    data.update(changes)
    return data


def test_the_lead_records_a_draft_and_completes_it_through_the_form(client, ev, people):
    client.force_login(people.lead)
    page = client.get(record_url(ev))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Why they applied" in html and "Tell us: Background?" in html
    assert 'value="draft"' in html and 'value="complete"' in html

    response = client.post(record_url(ev), form_data(ev, people, consent_given=""))
    assert response.status_code == 302
    ev.interview.refresh_from_db()
    assert ev.interview.status == Interview.Status.DRAFT
    # The saved date comes back in the form as the date input reads it.
    assert f'value="{ev.held_on.isoformat()}"' in client.get(record_url(ev)).content.decode()

    response = client.post(record_url(ev), form_data(ev, people, action="complete"))
    assert response.status_code == 302
    ev.interview.refresh_from_db()
    assert ev.interview.is_completed and ev.interview.consent_given
    html = client.get(detail_url(ev)).content.decode()
    assert "Healthcare support worker" in html and "Completed" in html
    assert f'href="{reverse("evaluation:cohort", args=[ev.cohort.pk])}"' in html  # the breadcrumb


def test_the_form_shows_a_refusal_beside_the_field_and_saves_nothing(client, ev, people):
    client.force_login(people.lead)
    too_early = (ev.cohort.start_date - datetime.timedelta(days=3)).isoformat()
    response = client.post(record_url(ev), form_data(ev, people, action="complete", held_on=too_early))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The interview cannot be before the cohort started on" in html
    assert "nhsuk-error-summary" in html and "nhsuk-form-group--error" in html
    ev.interview.refresh_from_db()
    assert ev.interview.status == Interview.Status.DUE and ev.interview.held_on is None
    assert not Answer.objects.exists()


def test_a_completed_interview_cannot_be_opened_for_recording(client, ev, people):
    record(ev, people, complete=True)
    client.force_login(people.lead)
    assert client.get(record_url(ev)).status_code == 403
    assert client.post(record_url(ev), form_data(ev, people, notes="again")).status_code == 403
    ev.interview.refresh_from_db()
    assert ev.interview.notes == "In the ward office"
    assert 'href="' + record_url(ev) not in client.get(detail_url(ev)).content.decode()


def test_the_interviewee_reads_their_own_interview_but_not_another(client, ev, people):
    record(ev, people, complete=True)
    other = services.add_interview(
        cohort=ev.cohort,
        interviewee=people.other_trainee,
        respondent=Respondent.TRAINEE,
        stage=Stage.START,
        by=people.lead,
    )
    client.force_login(people.trainee)
    page = client.get(detail_url(ev))
    assert page.status_code == 200 and "Healthcare support worker" in page.content.decode()
    assert client.get(reverse("evaluation:interview", args=[other.pk])).status_code == 404
    mine = client.get(reverse("evaluation:mine")).content.decode()
    assert detail_url(ev) in mine and reverse("evaluation:interview", args=[other.pk]) not in mine


def test_a_trainee_cannot_record_not_even_their_own(client, ev, people):
    client.force_login(people.trainee)
    assert client.get(record_url(ev)).status_code == 403  # they may read it, not record it
    assert client.post(record_url(ev), form_data(ev, people)).status_code == 403
    client.force_login(people.other_trainee)
    assert client.get(record_url(ev)).status_code == 404
    ev.interview.refresh_from_db()
    assert ev.interview.status == Interview.Status.DUE


def test_the_named_interviewer_records_and_another_lead_cannot(client, ev, people):
    record(ev, people, interviewer=people.mentor)
    client.force_login(people.mentor)
    assert client.get(record_url(ev)).status_code == 200
    client.force_login(people.other_lead)
    assert client.get(record_url(ev)).status_code == 404
    assert client.get(detail_url(ev)).status_code == 404


def test_my_interviews_lists_only_the_signed_in_persons(client, ev, people):
    client.force_login(people.other_trainee)
    page = client.get(reverse("evaluation:mine"))
    assert page.status_code == 200
    assert "You have no evaluation interviews" in page.content.decode()
    assert detail_url(ev) not in page.content.decode()
