"""The career part's rules (catalogue pages, career framework, code of practice), each for yes and no."""

import pytest

from evaluation.models import Outcome
from trainees.models import Enrolment
from workforce import access, services_career
from workforce.models import CareerStep, ProgressionAgreement, RoleVariant, ScopeStatement, WorkforceRole

from .career_support import cohort, programme, published_code, trainee_on


@pytest.fixture
def local_role(people):
    return WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.trust)


@pytest.fixture
def step(people, catalogue):
    return services_career.save_career_step(
        step=CareerStep(),
        organisation=people.trust,
        by=people.lead,
        from_role=catalogue["Assistant practitioner"],
        to_role=catalogue["Registered nurse"],
        route="Abbreviated degree in nursing",
        entry_requirements="Qualified as an assistant practitioner.",
        standard=None,
        outcome_destination="nursing_degree",
    )


@pytest.fixture
def national_step(catalogue):
    return CareerStep.objects.get(
        organisation=None,
        from_role=catalogue["Assistant practitioner"],
        to_role=catalogue["Registered nurse"],
    )


@pytest.fixture
def agreement(people, step):
    return ProgressionAgreement.objects.create(
        step=step, partner_name="University of Northfield", gives="Entry to year 2", starts_on="2024-09-01"
    )


def test_an_organisations_own_roles_are_listed_to_its_leads_its_region_and_the_administrator(
    people, administrator
):
    assert access.can_view_workforce_roles_of(people.lead, people.trust)
    assert access.can_view_workforce_roles_of(people.regional, people.trust)
    assert access.can_view_workforce_roles_of(administrator, people.trust)
    assert not access.can_view_workforce_roles_of(people.other_lead, people.trust)
    assert not access.can_view_workforce_roles_of(people.trainee, people.trust)
    assert not access.can_view_workforce_roles_of(people.regional, people.far_trust)


def test_a_variant_goes_with_its_role(people, catalogue, local_role, administrator):
    national = RoleVariant.objects.get(role=catalogue["Assistant practitioner"], setting="forensic")
    local = RoleVariant.objects.create(role=local_role, setting="community")
    assert access.can_view_role_variant(people.other_lead, national)
    assert not access.can_view_role_variant(people.trainee, national)
    assert access.can_view_role_variant(people.lead, local)
    assert not access.can_view_role_variant(people.other_lead, local)
    assert access.can_change_role_variant(administrator, national)
    assert not access.can_change_role_variant(people.lead, national)
    assert access.can_change_role_variant(people.lead, local)
    assert not access.can_change_role_variant(people.other_lead, local)


def test_an_organisations_framework_is_read_by_its_people_its_region_and_the_administrator(
    people, administrator
):
    assert access.can_view_career_framework_of(people.trainee, people.trust)
    assert access.can_view_career_framework_of(people.lead, people.trust)
    assert access.can_view_career_framework_of(people.regional, people.trust)
    assert access.can_view_career_framework_of(administrator, people.trust)
    assert not access.can_view_career_framework_of(people.outside_trainee, people.trust)
    assert not access.can_view_career_framework_of(people.other_lead, people.trust)
    assert not access.can_view_career_framework_of(people.regional, people.far_trust)


def test_only_an_organisations_leads_build_its_framework(people, administrator):
    assert access.can_manage_career_framework_of(people.lead, people.trust)
    assert not access.can_manage_career_framework_of(people.other_lead, people.trust)
    assert not access.can_manage_career_framework_of(people.regional, people.trust)
    assert not access.can_manage_career_framework_of(administrator, people.trust)
    assert not access.can_manage_career_framework_of(people.trainee, people.trust)


def test_counts_per_cohort_are_for_the_organisations_leads_and_the_administrator(people, administrator):
    assert access.can_view_career_counts_of(people.lead, people.trust)
    assert access.can_view_career_counts_of(administrator, people.trust)
    assert not access.can_view_career_counts_of(people.regional, people.trust)
    assert not access.can_view_career_counts_of(people.trainee, people.trust)
    assert not access.can_view_career_counts_of(people.other_lead, people.trust)


def test_a_step_is_seen_with_its_framework(people, step, national_step, administrator):
    assert access.can_view_career_step(people.trainee, step)
    assert access.can_view_career_step(people.regional, step)
    assert not access.can_view_career_step(people.other_lead, step)
    assert access.can_view_career_step(people.other_lead, national_step)
    assert access.can_view_career_step(administrator, national_step)
    assert not access.can_view_career_step(people.trainee, national_step)


def test_a_step_is_changed_by_its_organisations_leads_and_the_starter_by_the_administrator(
    people, step, national_step, administrator
):
    assert access.can_change_career_step(people.lead, step)
    assert not access.can_change_career_step(people.other_lead, step)
    assert not access.can_change_career_step(administrator, step)
    assert not access.can_change_career_step(people.trainee, step)
    assert access.can_change_career_step(administrator, national_step)
    assert not access.can_change_career_step(people.lead, national_step)


def test_a_progression_agreement_is_seen_with_its_step_and_changed_by_its_leads(people, agreement):
    assert access.can_view_progression_agreement(people.trainee, agreement)
    assert not access.can_view_progression_agreement(people.outside_trainee, agreement)
    assert access.can_change_progression_agreement(people.lead, agreement)
    assert not access.can_change_progression_agreement(people.other_lead, agreement)
    assert not access.can_change_progression_agreement(people.regional, agreement)
    assert not access.can_change_progression_agreement(people.trainee, agreement)


def test_the_code_is_read_by_the_organisations_people(people, administrator):
    assert access.can_read_code_of(people.trainee, people.trust)
    assert access.can_read_code_of(people.mentor, people.trust)
    assert not access.can_read_code_of(people.outside_trainee, people.trust)
    assert not access.can_read_code_of(people.regional, people.trust)
    assert not access.can_read_code_of(administrator, people.trust)


def test_the_code_is_managed_by_the_organisations_leads(people):
    assert access.can_manage_code_of(people.lead, people.trust)
    assert not access.can_manage_code_of(people.other_lead, people.trust)
    assert not access.can_manage_code_of(people.trainee, people.trust)
    assert not access.can_manage_code_of(people.regional, people.trust)


@pytest.fixture
def code(people, catalogue):
    return published_code(people.trust, people.lead, [catalogue["Assistant practitioner"]])


@pytest.fixture
def draft(people, code):
    return services_career.start_code_version(organisation=people.trust, by=people.lead)


def test_a_draft_is_seen_by_leads_only_and_a_published_version_by_the_organisations_people(
    people, code, draft
):
    assert access.can_view_code_version(people.trainee, code)
    assert access.can_view_code_version(people.lead, code)
    assert not access.can_view_code_version(people.outside_trainee, code)
    assert access.can_view_code_version(people.lead, draft)
    assert not access.can_view_code_version(people.trainee, draft)
    assert not access.can_view_code_version(people.other_lead, draft)


def test_only_a_draft_is_edited_and_only_by_the_organisations_leads(people, code, draft):
    assert access.can_edit_code_version(people.lead, draft)
    assert not access.can_edit_code_version(people.lead, code)
    assert not access.can_edit_code_version(people.other_lead, draft)
    assert not access.can_edit_code_version(people.trainee, draft)


def test_a_scope_statement_goes_with_its_version(people, code, draft):
    published = code.scope_statements.get()
    drafted = draft.scope_statements.get()
    assert isinstance(drafted, ScopeStatement)
    assert access.can_change_scope_statement(people.lead, drafted)
    assert not access.can_change_scope_statement(people.lead, published)
    assert not access.can_change_scope_statement(people.other_lead, drafted)
    assert access.can_view_scope_statement(people.trainee, published)
    assert not access.can_view_scope_statement(people.trainee, drafted)
    assert not access.can_view_scope_statement(people.outside_trainee, published)


def test_the_current_version_is_acknowledged_by_the_people_it_covers_only(people, catalogue, st0215):
    course = cohort(people.trust, programme(people.trust, st0215))
    trainee_on(course, people.lead, person=people.trainee)
    trainee_on(course, people.lead, person=people.other_trainee, status=Enrolment.Status.WITHDRAWN)
    first = published_code(people.trust, people.lead, [catalogue["Assistant practitioner"]])
    assert access.can_acknowledge_code(people.trainee, first)
    assert not access.can_acknowledge_code(people.other_trainee, first)  # withdrew
    assert not access.can_acknowledge_code(people.mentor, first)  # holds no role of the code
    assert not access.can_acknowledge_code(people.lead, first)
    second = published_code(people.trust, people.lead, [catalogue["Assistant practitioner"]])
    assert access.can_acknowledge_code(people.trainee, second)
    assert not access.can_acknowledge_code(people.trainee, first)  # replaced
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    assert not access.can_acknowledge_code(people.trainee, draft)


def test_a_completed_assistant_practitioner_is_covered_unless_they_left(people, catalogue, st0215):
    course = cohort(people.trust, programme(people.trust, st0215))
    trainee_on(
        course,
        people.lead,
        person=people.trainee,
        status=Enrolment.Status.COMPLETED,
        result=Outcome.Result.COMPLETED,
        destination=Outcome.Destination.STAYED_AP,
    )
    trainee_on(
        course,
        people.lead,
        person=people.other_trainee,
        status=Enrolment.Status.COMPLETED,
        result=Outcome.Result.COMPLETED,
        destination=Outcome.Destination.LEFT,
    )
    version = published_code(people.trust, people.lead, [catalogue["Assistant practitioner"]])
    assert access.can_acknowledge_code(people.trainee, version)
    assert not access.can_acknowledge_code(people.other_trainee, version)
