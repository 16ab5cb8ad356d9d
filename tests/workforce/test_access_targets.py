"""The rules of targets and headcount returns, each for yes and no: an organisation's returns are its
workforce leads' (the administrator reads them); targets are set by an organisation's leads, a region's
regional leads or the administrator for the country, and read by those above them."""

import datetime

import pytest

from workforce import access
from workforce.models import HeadcountReturn, Target

DAY = datetime.date(2025, 3, 31)


@pytest.fixture
def ap(catalogue):
    return catalogue["Assistant practitioner"]


@pytest.fixture
def trust_return(people, ap):
    figures = {"in_post": 3, "in_training": 2, "vacancies": 1, "starters": 0, "leavers": 0}
    return HeadcountReturn.objects.create(
        organisation=people.trust, workforce_role=ap, period_end=DAY, **figures
    )


@pytest.fixture
def targets(people, ap):
    def target(**scope):
        return Target.objects.create(workforce_role=ap, number=10, due_on=DAY, **scope)

    return {
        "national": target(),
        "region": target(region=people.region),
        "far_region": target(region=people.other_region),
        "trust": target(organisation=people.trust),
        "far_trust": target(organisation=people.far_trust),
    }


def test_an_organisations_returns_are_read_by_its_leads_and_the_administrator(people, administrator):
    assert access.can_view_returns_of(people.lead, people.trust)
    assert access.can_view_returns_of(administrator, people.trust)
    assert not access.can_view_returns_of(people.other_lead, people.trust)
    assert not access.can_view_returns_of(people.regional, people.trust)
    assert not access.can_view_returns_of(people.mentor, people.trust)


def test_only_an_organisations_leads_record_its_returns(people, administrator):
    assert access.can_record_returns_of(people.lead, people.trust)
    assert not access.can_record_returns_of(administrator, people.trust)
    assert not access.can_record_returns_of(people.other_lead, people.trust)
    assert not access.can_record_returns_of(people.regional, people.trust)


def test_a_return_is_read_by_its_organisations_leads_and_the_administrator(
    people, administrator, trust_return
):
    assert access.can_view_return(people.lead, trust_return)
    assert access.can_view_return(administrator, trust_return)
    assert not access.can_view_return(people.other_lead, trust_return)
    assert not access.can_view_return(people.regional, trust_return)


def test_a_return_is_corrected_by_its_organisations_leads_only(people, administrator, trust_return):
    assert access.can_change_return(people.lead, trust_return)
    assert not access.can_change_return(administrator, trust_return)
    assert not access.can_change_return(people.other_lead, trust_return)
    assert not access.can_change_return(people.mentor, trust_return)


def test_the_names_of_completing_trainees_are_the_organisations_leads_only(people, administrator):
    assert access.can_see_completing_trainees(people.lead, people.trust)
    assert not access.can_see_completing_trainees(administrator, people.trust)
    assert not access.can_see_completing_trainees(people.regional, people.trust)
    assert not access.can_see_completing_trainees(people.other_lead, people.trust)


def test_an_organisations_targets_are_read_by_its_leads_region_and_the_administrator(people, administrator):
    assert access.can_view_targets_of(people.lead, people.trust)
    assert access.can_view_targets_of(people.regional, people.trust)
    assert access.can_view_targets_of(administrator, people.trust)
    assert not access.can_view_targets_of(people.regional, people.far_trust)
    assert not access.can_view_targets_of(people.other_lead, people.trust)
    assert not access.can_view_targets_of(people.mentor, people.trust)


def test_an_organisation_sets_its_own_targets(people, administrator):
    assert access.can_set_targets_for_organisation(people.lead, people.trust)
    assert not access.can_set_targets_for_organisation(people.lead, people.other_trust)
    assert not access.can_set_targets_for_organisation(people.regional, people.trust)
    assert not access.can_set_targets_for_organisation(administrator, people.trust)


def test_a_regional_lead_sets_their_regions_targets(people, administrator):
    assert access.can_set_targets_for_region(people.regional, people.region)
    assert not access.can_set_targets_for_region(people.regional, people.other_region)
    assert not access.can_set_targets_for_region(people.lead, people.region)
    assert not access.can_set_targets_for_region(administrator, people.region)


def test_the_administrator_sets_national_targets(people, administrator):
    assert access.can_set_national_targets(administrator)
    assert not access.can_set_national_targets(people.regional)
    assert not access.can_set_national_targets(people.lead)


def test_national_figures_are_the_administrators(people, administrator):
    assert access.can_view_national_workforce(administrator)
    assert not access.can_view_national_workforce(people.regional)
    assert not access.can_view_national_workforce(people.lead)


def test_who_reads_each_kind_of_target(people, administrator, targets):
    assert access.can_view_target(administrator, targets["national"])
    assert not access.can_view_target(people.regional, targets["national"])
    assert not access.can_view_target(people.lead, targets["national"])

    assert access.can_view_target(people.regional, targets["region"])
    assert access.can_view_target(administrator, targets["region"])
    assert not access.can_view_target(people.regional, targets["far_region"])
    assert not access.can_view_target(people.lead, targets["region"])

    assert access.can_view_target(people.lead, targets["trust"])
    assert access.can_view_target(people.regional, targets["trust"])
    assert not access.can_view_target(people.other_lead, targets["trust"])
    assert not access.can_view_target(people.regional, targets["far_trust"])


def test_who_changes_each_kind_of_target(people, administrator, targets):
    assert access.can_change_target(administrator, targets["national"])
    assert not access.can_change_target(people.regional, targets["national"])

    assert access.can_change_target(people.regional, targets["region"])
    assert not access.can_change_target(administrator, targets["region"])
    assert not access.can_change_target(people.regional, targets["far_region"])

    assert access.can_change_target(people.lead, targets["trust"])
    assert not access.can_change_target(people.regional, targets["trust"])
    assert not access.can_change_target(people.other_lead, targets["trust"])
    assert not access.can_change_target(administrator, targets["trust"])
