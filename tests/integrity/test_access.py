"""Each rule of integrity/access.py, for yes and no."""

import pytest

from integrity import access

pytestmark = pytest.mark.django_db


def test_only_workforce_leads_may_see_and_run_the_fingerprint_check(people, cohort_setup):
    for lead in (people.lead, people.other_lead):
        assert access.led_organisations(lead)
        assert access.can_view_fingerprint_checks(lead)
        assert access.can_run_fingerprint_check(lead)
    assert access.led_organisations(people.lead) == {people.trust.pk}
    others = (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer, people.regional)
    for someone in others:
        assert not access.led_organisations(someone)
        assert not access.can_view_fingerprint_checks(someone)
        assert not access.can_run_fingerprint_check(someone)
