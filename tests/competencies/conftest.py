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
