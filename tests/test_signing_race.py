"""Two people signing for one party at the same moment, on real PostgreSQL connections: exactly one lands."""

import datetime
import threading

import pytest
from django.db import connection

from accounts.models import Membership
from core import signing
from tests.factories import person_with_role
from trainees import services
from trainees.models import ContractSignature, LearningContract, ProgressReview, ReviewSignature

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    """Runs each call on its own thread and database connection, released together; 'landed' or the
    refusal's type for each."""
    start = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            start.wait(timeout=30)
            call()
            outcomes.append("landed")
        except signing.SigningError as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.fixture
def two_mentors(people, cohort_setup):
    second = person_with_role(Membership.Role.MENTOR, people.trust, username="second_mentor")
    cohort_setup.enrolment.mentors.add(second)
    return people.mentor, second


def test_two_mentors_signing_the_contract_as_mentor_at_once(people, cohort_setup, two_mentors):
    contract = services.current_contract(cohort_setup.enrolment)

    def sign(mentor):
        fresh = LearningContract.objects.get(pk=contract.pk)
        return lambda: services.sign_contract(contract=fresh, party="mentor", by=mentor)

    assert at_once(*(sign(m) for m in two_mentors)) == ["AlreadySigned", "landed"]
    assert ContractSignature.objects.filter(contract=contract, party="mentor").count() == 1


def test_mentor_and_manager_signing_a_review_for_the_employer_at_once(people, cohort_setup):
    review = services.record_review(
        enrolment=cohort_setup.enrolment,
        by=people.mentor,
        held_on=datetime.date.today(),
        progress="On track",
        actions="Keep going",
    )

    def sign(person):
        fresh = ProgressReview.objects.get(pk=review.pk)
        return lambda: services.sign_review(review=fresh, party="employer", by=person)

    assert at_once(sign(people.mentor), sign(cohort_setup.manager)) == ["AlreadySigned", "landed"]
    assert ReviewSignature.objects.filter(review=review).count() == 1


def test_without_the_lock_the_unique_constraint_still_lets_one_land(people, cohort_setup, two_mentors):
    # The row lock in signing.sign queues signers; the constraint on (record, party) is the last word.
    contract = services.current_contract(cohort_setup.enrolment)
    signed = contract.fingerprint()

    def insert(mentor):
        return lambda: signing.insert_once(
            ContractSignature.objects.create,
            "The mentor has already signed this version.",
            contract=contract,
            party="mentor",
            signed_by=mentor,
            fingerprint=signed,
        )

    assert at_once(*(insert(m) for m in two_mentors)) == ["AlreadySigned", "landed"]
    assert ContractSignature.objects.filter(contract=contract).count() == 1
