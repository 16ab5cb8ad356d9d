"""A mentor who returns evidence without feedback sees why beside the comment box and in the error summary,
and nothing changes."""

import re

import pytest
from django.urls import reverse

from competencies import services
from competencies.models import Decision, Evidence

pytestmark = pytest.mark.django_db


def test_return_without_feedback_is_shown_beside_the_comment_and_in_the_summary(
    client, people, evidence_draft
):
    services.submit_evidence(evidence=evidence_draft, by=people.trainee)
    client.force_login(people.mentor)
    response = client.post(
        reverse("competencies:evidence_decide", args=[evidence_draft.pk]),
        {"decision": "return", "comment": " "},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert re.search(r'<a href="#id_comment"[^>]*>Comment: Say what the trainee should change', page)
    assert re.search(
        r'<p class="nhsuk-error-message" id="id_comment_error">'
        r'<span class="nhsuk-u-visually-hidden">Error:</span> Say what',
        page,
    )
    evidence_draft.refresh_from_db()
    assert evidence_draft.status == Evidence.Status.SUBMITTED and not Decision.objects.exists()
