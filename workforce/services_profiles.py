"""Every change to role profiles goes through here: create, edit a draft, publish, make a new version, name
the signers of the job description agreement, sign.

The versioning rule (models/profiles.py): a version is a draft until published; only a draft changes; a
published version never does; a new version starts as a copy of the current one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import signing
from core.forms import save_or_refuse

from .models import (
    Criterion,
    JobDescriptionAgreement,
    ProfileSection,
    ProfileVersion,
    RoleProfile,
    SectionItem,
)
from .models.profiles import CONTENT_FIELDS

DETAIL_FIELDS = CONTENT_FIELDS
PART_ORDER = list(ProfileSection.Part.values)
STAGE_FLAGS = ("by_application", "by_interview", "by_references", "by_testing")
SAME_NAME = "Your organisation already has a profile of this name."
NO_STAGE = (
    "Say how this criterion is assessed: tick at least one of Application, Interview, References or Testing."
)


def _lock_draft(version):
    """The version's row, locked; refused unless it is still a draft (publishing races an edit)."""
    locked = ProfileVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise ValidationError(
            f"Version {locked.number} is published and never changes. Make a new version to change it."
        )
    return locked


def _check_profile(profile):
    if profile.variant_id and profile.variant.role_id != profile.workforce_role_id:
        raise ValidationError({"variant": "Choose a setting of the workforce role you chose."})
    role = profile.workforce_role
    if role.organisation_id not in (None, profile.organisation_id):
        raise ValidationError({"workforce_role": "Choose a national workforce role or one of your own."})
    if (
        RoleProfile.objects.filter(organisation=profile.organisation, name=profile.name)
        .exclude(pk=profile.pk)
        .exists()
    ):
        raise ValidationError({"name": SAME_NAME})


@transaction.atomic
def create_profile(*, organisation, workforce_role, name, by, variant=None, hours="", **details):
    """A profile with its first version, a draft. Its job title and band start from the workforce role's."""
    profile = RoleProfile(
        organisation=organisation, workforce_role=workforce_role, variant=variant, name=name
    )
    profile.full_clean(validate_unique=False, validate_constraints=False)
    _check_profile(profile)
    save_or_refuse(profile, {"name": SAME_NAME})
    version = ProfileVersion(
        profile=profile,
        number=1,
        created_by=by,
        job_title=details.pop("job_title", "") or name,
        band=details.pop("band", "") or workforce_role.band,
        hours=hours,
        **details,
    )
    version.full_clean()
    version.save()
    return profile


@transaction.atomic
def rename_profile(*, profile, name, variant):
    profile.name, profile.variant = name, variant
    profile.full_clean(validate_unique=False, validate_constraints=False)
    _check_profile(profile)
    save_or_refuse(profile, {"name": SAME_NAME}, update_fields=["name", "variant"])
    return profile


@transaction.atomic
def save_details(*, version, **fields):
    """The job details, relationships, purpose, structure, closing statement and person specification header
    of a draft. Only the fields given change."""
    version = _lock_draft(version)
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a detail of a profile version: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    version.save()
    return version


def _clean_items(items):
    return [text.strip() for text in items if text and text.strip()]


@transaction.atomic
def save_sections(*, version, part, sections):
    """Replaces the draft's sections of one part (responsibilities, effort, general) with ``sections``: dicts
    of heading, subheading, style and items (texts), in order. A section with neither heading nor items is
    dropped."""
    version = _lock_draft(version)
    if part not in ProfileSection.Part.values:
        raise ValueError(f"Unknown part of a job description: {part}")
    version.sections.filter(part=part).delete()
    # Orders run on across parts (responsibilities, then effort, then general) so that a version's sections
    # read in the document's order however they are fetched.
    order = PART_ORDER.index(part) * 1000
    for entry in sections:
        items = _clean_items(entry.get("items", []))
        heading, subheading = entry.get("heading", "").strip(), entry.get("subheading", "").strip()
        if not (heading or subheading or items):
            continue
        order += 1
        section = ProfileSection(
            version=version,
            part=part,
            heading=heading,
            subheading=subheading,
            style=entry.get("style") or ProfileSection.Style.BULLETED,
            order=order,
        )
        section.full_clean()
        section.save()
        SectionItem.objects.bulk_create(
            SectionItem(section=section, text=text, order=n) for n, text in enumerate(items, start=1)
        )
    return version


def check_criterion(entry):
    """The errors of one criterion as a dict of field -> message (empty when it is fine)."""
    errors = {}
    if not entry.get("text", "").strip():
        errors["text"] = "Enter the criterion."
    if entry.get("category") not in Criterion.Category.values:
        errors["category"] = "Choose the criterion's group."
    if not any(entry.get(flag) for flag in STAGE_FLAGS):
        errors["stages"] = NO_STAGE
    return errors


@transaction.atomic
def save_criteria(*, version, criteria):
    """Replaces the draft's person specification with ``criteria``: dicts of category, text, essential and the
    four stage flags, in order. A criterion with no assessment stage is refused, and nothing is saved."""
    version = _lock_draft(version)
    for number, entry in enumerate(criteria, start=1):
        errors = check_criterion(entry)
        if errors:
            raise ValidationError(
                {field: f"Criterion {number}: {message}" for field, message in errors.items()}
            )
    version.criteria.all().delete()
    rows = [
        Criterion(
            version=version,
            category=entry["category"],
            text=entry["text"].strip(),
            essential=bool(entry.get("essential")),
            order=number,
            **{flag: bool(entry.get(flag)) for flag in STAGE_FLAGS},
        )
        for number, entry in enumerate(criteria, start=1)
    ]
    Criterion.objects.bulk_create(rows)
    return version


@transaction.atomic
def publish(*, version, by):
    """The draft becomes the current version, fixed from now on. It needs what a job description cannot do
    without: hours and a person specification."""
    version = _lock_draft(version)
    problems = publishing_problems(version)
    if problems:
        raise ValidationError(problems)
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["published_at", "published_by"])
    return version


def publishing_problems(version):
    problems = []
    if not version.hours.strip():
        problems.append("Enter the hours in the job details before you publish.")
    if not version.criteria.exists():
        problems.append("Add the person specification's criteria before you publish.")
    return problems


@transaction.atomic
def new_version(*, profile, by):
    """A new draft, copied from the current version (or the latest, if none is published). Refused while the
    profile has a draft: edit that one."""
    profile = RoleProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.draft() is not None:
        raise ValidationError("This profile already has a draft version: edit that one.")
    source = profile.current_version() or profile.versions.order_by("-number").first()
    number = (profile.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    copy = ProfileVersion(
        profile=profile,
        number=number,
        created_by=by,
        **{name: getattr(source, name) for name in DETAIL_FIELDS},
    )
    save_or_refuse(copy, "This profile already has a draft version: edit that one.")
    for section in source.sections.prefetch_related("items"):
        items = list(section.items.all())
        section.pk, section.version = None, copy
        section.save()
        SectionItem.objects.bulk_create(
            SectionItem(section=section, text=item.text, order=item.order) for item in items
        )
    Criterion.objects.bulk_create(
        Criterion(
            version=copy,
            category=c.category,
            text=c.text,
            essential=c.essential,
            order=c.order,
            **{flag: getattr(c, flag) for flag in STAGE_FLAGS},
        )
        for c in source.criteria.all()
    )
    return copy


@transaction.atomic
def discard_draft(*, version):
    """Deletes a draft that is not the profile's only version (the first draft goes with its profile)."""
    version = _lock_draft(version)
    if version.number == 1:
        raise ValidationError("The first version is the profile itself: there is nothing earlier to keep.")
    version.delete()


# --- The job description agreement ---------------------------------------------------------------------


def _check_person(person, organisation, what):
    if person is None or not person.memberships.filter(organisation=organisation).exists():
        raise ValidationError({what: f"Choose someone of {organisation}."})


@transaction.atomic
def name_signers(*, version, job_holder, line_manager, by):
    """Asks the job holder and their line manager to sign the agreement of a published version."""
    version = ProfileVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_published:
        raise ValidationError("Publish the version first: only a published version is signed.")
    organisation = version.profile.organisation
    _check_person(job_holder, organisation, "job_holder")
    _check_person(line_manager, organisation, "line_manager")
    if job_holder.pk == line_manager.pk:
        raise ValidationError({"line_manager": "The line manager must be someone other than the job holder."})
    already = ValidationError({"job_holder": f"{job_holder} is already asked to sign this version."})
    if version.agreements.filter(job_holder=job_holder).exists():
        raise already
    agreement = JobDescriptionAgreement(
        version=version, job_holder=job_holder, line_manager=line_manager, named_by=by
    )
    save_or_refuse(agreement, already)  # named by someone else a moment ago, after the check above
    return agreement


def sign_agreement(*, agreement, party, by, seen=None):
    """The job holder or line manager signs in their own part (core.signing: once, and only their own)."""
    return signing.sign(agreement, party=party, by=by, seen=seen)


@transaction.atomic
def withdraw_agreement(*, agreement):
    """A lead takes back a request nobody has signed yet (named the wrong person); once signed it stays."""
    if agreement.is_signed():
        raise ValidationError("Somebody has signed this agreement: it is kept as signed.")
    agreement.delete()
