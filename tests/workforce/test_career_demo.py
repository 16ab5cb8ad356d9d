"""The career part's demo: the first trust's framework with a progression agreement with the demo university
(ZZU), counts from the demo's cohorts and outcomes, and a code of practice acknowledged by some of the
trust's trainees and not by others; the same however often it is seeded. Seeds the whole demo once."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.demo import seed_people
from accounts.models import Organisation, User
from core.todo import collect
from workforce import demo_career, selectors_career
from workforce.models import CareerStep, CodeAcknowledgement, CodeVersion, ProgressionAgreement

pytestmark = pytest.mark.django_db
PASSWORD = "demo-test-password-1"


def test_the_demo_has_a_framework_with_counts_an_agreement_and_a_code_half_acknowledged():
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    trust = Organisation.objects.get(ods_code="ZZ1")
    steps = selectors_career.steps_of(trust)
    counts = {str(c.step): c.total for c in selectors_career.organisation_counts(trust, steps)}
    # The pilot cohort's seven completed and two progressed to an abbreviated degree in nursing (seed 000);
    # two more completed on later cohorts.
    assert counts["Senior healthcare support worker to Assistant practitioner"] == 9
    assert counts["Assistant practitioner to Registered nurse"] == 2
    agreement = ProgressionAgreement.objects.get(step__organisation=trust)
    assert (
        agreement.partner.ods_code == "ZZU"
        and str(agreement.step) == "Assistant practitioner to Registered nurse"
    )

    current = selectors_career.current_code(trust)
    assert current.number == 2 and current.scope_statements.count() == 3
    rows = selectors_career.acknowledgement_rows(current)
    done = {r.person.username for r in rows if r.acknowledged}
    assert done == {"pilot.clarke", "pilot.doyle", "pilot.jones", "trainee2", "ap.patel", "ap.brown"}
    assert {"trainee", "ap.evans", "pilot.iqbal"} <= {r.person.username for r in rows if not r.acknowledged}
    sam = User.objects.get(username="trainee")
    assert collect(sam).group("code_to_acknowledge") is not None  # acknowledged version 1 only

    before = (
        CareerStep.objects.count(),
        ProgressionAgreement.objects.count(),
        CodeVersion.objects.count(),
        CodeAcknowledgement.objects.count(),
    )
    demo = seed_people(password=PASSWORD)
    demo_career.seed(demo)
    after = (
        CareerStep.objects.count(),
        ProgressionAgreement.objects.count(),
        CodeVersion.objects.count(),
        CodeAcknowledgement.objects.count(),
    )
    assert after == before

    client = Client()
    client.force_login(User.objects.get(username="lead"))
    home = client.get(reverse("workforce:home")).text
    assert 'data-section="career"' in home and "acknowledged by 6 of" in home
    client.force_login(User.objects.get(username="regional"))
    region = client.get(reverse("workforce:career_region", args=[trust.region_id])).text
    assert "fewer than 5" in region
