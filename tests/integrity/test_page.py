"""The workforce lead's fingerprint check page: the last check, counts and mismatches of their own
organisation's records only, and "Check now"; everyone else is refused."""

import pytest
from django.urls import reverse

from integrity import services
from integrity.models import FingerprintCheck
from trainees.models import LearningContract, ProgressReview

from .conftest import tamper

pytestmark = pytest.mark.django_db
PAGE = reverse("integrity:fingerprints")
CHECK_NOW = reverse("integrity:check_now")


@pytest.fixture
def tampered(records, other_records):
    """One record changed in each organisation, then checked."""
    tamper(ProgressReview, records.review.pk, actions="Changed in the database.")
    tamper(LearningContract, other_records.contract.pk, service_cover="Changed elsewhere.")
    return services.run_check()


def test_the_lead_sees_the_last_check_and_their_own_mismatches(client, people, records, tampered):
    client.force_login(people.lead)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.text
    assert "Fingerprint check" in page
    assert f'data-check="{tampered.pk}"' in page
    assert page.count("data-mismatch=") == 3  # the review's three signatures
    assert "Progress review" in page and str(records.review.enrolment.trainee) in page
    assert "Changed elsewhere" not in page
    assert str(people.outside_trainee) not in page  # the other organisation's record, by name
    assert "Progress review: review signatures" in page


def test_another_organisations_lead_sees_only_theirs(client, people, records, other_records, tampered):
    client.force_login(people.other_lead)
    page = client.get(PAGE).text
    assert page.count("data-mismatch=") == 1
    assert "Learning contract v1" in page
    assert str(records.review) not in page
    assert str(people.trainee) not in page


def test_the_page_says_when_everything_matches(client, people, records):
    services.run_check()
    client.force_login(people.lead)
    page = client.get(PAGE).text
    assert "data-none" in page and "data-mismatch=" not in page
    assert "All match" in page


def test_before_any_check(client, people):
    client.force_login(people.lead)
    assert "No check has run yet." in client.get(PAGE).text


@pytest.mark.parametrize("who", ["trainee", "mentor", "regional"])
def test_others_are_refused_the_page_and_check_now(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(CHECK_NOW).status_code == 403
    assert not FingerprintCheck.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_check_now_runs_the_task_and_the_page_shows_it(client, people, records):
    client.force_login(people.lead)
    assert client.get(CHECK_NOW).status_code == 405
    response = client.post(CHECK_NOW)
    assert response.status_code == 302 and response.url == PAGE
    check = FingerprintCheck.objects.get()
    assert check.trigger == "lead" and check.requested_by == people.lead and check.mismatch_count == 0
    page = client.get(PAGE).text
    assert "asked for by a workforce lead" in page


def test_the_dashboard_panel_is_for_leads_only(client, people, records, tampered):
    client.force_login(people.lead)
    page = client.get(reverse("dashboard")).text
    assert 'data-panel="integrity"' in page
    assert "3 signed records no longer match their fingerprint" in page
    client.force_login(people.mentor)
    assert 'data-panel="integrity"' not in client.get(reverse("dashboard")).text
