import datetime

import pytest


@pytest.fixture
def trainee_enrolment(cohort_setup):
    """people.trainee on a cohort of people.trust, mentored by people.mentor, with manager and lecturer."""
    return cohort_setup.enrolment


@pytest.fixture
def evidence_draft(trainee_enrolment, people):
    """A draft item of evidence of people.trainee, mapped to one KSB of their standard."""
    from competencies import services

    return services.create_evidence(
        enrolment=trainee_enrolment,
        by=people.trainee,
        ksbs=[trainee_enrolment.cohort.programme.standard.ksbs.first()],
        title="Handover on Elm Ward",
        occurred_on=datetime.date.today(),
        kind="observation",
        narrative="I led the evening handover with my mentor watching.",
    )


@pytest.fixture
def ready_but_unconfirmed(people, cohort_setup):
    """alice with every KSB achieved, the contract and a recent review signed by all: only the gateway
    checklist is left to confirm."""
    from competencies.models import Achievement
    from trainees import services as trainee_services

    enrolment = cohort_setup.enrolment
    Achievement.objects.bulk_create(
        Achievement(enrolment=enrolment, ksb=k, signed_by=people.mentor)
        for k in cohort_setup.programme.standard.ksbs.all()
    )
    contract = trainee_services.change_contract(
        contract=trainee_services.current_contract(enrolment), by=people.lead, service_cover="Bank staff"
    )
    for party, person in {
        "trainee": people.trainee,
        "mentor": people.mentor,
        "manager": cohort_setup.manager,
        "lecturer": cohort_setup.lecturer,
    }.items():
        trainee_services.sign_contract(contract=contract, party=party, by=person)
    review = trainee_services.record_review(
        enrolment=enrolment, by=people.mentor, held_on=datetime.date.today(), progress="x", actions="y"
    )
    for party, person in {
        "trainee": people.trainee,
        "employer": people.mentor,
        "lecturer": cohort_setup.lecturer,
    }.items():
        trainee_services.sign_review(review=review, party=party, by=person)
    return enrolment


def confirm_checklist(enrolment, people, cohort_setup):
    """Each requirement confirmed by the side that knows (gateway.Requirement.confirmer)."""
    from competencies import gateway, services

    by = {
        gateway.EMPLOYER: cohort_setup.manager,
        gateway.PROVIDER: cohort_setup.lecturer,
        gateway.MENTOR: people.mentor,
    }
    for requirement in gateway.requirements_for(enrolment.cohort.programme.standard):
        services.confirm_gateway_requirement(
            enrolment=enrolment, requirement=requirement.code, by=by[requirement.confirmer], note="Seen"
        )


@pytest.fixture
def ready(people, cohort_setup, ready_but_unconfirmed):
    """alice ready for the gateway: the checklist confirmed too; nobody has signed the declaration."""
    confirm_checklist(ready_but_unconfirmed, people, cohort_setup)
    return ready_but_unconfirmed


@pytest.fixture
def at_gateway(people, cohort_setup, ready):
    """alice through gateway: the declaration signed by trainee, employer (mentor) and provider (lecturer)."""
    from competencies import services

    for party, person in (
        ("trainee", people.trainee),
        ("employer", people.mentor),
        ("provider", cohort_setup.lecturer),
    ):
        services.sign_declaration(enrolment=ready, party=party, by=person)
    ready.refresh_from_db()
    return ready
