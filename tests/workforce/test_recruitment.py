"""Recruitment against a role profile, through its services: scoring at the right stage, where candidates
stand, the shortlist and its reasons, appointment, enrolment, retention and the panel's to-do.

The person specification used here has several criteria at each stage, one (E2) assessed at two:

    application: E1, E2, D1, D2     interview: E2, E3, D3     references: E4     testing: E5
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from accounts.models import Membership
from tests.factories import person_with_role
from trainees.models import Cohort, Enrolment
from workforce import services_recruitment as services
from workforce import tasks_recruitment
from workforce.models import Candidate, Criterion, ProfileVersion, RoleProfile, Score, Stage, Vacancy

Role = Membership.Role
MET, PARTLY, NOT_MET = Score.Result.MET, Score.Result.PARTLY, Score.Result.NOT_MET
A, I, R, T = Stage.APPLICATION, Stage.INTERVIEW, Stage.REFERENCES, Stage.TESTING  # noqa: E741 (seed 004)

# name: (essential, stages)
SPEC = {
    "E1": (True, [A]),
    "E2": (True, [A, I]),
    "E3": (True, [I]),
    "E4": (True, [R]),
    "E5": (True, [T]),
    "D1": (False, [A]),
    "D2": (False, [A]),
    "D3": (False, [I]),
}


def make_version(organisation, catalogue, name="Occupational therapy assistant practitioner"):
    profile = RoleProfile.objects.create(
        organisation=organisation, workforce_role=catalogue["Assistant practitioner"], name=name
    )
    version = ProfileVersion.objects.create(
        profile=profile,
        number=1,
        job_title="Therapy assistant practitioner",
        band="4",
        published_at=timezone.now(),
    )
    criteria = {}
    for order, (text, (essential, stages)) in enumerate(SPEC.items()):
        criteria[text] = Criterion.objects.create(
            version=version,
            category=Criterion.Category.SKILLS,
            text=text,
            essential=essential,
            order=order,
            **{f"by_{stage}": True for stage in stages},
        )
    return SimpleNamespace(version=version, criteria=criteria)


@pytest.fixture
def spec(people, catalogue):
    return make_version(people.trust, catalogue)


@pytest.fixture
def vacancy(people, spec):
    return services.save_vacancy(
        vacancy=Vacancy(organisation=people.trust),
        by=people.lead,
        panel=[people.mentor],
        title="Therapy assistant practitioner",
        reference="OT-1",
        profile_version=spec.version,
        closing_date=datetime.date(2026, 3, 31),
        status=Vacancy.Status.CLOSED,
    )


def add(vacancy, by, first, email=None):
    return services.add_candidate(
        vacancy=vacancy, by=by, first_name=first, last_name="Candidate", email=email or f"{first}@example.org"
    )


def score(candidate, stage, by, spec, **results):
    """score(c, A, lead, spec, E1=MET, D1=(NOT_MET, "a note"))"""
    given = {}
    for name, result in results.items():
        result, note = result if isinstance(result, tuple) else (result, "")
        given[spec.criteria[name]] = (result, note)
    return services.score_stage(candidate=candidate, stage=stage, by=by, results=given)


def application_all(candidate, by, spec, result=MET):
    score(candidate, A, by, spec, E1=result, E2=result, D1=result, D2=result)


def through_every_stage(candidate, lead, spec):
    """Every criterion met at every stage, shortlisted on the way."""
    application_all(candidate, lead, spec)
    services.decide_shortlist(candidate=candidate, by=lead, shortlisted=True)
    score(candidate, I, lead, spec, E2=MET, E3=MET, D3=MET)
    score(candidate, R, lead, spec, E4=MET)
    score(candidate, T, lead, spec, E5=MET)


# --- Scoring at the right stage ---------------------------------------------------------------------------


def test_a_stage_scores_only_the_criteria_it_assesses(people, spec, vacancy):
    assert [c.text for c in services.criteria_of(spec.version, A)] == ["E1", "E2", "D1", "D2"]
    assert [c.text for c in services.criteria_of(spec.version, I)] == ["E2", "E3", "D3"]
    assert [c.text for c in services.criteria_of(spec.version, R)] == ["E4"]
    assert [c.text for c in services.criteria_of(spec.version, T)] == ["E5"]


def test_a_criterion_not_assessed_at_the_stage_is_refused_and_nothing_is_saved(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Not assessed at application for this vacancy: E3"):
        score(candidate, A, people.lead, spec, E1=MET, E3=MET)
    assert not Score.objects.exists()


def test_a_criterion_of_another_profile_version_is_refused(people, spec, vacancy, catalogue):
    other = make_version(people.trust, catalogue, name="Another profile")
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Not assessed at application"):
        services.score_stage(
            candidate=candidate, stage=A, by=people.lead, results={other.criteria["E1"]: (MET, "")}
        )
    assert not Score.objects.exists()


def test_later_stages_wait_for_the_shortlist_and_are_closed_to_those_not_shortlisted(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Decide the shortlist first"):
        score(candidate, I, people.lead, spec, E3=MET)
    application_all(candidate, people.lead, spec, NOT_MET)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=False)
    for stage, name in ((I, "E3"), (R, "E4"), (T, "E5")):
        with pytest.raises(ValidationError, match="was not shortlisted"):
            score(candidate, stage, people.lead, spec, **{name: MET})
    assert set(Score.objects.values_list("stage", flat=True)) == {A}


def test_a_shortlisted_candidate_is_scored_at_each_later_stage(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    through_every_stage(candidate, people.lead, spec)
    assert Score.objects.filter(candidate=candidate).count() == 4 + 3 + 1 + 1


def test_scores_are_recorded_with_who_and_when_and_a_blank_result_clears_one(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.mentor, spec, E1=(PARTLY, "NVQ in progress"), D1=MET)
    first = Score.objects.get(criterion=spec.criteria["E1"])
    assert (first.result, first.note, first.scored_by, first.stage) == (
        PARTLY,
        "NVQ in progress",
        people.mentor,
        A,
    )
    assert first.scored_at is not None
    score(candidate, A, people.lead, spec, E1=(PARTLY, "NVQ in progress"), D1=("", ""))
    assert Score.objects.get(pk=first.pk).scored_by == people.mentor  # unchanged: kept as scored
    assert not Score.objects.filter(criterion=spec.criteria["D1"]).exists()
    score(candidate, A, people.lead, spec, E1=MET)
    changed = Score.objects.get(pk=first.pk)
    assert (changed.result, changed.note, changed.scored_by) == (MET, "", people.lead)


def test_a_note_without_a_result_is_refused(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Choose met, partly met or not met"):
        score(candidate, A, people.lead, spec, E1=MET, D1=("", "Seems keen"))
    assert not Score.objects.exists()


def test_an_appointed_candidates_scores_are_kept_as_they_were(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead)
    with pytest.raises(ValidationError, match="has been appointed"):
        score(candidate, A, people.lead, spec, E1=NOT_MET)
    assert Score.objects.get(criterion=spec.criteria["E1"]).result == MET


# --- Where candidates stand: the summary ------------------------------------------------------------------


def test_the_summary_counts_each_candidates_criteria_met_so_far(people, spec, vacancy):
    lead = people.lead
    ann, bob, cat, dan = (add(vacancy, lead, name) for name in ("ann", "bob", "cat", "dan"))
    # ann: everything met at every stage.
    through_every_stage(ann, lead, spec)
    # bob: met at application, then E2 not met at interview (worst result counts), E3 partly.
    application_all(bob, lead, spec)
    services.decide_shortlist(candidate=bob, by=lead, shortlisted=True)
    score(bob, I, lead, spec, E2=NOT_MET, E3=PARTLY, D3=MET)
    # cat: application only, one desirable missed.
    score(cat, A, lead, spec, E1=MET, E2=MET, D1=MET, D2=NOT_MET)
    # dan: nothing scored.

    found = {s.candidate.first_name: s for s in services.standings(vacancy)}
    counts = {
        name: (s.essential_met, len(s.essential), s.desirable_met, len(s.desirable))
        for name, s in found.items()
    }
    assert counts == {"ann": (5, 5, 3, 3), "bob": (1, 5, 3, 3), "cat": (2, 5, 1, 3), "dan": (0, 5, 0, 3)}
    so_far = {name: (s.meets_essentials_so_far, s.meets_every_essential) for name, s in found.items()}
    assert so_far == {
        "ann": (True, True),
        "bob": (False, False),
        "cat": (True, False),
        "dan": (True, False),
    }
    assert [a.criterion.text for a in found["bob"].essential_failing] == ["E2", "E3"]
    assert [a.criterion.text for a in found["cat"].essential_to_assess] == ["E2", "E3", "E4", "E5"]
    assert found["dan"].essential_scored == []
    steps = {name: s.next_step for name, s in found.items()}
    assert steps == {"ann": "appoint", "bob": R, "cat": "shortlist", "dan": A}


def test_the_summary_reads_in_three_queries_however_many_candidates(
    people, spec, vacancy, django_assert_num_queries
):
    for name in ("ann", "bob", "cat"):
        application_all(add(vacancy, people.lead, name), people.lead, spec)
    with django_assert_num_queries(3):
        found = services.standings(vacancy)
        assert [s.essential_met for s in found] == [2, 2, 2]


def test_progress_per_stage_counts_the_scored_criteria(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=MET, D2=PARTLY)
    progress = {(p.stage, p.scored, p.total) for p in services.standing_of(candidate).progress}
    assert progress == {(A, 2, 4), (I, 0, 3), (R, 0, 1), (T, 0, 1)}


# --- The shortlist and its reasons ------------------------------------------------------------------------


def test_the_shortlist_waits_for_every_application_criterion(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=MET, E2=MET, D1=MET)
    with pytest.raises(ValidationError, match="Score every criterion assessed at application.*1 of 4"):
        services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    candidate.refresh_from_db()
    assert candidate.shortlisted is None


def test_the_default_reason_says_all_essentials_met_and_the_desirables(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=MET, E2=MET, D1=MET, D2=PARTLY)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    candidate.refresh_from_db()
    assert candidate.shortlisted is True
    assert candidate.shortlist_reason == (
        "Meets all 2 essential criteria assessed at application; 1 of 2 desirable."
    )
    assert (candidate.shortlist_decided_by, candidate.shortlist_decided_at is not None) == (people.lead, True)


def test_the_default_reason_names_the_essentials_not_met(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=PARTLY, E2=NOT_MET, D1=NOT_MET, D2=NOT_MET)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=False)
    candidate.refresh_from_db()
    assert candidate.shortlisted is False
    assert candidate.shortlist_reason == (
        "Meets 0 of 2 essential criteria assessed at application (partly met: E1; not met: E2); "
        "0 of 2 desirable."
    )


def test_the_drawn_reason_before_everything_is_scored_says_what_is_not(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=MET, D1=MET)
    assert services.standing_of(candidate).default_shortlist_reason == (
        "Meets 1 of 2 essential criteria assessed at application (not scored: E2); 1 of 2 desirable."
    )


def test_a_reason_the_lead_gives_is_recorded_instead(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    score(candidate, A, people.lead, spec, E1=PARTLY, E2=MET, D1=MET, D2=MET)
    services.decide_shortlist(
        candidate=candidate, by=people.lead, shortlisted=True, reason="  Explore the NVQ at interview. "
    )
    candidate.refresh_from_db()
    assert candidate.shortlist_reason == "Explore the NVQ at interview."


def test_an_appointed_candidates_shortlisting_decision_stands(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead)
    with pytest.raises(ValidationError, match="the shortlisting decision stands"):
        services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=False)
    candidate.refresh_from_db()
    assert candidate.shortlisted is True


# --- Appointment ------------------------------------------------------------------------------------------


def test_a_candidate_meeting_every_essential_criterion_is_appointed_without_a_reason(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead, reason="ignored")
    candidate.refresh_from_db()
    assert candidate.is_appointed and candidate.appointed_by == people.lead
    assert candidate.appointment_reason == ""


def test_only_a_shortlisted_candidate_is_appointed(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Only a shortlisted candidate"):
        services.appoint(candidate=candidate, by=people.lead, reason="We need someone")
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=False)
    with pytest.raises(ValidationError, match="not shortlisted"):
        services.appoint(candidate=candidate, by=people.lead, reason="We need someone")
    candidate.refresh_from_db()
    assert not candidate.is_appointed


def test_appointing_without_every_essential_met_needs_a_recorded_reason(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    score(candidate, I, people.lead, spec, E2=MET, E3=PARTLY, D3=MET)
    score(candidate, R, people.lead, spec, E4=MET)
    with pytest.raises(ValidationError) as refused:
        services.appoint(candidate=candidate, by=people.lead, reason="  ")
    assert (
        "does not meet every essential criterion: E3 (partly met)" in refused.value.message_dict["reason"][0]
    )
    candidate.refresh_from_db()
    assert not candidate.is_appointed

    services.appoint(candidate=candidate, by=people.lead, reason="E3 to be met within the first month.")
    candidate.refresh_from_db()
    assert candidate.is_appointed
    assert candidate.appointment_reason == "E3 to be met within the first month."


def test_essential_criteria_still_to_assess_also_need_a_reason(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    application_all(candidate, people.lead, spec)
    services.decide_shortlist(candidate=candidate, by=people.lead, shortlisted=True)
    score(candidate, I, people.lead, spec, E2=MET, E3=MET, D3=MET)
    with pytest.raises(ValidationError, match="2 essential criteria still to assess: E4; E5"):
        services.appoint(candidate=candidate, by=people.lead)


def test_a_candidate_is_appointed_once(people, spec, vacancy):
    candidate = add(vacancy, people.lead, "ann")
    through_every_stage(candidate, people.lead, spec)
    services.appoint(candidate=candidate, by=people.lead)
    first = Candidate.objects.get(pk=candidate.pk).appointed_at
    with pytest.raises(ValidationError, match="already been appointed"):
        services.appoint(candidate=candidate, by=people.other_lead)
    assert Candidate.objects.get(pk=candidate.pk).appointed_at == first


# --- Enrolment in one step --------------------------------------------------------------------------------


@pytest.fixture
def cohorts(people, cohort_setup):
    other_programme = cohort_setup.programme
    other_programme.pk = None
    other_programme.organisation = people.other_trust
    other_programme.save()
    start = datetime.date.today()
    elsewhere = Cohort.objects.create(
        organisation=people.other_trust,
        programme=other_programme,
        name="Their cohort",
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )
    return SimpleNamespace(ours=cohort_setup.cohort, elsewhere=elsewhere, setup=cohort_setup)


def appointed(vacancy, lead, spec, first, email=None):
    candidate = add(vacancy, lead, first, email)
    through_every_stage(candidate, lead, spec)
    return services.appoint(candidate=candidate, by=lead)


def test_an_appointed_candidate_is_given_an_account_the_trainee_role_and_the_enrolment(
    people, spec, vacancy, cohorts
):
    candidate = appointed(vacancy, people.lead, spec, "ann", "Ann.New@example.org")
    added = services.enrol_candidate(
        candidate=candidate,
        by=people.lead,
        cohort=cohorts.ours,
        mentors=[people.mentor],
        manager=cohorts.setup.manager,
        service="Stroke unit",
    )
    assert added.created
    enrolment = Enrolment.objects.get(pk=added.enrolment.pk)
    trainee = enrolment.trainee
    assert (trainee.email, trainee.first_name, trainee.last_name) == (
        "Ann.New@example.org",
        "ann",
        "Candidate",
    )
    assert not trainee.has_usable_password()
    assert (enrolment.cohort, list(enrolment.mentors.all()), enrolment.manager, enrolment.service) == (
        cohorts.ours,
        [people.mentor],
        cohorts.setup.manager,
        "Stroke unit",
    )
    assert trainee.memberships.filter(organisation=people.trust, role=Role.TRAINEE).exists()
    assert enrolment.contracts.count() == 1  # a draft learning contract, as adding a trainee starts
    assert Candidate.objects.get(pk=candidate.pk).enrolment == enrolment


def test_an_existing_person_of_the_organisation_is_matched_by_email(people, spec, vacancy, cohorts):
    staff = person_with_role(Role.MANAGER, people.trust, username="hca", email="hca@example.org")
    candidate = appointed(vacancy, people.lead, spec, "ann", "HCA@example.org")
    added = services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    assert not added.created and added.enrolment.trainee == staff
    assert staff.memberships.filter(organisation=people.trust, role=Role.TRAINEE).exists()


def test_enrolling_is_refused_before_appointment_and_a_second_time(people, spec, vacancy, cohorts):
    candidate = add(vacancy, people.lead, "ann")
    with pytest.raises(ValidationError, match="Appoint ann Candidate before enrolling"):
        services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    candidate = appointed(vacancy, people.lead, spec, "bob")
    services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    count = Enrolment.objects.count()
    with pytest.raises(ValidationError, match="already enrolled, on Cohort 1"):
        services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    assert Enrolment.objects.count() == count


def test_enrolling_on_another_organisations_cohort_is_refused(people, spec, vacancy, cohorts):
    candidate = appointed(vacancy, people.lead, spec, "ann")
    count = Enrolment.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.elsewhere)
    assert "Choose a cohort of Northfield Trust" in refused.value.message_dict["cohort"][0]
    assert Enrolment.objects.count() == count
    assert Candidate.objects.get(pk=candidate.pk).enrolment is None


def test_someone_of_another_organisation_is_not_enrolled_and_nothing_is_made(people, spec, vacancy, cohorts):
    candidate = appointed(vacancy, people.lead, spec, "ann", people.outside_trainee.email)
    users, enrolments = people.trust.memberships.count(), Enrolment.objects.count()
    with pytest.raises(ValidationError, match="belongs to a person in another organisation"):
        services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    assert (people.trust.memberships.count(), Enrolment.objects.count()) == (users, enrolments)


# --- Vacancies ------------------------------------------------------------------------------------------


def test_only_the_organisations_staff_sit_on_its_panel(people, spec, vacancy):
    for outsider in (people.other_lead, people.trainee, people.regional):
        with pytest.raises(ValidationError, match="Only staff of Northfield Trust may sit on its panel"):
            services.save_vacancy(vacancy=vacancy, by=people.lead, panel=[people.mentor, outsider])
    assert list(Vacancy.objects.get(pk=vacancy.pk).panel.all()) == [people.mentor]
    services.save_vacancy(vacancy=vacancy, by=people.lead, panel=[people.mentor, people.lead])
    assert set(vacancy.panel.all()) == {people.mentor, people.lead}


def test_a_vacancy_uses_only_a_published_version(people, spec):
    draft = ProfileVersion.objects.create(profile=spec.version.profile, number=2, job_title="Draft", band="4")
    assert list(services.usable_versions(people.trust)) == [spec.version]
    with pytest.raises(ValidationError, match="Choose a published version"):
        services.save_vacancy(
            vacancy=Vacancy(organisation=people.trust),
            by=people.lead,
            title="Therapy AP",
            profile_version=draft,
            closing_date=datetime.date(2026, 3, 31),
        )
    assert not Vacancy.objects.exists()


def test_a_vacancy_uses_a_profile_of_its_own_organisation(people, spec, catalogue):
    theirs = make_version(people.other_trust, catalogue)
    with pytest.raises(ValidationError, match="Choose a published version of one of your role profiles"):
        services.save_vacancy(
            vacancy=Vacancy(organisation=people.trust),
            by=people.lead,
            title="Therapy AP",
            profile_version=theirs.version,
            closing_date=datetime.date(2026, 3, 31),
        )
    assert not Vacancy.objects.exists()


def test_the_profile_version_cannot_change_once_a_candidate_is_scored(people, spec, vacancy, catalogue):
    other = make_version(people.trust, catalogue, name="Another profile")
    candidate = add(vacancy, people.lead, "ann")
    services.save_vacancy(vacancy=vacancy, by=people.lead, profile_version=other.version)  # nobody scored yet
    services.save_vacancy(vacancy=vacancy, by=people.lead, profile_version=spec.version)
    score(candidate, A, people.lead, spec, E1=MET)
    with pytest.raises(ValidationError, match="Candidates have been scored"):
        services.save_vacancy(vacancy=vacancy, by=people.lead, profile_version=other.version)
    assert Vacancy.objects.get(pk=vacancy.pk).profile_version == spec.version


def test_filling_or_withdrawing_records_the_day_and_reopening_clears_it(people, vacancy):
    assert vacancy.decided_on is None
    services.save_vacancy(vacancy=vacancy, by=people.lead, status=Vacancy.Status.FILLED)
    assert Vacancy.objects.get(pk=vacancy.pk).decided_on == timezone.localdate()
    services.save_vacancy(vacancy=vacancy, by=people.lead, status=Vacancy.Status.CLOSED)
    assert Vacancy.objects.get(pk=vacancy.pk).decided_on is None


def test_a_reference_is_unique_within_the_organisation(people, spec, vacancy):
    with pytest.raises(ValidationError, match="already has a vacancy with this reference"):
        services.save_vacancy(
            vacancy=Vacancy(organisation=people.trust),
            by=people.lead,
            title="Again",
            reference="OT-1",
            profile_version=spec.version,
            closing_date=datetime.date(2026, 4, 30),
        )


# --- Candidates -----------------------------------------------------------------------------------------


def test_a_candidate_applies_once_per_vacancy_whatever_the_case_of_their_email(people, vacancy):
    add(vacancy, people.lead, "ann", "ann@example.org")
    with pytest.raises(ValidationError) as refused:
        add(vacancy, people.lead, "ann", " ANN@example.org ")
    assert refused.value.message_dict["email"] == [
        "This vacancy already has a candidate with this email address."
    ]
    assert Candidate.objects.count() == 1


def test_a_form_sent_twice_adds_the_candidate_once(people, vacancy):
    import uuid

    key = uuid.uuid4()
    first = services.add_candidate(
        vacancy=vacancy,
        by=people.lead,
        submission_key=key,
        first_name="Ann",
        last_name="Lee",
        email="a@x.org",
    )
    again = services.add_candidate(
        vacancy=vacancy,
        by=people.lead,
        submission_key=key,
        first_name="Ann",
        last_name="Lee",
        email="a@x.org",
    )
    assert first == again and Candidate.objects.count() == 1


def test_deleting_a_candidate_deletes_their_scores(people, spec, vacancy):
    ann, bob = add(vacancy, people.lead, "ann"), add(vacancy, people.lead, "bob")
    application_all(ann, people.lead, spec)
    application_all(bob, people.lead, spec)
    services.delete_candidate(candidate=ann, by=people.lead)
    assert list(Candidate.objects.all()) == [bob]
    assert set(Score.objects.values_list("candidate", flat=True)) == {bob.pk}


# --- Retention ----------------------------------------------------------------------------------------


def vacancy_on(people, spec, reference, closing_date, **fields):
    return services.save_vacancy(
        vacancy=Vacancy(organisation=people.trust),
        by=people.lead,
        title=reference,
        reference=reference,
        profile_version=spec.version,
        closing_date=closing_date,
        **fields,
    )


@override_settings(CANDIDATE_RETENTION_DAYS=180)
def test_candidates_are_deleted_when_the_retention_period_from_the_closing_date_ends(people, spec):
    closed = datetime.date(2026, 1, 10)
    vacancy = vacancy_on(people, spec, "V1", closed)
    for name in ("ann", "bob"):
        application_all(add(vacancy, people.lead, name), people.lead, spec)
    assert services.candidates_deleted_on(vacancy) == closed + datetime.timedelta(days=180)

    day_before = closed + datetime.timedelta(days=179)
    assert services.delete_expired_candidates(today=day_before) == 0
    assert Candidate.objects.count() == 2

    on_the_day = closed + datetime.timedelta(days=180)
    assert services.delete_expired_candidates(today=on_the_day) == 2
    assert not Candidate.objects.exists() and not Score.objects.exists()
    vacancy.refresh_from_db()
    assert vacancy.candidates_deleted_on == on_the_day


@override_settings(CANDIDATE_RETENTION_DAYS=30)
def test_the_period_counts_from_filling_or_withdrawing_when_that_is_later(people, spec):
    closed = datetime.date(2026, 1, 10)
    filled = vacancy_on(people, spec, "V1", closed)
    add(filled, people.lead, "ann")
    Vacancy.objects.filter(pk=filled.pk).update(
        status=Vacancy.Status.FILLED, decided_on=datetime.date(2026, 3, 1)
    )
    early = vacancy_on(people, spec, "V2", closed)  # decided before its closing date: the closing date counts
    add(early, people.lead, "bob")
    Vacancy.objects.filter(pk=early.pk).update(
        status=Vacancy.Status.WITHDRAWN, decided_on=datetime.date(2026, 1, 2)
    )
    filled.refresh_from_db()
    early.refresh_from_db()
    assert services.candidates_deleted_on(filled) == datetime.date(2026, 3, 31)
    assert services.candidates_deleted_on(early) == datetime.date(2026, 2, 9)

    assert services.delete_expired_candidates(today=datetime.date(2026, 2, 9)) == 1
    assert list(Candidate.objects.values_list("first_name", flat=True)) == ["ann"]
    assert services.delete_expired_candidates(today=datetime.date(2026, 3, 30)) == 0
    assert services.delete_expired_candidates(today=datetime.date(2026, 3, 31)) == 1
    assert not Candidate.objects.exists()


@override_settings(CANDIDATE_RETENTION_DAYS=30)
def test_an_enrolled_persons_account_and_enrolment_stay_when_their_candidate_record_goes(
    people, spec, cohorts
):
    vacancy = vacancy_on(people, spec, "V1", datetime.date(2026, 1, 10))
    candidate = appointed(vacancy, people.lead, spec, "ann")
    added = services.enrol_candidate(candidate=candidate, by=people.lead, cohort=cohorts.ours)
    assert services.delete_expired_candidates(today=datetime.date(2026, 2, 9)) == 1
    assert not Candidate.objects.exists()
    enrolment = Enrolment.objects.get(pk=added.enrolment.pk)
    assert enrolment.trainee.memberships.filter(role=Role.TRAINEE, organisation=people.trust).exists()


@override_settings(CANDIDATE_RETENTION_DAYS=30)
def test_the_nightly_task_deletes_through_the_service_and_only_what_is_due(people, spec):
    today = timezone.localdate()
    due = vacancy_on(people, spec, "V1", today - datetime.timedelta(days=30))
    kept = vacancy_on(people, spec, "V2", today - datetime.timedelta(days=29))
    add(due, people.lead, "ann")
    add(kept, people.lead, "bob")
    assert tasks_recruitment.delete_expired_candidates.delay().get() == 1
    assert list(Candidate.objects.values_list("vacancy", flat=True)) == [kept.pk]


def test_the_task_is_registered_for_the_worker():
    from apprentice_portal.celery import app
    from workforce import tasks  # noqa: F401  (what autodiscovery imports)

    assert tasks_recruitment.DELETE_EXPIRED in app.tasks


# --- The panel's to-do ------------------------------------------------------------------------------------


def test_a_panel_member_is_told_of_candidates_waiting_for_a_score(people, spec, vacancy):
    ann, bob, cat = (add(vacancy, people.lead, name) for name in ("ann", "bob", "cat"))
    through_every_stage(ann, people.lead, spec)  # nothing left to score: waits for appointment
    application_all(bob, people.lead, spec)  # waits for the shortlisting decision
    score(cat, A, people.lead, spec, E1=MET)  # waits for the rest of the application's scores
    filled = vacancy_on(people, spec, "V2", datetime.date(2026, 1, 1), panel=[people.mentor])
    add(filled, people.lead, "dan")
    services.save_vacancy(vacancy=filled, by=people.lead, status=Vacancy.Status.FILLED)

    assert services.to_score_for(people.mentor) == [(vacancy, 1)]
    assert services.to_score_for(people.lead) == []  # not on the panel
    services.decide_shortlist(candidate=bob, by=people.lead, shortlisted=True)
    assert services.to_score_for(people.mentor) == [(vacancy, 2)]


def test_someone_who_left_the_organisation_is_not_asked_to_score(people, spec, vacancy):
    add(vacancy, people.lead, "ann")
    assert services.to_score_for(people.mentor) == [(vacancy, 1)]
    people.mentor.memberships.all().delete()
    people.mentor._portal_grants = ()
    assert services.to_score_for(people.mentor) == []


def test_candidates_of_another_organisation_never_appear(people, spec, vacancy, catalogue):
    theirs = make_version(people.other_trust, catalogue)
    staff = person_with_role(Role.MENTOR, people.other_trust, username="theirs")
    other = services.save_vacancy(
        vacancy=Vacancy(organisation=people.other_trust),
        by=people.other_lead,
        panel=[staff],
        title="Theirs",
        profile_version=theirs.version,
        closing_date=datetime.date(2026, 3, 31),
    )
    add(other, people.other_lead, "zed")
    add(vacancy, people.lead, "ann")
    assert list(services.visible_vacancies(people.lead)) == [vacancy]
    assert list(services.visible_vacancies(people.mentor)) == [vacancy]
    assert list(services.visible_vacancies(staff)) == [other]
    assert list(services.visible_vacancies(people.regional)) == []
