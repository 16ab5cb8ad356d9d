# ruff: noqa: F811  (pytest's fixtures, imported from test_recruitment.py, are arguments of the same name)
"""Who sees recruitment, for yes and no: only the recruiting organisation's workforce leads and the vacancy's
panel see its candidates; a regional lead, another organisation's lead and the administrator never do."""

import pytest

from accounts.models import Membership
from tests.factories import person_with_role
from workforce import access
from workforce import services_recruitment as services

from .test_recruitment import add, spec, vacancy  # noqa: F401 (fixtures)

Role = Membership.Role


@pytest.fixture
def candidate(people, vacancy):
    return add(vacancy, people.lead, "ann")


def test_a_panel_member_is_on_the_panel_while_they_work_in_the_organisation(people, vacancy):
    assert access.is_on_panel_of(people.mentor, vacancy)
    assert not access.is_on_panel_of(people.lead, vacancy)  # a lead, but not named on the panel
    people.mentor.memberships.all().delete()
    people.mentor._portal_grants = ()
    assert not access.is_on_panel_of(people.mentor, vacancy)


def test_leads_and_panel_members_take_part_in_recruitment(people, vacancy):
    assert access.takes_part_in_recruitment(people.lead)
    assert access.takes_part_in_recruitment(people.mentor)
    assert not access.takes_part_in_recruitment(people.trainee)
    assert not access.takes_part_in_recruitment(people.regional)


def test_an_organisations_leads_recruit_for_it(people):
    assert access.can_recruit_for(people.lead, people.trust)
    assert not access.can_recruit_for(people.other_lead, people.trust)
    assert not access.can_recruit_for(people.regional, people.trust)
    assert not access.can_recruit_for(people.mentor, people.trust)


def test_a_vacancy_is_seen_by_its_organisations_leads_and_its_panel_only(people, vacancy, administrator):
    assert access.can_view_vacancy(people.lead, vacancy)
    assert access.can_view_vacancy(people.mentor, vacancy)
    for outsider in (people.other_lead, people.regional, people.trainee, administrator):
        assert not access.can_view_vacancy(outsider, vacancy)
    not_on_panel = person_with_role(Role.MENTOR, people.trust, username="mentor3")
    assert not access.can_view_vacancy(not_on_panel, vacancy)


def test_only_the_organisations_leads_manage_a_vacancy(people, vacancy):
    assert access.can_manage_vacancy(people.lead, vacancy)
    assert not access.can_manage_vacancy(people.mentor, vacancy)
    assert not access.can_manage_vacancy(people.other_lead, vacancy)
    assert not access.can_manage_vacancy(people.regional, vacancy)


def test_a_candidate_is_seen_by_the_leads_and_the_panel_never_the_region(people, candidate, administrator):
    assert access.can_view_candidate(people.lead, candidate)
    assert access.can_view_candidate(people.mentor, candidate)
    for outsider in (people.regional, people.other_lead, administrator, people.trainee):
        assert not access.can_view_candidate(outsider, candidate)


def test_the_leads_and_the_panel_score_but_nobody_scores_themself(people, vacancy, candidate):
    assert access.can_score_candidate(people.lead, candidate)
    assert access.can_score_candidate(people.mentor, candidate)
    assert not access.can_score_candidate(people.regional, candidate)
    assert not access.can_score_candidate(people.other_lead, candidate)
    themself = add(vacancy, people.lead, "grace", people.mentor.email.upper())
    assert not access.can_score_candidate(people.mentor, themself)


def test_only_the_leads_manage_a_candidate_and_never_themself(people, vacancy, candidate):
    assert access.can_manage_candidate(people.lead, candidate)
    assert not access.can_manage_candidate(people.mentor, candidate)
    assert not access.can_manage_candidate(people.other_lead, candidate)
    assert not access.can_manage_candidate(people.regional, candidate)
    second_lead = person_with_role(Role.WORKFORCE_LEAD, people.trust, username="lead3")
    themself = add(vacancy, second_lead, "priya", people.lead.email)
    assert not access.can_manage_candidate(people.lead, themself)
    assert access.can_manage_candidate(second_lead, themself)


def test_the_panel_may_hold_only_the_organisations_staff(people):
    chosen = set(services.panel_choices(people.trust))
    assert {people.lead, people.mentor} <= chosen
    assert people.trainee not in chosen and people.other_lead not in chosen and people.regional not in chosen
