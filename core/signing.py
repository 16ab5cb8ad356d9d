"""One way to sign a record, for every app: exactly what was signed, who, when, for which party, and once.

A record people sign (a learning contract, a progress review, an item of evidence; next, interview consent and
gateway declarations) is a ``Signable`` model: it says what is signed (``signed_content``), which parties sign
it and who may sign for each (``signers``). Its signatures are rows of a ``Signature`` model, written once,
with a unique constraint on (record, party). ``sign`` puts them together in one transaction; flows that claim
a state instead of adding a row (evidence sign-off) use the same checks, ``claim`` and ``insert_once``. Every
refusal is a ``SigningError`` (a ``ValidationError``), which the views show on the form through ``signed``
(core.forms.show_errors, as every other service error). docs/adr/0006-one-signing-pattern.md says how a new
app uses it.
"""

import hashlib
import json

from django import forms
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .forms import show_errors


def fingerprint(content):
    """SHA-256 of a canonical serialisation of what is signed: JSON with sorted keys, as every stored
    fingerprint was made, so signatures made before this module still verify."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


# --- Why a signature is refused ------------------------------------------------------------------------


class SigningError(ValidationError):
    """A signature refused; a ValidationError, so every caller that shows service errors shows these."""


class AlreadySigned(SigningError):
    """The party, or this person, has signed already (or someone else decided first)."""


class NotASigner(SigningError):
    """This person cannot sign for this party."""


class OwnRecord(SigningError):
    """Nobody signs for themself: the person the record is about signs only in their own part."""


class ChangedSince(SigningError):
    """What the person saw is not what is there now: the fingerprints differ."""


class NotSignable(SigningError):
    """Nobody can sign the record now (replaced by a newer version, or missing something)."""


class Immutable(SigningError):
    """A change to something signed, or to a signature."""


# --- Models --------------------------------------------------------------------------------------------


def _among(person, people):
    return any(p.pk == person.pk for p in people)


class WrittenOnce(models.Model):
    """A row written once and never changed or deleted through the ORM's instances (signatures, decisions).

    Deleting the record it belongs to still removes it (a cascade deletes in SQL); the admin refuses that too.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"A {self._meta.verbose_name} is never changed.")
        kwargs["force_insert"] = True  # never an UPDATE of a row that happens to have this id
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"A {self._meta.verbose_name} is never deleted.")


class Signature(WrittenOnce):
    """One party's signature on a record: who, when, for which party, and the fingerprint of what they saw.

    A subclass adds the record's foreign key (``related_name="signatures"``), redeclares ``party`` with the
    record's parties as choices, and guards the race with ``UniqueConstraint(fields=[record, "party"])``;
    a system check refuses one without it.
    """

    party = models.CharField(max_length=10)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_party_display()}: {self.signed_by}"

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        if not any(
            isinstance(c, models.UniqueConstraint) and "party" in c.fields and c.condition is None
            for c in cls._meta.constraints
        ):
            errors.append(
                checks.Error(
                    f"{cls.__name__} needs a UniqueConstraint on (its record, 'party'): it is what stops two "
                    "people signing for one party at once.",
                    obj=cls,
                    id="core.E001",
                )
            )
        return errors


class Signable(models.Model):
    """A record people sign for parties. A subclass sets ``signing_parties`` (members of a TextChoices) and
    ``signing_noun`` ("this review"), and defines:

    - ``signed_content()``: exactly what is signed, as JSON-able data; ``fingerprint()`` hashes it;
    - ``signers(party)``: the people who may sign for a party (nobody for a party no one holds);
    - ``signing_subject()``: whose record it is, who signs only in their own part (or None);
    - ``signing_problems()``: what stops anyone signing it now, each a sentence (default: nothing);
    - ``signed_fingerprints()``: the fingerprints its signatures recorded (default: of ``self.signatures``).

    Once signed it is never changed (a save that would change its fingerprint is refused) nor deleted.
    """

    signing_parties = ()
    signing_noun = "this record"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            signed = self.signed_fingerprints()
            if signed and self.fingerprint() not in signed:
                raise Immutable(f"{self.signing_noun.capitalize()} has been signed and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_signed():
            raise Immutable(f"{self.signing_noun.capitalize()} has been signed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def signed_content(self):
        raise NotImplementedError

    def signers(self, party):
        raise NotImplementedError

    def signing_subject(self):
        return None

    def signing_problems(self):
        return []

    def signing_refusal(self, party):
        """What someone who may not sign for ``party`` is told."""
        return f"You cannot sign as {party.label}."

    def signed_fingerprints(self):
        return set(self.signatures.values_list("fingerprint", flat=True))

    def fingerprint(self):
        return fingerprint(self.signed_content())

    def parties_of(self, person):
        """The parties of this record ``person`` may sign for (whether or not they have signed yet)."""
        return [party for party in self.signing_parties if _among(person, self.signers(party))]

    def is_signed(self):
        return bool(self.signed_fingerprints())


# --- Signing -------------------------------------------------------------------------------------------


def check_party(record, party):
    """The record's party whose value is ``party`` (as a form sends it)."""
    for member in record.signing_parties:
        if member == party:
            return member
    raise NotASigner("Choose who you sign as.")


def check_signer(record, party, by, refusal=None):
    """Refuses anyone ``record.signers(party)`` leaves out; the record's own subject is told why."""
    if _among(by, record.signers(party)):
        return
    subject = record.signing_subject()
    if subject is not None and subject.pk == by.pk:
        raise OwnRecord(
            f"Nobody signs for themself: you cannot sign {record.signing_noun} as {party.label.lower()}."
        )
    raise NotASigner(refusal or record.signing_refusal(party))


def check_seen(record, signed, seen):
    """Refuses when the page the person read showed another fingerprint (``seen``) than what is signed now.
    A caller that showed nothing (a command, the demo) passes None."""
    if seen and seen != signed:
        raise ChangedSince(
            f"{record.signing_noun.capitalize()} has changed since you opened it. Read it again, then sign."
        )


def claim(queryset, already, **changes):
    """The conditional claim: ``queryset.update(**changes)`` must change a row (``queryset`` names the state
    it moves from, e.g. ``status=SUBMITTED``); if another signer got there first, AlreadySigned(already)."""
    if not queryset.update(**changes):
        raise AlreadySigned(already)


def insert_once(create, already, **fields):
    """``create(**fields)`` in a savepoint; the unique constraint refusing it means someone signed first."""
    try:
        with transaction.atomic():
            return create(**fields)
    except IntegrityError:
        raise AlreadySigned(already) from None


@transaction.atomic
def sign(record, *, party, by, seen=None):
    """``by`` signs ``record`` for ``party`` (a value of one of its parties) with the fingerprint of what is
    there now, which must be what they saw (``seen``, when the page sent it).

    The record's row is locked while the checks run, so signers of one record queue; the unique constraint on
    (record, party) settles any race the lock does not see. Each person signs a record once, for one party.
    """
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    party = check_party(record, party)
    problems = record.signing_problems()
    if problems:
        raise NotSignable(problems[0])
    check_signer(record, party, by)
    noun = record.signing_noun
    already = f"The {party.label.lower()} has already signed {noun}."
    done = list(record.signatures.all())
    if any(s.party == party for s in done):
        raise AlreadySigned(already)
    if any(s.signed_by_id == by.pk for s in done):
        raise AlreadySigned(f"You have already signed {noun}; each person signs once, for one party.")
    signed = record.fingerprint()
    check_seen(record, signed, seen)
    return insert_once(record.signatures.create, already, party=party, signed_by=by, fingerprint=signed)


# --- Views ---------------------------------------------------------------------------------------------


class SignForm(forms.Form):
    """Behind every "Sign as …" button: the party pressed, the fingerprint of what the page showed, and, where
    the signer must say so, that they have read it. The service decides whether the party is theirs."""

    party = forms.CharField(required=False, max_length=20)
    fingerprint = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, read_terms=None, unread=None, **kwargs):
        super().__init__(*args, **kwargs)
        if read_terms:
            self.fields["read_terms"] = forms.BooleanField(
                label=read_terms,
                error_messages={"required": unread or "Confirm that you have read it before you sign."},
            )

    @property
    def asks_to_read(self):
        return "read_terms" in self.fields

    def signing(self):
        """The service's arguments: ``party`` and ``seen``."""
        return {"party": self.cleaned_data["party"], "seen": self.cleaned_data["fingerprint"] or None}


def signed(form, sign_with):
    """Signs with a valid form's party and fingerprint: ``sign_with(party=..., seen=...)``. The signature, or
    None when the form or the service refused it (then the form carries the reason)."""
    if not form.is_valid():
        return None
    try:
        return sign_with(**form.signing())
    except ValidationError as error:
        show_errors(form, error)
        return None


def parties_to_sign(record, person):
    """The "Sign as …" buttons to offer ``person``: their parties not yet signed; none once they have signed
    the record (each person signs once) or while something stops anyone signing. No button that would fail."""
    if record.signing_problems():
        return []
    done = list(record.signatures.all())
    if any(s.signed_by_id == person.pk for s in done):
        return []
    signed = {s.party for s in done}
    return [party for party in record.parties_of(person) if party not in signed]


def parties_table(record):
    """Rows for the signatures partial (templates/_signatures.html): each party, who may sign for it, and
    its signature if it has one."""
    made = {s.party: s for s in record.signatures.select_related("signed_by")}
    return [
        {"party": party, "people": record.signers(party), "signature": made.get(party)}
        for party in record.signing_parties
    ]
