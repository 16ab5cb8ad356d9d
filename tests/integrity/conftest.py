import base64
import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
TEXT = b"Today I observed, with my mentor, a handover.\nWe discussed each patient in turn.\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test stores its attachments and reports in its own private folder."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


def ksbs(*codes):
    from standards.models import KSB

    return [KSB.objects.get(standard__reference="ST0215", kind=c[0], number=int(c[1:])) for c in codes]


def evidence_with(people, enrolment, codes, files, *, title, sign_off=True):
    """An item of evidence of the trainee with attachments (name, bytes), submitted and signed off."""
    from competencies import services

    evidence = services.create_evidence(
        enrolment=enrolment,
        by=people.trainee,
        ksbs=ksbs(*codes),
        title=title,
        occurred_on=datetime.date.today() - datetime.timedelta(days=3),
        kind="observation",
        narrative=f"{title}: what happened, what I did and what I learned.",
    )
    for name, content in files:
        upload = SimpleUploadedFile(name, content)
        services.add_attachment(evidence=evidence, upload=upload, by=people.trainee)
    if sign_off:
        services.submit_evidence(evidence=evidence, by=people.trainee)
        services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True, comment="Well done")
    evidence.refresh_from_db()
    return evidence


@pytest.fixture
def records(people, cohort_setup):
    """people.trainee's signed records: two signed-off items with attachments under several KSBs (one KSB
    shared), a draft with an attachment, the learning contract signed by trainee and mentor, and a review
    signed by all three parties."""
    from trainees import services as trainee_services

    enrolment = cohort_setup.enrolment
    observation = evidence_with(
        people,
        enrolment,
        ("K5", "S5"),
        [("observation notes.pdf", PDF), ("reflection.txt", TEXT)],
        title="Observations on admission",
    )
    wound = evidence_with(people, enrolment, ("K5", "K8"), [("wound.png", PNG)], title="Wound care")
    draft = evidence_with(
        people, enrolment, ("S8",), [("draft.txt", TEXT)], title="Not yet submitted", sign_off=False
    )
    contract = trainee_services.current_contract(enrolment)
    trainee_services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    trainee_services.sign_contract(contract=contract, party="mentor", by=people.mentor)
    review = trainee_services.record_review(
        enrolment=enrolment,
        by=people.mentor,
        held_on=datetime.date.today() - datetime.timedelta(days=1),
        progress="Steady progress on the ward.",
        actions="Finish the wound care reflection.",
    )
    trainee_services.sign_review(review=review, party="trainee", by=people.trainee)
    trainee_services.sign_review(review=review, party="employer", by=people.mentor)
    trainee_services.sign_review(review=review, party="lecturer", by=cohort_setup.lecturer)
    return SimpleNamespace(
        enrolment=enrolment,
        observation=observation,
        wound=wound,
        draft=draft,
        contract=contract,
        review=review,
    )


@pytest.fixture
def other_records(people, st0215):
    """A signed learning contract in people.other_trust, whose lead is people.other_lead."""
    from accounts.models import Membership, Organisation
    from tests.factories import OrganisationFactory, person_with_role
    from trainees import services
    from trainees.models import Cohort, Programme

    university = OrganisationFactory(name="University of Eastbrook", kind=Organisation.Kind.UNIVERSITY)
    programme = services.save_programme(
        programme=Programme(),
        organisation=people.other_trust,
        name="AP adult nursing",
        standard=st0215,
        university=university,
        award="FdSc Health",
        length_months=24,
        review_interval_weeks=12,
        minimum_study_hours=300,
    )
    start = datetime.date.today() - datetime.timedelta(weeks=4)
    cohort = services.save_cohort(
        cohort=Cohort(organisation=people.other_trust),
        programme=programme,
        name="Eastbrook cohort",
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )
    mentor = person_with_role(Membership.Role.MENTOR, people.other_trust, username="eastmentor")
    enrolment = services.enrol(
        cohort=cohort, trainee=people.outside_trainee, by=people.other_lead, mentors=[mentor]
    )
    contract = services.current_contract(enrolment)
    services.sign_contract(contract=contract, party="trainee", by=people.outside_trainee)
    return SimpleNamespace(enrolment=enrolment, contract=contract, mentor=mentor)


def tamper(model, pk, **fields):
    """Changes a row in SQL, behind the portal's back (as someone with database access could): no model or
    queryset guard sees it, so only the fingerprint check can find it."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {quote(model._meta.pk.column)} = %s",  # noqa: S608 (quoted names from the model; values as parameters)
            [*fields.values(), pk],
        )
