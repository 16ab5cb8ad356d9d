"""Every change to evidence, sign-offs, KSB achievements and gateway confirmations goes through here.

Each decision is claimed with a conditional update (only one of several simultaneous decisions can move an
item out of "submitted"), and its audit record is written in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import signing
from core.forms import create_once
from trainees import services as trainee_services
from trainees.access import can_manage_enrolment
from trainees.models import Enrolment, Party

from . import selectors
from .attachments import check_upload
from .gateway import may_confirm, requirements_for
from .models import (
    Achievement,
    Attachment,
    Decision,
    EndPointAssessment,
    Evidence,
    GatewayConfirmation,
    GatewayDeclaration,
)

Status = Evidence.Status


def _mentors(enrolment):
    return {m.pk for m in enrolment.mentor_people()}


def _check_links(enrolment, ksbs, competencies):
    standard = enrolment.cohort.programme.standard_id
    if any(k.standard_id != standard for k in ksbs):
        raise ValidationError({"ksbs": "Choose KSBs of the standard the trainee is working to."})
    organisation = enrolment.cohort.organisation_id
    if any(c.framework.organisation_id != organisation for c in competencies):
        raise ValidationError({"competencies": "Choose competencies of the trainee's own organisation."})


@transaction.atomic
def create_evidence(*, enrolment, by, ksbs, competencies=(), submission_key=None, **fields):
    """A draft item of the trainee's evidence; sent twice with one ``submission_key``, it is made once."""
    if by.pk != enrolment.trainee_id:
        raise ValidationError("Only the trainee logs their own evidence.")
    ksbs, competencies = list(ksbs), list(competencies)
    _check_links(enrolment, ksbs, competencies)
    evidence = Evidence(enrolment=enrolment, submission_key=submission_key, **fields)
    return create_once(Evidence, submission_key, lambda: _save(evidence, by, ksbs, competencies))


def _save(evidence, by, ksbs, competencies):
    evidence._history_user = by  # the history records who made the change, in or out of a request
    evidence.full_clean(exclude=["ksbs"])
    evidence.save()
    evidence.ksbs.set(ksbs)
    evidence.competencies.set(competencies)
    return evidence


def _lock_editable(evidence, by):
    evidence = Evidence.objects.select_for_update().select_related("enrolment").get(pk=evidence.pk)
    if by.pk != evidence.enrolment.trainee_id:
        raise ValidationError("Only the trainee changes their own evidence.")
    if not evidence.is_editable:
        raise ValidationError(
            f"This evidence is {evidence.get_status_display().lower()} and cannot be changed"
            + ("; make a new version instead." if evidence.status == Status.SIGNED_OFF else ".")
        )
    return evidence


@transaction.atomic
def update_evidence(*, evidence, by, ksbs, competencies=(), **fields):
    evidence = _lock_editable(evidence, by)
    ksbs, competencies = list(ksbs), list(competencies)
    _check_links(evidence.enrolment, ksbs, competencies)
    for name, value in fields.items():
        setattr(evidence, name, value)
    return _save(evidence, by, ksbs, competencies)


@transaction.atomic
def add_attachment(*, evidence, upload, by):
    evidence = _lock_editable(evidence, by)
    content_type, sha256 = check_upload(upload)
    return Attachment.objects.create(
        evidence=evidence,
        file=upload,
        original_name=upload.name[-200:],
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=by,
    )


@transaction.atomic
def remove_attachment(*, attachment, by):
    _lock_editable(attachment.evidence, by)
    # A new version shares its attachments' stored bytes with the signed version: keep them while used.
    shared = Attachment.objects.filter(file=attachment.file.name).exclude(pk=attachment.pk).exists()
    if not shared:
        attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def submit_evidence(*, evidence, by):
    evidence = _lock_editable(evidence, by)
    if not evidence.ksbs.exists():
        raise ValidationError("Choose at least one KSB that this evidence shows before submitting it.")
    evidence.status = Status.SUBMITTED
    evidence.submitted_at = timezone.now()
    evidence._history_user = by
    evidence.save(update_fields=["status", "submitted_at", "updated_at"])
    return evidence


@transaction.atomic
def decide_evidence(*, evidence, by, sign_off, comment="", seen=None):
    """A mentor signs off submitted evidence or returns it with feedback; ``seen`` is the fingerprint of the
    evidence their page showed. Of simultaneous decisions one lands (core.signing: claim, then insert once).
    """
    party = Party.MENTOR
    signing.check_signer(evidence, party, by)
    enrolment = evidence.enrolment
    if not enrolment.is_active:
        raise signing.NotSignable(
            f"{enrolment.trainee} is not an active trainee ({enrolment.get_status_display().lower()}): "
            "their evidence waits until they are."
        )
    if not sign_off and not comment.strip():
        raise ValidationError({"comment": "Say what the trainee should change before you return it."})
    new_status = Status.SIGNED_OFF if sign_off else Status.RETURNED
    signing.claim(
        Evidence.objects.filter(pk=evidence.pk, status=Status.SUBMITTED),
        "This evidence is no longer waiting for a decision: someone has already decided.",
        status=new_status,
        updated_at=timezone.now(),
    )
    evidence.refresh_from_db()
    # Claimed, so nobody can change it now: what is signed is what is there, and must be what they saw.
    signed = evidence.fingerprint()
    signing.check_seen(evidence, signed, seen)
    evidence._history_user = by  # the claim above bypassed save(); record the change in the item's history
    evidence.save(update_fields=["status"])
    return signing.insert_once(
        Decision.objects.create,
        "This evidence has already been signed off.",
        evidence=evidence,
        action=Decision.Action.SIGNED_OFF if sign_off else Decision.Action.RETURNED,
        party=party,
        decided_by=by,
        comment=comment.strip(),
        fingerprint=signed if sign_off else "",
    )


@transaction.atomic
def new_version(*, evidence, by):
    """A draft copy of signed-off evidence, to change and sign off again; the original stays as signed."""
    evidence = Evidence.objects.select_for_update().select_related("enrolment").get(pk=evidence.pk)
    if by.pk != evidence.enrolment.trainee_id:
        raise ValidationError("Only the trainee makes a new version of their evidence.")
    if evidence.status != Status.SIGNED_OFF:
        raise ValidationError("Only signed-off evidence needs a new version; change this one directly.")
    if Evidence.objects.filter(previous=evidence).exists():
        raise ValidationError("A newer version of this evidence already exists.")
    copy = Evidence.objects.create(
        enrolment=evidence.enrolment,
        title=evidence.title,
        occurred_on=evidence.occurred_on,
        kind=evidence.kind,
        narrative=evidence.narrative,
        hours=evidence.hours,
        version=evidence.version + 1,
        previous=evidence,
    )
    copy.ksbs.set(evidence.ksbs.all())
    copy.competencies.set(evidence.competencies.all())
    Attachment.objects.bulk_create(
        Attachment(
            evidence=copy,
            file=a.file.name,  # the same stored bytes; signed files are never deleted
            original_name=a.original_name,
            content_type=a.content_type,
            size=a.size,
            sha256=a.sha256,
            uploaded_by=a.uploaded_by,
        )
        for a in evidence.attachments.all()
    )
    return copy


@transaction.atomic
def achieve_ksb(*, enrolment, ksb, by, evidence, comment=""):
    """A mentor marks a KSB achieved, citing signed-off evidence of the trainee that shows it."""
    if by.pk not in _mentors(enrolment):
        raise ValidationError("Only the trainee's mentor can mark a KSB achieved.")
    if not enrolment.is_active:
        raise ValidationError(
            f"{enrolment.trainee} is not an active trainee ({enrolment.get_status_display().lower()}): "
            "KSBs are marked achieved while they are."
        )
    evidence = list(evidence)
    if not evidence:
        raise ValidationError(
            {"evidence": "Cite at least one item of signed-off evidence that shows this KSB."}
        )
    for item in evidence:
        if item.enrolment_id != enrolment.pk or item.status != Status.SIGNED_OFF:
            raise ValidationError({"evidence": f"“{item}” is not signed-off evidence of this trainee."})
        if not item.ksbs.filter(pk=ksb.pk).exists():
            raise ValidationError({"evidence": f"“{item}” is not mapped to {ksb.code}."})
    try:
        with transaction.atomic():
            achievement = Achievement.objects.create(
                enrolment=enrolment, ksb=ksb, signed_by=by, comment=comment
            )
    except IntegrityError:
        raise ValidationError(f"{ksb.code} is already marked achieved.") from None
    achievement.evidence.set(evidence)
    return achievement


@transaction.atomic
def confirm_gateway_requirement(*, enrolment, requirement, by, note=""):
    """Records one requirement of the gateway checklist as met, by the side that knows (gateway.may_confirm),
    with the evidence in ``note``; once, and never after anyone has signed the declaration."""
    if by.pk == enrolment.trainee_id:
        raise ValidationError("The employer confirms gateway requirements, not the trainee themself.")
    found = {r.code: r for r in requirements_for(enrolment.cohort.programme.standard)}
    if requirement not in found:
        raise ValidationError("That is not a gateway requirement of the trainee's standard.")
    if not may_confirm(by, enrolment, found[requirement]):
        who = found[requirement].confirmed_by
        raise ValidationError(f"{who[0].upper()}{who[1:]} confirms this requirement, not you.")
    if enrolment.at_gateway:
        raise ValidationError("The trainee has passed through gateway: the checklist is closed.")
    confirmation, created = GatewayConfirmation.objects.get_or_create(
        enrolment=enrolment, requirement=requirement, defaults={"confirmed_by": by, "note": note}
    )
    if not created:
        raise ValidationError("That requirement is already confirmed.")
    return confirmation


# --- The gateway declaration and the end-point assessment ------------------------------------------------


def declaration_of(enrolment):
    """The enrolment's gateway declaration, made the first time anyone comes to sign it."""
    declaration, _ = GatewayDeclaration.objects.get_or_create(enrolment=enrolment)
    return declaration


@transaction.atomic
def sign_declaration(*, enrolment, party, by, seen=None):
    """``by`` signs the gateway declaration for ``party`` (trainee, employer or provider) once the trainee is
    ready (core.signing.sign refuses with what is missing). The third signature takes the trainee through
    gateway on the day it is made, in the same transaction."""
    if not enrolment.at_gateway:
        problems = selectors.not_ready(enrolment)
        if problems:
            raise signing.NotSignable(problems[0])
    declaration = declaration_of(enrolment)
    signature = signing.sign(declaration, party=party, by=by, seen=seen)
    if declaration.signed_by_all():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        trainee_services.reach_gateway(enrolment=enrolment, on=timezone.localdate(signature.signed_at))
    return signature


def _check_lead(enrolment, by):
    if not can_manage_enrolment(by, enrolment):
        raise ValidationError(
            "A workforce lead of the trainee's organisation records the end-point assessment."
        )


def latest_assessment(enrolment):
    return enrolment.end_point_assessments.order_by("-attempt").first()


def _check_booking(enrolment, observation_on, discussion_on):
    errors = {}
    for name, day in (("observation_on", observation_on), ("discussion_on", discussion_on)):
        if day < enrolment.gateway_on:
            errors[name] = f"Book it on or after gateway, {enrolment.gateway_on:%-d %B %Y}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def book_assessment(*, enrolment, by, assessment_organisation, observation_on, discussion_on):
    """Books the end-point assessment after gateway, or changes the booking of the attempt without a result;
    after a Fail, books a resit (the next attempt). Refused before gateway and after a Pass or Distinction."""
    _check_lead(enrolment, by)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.at_gateway:
        raise ValidationError(
            "The end-point assessment is booked after gateway: the declaration must be signed by the "
            "trainee, the employer and the provider first."
        )
    _check_booking(enrolment, observation_on, discussion_on)
    latest = latest_assessment(enrolment)
    if latest is not None and latest.passed:
        raise ValidationError("The trainee has passed the end-point assessment: there is nothing to book.")
    if latest is None or latest.has_result:
        latest = EndPointAssessment(
            enrolment=enrolment, attempt=(latest.attempt + 1) if latest else 1, booked_by=by
        )
    latest.assessment_organisation = assessment_organisation
    latest.observation_on = observation_on
    latest.discussion_on = discussion_on
    latest.save()
    return latest


@transaction.atomic
def record_assessment_result(*, assessment, by, observation_result, discussion_result, result_on):
    """Records each method's result of an attempt, once; the overall grade follows
    (EndPointAssessment.overall_grade). A Pass or Distinction completes the apprenticeship: the enrolment's
    status becomes Completed from the result date (trainees.services.change_status)."""
    _check_lead(assessment.enrolment, by)
    assessment = EndPointAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.has_result:
        raise ValidationError("This attempt's result is already recorded.")
    errors = {}
    held = max(assessment.observation_on, assessment.discussion_on)
    if result_on < held:
        errors["result_on"] = f"The result comes after both methods: on or after {held:%-d %B %Y}."
    elif result_on > timezone.localdate():
        errors["result_on"] = "The result date cannot be in the future."
    if observation_result not in EndPointAssessment.ObservationResult.values:
        errors["observation_result"] = "Choose the observation of practice's result: Fail or Pass."
    if discussion_result not in EndPointAssessment.Grade.values:
        errors["discussion_result"] = (
            "Choose the professional discussion's result: Fail, Pass or Distinction."
        )
    if errors:
        raise ValidationError(errors)
    assessment.observation_result = observation_result
    assessment.discussion_result = discussion_result
    assessment.grade = EndPointAssessment.overall_grade(observation_result, discussion_result)
    assessment.result_on = result_on
    assessment.recorded_by = by
    assessment.save()
    enrolment = assessment.enrolment
    if assessment.passed and enrolment.status != Enrolment.Status.COMPLETED:
        trainee_services.change_status(
            enrolment=enrolment,
            status=Enrolment.Status.COMPLETED,
            by=by,
            changed_on=result_on,
            note=f"End-point assessment passed: {assessment.get_grade_display()}.",
        )
    return assessment
