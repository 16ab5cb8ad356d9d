"""Nobody supports, signs or confirms for themself: enforced in the services, whatever is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership
from competencies import services as portfolio
from competencies.models import Evidence
from tests.factories import MembershipFactory
from trainees import services
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def self_supported(people, cohort_setup):
    """The trainee stored as their own mentor, manager and lecturer (as an old edit form allowed)."""
    enrolment = cohort_setup.enrolment
    enrolment.mentors.add(people.trainee)
    Enrolment.objects.filter(pk=enrolment.pk).update(manager=people.trainee, lecturer=people.trainee)
    return Enrolment.objects.get(pk=enrolment.pk)


def test_enrolment_edit_refuses_the_trainee_as_their_own_mentor(client, people, cohort_setup):
    MembershipFactory(user=people.trainee, organisation=people.trust, role=Membership.Role.MENTOR)
    enrolment = cohort_setup.enrolment
    client.force_login(people.lead)
    response = client.post(
        reverse("trainees:enrolment_edit", args=[enrolment.pk]),
        {"mentors": [people.trainee.pk, people.mentor.pk], "manager": cohort_setup.manager.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["mentors"]
    assert people.trainee not in response.context["form"].fields["mentors"].queryset
    assert list(enrolment.mentors.all()) == [people.mentor]


def test_update_enrolment_service_refuses_self_support(people, cohort_setup):
    with pytest.raises(ValidationError, match="nobody supports themself"):
        services.update_enrolment(enrolment=cohort_setup.enrolment, manager=people.trainee)


def test_trainee_cannot_sign_off_their_own_evidence(people, self_supported):
    evidence = portfolio.create_evidence(
        enrolment=self_supported,
        by=people.trainee,
        ksbs=[self_supported.cohort.programme.standard.ksbs.first()],
        title="Mine",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I did it.",
    )
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    with pytest.raises(ValidationError, match="mentor"):
        portfolio.decide_evidence(evidence=evidence, by=people.trainee, sign_off=True, comment="ok")
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.SUBMITTED


def test_trainee_cannot_mark_their_own_ksb_achieved(people, self_supported):
    ksb = self_supported.cohort.programme.standard.ksbs.first()
    with pytest.raises(ValidationError, match="mentor"):
        portfolio.achieve_ksb(enrolment=self_supported, ksb=ksb, by=people.trainee, evidence=[])


def test_trainee_signs_the_contract_only_as_trainee(people, self_supported):
    contract = services.current_contract(self_supported)
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff")
    contract = services.current_contract(self_supported)
    for party in ("mentor", "manager", "lecturer"):
        with pytest.raises(ValidationError):
            services.sign_contract(contract=contract, party=party, by=people.trainee)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    assert list(contract.signatures.values_list("party", flat=True)) == ["trainee"]


def test_one_person_signs_a_contract_as_one_party(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(lecturer=cohort_setup.manager)
    enrolment.refresh_from_db()
    contract = services.current_contract(enrolment)
    services.change_contract(contract=contract, by=people.lead, service_cover="Bank staff")
    contract = services.current_contract(enrolment)
    services.sign_contract(contract=contract, party="manager", by=cohort_setup.manager)
    with pytest.raises(ValidationError, match="already signed"):
        services.sign_contract(contract=contract, party="lecturer", by=cohort_setup.manager)


def test_trainee_cannot_sign_a_review_for_the_employer_or_lecturer(people, self_supported):
    review = services.record_review(
        enrolment=self_supported, by=people.mentor, held_on=TODAY, progress="Fine", actions="More"
    )
    for party in ("employer", "lecturer"):
        with pytest.raises(ValidationError):
            services.sign_review(review=review, party=party, by=people.trainee)
    assert not review.signatures.exists()


def test_trainee_cannot_confirm_their_own_study_time(people, self_supported):
    entry = services.log_study_time(
        enrolment=self_supported, by=people.trainee, date=TODAY, hours=2, activity="taught"
    )
    with pytest.raises(ValidationError, match="manager"):
        services.decide_study_time(entry=entry, by=people.trainee, confirm=True)
    entry.refresh_from_db()
    assert entry.state == "pending"


def test_own_evidence_never_reaches_the_trainees_mentor_queue(client, people, self_supported):
    MembershipFactory(user=people.trainee, organisation=people.trust, role=Membership.Role.MENTOR)
    evidence = portfolio.create_evidence(
        enrolment=self_supported,
        by=people.trainee,
        ksbs=[self_supported.cohort.programme.standard.ksbs.first()],
        title="Mine",
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I did it.",
    )
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    client.force_login(people.trainee)
    assert list(client.get(reverse("competencies:mentor_queue")).context["queue"]) == []
    decide = reverse("competencies:evidence_decide", args=[evidence.pk])
    assert client.post(decide, {"decision": "sign_off"}).status_code in (403, 404)
    client.force_login(people.mentor)
    assert list(client.get(reverse("competencies:mentor_queue")).context["queue"]) == [evidence]
