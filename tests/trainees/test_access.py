"""Each named rule in trainees.access, for yes and for no.

cohort_setup's cohort holds alice (people.mentor, the manager and the lecturer) and bob (mentor2). The
``caseloads`` fixture adds carol and dave to it and a second cohort, so that no supporter has the whole
cohort, each has more than one trainee, and one enrolment stores its own trainee as a supporter.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.models import Membership
from tests.factories import person_with_role
from trainees import access, services, training_plan
from trainees.models import Cohort, Enrolment, LearningContract

pytestmark = pytest.mark.django_db
Role = Membership.Role
TODAY = datetime.date.today()


@pytest.fixture
def caseloads(people, cohort_setup):
    trust, lead, mentor2 = people.trust, people.lead, cohort_setup.other_mentor
    carol = person_with_role(Role.TRAINEE, trust, username="carol")
    dave = person_with_role(Role.TRAINEE, trust, username="dave")
    erin = person_with_role(Role.TRAINEE, trust, username="erin")
    services.enrol(cohort=cohort_setup.cohort, trainee=carol, by=lead, mentors=[people.mentor, mentor2])
    services.enrol(
        cohort=cohort_setup.cohort,
        trainee=dave,
        by=lead,
        mentors=[mentor2],
        manager=cohort_setup.manager,
        lecturer=cohort_setup.lecturer,
    )
    second = services.save_cohort(
        cohort=Cohort(organisation=trust),
        programme=cohort_setup.programme,
        name="Cohort 2",
        start_date=cohort_setup.cohort.start_date,
        expected_end_date=cohort_setup.cohort.expected_end_date,
    )
    manager = cohort_setup.manager
    services.enrol(cohort=second, trainee=erin, by=lead, mentors=[people.mentor], manager=manager)
    # The mentor is a trainee on the second cohort too, stored as their own mentor and manager (as an old
    # edit form allowed): they must never see their own enrolment as one they support.
    own = services.enrol(cohort=second, trainee=people.mentor, by=lead, mentors=[mentor2])
    own.mentors.add(people.mentor)
    Enrolment.objects.filter(pk=own.pk).update(manager=people.mentor)
    return SimpleNamespace(second=second, own=Enrolment.objects.get(pk=own.pk))


@pytest.fixture
def self_supported(people, cohort_setup):
    """alice stored as her own mentor, manager and lecturer."""
    enrolment = cohort_setup.enrolment
    enrolment.mentors.add(people.trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(manager=people.trainee, lecturer=people.trainee)
    return Enrolment.objects.get(pk=enrolment.pk)


def trainees_in(enrolments):
    return sorted(e.trainee.username for e in enrolments)


def outsiders(people, cohort_setup):
    """People who may not see alice's records: another trainee, another trainee's mentor, another trust's
    lead and trainee, the regional lead."""
    return (
        people.other_trainee,
        cohort_setup.other_mentor,
        people.other_lead,
        people.outside_trainee,
        people.regional,
    )


def supporters(people, cohort_setup):
    return (people.mentor, cohort_setup.manager, cohort_setup.lecturer)


def superseded(contract):
    # As change_contract leaves a version once anyone has signed it and it changes.
    LearningContract.objects.filter(pk=contract.pk).update(superseded_at=timezone.now())
    return LearningContract.objects.get(pk=contract.pk)


# --- Programmes and cohorts ------------------------------------------------------------------------------


def test_only_workforce_leads_may_manage_trainees(people, cohort_setup):
    assert access.can_manage_trainees(people.lead)
    assert access.can_manage_trainees(people.other_lead)
    for someone in (*supporters(people, cohort_setup), people.trainee, people.regional):
        assert not access.can_manage_trainees(someone)


def test_only_the_organisations_lead_may_manage_its_programme(people, cohort_setup):
    assert access.can_manage_programme(people.lead, cohort_setup.programme)
    for someone in (people.other_lead, cohort_setup.manager, people.mentor, people.regional):
        assert not access.can_manage_programme(someone, cohort_setup.programme)


def test_only_the_organisations_lead_may_manage_its_cohort(people, cohort_setup):
    assert access.can_manage_cohort(people.lead, cohort_setup.cohort)
    for someone in (people.other_lead, cohort_setup.manager, people.mentor, people.trainee, people.regional):
        assert not access.can_manage_cohort(someone, cohort_setup.cohort)


# --- Caseloads ------------------------------------------------------------------------------------------


def test_supported_by_is_exactly_the_persons_caseload_across_cohorts(people, cohort_setup, caseloads):
    def caseload(supported):
        return trainees_in(Enrolment.objects.filter(supported).distinct())

    assert caseload(access.supported_by(people.mentor)) == ["alice", "carol", "erin"]
    assert caseload(access.supported_by(cohort_setup.other_mentor)) == ["bob", "carol", "dave", "mentor"]
    assert caseload(access.supported_by(cohort_setup.manager)) == ["alice", "dave", "erin"]
    assert caseload(access.supported_by(cohort_setup.lecturer)) == ["alice", "dave"]


def test_supported_by_is_empty_for_people_who_support_no_one(people, cohort_setup, caseloads):
    for someone in (people.lead, people.trainee, people.other_lead, people.regional):
        assert Enrolment.objects.filter(access.supported_by(someone)).count() == 0


def test_supported_by_never_includes_the_persons_own_enrolment(people, self_supported):
    assert not Enrolment.objects.filter(access.supported_by(people.trainee)).exists()


def test_lead_sees_every_trainee_of_the_cohort(people, cohort_setup, caseloads):
    assert trainees_in(access.visible_enrolments(people.lead, cohort_setup.cohort)) == [
        "alice",
        "bob",
        "carol",
        "dave",
    ]
    assert trainees_in(access.visible_enrolments(people.lead, caseloads.second)) == ["erin", "mentor"]


def test_supporters_see_only_their_caseload_of_the_cohort(people, cohort_setup, caseloads):
    cohort, mentor2 = cohort_setup.cohort, cohort_setup.other_mentor
    assert trainees_in(access.visible_enrolments(people.mentor, cohort)) == ["alice", "carol"]
    assert trainees_in(access.visible_enrolments(mentor2, cohort)) == ["bob", "carol", "dave"]
    assert trainees_in(access.visible_enrolments(cohort_setup.manager, cohort)) == ["alice", "dave"]
    assert trainees_in(access.visible_enrolments(cohort_setup.lecturer, cohort)) == ["alice", "dave"]


def test_supporter_stored_on_their_own_enrolment_does_not_see_it(people, caseloads):
    assert trainees_in(access.visible_enrolments(people.mentor, caseloads.second)) == ["erin"]


def test_people_who_support_no_one_on_the_cohort_see_no_trainee(people, cohort_setup, caseloads):
    for someone in (people.trainee, people.other_lead, people.outside_trainee, people.regional):
        assert list(access.visible_enrolments(someone, cohort_setup.cohort)) == []


def test_cohort_visible_to_its_lead_and_to_supporters_of_its_trainees(people, cohort_setup):
    assert access.can_view_cohort(people.lead, cohort_setup.cohort)
    for someone in (*supporters(people, cohort_setup), cohort_setup.other_mentor):
        assert access.can_view_cohort(someone, cohort_setup.cohort)


def test_cohort_not_visible_to_its_trainees_other_leads_or_the_region(people, cohort_setup):
    for someone in (people.trainee, people.other_trainee, people.other_lead, people.regional):
        assert not access.can_view_cohort(someone, cohort_setup.cohort)


def test_cohort_not_visible_to_a_trainee_stored_as_their_own_supporter(people, self_supported):
    assert not access.can_view_cohort(people.trainee, self_supported.cohort)


# --- Enrolments and contracts ---------------------------------------------------------------------------


def test_enrolment_visible_to_the_trainee_their_supporters_and_lead(people, cohort_setup):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_enrolment(someone, cohort_setup.enrolment)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_enrolment(someone, cohort_setup.enrolment)


def test_only_the_organisations_lead_may_manage_an_enrolment(people, cohort_setup):
    assert access.can_manage_enrolment(people.lead, cohort_setup.enrolment)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.other_lead, people.regional):
        assert not access.can_manage_enrolment(someone, cohort_setup.enrolment)


def test_only_the_lead_may_edit_the_current_contract(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    assert access.can_edit_contract(people.lead, contract)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.other_lead):
        assert not access.can_edit_contract(someone, contract)
    assert not access.can_edit_contract(people.lead, superseded(contract))


def test_manager_or_lead_may_set_service_cover_on_the_current_contract(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    assert access.can_set_service_cover(cohort_setup.manager, contract)
    assert access.can_set_service_cover(people.lead, contract)
    for someone in (people.trainee, people.mentor, cohort_setup.lecturer, people.other_lead, people.regional):
        assert not access.can_set_service_cover(someone, contract)
    assert not access.can_set_service_cover(cohort_setup.manager, superseded(contract))


def test_trainee_stored_as_their_own_manager_may_not_set_their_service_cover(people, self_supported):
    contract = services.current_contract(self_supported)
    assert not access.can_set_service_cover(people.trainee, contract)


def test_contract_visible_to_those_who_see_the_enrolment(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_contract(someone, contract)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_contract(someone, contract)


def test_each_of_the_four_parties_may_sign_the_current_contract(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    for someone in (people.trainee, *supporters(people, cohort_setup)):
        assert access.can_sign_contract(someone, contract)
    for someone in (people.lead, *outsiders(people, cohort_setup)):
        assert not access.can_sign_contract(someone, contract)


def test_no_one_may_sign_a_replaced_contract(people, cohort_setup):
    contract = superseded(services.current_contract(cohort_setup.enrolment))
    for someone in (people.trainee, *supporters(people, cohort_setup)):
        assert not access.can_sign_contract(someone, contract)


# --- Study time ------------------------------------------------------------------------------------------


@pytest.fixture
def entry(people, cohort_setup):
    return services.log_study_time(
        enrolment=cohort_setup.enrolment, by=people.trainee, date=TODAY, hours=2, activity="taught"
    )


def test_only_the_trainee_logs_their_study_time(people, cohort_setup):
    assert access.can_log_study_time(people.trainee, cohort_setup.enrolment)
    assert not access.can_log_study_time(people.trainee, cohort_setup.other_enrolment)
    for someone in (*supporters(people, cohort_setup), people.lead):
        assert not access.can_log_study_time(someone, cohort_setup.enrolment)


def test_trainee_no_longer_active_may_not_log_study_time(people, cohort_setup):
    withdrawn = Enrolment.Status.WITHDRAWN
    services.change_status(enrolment=cohort_setup.enrolment, status=withdrawn, by=people.lead)
    assert not access.can_log_study_time(people.trainee, cohort_setup.enrolment)


def test_only_the_trainees_manager_confirms_their_study_time(people, cohort_setup):
    assert access.can_confirm_study_time_of(cohort_setup.manager, cohort_setup.enrolment)
    for someone in (people.trainee, people.mentor, cohort_setup.lecturer, people.lead, people.other_lead):
        assert not access.can_confirm_study_time_of(someone, cohort_setup.enrolment)
    assert not access.can_confirm_study_time_of(cohort_setup.manager, cohort_setup.other_enrolment)


def test_trainee_stored_as_their_own_manager_may_not_confirm_their_study_time(people, self_supported):
    assert not access.can_confirm_study_time_of(people.trainee, self_supported)


def test_only_the_trainees_manager_decides_a_study_time_entry(people, cohort_setup, entry):
    assert access.can_decide_study_time(cohort_setup.manager, entry)
    for someone in (people.trainee, people.mentor, cohort_setup.lecturer, people.lead, people.other_lead):
        assert not access.can_decide_study_time(someone, entry)


def test_study_time_entry_visible_to_those_who_see_the_enrolment(people, cohort_setup, entry):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_study_time_entry(someone, entry)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_study_time_entry(someone, entry)


# --- Progress reviews -----------------------------------------------------------------------------------


@pytest.fixture
def review(people, cohort_setup):
    return services.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Good", actions="More"
    )


def test_supporters_and_lead_may_record_a_review(people, cohort_setup):
    for someone in (*supporters(people, cohort_setup), people.lead):
        assert access.can_record_review(someone, cohort_setup.enrolment)
    for someone in (people.trainee, *outsiders(people, cohort_setup)):
        assert not access.can_record_review(someone, cohort_setup.enrolment)


def test_trainee_stored_as_their_own_supporter_may_not_record_their_review(people, self_supported):
    assert not access.can_record_review(people.trainee, self_supported)


def test_review_visible_to_those_who_see_the_enrolment(people, cohort_setup, review):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_review(someone, review)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_review(someone, review)


def test_trainee_employer_side_and_lecturer_may_sign_a_review(people, cohort_setup, review):
    for someone in (people.trainee, *supporters(people, cohort_setup)):
        assert access.can_sign_review(someone, review)
    for someone in (people.lead, *outsiders(people, cohort_setup)):
        assert not access.can_sign_review(someone, review)


# --- A lead enrolled as a trainee in their own trust is managed by another lead ------------------------


@pytest.fixture
def lead_as_trainee(people, cohort_setup):
    return services.enrol(
        cohort=cohort_setup.cohort,
        trainee=people.lead,
        by=people.lead,
        mentors=[people.mentor],
        manager=cohort_setup.manager,
    )


def test_lead_who_is_a_trainee_may_not_manage_their_own_enrolment(people, cohort_setup, lead_as_trainee):
    fellow_lead = person_with_role(Membership.Role.WORKFORCE_LEAD, people.trust, username="lead3")
    assert access.can_manage_enrolment(fellow_lead, lead_as_trainee)
    assert not access.can_manage_enrolment(people.lead, lead_as_trainee)
    assert access.can_view_enrolment(people.lead, lead_as_trainee)  # still their own apprenticeship to read


def test_lead_who_is_a_trainee_may_not_record_their_own_review(people, lead_as_trainee):
    assert access.can_record_review(people.mentor, lead_as_trainee)
    assert not access.can_record_review(people.lead, lead_as_trainee)


def test_lead_who_is_a_trainee_may_not_set_their_own_service_cover(people, cohort_setup, lead_as_trainee):
    contract = services.current_contract(lead_as_trainee)
    assert access.can_set_service_cover(cohort_setup.manager, contract)
    assert not access.can_set_service_cover(people.lead, contract)
    assert not access.can_edit_contract(people.lead, contract)


# --- Training plans ---------------------------------------------------------------------------------------


@pytest.fixture
def plan(cohort_setup):
    enrolment = cohort_setup.enrolment
    return training_plan.start_plan(
        enrolment=enrolment,
        by=cohort_setup.lecturer,
        off_the_job_hours=300,
        practical_start=enrolment.cohort.start_date,
        practical_end=enrolment.cohort.expected_end_date,
        english_and_maths="GCSEs held.",
    )


def test_the_lecturer_and_the_lead_write_the_plan_and_nobody_else(people, cohort_setup, lead_as_trainee):
    enrolment = cohort_setup.enrolment
    assert access.can_write_plan_of(cohort_setup.lecturer, enrolment)
    assert access.can_write_plan_of(people.lead, enrolment)
    for person in (people.trainee, people.mentor, cohort_setup.manager, people.other_lead, people.regional):
        assert not access.can_write_plan_of(person, enrolment)
    # A lead on the programme as a trainee does not write their own plan.
    assert not access.can_write_plan_of(people.lead, lead_as_trainee)


def test_plan_visible_to_the_trainee_their_supporters_and_leads_only(people, cohort_setup, plan):
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer, people.lead):
        assert access.can_view_plan(person, plan)
    for person in (people.other_trainee, people.other_lead, people.outside_trainee, people.regional):
        assert not access.can_view_plan(person, plan)


def test_only_the_current_plan_is_edited_by_its_writers(people, cohort_setup, plan):
    assert access.can_edit_plan(cohort_setup.lecturer, plan)
    assert access.can_edit_plan(people.lead, plan)
    assert not access.can_edit_plan(people.trainee, plan)
    assert not access.can_edit_plan(cohort_setup.manager, plan)
    assert not access.can_edit_plan(people.other_lead, plan)
    training_plan.add_delivery(
        plan=plan, by=people.lead, what="Module 1", how="taught", by_whom="Uni", term="Y1"
    )
    training_plan.record_skills_scan(
        plan=plan,
        by=people.lead,
        ratings={k.pk: ("none", "") for k in cohort_setup.programme.standard.ksbs.all()},
    )
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    training_plan.change_plan(plan=plan, by=people.lead, support_needs="Reader")
    plan.refresh_from_db()
    assert not access.can_edit_plan(people.lead, plan)


def test_the_three_parties_sign_the_current_plan(people, cohort_setup, plan):
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert access.can_sign_plan(person, plan)
    for person in (people.lead, people.other_trainee, people.other_lead, people.regional):
        assert not access.can_sign_plan(person, plan)
    training_plan.change_plan(plan=plan, by=people.lead, support_needs="Reader")  # unsigned: same version
    plan.superseded_at = timezone.now()
    assert not access.can_sign_plan(people.trainee, plan)


# --- Breaks in learning -----------------------------------------------------------------------------------


@pytest.fixture
def open_break(people, cohort_setup):
    return services.add_break(
        enrolment=cohort_setup.enrolment,
        by=people.lead,
        starts_on=TODAY - datetime.timedelta(days=7),
        reason="Illness",
    )


def test_only_the_organisations_lead_may_record_a_break(people, cohort_setup):
    assert access.can_record_break(people.lead, cohort_setup.enrolment)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.other_lead, people.regional):
        assert not access.can_record_break(someone, cohort_setup.enrolment)


def test_only_the_lead_may_end_an_open_break(people, cohort_setup, open_break):
    assert access.can_end_break(people.lead, open_break)
    for someone in (people.trainee, *supporters(people, cohort_setup), people.other_lead):
        assert not access.can_end_break(someone, open_break)
    services.end_break(brk=open_break, by=people.lead, ends_on=TODAY)
    open_break.refresh_from_db()
    assert not access.can_end_break(people.lead, open_break)  # already ended


def test_lead_who_is_a_trainee_may_not_record_their_own_break(people, lead_as_trainee):
    assert not access.can_record_break(people.lead, lead_as_trainee)


def test_break_visible_to_those_who_see_the_enrolment(people, cohort_setup, open_break):
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_break(someone, open_break)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_break(someone, open_break)
