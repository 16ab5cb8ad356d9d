"""Checking every stored fingerprint against the record it was taken of, found through the app registry.

What is checked, with no list of models to keep:

- **Signatures and sign-offs**: every concrete model with a ``fingerprint`` field and a foreign key to a
  ``core.signing.Signable`` model (each ``Signature`` subclass, evidence ``Decision``s, and whatever signed
  record an app adds next). A row's stored fingerprint must equal its record's ``fingerprint()`` now. A blank
  fingerprint (a decision that returned evidence) records nothing signed, and is skipped.
- **Stored files**: every concrete model with a ``FileField`` and a ``sha256`` field (evidence attachments).
  The SHA-256 of the bytes in storage must equal the stored ``sha256``; that hash is in turn part of what the
  evidence's sign-off fingerprint covers, so a changed hash is caught there too.

``QuerySet.update`` and raw SQL bypass the models' own guards (core.signing), and files can be changed on
disk: this is what finds them afterwards. Each mismatch says which record, what differs, who signed it and
when, and the organisation it belongs to (found by following foreign keys to ``accounts.Organisation``), so a
workforce lead is shown their own organisation's only.
"""

import hashlib
from collections import Counter, deque
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.text import capfirst

from core.signing import Signable

ORGANISATION_MODEL = "accounts.Organisation"
MAX_DEPTH = 6


@dataclass(frozen=True)
class Checked:
    """One kind of stored fingerprint: the model that stores it and how to reach what it was taken of."""

    model: type
    label: str
    record_field: str | None  # the foreign key to the Signable record (None for a stored file)
    file_field: str | None  # the FileField whose bytes are hashed (None for a signature)
    # The ORM lookup of the organisation's id, e.g. "contract__enrolment__cohort__organisation".
    organisation_path: str | None
    by_field: str | None  # who signed, decided or uploaded
    at_field: str | None  # when


@dataclass
class Result:
    kinds: list = field(default_factory=list)  # every kind's label, checked even when it has no rows
    checked: list = field(default_factory=list)  # [{"kind", "organisation_id", "count"}]
    mismatches: list = field(default_factory=list)  # [{"kind", "model", "id", "record", ..., "what"}]

    @property
    def total(self):
        return sum(row["count"] for row in self.checked)


# --- Discovery ------------------------------------------------------------------------------------------


def _concrete_models():
    return [m for m in apps.get_models() if not m._meta.abstract and not m._meta.proxy]


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: the model does not take part
        return None


def _is_user(model):
    return model._meta.label == settings.AUTH_USER_MODEL


def _signable_fk(model):
    for f in model._meta.get_fields():
        if isinstance(f, models.ForeignKey) and issubclass(f.related_model, Signable):
            return f
    return None


def organisation_path(model):
    """The shortest chain of foreign keys from ``model`` to the organisation, never through a person (a
    signer's own organisation is not the record's), as an ORM lookup; None if there is none."""
    target = apps.get_model(ORGANISATION_MODEL)
    seen = {model}
    queue = deque([(model, [])])
    while queue:
        current, path = queue.popleft()
        if current is target:
            return "__".join(path) or "pk"
        if len(path) >= MAX_DEPTH:
            continue
        for f in current._meta.get_fields():
            if not isinstance(f, models.ForeignKey | models.OneToOneField) or f.auto_created:
                continue
            related = f.related_model
            if related in seen or _is_user(related):
                continue
            seen.add(related)
            queue.append((related, [*path, f.name]))
    return None


def _who_and_when(model):
    by = next(
        (
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and _is_user(f.related_model) and not f.auto_created
        ),
        None,
    )
    at = next(
        (f.name for f in model._meta.get_fields() if isinstance(f, models.DateTimeField) and f.auto_now_add),
        None,
    )
    return by, at


def discover():
    """Every kind of stored fingerprint in the installed apps, signatures first, then stored files."""
    found = []
    for model in _concrete_models():
        stored = _field(model, "fingerprint")
        record = _signable_fk(model)
        if isinstance(stored, models.CharField) and record is not None:
            by, at = _who_and_when(model)
            record_name = capfirst(record.related_model._meta.verbose_name)
            found.append(
                Checked(
                    model=model,
                    label=f"{record_name}: {model._meta.verbose_name_plural}",
                    record_field=record.name,
                    file_field=None,
                    organisation_path=organisation_path(model),
                    by_field=by,
                    at_field=at,
                )
            )
    for model in _concrete_models():
        digest = _field(model, "sha256")
        files = [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        if isinstance(digest, models.CharField) and files:
            by, at = _who_and_when(model)
            record = _signable_fk(model)
            owner = f"{capfirst(record.related_model._meta.verbose_name)}: " if record else ""
            found.append(
                Checked(
                    model=model,
                    label=f"{owner}{model._meta.verbose_name_plural}",
                    record_field=None,
                    file_field=files[0].name,
                    organisation_path=organisation_path(model),
                    by_field=by,
                    at_field=at,
                )
            )
    return found


# --- Checking -------------------------------------------------------------------------------------------


def _rows(checked):
    queryset = checked.model._default_manager.all()
    related = [name for name in (checked.record_field, checked.by_field) if name]
    if related:
        queryset = queryset.select_related(*related)
    if checked.organisation_path:
        queryset = queryset.annotate(_organisation_id=F(checked.organisation_path))
    return queryset.order_by("pk").iterator(chunk_size=500)


def _mismatch(checked, row, what, record=None):
    by = getattr(row, checked.by_field) if checked.by_field else None
    at = getattr(row, checked.at_field) if checked.at_field else None
    party = row.get_party_display() if hasattr(row, "get_party_display") else ""
    return {
        "kind": checked.label,
        "model": checked.model._meta.label_lower,
        "id": row.pk,
        "record_model": record._meta.label_lower if record is not None else checked.model._meta.label_lower,
        "record_id": record.pk if record is not None else row.pk,
        "record": str(record if record is not None else row),
        "what": what,
        "by": str(by) if by is not None else "",
        "party": party,
        "at": at.isoformat() if at else None,
        "organisation_id": getattr(row, "_organisation_id", None),
    }


def _check_signatures(checked, result, counts, current):
    for row in _rows(checked):
        if not row.fingerprint:
            continue  # nothing was signed (evidence returned with feedback)
        counts[(checked.label, getattr(row, "_organisation_id", None))] += 1
        record = getattr(row, checked.record_field)
        key = (type(record), record.pk)
        if key not in current:
            try:
                current[key] = record.fingerprint()
            except Exception as exc:  # noqa: BLE001 - a record that cannot even be read is a mismatch
                current[key] = f"error: {exc!r}"
        now = current[key]
        if now != row.fingerprint:
            result.mismatches.append(
                _mismatch(
                    checked,
                    row,
                    f"The {record._meta.verbose_name} has changed since it was signed: its fingerprint "
                    f"now is {now[:12]}…, the one signed was {row.fingerprint[:12]}….",
                    record,
                )
            )


def file_sha256(stored):
    """SHA-256 of a stored file's bytes, or None when the file is missing."""
    digest = hashlib.sha256()
    try:
        with stored.open("rb") as handle:
            for chunk in handle.chunks():
                digest.update(chunk)
    except (FileNotFoundError, ValueError):
        return None
    return digest.hexdigest()


def _check_files(checked, result, counts):
    for row in _rows(checked):
        counts[(checked.label, getattr(row, "_organisation_id", None))] += 1
        stored = getattr(row, checked.file_field)
        now = file_sha256(stored) if stored else None
        if now is None:
            what = "The stored file is missing."
        elif now != row.sha256:
            what = (
                f"The stored file's bytes have changed: their SHA-256 now is {now[:12]}…, "
                f"the one recorded was {row.sha256[:12]}…."
            )
        else:
            continue
        result.mismatches.append(_mismatch(checked, row, what))


def check_fingerprints():
    """Recomputes every stored fingerprint and file hash; a Result with what was checked (per kind and
    organisation) and every record that no longer matches."""
    result = Result()
    counts = Counter()
    current = {}  # (record model, pk) -> fingerprint now: a contract's four signatures compute it once
    for checked in discover():
        result.kinds.append(checked.label)
        if checked.file_field:
            _check_files(checked, result, counts)
        else:
            _check_signatures(checked, result, counts, current)
    result.checked = [
        {"kind": kind, "organisation_id": organisation, "count": n}
        for (kind, organisation), n in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or 0))
    ]
    return result
