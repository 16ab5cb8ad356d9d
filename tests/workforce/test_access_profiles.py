"""Who may see and change role profiles (workforce/access.py, part 3), each rule for yes and no.

The organisation's workforce leads keep its profiles; the job holder and line manager named on a published
version read that version and their agreement and sign in their own part; regional leads, other
organisations and the administrator see nothing of them."""

import pytest

from workforce import access, services_profiles

from .profiles_setup import draft_profile, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people, catalogue, administrator):
    role = catalogue["Assistant practitioner"]
    profile = published_profile(people.trust, role, people.lead)
    version = profile.current_version()
    agreement = services_profiles.name_signers(
        version=version, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )
    draft = services_profiles.new_version(profile=profile, by=people.lead)
    return profile, version, draft, agreement


def test_only_workforce_leads_keep_role_profiles(people):
    assert access.keeps_role_profiles(people.lead)
    assert access.keeps_role_profiles(people.other_lead)
    assert not access.keeps_role_profiles(people.trainee)
    assert not access.keeps_role_profiles(people.regional)


def test_a_lead_keeps_the_profiles_of_their_own_organisation_only(people):
    assert access.can_keep_profiles_of(people.lead, people.trust)
    assert not access.can_keep_profiles_of(people.lead, people.other_trust)
    assert not access.can_keep_profiles_of(people.other_lead, people.trust)
    assert not access.can_keep_profiles_of(people.regional, people.trust)
    assert not access.can_keep_profiles_of(people.mentor, people.trust)


def test_a_profile_is_its_organisations_leads_only(people, setup, administrator):
    profile = setup[0]
    assert access.can_keep_profile(people.lead, profile)
    assert not access.can_keep_profile(people.other_lead, profile)
    assert not access.can_keep_profile(people.regional, profile)
    assert not access.can_keep_profile(people.trainee, profile)  # the job holder sees the version, not this
    assert not access.can_keep_profile(administrator, profile)


def test_the_job_holder_and_line_manager_are_asked_to_sign_their_version_only(people, setup):
    _profile, version, draft, _agreement = setup
    assert access.is_asked_to_sign(people.trainee, version)
    assert access.is_asked_to_sign(people.mentor, version)
    assert not access.is_asked_to_sign(people.other_trainee, version)
    assert not access.is_asked_to_sign(people.lead, version)
    assert not access.is_asked_to_sign(people.trainee, draft)


def test_a_version_is_read_by_the_leads_and_the_people_asked_to_sign_it(people, setup, administrator):
    _profile, version, draft, _agreement = setup
    assert access.can_view_version(people.lead, version)
    assert access.can_view_version(people.lead, draft)
    assert access.can_view_version(people.trainee, version)
    assert access.can_view_version(people.mentor, version)
    assert not access.can_view_version(people.trainee, draft)
    assert not access.can_view_version(people.other_trainee, version)
    assert not access.can_view_version(people.other_lead, version)
    assert not access.can_view_version(people.regional, version)
    assert not access.can_view_version(administrator, version)


def test_only_a_draft_is_edited_and_only_by_its_leads(people, setup):
    _profile, version, draft, _agreement = setup
    assert access.can_edit_version(people.lead, draft)
    assert not access.can_edit_version(people.lead, version)
    assert not access.can_edit_version(people.other_lead, draft)
    assert not access.can_edit_version(people.trainee, version)


def test_signers_are_named_by_a_lead_on_a_published_version(people, setup):
    _profile, version, draft, _agreement = setup
    assert access.can_name_signers(people.lead, version)
    assert not access.can_name_signers(people.lead, draft)
    assert not access.can_name_signers(people.other_lead, version)
    assert not access.can_name_signers(people.mentor, version)


def test_an_agreement_is_read_by_its_signers_and_the_leads(people, setup):
    agreement = setup[3]
    assert access.can_view_agreement(people.lead, agreement)
    assert access.can_view_agreement(people.trainee, agreement)
    assert access.can_view_agreement(people.mentor, agreement)
    assert not access.can_view_agreement(people.other_trainee, agreement)
    assert not access.can_view_agreement(people.other_lead, agreement)
    assert not access.can_view_agreement(people.regional, agreement)


def test_each_signs_only_in_their_own_part(people, setup):
    agreement = setup[3]
    assert access.can_sign_agreement(people.trainee, agreement)
    assert access.can_sign_agreement(people.mentor, agreement)
    assert not access.can_sign_agreement(people.lead, agreement)
    assert not access.can_sign_agreement(people.other_trainee, agreement)


def test_a_lead_withdraws_an_agreement_until_someone_signs_it(people, setup):
    agreement = setup[3]
    assert access.can_withdraw_agreement(people.lead, agreement)
    assert not access.can_withdraw_agreement(people.trainee, agreement)
    assert not access.can_withdraw_agreement(people.other_lead, agreement)
    services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    assert not access.can_withdraw_agreement(people.lead, agreement)


def test_a_draft_of_another_organisation_is_not_a_leads_to_edit(people, catalogue):
    other = draft_profile(people.other_trust, catalogue["Assistant practitioner"], people.other_lead)
    assert access.can_edit_version(people.other_lead, other.draft())
    assert not access.can_edit_version(people.lead, other.draft())
