"""Every change of the catalogue's pages, the career framework and the code of practice. Each refuses bad
input with a ValidationError naming the field, and changes nothing then."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from core.forms import save_or_refuse

from . import career_starter, selectors_career
from .models import (
    CareerStep,
    CodeAcknowledgement,
    CodeVersion,
    RoleVariant,
    ScopeStatement,
    WorkforceRole,
)

# --- The catalogue of workforce roles -------------------------------------------------------------------


def _refuse_duplicate_role(*, role, organisation, name):
    others = WorkforceRole.objects.exclude(pk=role.pk) if role.pk else WorkforceRole.objects.all()
    if others.filter(organisation=organisation, name__iexact=name).exists():
        where = "the national catalogue" if organisation is None else str(organisation) + "'s own roles"
        raise ValidationError({"name": f"There is already a workforce role called “{name}” in {where}."})
    if organisation is not None and others.filter(organisation=None, name__iexact=name).exists():
        raise ValidationError(
            {"name": f"“{name}” is in the national catalogue already: use it, or add a variant by setting."}
        )


@transaction.atomic
def save_workforce_role(*, role, organisation, by, name, band, standard, description):
    """Adds a role to the national catalogue (organisation None) or to an organisation's own, or changes one.
    A role stays where it was made."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the role a name."})
    if role.pk:
        organisation = role.organisation
    _refuse_duplicate_role(role=role, organisation=organisation, name=name)
    role.organisation = organisation
    role.name, role.band, role.standard, role.description = name, band, standard, description
    if not role.pk:
        role.added_by = by
    save_or_refuse(role, {"name": f"There is already a workforce role called “{name}”."})
    return role


@transaction.atomic
def save_role_variant(*, variant, role, setting, description):
    taken = f"{role} already has a variant in this setting: change that one."
    if RoleVariant.objects.filter(role=role, setting=setting).exclude(pk=variant.pk).exists():
        raise ValidationError({"setting": taken})
    variant.role, variant.setting, variant.description = role, setting, description
    save_or_refuse(variant, {"setting": taken})
    return variant


@transaction.atomic
def delete_role_variant(*, variant):
    try:
        variant.delete()
    except ProtectedError as exc:
        raise ValidationError(
            f"{variant} is described by a role profile, so it stays: change the profile first."
        ) from exc


# --- The career framework ---------------------------------------------------------------------------------


def _reaches(organisation, start, end, *, leaving_out=None):
    """Whether the framework already leads from ``start`` to ``end`` (a step from end to start would close a
    loop)."""
    out = {}
    steps = CareerStep.objects.filter(organisation=organisation)
    if leaving_out is not None:
        steps = steps.exclude(pk=leaving_out)
    for a, b in steps.values_list("from_role_id", "to_role_id"):
        out.setdefault(a, []).append(b)
    seen, waiting = set(), [start]
    while waiting:
        here = waiting.pop()
        if here == end:
            return True
        if here not in seen:
            seen.add(here)
            waiting += out.get(here, [])
    return False


def _usable_role(role, organisation):
    return role.organisation_id is None or role.organisation_id == getattr(organisation, "pk", None)


def _step_errors(*, step, organisation, from_role, to_role):
    errors = {}
    for name, role in (("from_role", from_role), ("to_role", to_role)):
        if not _usable_role(role, organisation):
            errors[name] = "Choose a role of the national catalogue or your organisation's own."
    if errors:
        return errors
    if from_role.pk == to_role.pk:
        errors["to_role"] = "A step goes to another role: choose a different one."
    elif (
        CareerStep.objects.filter(organisation=organisation, from_role=from_role, to_role=to_role)
        .exclude(pk=step.pk)
        .exists()
    ):
        errors["to_role"] = (
            f"The framework already has a step from {from_role} to {to_role}: change that one."
        )
    elif _reaches(organisation, to_role.pk, from_role.pk, leaving_out=step.pk):
        errors["to_role"] = (
            f"The framework already leads from {to_role} to {from_role}: this step would make a circle."
        )
    return errors


@transaction.atomic
def save_career_step(
    *, step, organisation, by, from_role, to_role, route, entry_requirements, standard, outcome_destination
):
    """Adds a step to an organisation's framework (or, organisation None, the national starter), or changes
    one. A step stays in the framework it was made in."""
    if step.pk:
        organisation = step.organisation
    errors = _step_errors(step=step, organisation=organisation, from_role=from_role, to_role=to_role)
    if not entry_requirements.strip():
        errors["entry_requirements"] = "Say what a person needs before taking the step."
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    if not step.pk:
        step.organisation, step.added_by = organisation, by
        last = CareerStep.objects.filter(organisation=organisation).aggregate(Max("order"))["order__max"]
        step.order = (last or 0) + 1
    step.from_role, step.to_role, step.route = from_role, to_role, route.strip()
    step.entry_requirements, step.standard = entry_requirements.strip(), standard
    step.outcome_destination = outcome_destination
    save_or_refuse(
        step, {"to_role": f"The framework already has a step from {from_role} to {to_role}: change that one."}
    )
    return step


@transaction.atomic
def delete_career_step(*, step):
    if step.agreements.exists():
        raise ValidationError(
            "The step has progression agreements: remove them first, so none is lost without meaning to."
        )
    step.delete()


@transaction.atomic
def copy_national_framework(*, organisation, by):
    """Copies the national starter's steps the organisation's framework lacks; returns (copied, left out):
    a step is left out where the framework already has it or it would close a loop."""
    copied = left_out = 0
    for national in selectors_career.steps_of(None):
        step = CareerStep(organisation=organisation)
        if _step_errors(
            step=step, organisation=organisation, from_role=national.from_role, to_role=national.to_role
        ):
            left_out += 1
            continue
        save_career_step(
            step=step,
            organisation=organisation,
            by=by,
            from_role=national.from_role,
            to_role=national.to_role,
            route=national.route,
            entry_requirements=national.entry_requirements,
            standard=national.standard,
            outcome_destination=national.outcome_destination,
        )
        copied += 1
    return copied, left_out


def ensure_national_starter():
    career_starter.ensure_national_starter(CareerStep, WorkforceRole)


@transaction.atomic
def save_agreement(*, agreement, step, by, partner, partner_name, gives, starts_on, ends_on):
    if step.organisation_id is None:
        raise ValidationError(
            "Progression agreements belong to an organisation's framework, not the starter."
        )
    errors = {}
    partner_name = partner_name.strip()
    if partner is None and not partner_name:
        errors["partner"] = "Choose the university, or name the partner the agreement is with."
    elif partner is not None and partner_name:
        errors["partner_name"] = "Choose the university or name another partner, not both."
    if not gives.strip():
        errors["gives"] = "Say what the agreement gives the people who take the step."
    if ends_on is not None and starts_on is not None and ends_on <= starts_on:
        errors["ends_on"] = "The agreement must end after it starts."
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    if not agreement.pk:
        agreement.step, agreement.added_by = step, by
    agreement.partner, agreement.partner_name, agreement.gives = partner, partner_name, gives.strip()
    agreement.starts_on, agreement.ends_on = starts_on, ends_on
    agreement.save()
    return agreement


@transaction.atomic
def delete_agreement(*, agreement):
    agreement.delete()


# --- The code of practice ----------------------------------------------------------------------------------


@transaction.atomic
def start_code_version(*, organisation, by):
    """The organisation's draft: the one being edited, or a new one copied whole from the current version
    (its text and every scope statement), so a new version is published as a whole."""
    draft = selectors_career.draft_code(organisation)
    if draft is not None:
        return draft
    current = selectors_career.current_code(organisation)
    last = CodeVersion.objects.filter(organisation=organisation).aggregate(Max("number"))["number__max"] or 0
    draft = CodeVersion(organisation=organisation, number=last + 1, created_by=by)
    if current is not None:
        draft.title, draft.text = current.title, current.text
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:  # someone else started one at the same moment: theirs is the draft
        return selectors_career.draft_code(organisation)
    if current is not None:
        ScopeStatement.objects.bulk_create(
            ScopeStatement(
                version=draft,
                workforce_role_id=s.workforce_role_id,
                may_do=s.may_do,
                may_not_do=s.may_not_do,
                accountable_to=s.accountable_to,
            )
            for s in current.scope_statements.all()
        )
    return draft


def _refuse_if_published(version):
    if CodeVersion.objects.filter(pk=version.pk, published_at__isnull=False).exists():
        raise ValidationError("This version is published and never changes: draft a new version instead.")


@transaction.atomic
def save_code_text(*, version, title, text):
    _refuse_if_published(version)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": "Give the code of practice a title."})
    version.title, version.text = title, text.strip()
    version.save(update_fields=["title", "text"])
    return version


@transaction.atomic
def save_scope_statement(*, statement, version, workforce_role, may_do, may_not_do, accountable_to):
    _refuse_if_published(version)
    errors = {}
    if not _usable_role(workforce_role, version.organisation):
        errors["workforce_role"] = "Choose a role of the national catalogue or your organisation's own."
    elif (
        ScopeStatement.objects.filter(version=version, workforce_role=workforce_role)
        .exclude(pk=statement.pk)
        .exists()
    ):
        errors["workforce_role"] = (
            f"This version already has a scope statement for {workforce_role}: change that one."
        )
    for name, value, message in (
        ("may_do", may_do, "Say what the holder may do."),
        ("may_not_do", may_not_do, "Say what the holder may not do."),
        ("accountable_to", accountable_to, "Say to whom the holder is accountable."),
    ):
        if not value.strip():
            errors[name] = message
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    statement.version, statement.workforce_role = version, workforce_role
    statement.may_do, statement.may_not_do = may_do.strip(), may_not_do.strip()
    statement.accountable_to = accountable_to.strip()
    taken = f"This version already has a scope statement for {workforce_role}: change that one."
    save_or_refuse(statement, {"workforce_role": taken})
    return statement


@transaction.atomic
def delete_scope_statement(*, statement):
    _refuse_if_published(statement.version)
    statement.delete()


@transaction.atomic
def discard_draft(*, version):
    _refuse_if_published(version)
    version.delete()


@transaction.atomic
def publish_code_version(*, version, by, at=None):
    """Publishes the draft whole: from now on it never changes, and everyone it covers is asked to
    acknowledge it (an earlier acknowledgement was of an earlier version)."""
    locked = CodeVersion.objects.select_for_update().get(pk=version.pk)  # two leads publishing at once
    _refuse_if_published(locked)
    if not locked.text.strip():
        raise ValidationError({"text": "Write the code of practice before publishing it."})
    if not locked.scope_statements.exists():
        raise ValidationError(
            "Add a scope-of-practice statement for at least one workforce role before publishing."
        )
    version.published_at, version.published_by = at or timezone.now(), by
    version.save(update_fields=["published_at", "published_by"])
    return version


@transaction.atomic
def acknowledge_code(*, version, person, at=None):
    """Records that the person has read the current version and will work to it: the version and when. Once:
    a second acknowledgement of the same version returns the first."""
    if version.published_at is None or not selectors_career.is_current(version):
        raise ValidationError(
            "Only the current published version of the code of practice can be acknowledged."
        )
    if not selectors_career.code_holders(version).filter(pk=person.pk).exists():
        raise ValidationError("The code of practice asks its workforce roles' holders to acknowledge it.")
    found = CodeAcknowledgement.objects.filter(version=version, person=person).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return CodeAcknowledgement.objects.create(
                version=version, person=person, acknowledged_at=at or timezone.now()
            )
    except IntegrityError:  # the same person's second click, at the same moment
        return CodeAcknowledgement.objects.get(version=version, person=person)
