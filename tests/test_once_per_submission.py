"""A form sent twice at once (a double tap, a retry) makes one evidence item or one study-time entry."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from competencies.models import Evidence
from standards.models import KSB
from trainees.models import StudyTimeEntry

TODAY = datetime.date.today()


def post_together(user, url, data, times=2):
    """Posts the same form from ``times`` threads at once; returns their responses."""
    start = threading.Barrier(times)
    responses = []

    def send():
        client = Client()
        client.force_login(user)
        try:
            start.wait(timeout=30)
            responses.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def evidence_form(enrolment, key):
    ksb = KSB.objects.get(standard__reference="ST0215", kind="K", number=5)
    return {
        "title": "Handover",
        "occurred_on": TODAY.isoformat(),
        "kind": "observation",
        "narrative": "I led the handover.",
        "ksbs": [ksb.pk],
        "submission_key": str(key),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_evidence_posts_at_once_make_one_item(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    url = reverse("competencies:evidence_create", args=[enrolment.pk])
    responses = post_together(people.trainee, url, evidence_form(enrolment, uuid.uuid4()), times=4)
    assert [r.status_code for r in responses] == [302] * 4
    assert Evidence.objects.filter(enrolment=enrolment).count() == 1
    item = Evidence.objects.get(enrolment=enrolment)
    assert {r["Location"] for r in responses} == {reverse("competencies:evidence_detail", args=[item.pk])}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_study_time_posts_at_once_make_one_entry(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    data = {
        "date": TODAY.isoformat(),
        "hours": "3.5",
        "activity": "taught",
        "description": "Module 2",
        "in_paid_hours": "on",
        "submission_key": str(uuid.uuid4()),
    }
    responses = post_together(people.trainee, reverse("trainees:study_time", args=[enrolment.pk]), data)
    assert [r.status_code for r in responses] == [302, 302]
    assert StudyTimeEntry.objects.filter(enrolment=enrolment).count() == 1


@pytest.mark.django_db
def test_each_showing_of_the_form_makes_its_own_item(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    client.force_login(people.trainee)
    url = reverse("competencies:evidence_create", args=[enrolment.pk])
    keys = {client.get(url).context["form"]["submission_key"].value() for _ in range(2)}
    assert len(keys) == 2
    for key in keys:
        assert client.post(url, evidence_form(enrolment, key)).status_code == 302
    assert Evidence.objects.filter(enrolment=enrolment).count() == 2
