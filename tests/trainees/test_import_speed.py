"""Importing a large file: the work is done in bulk, so the queries do not grow with the rows, and the
1,000 trainees the page allows are enrolled in one go, exactly as enrolling them one at a time would."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from tests.factories import UserFactory, person_with_role
from trainees.models import Enrolment, LearningContract, StatusChange
from trainees.services import enrol, find_or_create_person, import_trainees

from .factories import CohortFactory
from .test_import import csv_bytes, new_person

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def staff(people):
    trust = people.trust
    return {
        "mentors": [people.mentor, person_with_role(Role.MENTOR, trust, username="mentor2")],
        "manager": person_with_role(Role.MANAGER, trust, username="manager"),
        "lecturer": person_with_role(Role.LECTURER, trust, username="lecturer"),
    }


def rows(n, staff, prefix="p"):
    """n trainees: most new, every fifth an account that exists already; supporters on each row."""
    out = []
    for i in range(n):
        row = new_person(f"{prefix}{i}")
        if i % 5 == 0:
            row = {"email": UserFactory(username=f"{prefix}existing{i}").email}
        row |= {
            "mentor_email": staff["mentors"][i % 2].email,
            "manager_email": staff["manager"].email,
            "lecturer_email": staff["lecturer"].email,
            "band": "3",
        }
        out.append(row)
    return out


def queries_to_import(people, staff, n, prefix):
    cohort = CohortFactory(organisation=people.trust, name=f"Cohort of {n}")
    content = csv_bytes(rows(n, staff, prefix))
    with CaptureQueriesContext(connection) as captured:
        result = import_trainees(cohort=cohort, upload_name="t.csv", content=content, by=people.lead)
    assert len(result.enrolments) == n
    return len(captured.captured_queries)


def test_queries_of_an_import_do_not_grow_with_its_rows(people, staff):
    assert queries_to_import(people, staff, 10, "a") == queries_to_import(people, staff, 50, "b")


def test_an_import_of_1000_trainees_through_the_service_completes(people, staff):
    cohort = CohortFactory(organisation=people.trust)
    content = csv_bytes(rows(1000, staff))

    result = import_trainees(cohort=cohort, upload_name="t.csv", content=content, by=people.lead)

    assert (len(result.enrolments), result.created, result.matched) == (1000, 800, 200)
    assert cohort.enrolments.count() == 1000
    assert LearningContract.objects.filter(enrolment__cohort=cohort).count() == 1000
    assert StatusChange.objects.filter(enrolment__cohort=cohort, note="Enrolled").count() == 1000
    trainees = Membership.objects.filter(organisation=people.trust, role=Role.TRAINEE)
    assert trainees.filter(user__enrolments__cohort=cohort).count() == 1000
    # Each supporter's role is granted once, however many rows name them.
    assert Membership.objects.filter(user=staff["manager"], organisation=people.trust).count() == 1
    assert Enrolment.mentors.through.objects.filter(enrolment__cohort=cohort).count() == 1000


def snapshot(enrolment):
    """What enrolling leaves behind, without ids and times."""
    contract = enrolment.contracts.get()
    history = list(enrolment.history.order_by("history_date"))
    return {
        "enrolment": (enrolment.status, enrolment.service, enrolment.band, enrolment.manager.username),
        "mentors": sorted(m.username for m in enrolment.mentors.all()),
        "memberships": sorted(
            (m.user.username == enrolment.trainee.username, m.role)
            for m in Membership.objects.filter(
                organisation=enrolment.cohort.organisation,
                user__in=[enrolment.trainee, enrolment.manager, *enrolment.mentors.all()],
            )
        ),
        "membership history": Membership.history.filter(user=enrolment.trainee).count(),
        "status": [(s.status, s.changed_on, s.note, s.changed_by) for s in enrolment.status_changes.all()],
        "contract": (
            contract.version,
            contract.created_by,
            *(getattr(contract, name) for name in LearningContract.CONTENT_FIELDS),
        ),
        "last history": (
            history[-1].manager_id == enrolment.manager_id,
            sorted(m.user.username for m in history[-1].mentors.all()),
        ),
        "account": (enrolment.trainee.has_usable_password(), enrolment.trainee.is_active),
    }


def test_an_imported_trainee_is_enrolled_exactly_as_one_enrolled_by_hand(people, staff):
    by_hand = CohortFactory(organisation=people.trust, name="By hand")
    imported = CohortFactory(
        organisation=people.trust, name="Imported", start_date=by_hand.start_date, programme=by_hand.programme
    )
    mentor, manager = staff["mentors"][0], staff["manager"]
    person, _ = find_or_create_person(email="hand@example.nhs.uk", first_name="H", last_name="J")
    one = enrol(cohort=by_hand, trainee=person, by=people.lead, mentors=[mentor], manager=manager, band=3)

    row = new_person(1, mentor_email=mentor.email, manager_email=manager.email, band="3")
    result = import_trainees(cohort=imported, upload_name="t.csv", content=csv_bytes([row]), by=people.lead)

    mine, theirs = snapshot(one), snapshot(result.enrolments[0])
    assert mine == theirs
    assert result.enrolments[0].trainee.email == "new.person1@example.nhs.uk"
    # The worker has no request to take the author from: the history names who imported the file.
    assert {h.history_user for h in result.enrolments[0].history.all()} == {people.lead}
