"""Demo portfolios: `trainee` well along, `trainee2` just started, and items waiting for `mentor`."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from standards.models import KSB
from trainees.models import Enrolment

from . import services
from .models import Evidence

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


def _attach_notes(evidence, trainee):
    """The trainee's notes as a plain-text attachment, so the gateway bundle shows files by KSB. Without
    libmagic (a laptop without it) uploads are refused, and the demo goes on without them."""
    notes = NARRATIVE.format(title=evidence.title.lower()).encode()
    upload = SimpleUploadedFile(f"{slugify(evidence.title)[:60]}-notes.txt", notes)
    with contextlib.suppress(ValidationError):
        services.add_attachment(evidence=evidence, upload=upload, by=trainee)


def _evidence(enrolment, trainee, mentor, ksbs, start, count, i, title, kind, codes, state):
    days = (datetime.date.today() - start).days
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
