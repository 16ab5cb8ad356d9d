"""Every change to the pastoral self-assessment goes through here: views, seed_demo and tests share it.

Each function is one transaction; each saved row records who made the change in its history.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import tabular

from .importing import match_key, read_tool_file
from .models import (
    DETAIL_FIELDS,
    RATING_FIELDS,
    REVISIT_MONTHS_MAX,
    REVISIT_MONTHS_MIN,
    Assessment,
    Element,
    PastoralSettings,
    Rating,
    Theme,
    ToolVersion,
)
from .selectors import assessment_summary, current_tool_version

STARTER_TOOL = Path(settings.BASE_DIR) / "fixtures" / "pastoral" / "starter_tool.json"


def _save(instance, by):
    instance._history_user = by
    instance.save()
    return instance


# --- The tool ----------------------------------------------------------------------------------------------


@transaction.atomic
def load_tool_version(*, name, content, by=None, organisation=None, label="", is_example=False):
    """Loads a new version of the tool from a JSON, CSV or Excel file: all of it, or nothing.

    Raises ImportRefused naming every bad row. ``organisation`` None makes it shared by every organisation.
    """
    tool_file = read_tool_file(name=name, content=content)
    same = ToolVersion.objects.filter(organisation=organisation, content_hash=tool_file.content_hash).first()
    if same is not None:
        tabular.refuse(f"The same content is already loaded, as “{same.label}”.")
    version = _save(
        ToolVersion(
            label=(label or tool_file.label or Path(name).stem)[:200],
            organisation=organisation,
            is_example=is_example or tool_file.is_example,
            source_name=Path(name).name[:255],
            content_hash=tool_file.content_hash,
            loaded_by=by,
        ),
        by,
    )
    themes = {}
    for row in tool_file.rows:
        key = " ".join(row.theme.lower().split())
        if key not in themes:
            themes[key] = _save(Theme(version=version, order=len(themes) + 1, title=row.theme), by)
        theme = themes[key]
        _save(
            Element(
                theme=theme,
                phase=row.phase,
                order=row.row,
                ref=row.ref,
                text=row.element,
                examples=row.examples,
                match_key=match_key(theme=row.theme, element=row.element, ref=row.ref),
            ),
            by,
        )
    return version


def ensure_starter_tool(*, by=None):
    """The portal team's example content, shared; loaded through the same path as an uploaded file."""
    content = STARTER_TOOL.read_bytes()
    existing = ToolVersion.objects.filter(
        organisation=None, content_hash=read_tool_file(name=STARTER_TOOL.name, content=content).content_hash
    ).first()
    return existing or load_tool_version(name=STARTER_TOOL.name, content=content, by=by)


# --- Assessments -------------------------------------------------------------------------------------------


def _locked(assessment):
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_completed:
        raise ValidationError("This assessment is completed, so it can no longer be changed.")
    return locked


@transaction.atomic
def create_assessment(*, organisation, by, tool_version=None, assessed_on=None):
    """Starts an assessment from the last completed one's ratings (matched element by element)."""
    if Assessment.objects.filter(organisation=organisation, status=Assessment.Status.IN_PROGRESS).exists():
        raise ValidationError(
            "There is already an assessment in progress: finish it before starting another."
        )
    tool_version = tool_version or current_tool_version(organisation)
    if tool_version is None:
        raise ValidationError("No version of the tool is loaded yet: load one first.")
    if tool_version.organisation_id not in (None, organisation.pk):
        raise ValidationError("That version of the tool belongs to another organisation.")
    previous = (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    assessment = Assessment(
        organisation=organisation,
        tool_version=tool_version,
        assessed_on=assessed_on or timezone.localdate(),
        previous=previous,
        created_by=by,
    )
    if previous is not None:
        for name in DETAIL_FIELDS[1:]:
            setattr(assessment, name, getattr(previous, name))
    _save(assessment, by)
    if previous is not None:
        _carry_forward(previous, assessment, by)
    return assessment


def _carry_forward(previous, assessment, by):
    old = {r.element.match_key: r for r in previous.ratings.select_related("element")}
    for element in Element.objects.filter(theme__version_id=assessment.tool_version_id):
        rating = old.get(element.match_key)
        if rating is not None:
            fields = {name: getattr(rating, name) for name in RATING_FIELDS}
            _save(
                Rating(assessment=assessment, element=element, carried_forward=True, updated_by=by, **fields),
                by,
            )


@transaction.atomic
def update_assessment_details(*, assessment, by, **details):
    assessment = _locked(assessment)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown details: {sorted(unknown)}")
    for name, value in details.items():
        setattr(assessment, name, value)
    return _save(assessment, by)


def _rate(assessment, element, by, fields):
    if element.theme.version_id != assessment.tool_version_id:
        raise ValidationError("That element is not part of this assessment's version of the tool.")
    if fields.get("rag", "") not in ("", *Rating.RAG.values):
        raise ValidationError("Rate the element Red, Amber or Green.")
    rating = Rating.objects.filter(assessment=assessment, element=element).first()
    if rating is None:
        if not any(fields.get(name) for name in RATING_FIELDS):
            return None
        rating = Rating(assessment=assessment, element=element)
    elif not rating.carried_forward and all(getattr(rating, k) == v for k, v in fields.items()):
        return rating
    for name, value in fields.items():
        setattr(rating, name, value)
    rating.carried_forward = False
    rating.updated_by = by
    return _save(rating, by)


@transaction.atomic
def rate_element(*, assessment, element, by, **fields):
    """Records the rating, notes, evidence and action of one element. Saving part-done is fine."""
    unknown = set(fields) - set(RATING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _rate(_locked(assessment), element, by, fields)


@transaction.atomic
def rate_elements(*, assessment, by, ratings):
    """Several elements at once (a theme's page): ``ratings`` maps each element to its fields."""
    locked = _locked(assessment)
    return [_rate(locked, element, by, fields) for element, fields in ratings.items()]


@transaction.atomic
def complete_assessment(*, assessment, by):
    """Completes the assessment, which makes it read-only. Every element must be rated, and every Red or
    Amber element must have an action with its owner and due date."""
    assessment = _locked(assessment)
    problems = assessment_summary(assessment).problems
    if problems:
        raise ValidationError(problems)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_by = by
    assessment.completed_at = timezone.now()
    return _save(assessment, by)


# --- Revisits ----------------------------------------------------------------------------------------------


@transaction.atomic
def set_revisit_interval(*, organisation, months, by):
    if not isinstance(months, int) or not REVISIT_MONTHS_MIN <= months <= REVISIT_MONTHS_MAX:
        raise ValidationError(
            {
                "revisit_interval_months": (
                    f"Choose an interval from {REVISIT_MONTHS_MIN} to {REVISIT_MONTHS_MAX} months "
                    "(NHS England recommends revisiting every 6 to 12 months)."
                )
            }
        )
    found = PastoralSettings.objects.select_for_update().filter(organisation=organisation).first()
    found = found or PastoralSettings(organisation=organisation)
    found.revisit_interval_months = months
    return _save(found, by)
