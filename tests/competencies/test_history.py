"""The evidence page's history says what each person did: the trainee's edit of returned evidence is an edit,
not "returned with feedback" by the trainee."""

import pytest
from django.urls import reverse

from competencies import services
from competencies.history import evidence_history

pytestmark = pytest.mark.django_db


def lines(evidence):
    return [(change.what, change.who.username) for change in evidence_history(evidence)]


def test_history_names_each_step_and_the_trainees_edit_of_returned_evidence(people, evidence_draft):
    evidence = services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    services.decide_evidence(
        evidence=evidence, by=people.mentor, sign_off=False, comment="Add the NEWS2 score."
    )
    ksbs = list(evidence.ksbs.all()) + [evidence.enrolment.cohort.programme.standard.ksbs.last()]
    evidence = services.update_evidence(
        evidence=evidence, by=people.trainee, ksbs=ksbs, narrative="With NEWS2."
    )
    services.submit_evidence(evidence=evidence, by=people.trainee)
    assert lines(evidence) == [
        ("created", "alice"),
        ("submitted for sign-off", "alice"),
        ("returned with feedback", "mentor"),
        ("edited", "alice"),
        ("submitted for sign-off", "alice"),
    ]


def test_evidence_page_shows_the_edit_by_the_trainee(client, people, evidence_draft):
    evidence = services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    services.decide_evidence(
        evidence=evidence, by=people.mentor, sign_off=False, comment="Add the NEWS2 score."
    )
    services.update_evidence(
        evidence=evidence, by=people.trainee, ksbs=evidence.ksbs.all(), title="Handover v2"
    )
    client.force_login(people.trainee)
    page = client.get(reverse("competencies:evidence_detail", args=[evidence.pk])).content.decode()
    history = page[page.index(">History<") :]
    trainee = people.trainee.get_full_name() or people.trainee.username
    assert f"edited by {trainee}" in history
    assert f"returned with feedback by {trainee}" not in history
    assert history.count("returned with feedback by") == 1
