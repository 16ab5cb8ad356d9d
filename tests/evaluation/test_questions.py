"""Question sets as versioned data: the starter sets from seed 000, new versions that keep the old ones (and
the interviews theirs), and the editor a workforce lead uses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import questions, schedule
from evaluation.models import QuestionSet, Respondent, Stage

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def topics(question_set):
    return [q.topic for q in question_set.questions.all()]


# --- Starter sets --------------------------------------------------------------------------------------


def test_first_use_creates_the_starter_set_as_version_1_example_content(people):
    question_set = questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE)

    assert (question_set.version, question_set.is_example) == (1, True)
    assert topics(question_set) == [
        "Background",
        "Why you applied",
        "First impressions",
        "Remuneration",
        "Clarity of responsibility",
        "Protected study time",
    ]
    assert all(q.text.endswith("?") or q.text.endswith(".") for q in question_set.questions.all())
    # Asked again: the same set, not a second one.
    assert questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE) == question_set
    assert QuestionSet.objects.filter(organisation=people.trust).count() == 1


def test_the_six_starter_sets_cover_seed_000s_topics(people):
    sets = {(s.respondent, s.stage): s for s in questions.current_question_sets(people.trust)}

    assert len(sets) == 6 and all(s.is_example and s.version == 1 for s in sets.values())
    assert topics(sets[(Respondent.TRAINEE, Stage.MIDWAY)]) == [
        "How the programme is going",
        "Protected study time",
        "Remuneration",
        "Clarity of responsibility",
        "Support from your mentor",
    ]
    assert "Career plans" in topics(sets[(Respondent.TRAINEE, Stage.QUALIFICATION)])
    assert topics(sets[(Respondent.MANAGER, Stage.START)]) == [
        "Expectations of the new role",
        "Support to registered nurses",
        "Balance of staffing",
    ]
    assert "Cover for protected learning time" in topics(sets[(Respondent.MANAGER, Stage.MIDWAY)])
    assert topics(sets[(Respondent.MANAGER, Stage.QUALIFICATION)])[0] == "Impact on service delivery"


def test_each_organisation_has_its_own_sets(people):
    ours = questions.current_question_set(people.trust, Stage.START, Respondent.MANAGER)
    theirs = questions.current_question_set(people.other_trust, Stage.START, Respondent.MANAGER)

    assert ours != theirs and theirs.organisation == people.other_trust


# --- Versions -------------------------------------------------------------------------------------------


def test_a_new_version_keeps_the_old_one_and_interviews_keep_theirs(cohort_setup, people):
    v1 = questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE)
    schedule.schedule_cohort(cohort_setup.cohort, by=people.lead)
    interview = cohort_setup.cohort.interviews.get(interviewee=people.trainee, stage=Stage.START)
    interview.question_set = v1
    interview.save()

    v2 = questions.new_version(
        v1, [("Background", "Where did you work before?"), ("Pay", "Pay?")], by=people.lead
    )

    assert (v2.version, v2.is_example, v2.created_by) == (2, False, people.lead)
    assert topics(v2) == ["Background", "Pay"]
    assert questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE) == v2
    v1.refresh_from_db()
    assert len(topics(v1)) == 6  # kept as it was
    interview.refresh_from_db()
    assert interview.question_set == v1
    v3 = questions.new_version(
        v1, [("Only", "One question?")], by=people.lead
    )  # from an old version: still N+1
    assert v3.version == 3


@pytest.mark.parametrize("rows", [[], [("", "A question?")], [("Topic", "  ")]])
def test_an_empty_set_or_an_incomplete_question_is_refused(people, rows):
    v1 = questions.current_question_set(people.trust, Stage.MIDWAY, Respondent.MANAGER)

    with pytest.raises(ValidationError):
        questions.new_version(v1, rows, by=people.lead)

    assert QuestionSet.objects.filter(organisation=people.trust).count() == 1


# --- The editor -----------------------------------------------------------------------------------------


def edit_url(organisation, respondent=Respondent.TRAINEE, stage=Stage.START):
    return reverse("evaluation:question_set_edit", args=[organisation.pk, respondent, stage])


def formset_data(rows, deleted=()):
    data = {"questions-TOTAL_FORMS": len(rows), "questions-INITIAL_FORMS": len(rows)}
    for i, (topic, text) in enumerate(rows):
        data[f"questions-{i}-topic"] = topic
        data[f"questions-{i}-text"] = text
        if i in deleted:
            data[f"questions-{i}-DELETE"] = "on"
    return data


def test_the_lead_sees_the_six_sets_labelled_as_example_content(client, people):
    response = client_for(client, people.lead).get(
        reverse("evaluation:question_sets", args=[people.trust.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert questions.EXAMPLE_LABEL in html
    assert html.count("data-question-set=") == 6
    assert "Version 1" in html
    edit = client.get(edit_url(people.trust))
    assert edit.status_code == 200 and questions.EXAMPLE_LABEL in edit.content.decode()


@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_others_cannot_open_or_save_the_question_sets(client, people, who):
    client_for(client, getattr(people, who))

    listing = client.get(reverse("evaluation:question_sets", args=[people.trust.pk]))
    edit = client.get(edit_url(people.trust))
    save = client.post(edit_url(people.trust), formset_data([("Pay", "Pay?")]))

    assert listing.status_code == edit.status_code == save.status_code == 404
    assert not QuestionSet.objects.exists()


def test_an_unknown_stage_or_respondent_is_not_found(client, people):
    response = client_for(client, people.lead).get(edit_url(people.trust, "visitor", Stage.START))

    assert response.status_code == 404


def test_saving_the_editor_makes_a_new_version_with_rows_removed_and_blank_rows_ignored(client, people):
    client_for(client, people.lead)
    rows = [
        ("Background", "Tell us about yourself."),
        ("Pay", "How is your pay?"),
        ("", ""),
        ("Drop", "Gone?"),
    ]

    response = client.post(edit_url(people.trust), formset_data(rows, deleted={3}))

    assert response.status_code == 302
    current = questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE)
    assert current.version == 2 and topics(current) == ["Background", "Pay"]
    assert QuestionSet.objects.get(organisation=people.trust, version=1, stage=Stage.START).is_example
    assert "saved as version 2" in client.get(response.url).content.decode()


def test_add_another_question_redraws_the_editor_with_an_empty_row_and_saves_nothing(client, people):
    client_for(client, people.lead)

    response = client.post(
        edit_url(people.trust), {**formset_data([("Pay", "How is your pay?")]), "add": "1"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="questions-1-topic"' in html and "How is your pay?" in html
    assert questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE).version == 1


@pytest.mark.parametrize(
    "rows, deleted, message",
    [
        ([("Pay", "")], (), "Enter the question"),
        ([("", "What do you think?")], (), "Enter a topic"),
        ([("x" * 121, "Too long a topic?")], (), "at most 120 characters"),
        ([("", "")], (), "at least one question"),
        ([("Pay", "How is your pay?")], {0}, "at least one question"),
    ],
)
def test_bad_input_is_refused_with_messages_and_saves_nothing(client, people, rows, deleted, message):
    client_for(client, people.lead)
    before = questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE)

    response = client.post(edit_url(people.trust), formset_data(rows, deleted))

    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html
    assert message in html
    assert QuestionSet.objects.filter(organisation=people.trust).count() == 1
    assert questions.current_question_set(people.trust, Stage.START, Respondent.TRAINEE) == before


def test_a_field_error_shows_beside_its_field_and_in_the_summary(client, people):
    client_for(client, people.lead)

    response = client.post(edit_url(people.trust), formset_data([("Pay", "How is your pay?"), ("Hours", "")]))

    html = response.content.decode()
    assert 'href="#id_questions-1-text"' in html  # the summary links to the field
    assert 'id="id_questions-1-text_error"' in html  # and beside it
    assert 'id="id_questions-0-text_error"' not in html
    assert "nhsuk-form-group--error" in html
