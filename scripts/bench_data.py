"""Synthetic data at DOMAIN.md's scale, made with bulk inserts (the benchmark's own, not the services')."""

import datetime
import random

from django.db import transaction

from accounts.models import Membership, Organisation, Region, User
from competencies.models import Achievement, Evidence
from standards.models import KSB, Standard
from trainees.models import Cohort, Enrolment, LearningContract, Programme

KINDS = [k for k, _ in Evidence.Kind.choices]
Status = Evidence.Status
STATUSES = [Status.SIGNED_OFF] * 6 + [Status.SUBMITTED, Status.RETURNED, Status.DRAFT]
TEXTS = [name for name in LearningContract.CONTENT_FIELDS if name != "study_hours_per_week"]


@transaction.atomic
def seed(*, trainees, evidence, cohort_size):
    existing = Organisation.objects.filter(ods_code="BENCH1").first()
    if existing:
        return _subjects(existing)
    rng = random.Random(42)  # noqa: S311 - synthetic data, not security
    region = Region.objects.create(name="Bench region")
    trust = Organisation.objects.create(
        name="Bench Trust", ods_code="BENCH1", kind="nhs_trust", region=region
    )
    university = Organisation.objects.create(
        name="Bench University", ods_code="BENCHU", kind="university", region=region
    )
    standard = Standard.objects.get(reference="ST0215", version="1.1")
    ksbs = list(KSB.objects.filter(standard=standard))
    lead = _person("bench.lead", trust, "workforce_lead")
    manager = _person("bench.manager", trust, "manager")
    lecturer = _person("bench.lecturer", trust, "lecturer")
    mentors = [_person(f"bench.mentor{i}", trust, "mentor") for i in range(max(1, trainees // 6))]
    programme = Programme.objects.create(
        organisation=trust, name="Bench programme", standard=standard, university=university, award="FdSc"
    )
    people = User.objects.bulk_create(
        User(username=f"bench.trainee{i}", first_name="Trainee", last_name=f"{i:04d}")
        for i in range(trainees)
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=trust, role="trainee") for u in people)
    today = datetime.date.today()
    enrolments = []
    for c in range(0, trainees, cohort_size):
        start = today - datetime.timedelta(weeks=30 + c // cohort_size)
        cohort = Cohort.objects.create(
            organisation=trust,
            programme=programme,
            name=f"Cohort {c // cohort_size + 1}",
            start_date=start,
            expected_end_date=start + datetime.timedelta(weeks=104),
        )
        batch = Enrolment.objects.bulk_create(
            Enrolment(trainee=u, cohort=cohort, manager=manager, lecturer=lecturer)
            for u in people[c : c + cohort_size]
        )
        enrolments += batch
    Enrolment.mentors.through.objects.bulk_create(
        Enrolment.mentors.through(enrolment=e, user=mentors[i % len(mentors)])
        for i, e in enumerate(enrolments)
    )
    LearningContract.objects.bulk_create(
        LearningContract(enrolment=e, created_by=lead, study_hours_per_week=7.5, **dict.fromkeys(TEXTS, "x"))
        for e in enrolments
    )
    links, achievements = [], []
    for e in enrolments:
        items = Evidence.objects.bulk_create(
            Evidence(
                enrolment=e,
                title=f"Evidence {n}",
                occurred_on=today - datetime.timedelta(days=rng.randint(1, 200)),
                kind=rng.choice(KINDS),
                narrative="Synthetic narrative for the benchmark.",
                status=rng.choice(STATUSES),
            )
            for n in range(evidence)
        )
        achieved = set()
        for item in items:
            for ksb in rng.sample(ksbs, rng.randint(1, 6)):
                links.append(Evidence.ksbs.through(evidence=item, ksb=ksb))
                if item.status == Status.SIGNED_OFF and ksb.pk not in achieved and rng.random() < 0.3:
                    achieved.add(ksb.pk)
                    achievements.append(Achievement(enrolment=e, ksb=ksb, signed_by=mentors[0]))
        if len(links) > 50_000:
            Evidence.ksbs.through.objects.bulk_create(links, batch_size=10_000)
            links = []
    Evidence.ksbs.through.objects.bulk_create(links, batch_size=10_000)
    Achievement.objects.bulk_create(achievements, batch_size=10_000)
    return _subjects(trust)


def _person(username, organisation, role):
    user = User.objects.create(username=username, first_name=username, last_name="Bench")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _subjects(trust):
    enrolment = Enrolment.objects.filter(cohort__organisation=trust).order_by("pk").first()
    mentor = enrolment.mentors.first()
    return {
        "trainee": enrolment.trainee,
        "enrolment": enrolment.pk,
        "cohort": enrolment.cohort_id,
        "lead": User.objects.get(username="bench.lead"),
        "mentor": mentor,
        "standard": Standard.objects.get(reference="ST0215", version="1.1").pk,
        "summary": (
            f"{Enrolment.objects.filter(cohort__organisation=trust).count()} trainees, "
            f"{Evidence.objects.filter(enrolment__cohort__organisation=trust).count()} evidence items"
        ),
    }
