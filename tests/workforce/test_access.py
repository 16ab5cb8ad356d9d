"""The catalogue and front-page rules of workforce plans, for yes and no. Each part's rules are tested in its
own test_access_<part>.py beside this one."""

import pytest

from workforce import access
from workforce.models import WorkforceRole


@pytest.fixture
def local_role(people):
    return WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.trust)


def test_the_administrator_is_staff(people, administrator):
    assert access.is_administrator(administrator)
    assert not access.is_administrator(people.lead)


def test_leads_regional_leads_and_the_administrator_plan_the_workforce(people, administrator):
    assert access.plans_workforce(people.lead)
    assert access.plans_workforce(people.regional)
    assert access.plans_workforce(administrator)
    assert not access.plans_workforce(people.mentor)
    assert not access.plans_workforce(people.trainee)


def test_a_national_role_is_seen_by_anyone_planning_the_workforce(people, catalogue):
    role = catalogue["Assistant practitioner"]
    assert access.can_view_workforce_role(people.other_lead, role)
    assert access.can_view_workforce_role(people.regional, role)
    assert not access.can_view_workforce_role(people.trainee, role)


def test_an_organisations_own_role_is_seen_by_its_leads_and_region_only(people, local_role, administrator):
    assert access.can_view_workforce_role(people.lead, local_role)
    assert access.can_view_workforce_role(people.regional, local_role)
    assert access.can_view_workforce_role(administrator, local_role)
    assert not access.can_view_workforce_role(people.other_lead, local_role)
    assert not access.can_view_workforce_role(people.mentor, local_role)


def test_a_lead_adds_roles_for_their_own_organisation_only(people):
    assert access.can_add_workforce_role_for(people.lead, people.trust)
    assert not access.can_add_workforce_role_for(people.lead, people.other_trust)
    assert not access.can_add_workforce_role_for(people.regional, people.trust)


def test_the_national_catalogue_is_the_administrators_and_a_local_role_its_leads(
    people, catalogue, local_role, administrator
):
    assert access.can_change_workforce_role(administrator, catalogue["Nursing associate"])
    assert not access.can_change_workforce_role(people.lead, catalogue["Nursing associate"])
    assert access.can_change_workforce_role(people.lead, local_role)
    assert not access.can_change_workforce_role(people.other_lead, local_role)


def test_only_an_organisations_leads_manage_its_workforce_plans(people):
    assert access.can_manage_workforce_of(people.lead, people.trust)
    assert not access.can_manage_workforce_of(people.other_lead, people.trust)
    assert not access.can_manage_workforce_of(people.regional, people.trust)
    assert not access.can_manage_workforce_of(people.mentor, people.trust)


def test_a_regions_figures_are_its_regional_leads_and_the_administrators(people, administrator):
    assert access.can_view_region_workforce(people.regional, people.region)
    assert access.can_view_region_workforce(administrator, people.region)
    assert not access.can_view_region_workforce(people.regional, people.other_region)
    assert not access.can_view_region_workforce(people.lead, people.region)


def test_the_front_page_is_for_people_who_plan_the_workforce(client, people):
    client.force_login(people.lead)
    assert client.get("/workforce/").status_code == 200
    client.force_login(people.trainee)
    assert client.get("/workforce/").status_code == 403


def test_the_catalogue_is_loaded_with_its_variants_by_setting(catalogue):
    ap = catalogue["Assistant practitioner"]
    assert ap.band == "4" and ap.standard.reference == "ST0215"
    assert {v.setting for v in ap.variants.all()} == {
        "inpatient",
        "community",
        "forensic",
        "early_intervention",
        "crisis_home_treatment",
        "assertive_outreach",
    }
    assert catalogue["Support, time and recovery worker"].band == "3"
