"""Demo portfolios: `trainee` well along, `trainee2` just started, and items waiting for `mentor`; on an
earlier cohort, one trainee through gateway with the end-point assessment booked, one graded Distinction."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership
from accounts.services import grant_role
from standards.models import KSB
from trainees import services as trainee_services
from trainees.demo import signed_training_plan, study_days
from trainees.models import Cohort, Enrolment

from . import gateway, services
from .models import DeclarationSignature, Evidence, GatewayConfirmation

# (title, kind, KSB codes, final state) for `trainee`. States: achieved, signed_off, submitted, returned,
# draft.
TRAINEE_EVIDENCE = [
    ("Physical health observations on admission", "observation", "K5 K8 S5 S8", "achieved"),
    ("Reflection: recognising pain in a non-verbal service user", "reflection", "K7 S7 B1", "achieved"),
    ("NEWS2 audit on Elm Ward", "product", "K31 S31 S33", "achieved"),
    ("Supervision record: scope of practice", "supervision", "K1 K2 S1 S2", "achieved"),
    ("Nutrition and hydration care plan", "product", "K9 S9", "achieved"),
    ("Safeguarding referral (anonymised)", "witness", "K4 S4 B2", "achieved"),
    ("Handover using SBAR", "observation", "K16 S16 S13", "achieved"),
    ("Record keeping in the electronic patient record", "product", "K12 K13 S12", "achieved"),
    ("Simulation: deteriorating patient", "simulation", "K10 K11 S10 S11", "achieved"),
    ("Infection prevention and control audit", "product", "K29 S29", "achieved"),
    ("Moving and handling assessment", "observation", "K30 S30 K27 S27", "achieved"),
    ("Essay: models of reflective practice", "academic", "K21 S21 K19", "achieved"),
    ("Teaching a new HCSW to take observations", "witness", "K24 S24 S22 B3", "signed_off"),
    ("Health promotion: smoking cessation conversation", "reflection", "K25 K26 S25 S26", "signed_off"),
    ("Appraisal and personal development plan", "supervision", "K20 S20 S19", "submitted"),
    ("Multidisciplinary team meeting contribution", "witness", "K14 S15 S14", "submitted"),
    ("Mental capacity: supporting a best-interests decision", "reflection", "K18 S18 K3 S3", "submitted"),
    ("Digital tools for communicating with families", "reflection", "K17 S17", "returned"),
    ("Research: a literature review on falls", "academic", "K32 K33 S32", "draft"),
]
TRAINEE2_EVIDENCE = [
    ("First week on the ward: what I learned", "reflection", "K1 K2 B1", "submitted"),
    ("Observations competency log", "observation", "K5 S5", "draft"),
]
NARRATIVE = (
    "What happened: {title}.\n\nWhat I did, and why, within the limits of my role.\n\n"
    "What I learned and what I will do differently next time."
)


def seed(demo):
    cohort, people = demo["cohort"], demo["people"]
    portfolio = Enrolment.objects.get(cohort=cohort, trainee=people["trainee"])
    demo.setdefault("report_subjects", {}).update(
        cohort=cohort.pk, portfolio=portfolio.pk, gateway_bundle=portfolio.pk
    )
    for username, items, mentor in (
        ("trainee", TRAINEE_EVIDENCE, "mentor"),
        ("trainee2", TRAINEE2_EVIDENCE, "mentor2"),
    ):
        enrolment = Enrolment.objects.get(cohort=cohort, trainee=people[username])
        if enrolment.evidence.exists():
            continue
        ksbs = {k.code: k for k in KSB.objects.filter(standard=cohort.programme.standard)}
        start = cohort.start_date
        for i, (title, kind, codes, state) in enumerate(items):
            _evidence(
                enrolment,
                people[username],
                people[mentor],
                ksbs,
                start,
                len(items),
                i,
                title,
                kind,
                codes,
                state,
            )
    _gateway_cohort(demo)


def _attach_notes(evidence, trainee):
    """The trainee's notes as a plain-text attachment, so the gateway bundle shows files by KSB. Without
    libmagic (a laptop without it) uploads are refused, and the demo goes on without them."""
    notes = NARRATIVE.format(title=evidence.title.lower()).encode()
    upload = SimpleUploadedFile(f"{slugify(evidence.title)[:60]}-notes.txt", notes)
    with contextlib.suppress(ValidationError):
        services.add_attachment(evidence=evidence, upload=upload, by=trainee)


def _evidence(enrolment, trainee, mentor, ksbs, start, count, i, title, kind, codes, state, until=None):
    days = ((until or datetime.date.today()) - start).days
    occurred_on = start + datetime.timedelta(days=max(1, days * (i + 1) // (count + 1)))
    chosen = [ksbs[c] for c in codes.split()]
    evidence = services.create_evidence(
        enrolment=enrolment,
        by=trainee,
        ksbs=chosen,
        title=title,
        occurred_on=occurred_on,
        kind=kind,
        narrative=NARRATIVE.format(title=title.lower()),
    )
    if state == Evidence.Status.DRAFT:
        return
    _attach_notes(evidence, trainee)
    services.submit_evidence(evidence=evidence, by=trainee)
    # Spread the submissions out, so the mentor's queue shows the oldest first.
    submitted = timezone.now() - datetime.timedelta(days=(count - i) * 2)
    Evidence.objects.filter(pk=evidence.pk).update(submitted_at=submitted)
    if state == Evidence.Status.SUBMITTED:
        return
    if state == Evidence.Status.RETURNED:
        services.decide_evidence(
            evidence=evidence,
            by=mentor,
            sign_off=False,
            comment="Please add an example of how you checked the family understood, and what you changed.",
        )
        return
    services.decide_evidence(evidence=evidence, by=mentor, sign_off=True, comment="Clear and well evidenced.")
    if state == "achieved":
        for ksb in chosen:
            if not enrolment.achievements.filter(ksb=ksb).exists():
                services.achieve_ksb(enrolment=enrolment, ksb=ksb, by=mentor, evidence=[evidence])


# --- Gateway and end-point assessment: an earlier cohort, near its end ------------------------------------

GATEWAY_COHORT = "Pathfinder cohort"
GATEWAY_WEEKS_IN = 92  # started this many weeks ago: 18 months on programme and the assessment period
# username, first, last, weeks since gateway, the assessment: (observation, discussion, result) in weeks from
# today (negative: past) with the results, or None for booked only.
AT_GATEWAY = [
    ("ap.mensah", "Abena", "Mensah", 2, (3, 7, None, None, None)),
    ("ap.nowak", "Kasia", "Nowak", 10, (-6, -3, -1, "pass", "distinction")),
]
CONFIRMATION_NOTES = {
    "employer_ready": "Discussed at the final progress review: works at the standard across the ward.",
    "english_maths": "Level 2 functional skills certificates seen (English and maths).",
    "foundation_degree": "Exam board: 200 credits confirmed; the last 40 are assigned to the assessment.",
    "other_qualifications": "No other qualification listed for this trainee.",
    "portfolio": "Portfolio complete: every KSB achieved and mapped.",
}


def _gateway_cohort(demo):
    people = demo["people"]
    cohort = demo["cohort"]
    today = datetime.date.today()
    start = today - datetime.timedelta(weeks=GATEWAY_WEEKS_IN)
    earlier = Cohort.objects.filter(organisation=cohort.organisation, name=GATEWAY_COHORT).first()
    if earlier is None:
        earlier = trainee_services.save_cohort(
            cohort=Cohort(organisation=cohort.organisation),
            programme=cohort.programme,
            name=GATEWAY_COHORT,
            start_date=start,
            expected_end_date=start + datetime.timedelta(weeks=104),
        )
    for spec in AT_GATEWAY:
        _through_gateway(earlier, people, today, *spec)


def _weeks(today, weeks):
    return today + datetime.timedelta(weeks=weeks)


def _through_gateway(cohort, people, today, username, first, last, gateway_weeks, assessment):
    """A trainee made ready through the services (every KSB achieved, the contract and a review signed, the
    checklist confirmed), the declaration signed by all three, then dated as it happened: ``gateway_weeks``
    ago. Confirmations are dated before anyone signs, so the signatures' fingerprints stay true."""
    person, _ = trainee_services.find_or_create_person(
        email=f"{username}@demo.invalid",
        first_name=first,
        last_name=last,
        job_title="Trainee assistant practitioner",
    )
    grant_role(person=person, organisation=cohort.organisation, role=Membership.Role.TRAINEE)
    if Enrolment.objects.filter(cohort=cohort, trainee=person).exists():
        return
    mentor, manager, lecturer, lead = (people[n] for n in ("mentor", "manager", "lecturer", "lead"))
    enrolment = trainee_services.enrol(
        cohort=cohort,
        trainee=person,
        by=lead,
        mentors=[mentor],
        manager=manager,
        lecturer=lecturer,
        service="Elm Ward",
        specialism=Enrolment.Specialism.INPATIENT_MENTAL_HEALTH,
        band=3,
    )
    contract = trainee_services.change_contract(
        contract=trainee_services.current_contract(enrolment),
        by=lead,
        service_cover="The ward's bank staff cover study days, booked four weeks ahead by the ward manager.",
    )
    for party, who in (("trainee", person), ("mentor", mentor), ("manager", manager), ("lecturer", lecturer)):
        trainee_services.sign_contract(contract=contract, party=party, by=who)
    signed_training_plan(enrolment, people)  # in the gateway bundle
    gateway_on = _weeks(today, -gateway_weeks)
    # Off-the-job training at the contract's pace from the start to gateway, every day confirmed: a trainee
    # through gateway has done their hours (not 0 h, "at risk", on the cohort page).
    study_days(enrolment, person, manager, contract.study_hours_per_week, gateway_on)
    # Every KSB achieved, from evidence spread over the programme up to gateway.
    ksbs = list(KSB.objects.filter(standard=cohort.programme.standard).order_by("pk"))
    groups = [ksbs[i : i + 6] for i in range(0, len(ksbs), 6)]
    by_code = {k.code: k for k in ksbs}
    for i, group in enumerate(groups):
        codes = " ".join(k.code for k in group)
        title = f"Practice portfolio item {i + 1}: {group[0].code} to {group[-1].code}"
        _evidence(
            enrolment,
            person,
            mentor,
            by_code,
            cohort.start_date,
            len(groups),
            i,
            title,
            "reflection",
            codes,
            "achieved",
            until=gateway_on,
        )
    review = trainee_services.record_review(
        enrolment=enrolment,
        by=mentor,
        held_on=gateway_on - datetime.timedelta(weeks=1),
        progress="Every KSB achieved; foundation degree credits confirmed by the exam board.",
        actions="Confirm the gateway checklist and sign the declaration.",
    )
    for party, who in (("trainee", person), ("employer", mentor), ("lecturer", lecturer)):
        trainee_services.sign_review(review=review, party=party, by=who)
    confirmers = {gateway.EMPLOYER: manager, gateway.PROVIDER: lecturer, gateway.MENTOR: mentor}
    for requirement in gateway.requirements_for(cohort.programme.standard):
        services.confirm_gateway_requirement(
            enrolment=enrolment,
            requirement=requirement.code,
            by=confirmers[requirement.confirmer],
            note=CONFIRMATION_NOTES.get(requirement.code, ""),
        )
    confirmed_at = timezone.now() - datetime.timedelta(weeks=gateway_weeks, days=3)
    GatewayConfirmation.objects.filter(enrolment=enrolment).update(confirmed_at=confirmed_at)
    for party, who in (("trainee", person), ("employer", manager), ("provider", lecturer)):
        services.sign_declaration(enrolment=enrolment, party=party, by=who)
    signed_at = timezone.now() - datetime.timedelta(weeks=gateway_weeks)
    DeclarationSignature.objects.filter(declaration__enrolment=enrolment).update(signed_at=signed_at)
    Enrolment.objects.filter(pk=enrolment.pk).update(gateway_on=gateway_on)
    enrolment.refresh_from_db()
    observation, discussion, result, observation_result, discussion_result = assessment
    attempt = services.book_assessment(
        enrolment=enrolment,
        by=lead,
        assessment_organisation="Northern Healthcare Assessment (end-point assessment organisation)",
        observation_on=_weeks(today, observation),
        discussion_on=_weeks(today, discussion),
    )
    if result is not None:
        services.record_assessment_result(
            assessment=attempt,
            by=lead,
            observation_result=observation_result,
            discussion_result=discussion_result,
            result_on=_weeks(today, result),
        )
