"""Every change to the catalogue and to local frameworks goes through here."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from core import tabular

from .ifate import StandardData, parse_documents, to_document
from .models import KSB, Competency, Duty, Framework, LocalDutyMapping, Progression, Standard
from .selectors import duty_ksbs


@dataclass
class ImportOutcome:
    standard: Standard
    created: bool


@transaction.atomic
def import_standards(*, text):
    """Imports every standard in an Institute JSON file, or none; ImportRefused names each problem.

    A version already in the catalogue with the same content is left as it is; with different content it is
    refused, since cohorts pin versions: a change needs a new version number.
    """
    outcomes, problems = [], []
    for i, data in enumerate(parse_documents(text)):
        existing = Standard.objects.filter(reference=data.reference, version=data.version).first()
        if existing is None:
            outcomes.append(ImportOutcome(create_standard(data), created=True))
            continue
        difference = _difference(existing, data)
        if difference:
            message = (
                f"{data.reference} version {data.version} is already in the catalogue with a "
                f"different {difference}; give the changed standard a new version number"
            )
            problems.append(tabular.Problem(None, f"[{i}]", message))
        else:
            outcomes.append(ImportOutcome(existing, created=False))
    if problems:
        raise tabular.ImportRefused(problems)
    return outcomes


def create_standard(data: StandardData, *, models=None):
    """Stores a parsed standard; ``models`` lets the data migration pass its historical models."""
    Standard_, KSB_, Duty_ = models or (Standard, KSB, Duty)
    standard = Standard_.objects.create(
        reference=data.reference,
        version=data.version,
        title=data.title,
        level=data.level,
        other_fields=data.other_fields,
        duty_mapping=str(data.mapping_source),
        **data.fields,
    )
    ksbs = KSB_.objects.bulk_create(
        KSB_(standard=standard, kind=k.kind, number=k.number, text=k.text, source_id=k.source_id)
        for k in data.ksbs
    )
    by_code = {f"{k.kind}{k.number}": k for k in ksbs}
    duties = Duty_.objects.bulk_create(
        Duty_(
            standard=standard,
            number=d.number,
            text=d.text,
            is_core=d.is_core,
            source_id=d.source_id,
            option_ids=d.option_ids,
        )
        for d in data.duties
    )
    Duty_.ksbs.through.objects.bulk_create(
        Duty_.ksbs.through(duty=duty, ksb=by_code[code])
        for duty, d in zip(duties, data.duties, strict=True)
        for code in d.ksb_codes
    )
    return standard


def _difference(standard, data):
    """The first thing that differs between a stored standard and a parsed file, or '' if none does."""
    stored = parse_documents(json.dumps(to_document(standard)))[0]
    for name in ("title", "level", "fields", "other_fields"):
        if getattr(stored, name) != getattr(data, name):
            return name.replace("_", " ") if name != "fields" else "description"
    if [(k.code, k.text) for k in stored.ksbs] != [(k.code, k.text) for k in data.ksbs]:
        return "set of KSB statements"
    if [(d.number, d.text) for d in stored.duties] != [(d.number, d.text) for d in data.duties]:
        return "set of duties"
    # A locally made mapping is ours, not part of the published version: a file without one matches it.
    compare_mapping = (
        data.mapping_source == Standard.Mapping.PUBLISHED and standard.duty_mapping != Standard.Mapping.LOCAL
    )
    if compare_mapping and [d.ksb_codes for d in stored.duties] != [d.ksb_codes for d in data.duties]:
        return "duty mapping"
    return ""


ST0215_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "standards" / "ST0215.json"


def load_st0215():
    """ST0215 v1.1 from its fixture: a no-op when present (the data migration loads it), else loaded again."""
    [outcome] = import_standards(text=ST0215_FIXTURE.read_text(encoding="utf-8"))
    return outcome.standard


@transaction.atomic
def set_duty_mapping(*, duty, ksbs, source=Standard.Mapping.LOCAL):
    """Maps a duty to KSBs of its own standard, and marks where the standard's mapping comes from."""
    ksbs = list(ksbs)
    if any(k.standard_id != duty.standard_id for k in ksbs):
        raise ValueError("A duty can only be mapped to KSBs of its own standard.")
    duty.ksbs.set(ksbs)
    Standard.objects.filter(pk=duty.standard_id).update(duty_mapping=source)


def framework_name_problem(*, organisation, name, framework=None):
    """Why an organisation's framework cannot be called ``name`` (another of its frameworks is), or None."""
    others = Framework.objects.filter(organisation=organisation, name=name)
    if framework is not None and framework.pk:
        others = others.exclude(pk=framework.pk)
    if others.exists():
        return f"{organisation} already has a framework called “{name}”. Choose another name."
    return None


@transaction.atomic
def save_framework(*, framework, **fields):
    """Saves a framework; ValidationError names the field, e.g. a name the organisation already uses."""
    for name, value in fields.items():
        setattr(framework, name, value)
    # Locked, so that of two people choosing the same name at once the second is told, not given a 500.
    organisation = Organisation.objects.select_for_update().get(pk=framework.organisation_id)
    problem = framework_name_problem(organisation=organisation, name=framework.name, framework=framework)
    if problem:
        raise ValidationError({"name": problem})
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def save_competency(*, competency, ksbs, **fields):
    """Saves a competency; ValidationError names the field, e.g. a code its framework already uses."""
    for name, value in fields.items():
        setattr(competency, name, value)
    ksbs = list(ksbs)
    if any(k.standard_id != competency.framework.standard_id for k in ksbs):
        raise ValueError("A competency can only be mapped to KSBs of its framework's standard.")
    framework = Framework.objects.select_for_update().get(pk=competency.framework_id)
    others = Competency.objects.filter(framework=framework).exclude(pk=competency.pk)
    if others.filter(code=competency.code).exists():
        taken = f"{framework} already has a competency with the code {competency.code}."
        raise ValidationError({"code": f"{taken} Choose another code."})
    competency.full_clean()
    competency.save()
    competency.ksbs.set(ksbs)
    return competency


# --- An organisation's locally made mapping and progression links ------------------------------------------


def is_published(duty):
    """Does the Institute's file publish this duty's KSBs? Then they win over any locally made mapping."""
    return duty.standard.duty_mapping == Standard.Mapping.PUBLISHED and duty.ksbs.exists()


@transaction.atomic
def propose_duty_mapping(*, organisation, duty, ksbs, by):
    """Records the organisation's own KSBs for a duty the Institute publishes none for; kept with its history,
    and labelled locally made wherever it is shown. No KSBs clears the organisation's mapping of the duty."""
    ksbs = list(ksbs)
    if any(k.standard_id != duty.standard_id for k in ksbs):
        raise ValueError("A duty can only be mapped to KSBs of its own standard.")
    if is_published(duty):
        raise ValidationError(
            f"The Institute publishes the KSBs of {duty.code}; its published mapping is used, so a local one "
            "cannot be made."
        )
    mapping = LocalDutyMapping.objects.select_for_update().filter(
        organisation=organisation, duty=duty
    ).first() or LocalDutyMapping(organisation=organisation, duty=duty)
    mapping.made_by = by
    mapping.made_at = timezone.now()
    mapping.save()
    mapping.ksbs.set(ksbs)
    return mapping


def local_duty_mappings(organisation, standard):
    """Each duty of the standard with the KSBs the organisation's progress by duty uses and their source."""
    return duty_ksbs(standard, organisation_id=organisation.pk)


@transaction.atomic
def propose_progression(*, organisation, standard, direction, reference, title, level, note="", by):
    """Adds a locally made progression link for the organisation: ``direction`` "onwards" (from the standard
    to another) or "into" (from another to it). ValidationError names the field at fault."""
    reference = reference.strip().upper()
    if reference == standard.reference:
        raise ValidationError({"reference": "Give another standard's reference, not this one's."})
    here = {"reference": standard.reference, "title": standard.title, "level": standard.level}
    there = {"reference": reference, "title": title.strip(), "level": level}
    start, end = (here, there) if direction == "onwards" else (there, here)
    links = Progression.objects.filter(from_reference=start["reference"], to_reference=end["reference"])
    if links.filter(organisation__isnull=True).exists():
        raise ValidationError(
            {"reference": "The Institute's progression map already has this link, so it is shown anyway."}
        )
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if links.filter(organisation=organisation).exists():
        raise ValidationError({"reference": "Your organisation has already proposed this link."})
    link = Progression(
        **{f"from_{k}": v for k, v in start.items()},
        **{f"to_{k}": v for k, v in end.items()},
        note=note.strip(),
        organisation=organisation,
        made_by=by,
        made_at=timezone.now(),
    )
    link.full_clean()
    link.save()
    return link


def withdraw_progression(*, link):
    """Removes a locally made progression link; the Institute's links are not the organisation's to remove."""
    if not link.is_local:
        raise ValueError("Only a locally made progression link can be withdrawn.")
    link.delete()
