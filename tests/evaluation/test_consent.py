"""Withdrawing consent: the record stays, and the interview leaves every count (``counted()``)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.models import Interview
from tests.evaluation import test_interviews

ev = test_interviews.ev  # the fixture, shared
record = test_interviews.record

pytestmark = pytest.mark.django_db


def withdraw_url(ev):
    return reverse("evaluation:interview_withdraw_consent", args=[ev.interview.pk])


def test_the_interviewee_withdraws_consent_and_the_interview_is_no_longer_counted(client, ev, people):
    record(ev, people, complete=True)
    assert Interview.objects.counted().filter(pk=ev.interview.pk).exists()

    client.force_login(people.trainee)
    page = client.get(reverse("evaluation:interview", args=[ev.interview.pk])).content.decode()
    assert withdraw_url(ev) in page
    confirm = client.get(withdraw_url(ev))
    assert confirm.status_code == 200
    assert "kept out of every count, quote, export and report" in confirm.content.decode()
    ev.interview.refresh_from_db()
    assert ev.interview.consent_withdrawn_on is None  # the confirm page changes nothing

    response = client.post(withdraw_url(ev))
    assert response.status_code == 302
    ev.interview.refresh_from_db()
    assert ev.interview.consent_withdrawn_on == datetime.date.today()
    assert not Interview.objects.counted().filter(pk=ev.interview.pk).exists()
    assert ev.interview.answers.count() == 2  # the answers are kept, just never counted
    page = client.get(reverse("evaluation:interview", args=[ev.interview.pk])).content.decode()
    assert "Consent was withdrawn on" in page and withdraw_url(ev) not in page


def test_consent_cannot_be_withdrawn_twice_or_by_someone_else(client, ev, people):
    record(ev, people, complete=True)
    client.force_login(people.other_trainee)
    assert client.post(withdraw_url(ev)).status_code == 404
    client.force_login(people.mentor)
    assert client.post(withdraw_url(ev)).status_code == 404
    ev.interview.refresh_from_db()
    assert ev.interview.consent_withdrawn_on is None

    services.withdraw_consent(ev.interview, people.lead)  # the lead records a withdrawal they are told of
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw_consent(ev.interview, people.trainee)
    client.force_login(people.trainee)
    assert client.post(withdraw_url(ev)).status_code == 403


def test_no_consent_given_means_nothing_to_withdraw(ev, people):
    record(ev, people, consent_given=False, complete=True)
    with pytest.raises(ValidationError, match="not given"):
        services.withdraw_consent(ev.interview, people.trainee)
    ev.interview.refresh_from_db()
    assert ev.interview.consent_withdrawn_on is None


def test_a_withdrawal_cannot_be_dated_in_the_future(ev, people):
    record(ev, people, complete=True)
    with pytest.raises(ValidationError):
        services.withdraw_consent(
            ev.interview, people.lead, on=datetime.date.today() + datetime.timedelta(days=2)
        )
    ev.interview.refresh_from_db()
    assert ev.interview.consent_withdrawn_on is None
