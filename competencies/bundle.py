"""The gateway bundle: one zip of everything an end-point assessment organisation or an auditor asks for at
the gateway, with a manifest that checks against the fingerprints people signed.

What is in it::

    portfolio.pdf                              the portfolio report, as the trainee downloads it
    evidence/<KSB code>/<evidence id>-<name>   each signed-off item's attachments, under every KSB it shows
    contracts/learning-contract-v<n>.pdf       each signed version of the learning contract
    reviews/review-<date>.pdf                  each signed progress review
    manifest.json, manifest.csv                every file's SHA-256; for attachments, the evidence, its
                                               sign-off fingerprint and whether the file's hash is in what
                                               was signed; and each signed record's signed content

Anyone can check it without the portal: a file's SHA-256 is in its record's ``signed_content`` (under
``attachments``), and SHA-256 of that content as JSON with sorted keys (core.signing.fingerprint) is the
fingerprint each signature recorded.

More documents: add a provider to ``PROVIDERS`` (``provider(enrolment, bundle)`` adds files and records).
A signed record of the enrolment is one line: ``signed_records(folder, name, records, title)`` renders each
record's signed content and signatures (``reports/bundle_record.html``) and lists it in the manifest, e.g.
the training plan and the gateway declaration::

    signed_records("plans", lambda p: f"training-plan-v{p.version}", lambda e: e.training_plans.all(),
                   lambda p: f"Training plan, version {p.version}")
"""

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst

from core.signing import fingerprint
from reports.rendering import render_template_pdf

from .models import Decision, Evidence, GatewayDeclaration

RECORD_TEMPLATE = "reports/bundle_record.html"
HOW_TO_CHECK = (
    "For each file, SHA-256 of its bytes is its sha256 here. For each evidence attachment, that hash is in "
    "its evidence record's signed_content.attachments, and SHA-256 of signed_content written as JSON with "
    "sorted keys (Python: json.dumps(content, sort_keys=True)) is the sign-off fingerprint. Each signed "
    "record's signatures recorded the same fingerprint of its signed_content."
)
CSV_COLUMNS = [
    "path",
    "sha256",
    "bytes",
    "kind",
    "evidence_id",
    "ksb",
    "sign_off_fingerprint",
    "hash_in_signed_content",
    "record",
    "record_fingerprint",
]


@dataclass
class Bundle:
    enrolment: object
    files: list = field(default_factory=list)  # [(path, bytes, manifest entry)]
    records: dict = field(default_factory=dict)  # "app.model:id" -> the record's manifest entry

    def add(self, path, content, **about):
        """Adds a file at ``path`` (made unique with -2, -3 … before its extension) and returns the path."""
        taken = {p for p, _c, _a in self.files}
        unique, n = path, 1
        while unique in taken:
            n += 1
            p = PurePosixPath(path)
            unique = str(p.with_name(f"{p.stem}-{n}{p.suffix}"))
        entry = {"path": unique, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)} | about
        self.files.append((unique, content, entry))
        return unique

    def add_record(self, record, title, signatures):
        """Lists a signed record in the manifest: what was signed, its fingerprint now and each signature."""
        key = record_key(record)
        content = record.signed_content()
        self.records[key] = {
            "record": key,
            "title": title,
            "signed_content": content,
            "fingerprint": fingerprint(content),
            "signatures": signatures,
        }
        return self.records[key]


def record_key(record):
    return f"{record._meta.label_lower}:{record.pk}"


def _when(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def signatures_of(record):
    """A Signable's signatures as the manifest lists them (core.signing.Signature rows)."""
    current = record.fingerprint()
    return [
        {
            "party": s.get_party_display(),
            "signed_by": str(s.signed_by),
            "signed_at": _when(s.signed_at),
            "fingerprint": s.fingerprint,
            "matches": s.fingerprint == current,
        }
        for s in record.signatures.select_related("signed_by").order_by("signed_at", "pk")
    ]


# --- Providers ------------------------------------------------------------------------------------------


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def safe_name(name):
    """An uploaded name as a file name inside the zip: no folders, no characters a file system refuses."""
    cleaned = _UNSAFE.sub("_", PurePosixPath(name.replace("\\", "/")).name).strip(" .")
    return cleaned or "attachment"


def evidence_attachments(enrolment, bundle):
    """Every signed-off item's attachments, in a folder for each KSB it shows, with its sign-off."""
    signed = (
        enrolment.evidence.filter(status=Evidence.Status.SIGNED_OFF)
        .prefetch_related(
            "ksbs",
            "competencies",
            "attachments",
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(action=Decision.Action.SIGNED_OFF).select_related(
                    "decided_by"
                ),
                to_attr="sign_offs",
            ),
        )
        .order_by("occurred_on", "pk")
    )
    for evidence in signed:
        sign_off = evidence.sign_offs[0] if evidence.sign_offs else None
        record = bundle.add_record(
            evidence,
            f"{evidence} ({evidence.occurred_on:%-d %B %Y})",
            [
                {
                    "party": capfirst(sign_off.get_party_display()),
                    "signed_by": str(sign_off.decided_by),
                    "signed_at": _when(sign_off.decided_at),
                    "fingerprint": sign_off.fingerprint,
                    "matches": sign_off.fingerprint == evidence.fingerprint(),
                }
            ]
            if sign_off
            else [],
        )
        signed_hashes = set(record["signed_content"]["attachments"])
        ksb_codes = sorted({k.code for k in evidence.ksbs.all()}, key=_ksb_order)
        for attachment in evidence.attachments.all():
            with attachment.file.open("rb") as stored:
                content = stored.read()
            digest = hashlib.sha256(content).hexdigest()
            for code in ksb_codes:
                bundle.add(
                    f"evidence/{code}/{evidence.pk}-{safe_name(attachment.original_name)}",
                    content,
                    kind="evidence attachment",
                    evidence_id=evidence.pk,
                    evidence_version=evidence.version,
                    ksb=code,
                    attachment_id=attachment.pk,
                    original_name=attachment.original_name,
                    recorded_sha256=attachment.sha256,
                    sign_off_fingerprint=sign_off.fingerprint if sign_off else "",
                    signed_content_fingerprint=record["fingerprint"],
                    hash_in_signed_content=digest in signed_hashes,
                    record=record_key(evidence),
                )


def _ksb_order(code):
    return (code[:1], int(code[1:]) if code[1:].isdigit() else 0, code)


def _labels(record):
    names = {f.name: f for f in record._meta.get_fields() if hasattr(f, "verbose_name")}

    def label(key):
        f = names.get(key) or names.get(key.removesuffix("_id"))
        return capfirst(f.verbose_name) if f is not None else capfirst(key.replace("_", " "))

    return label


def signed_records(folder, name, records, title):
    """A provider of one PDF per signed record: ``records(enrolment)`` gives them (only those signed by
    anyone are added), ``name(record)`` the file's name without ``.pdf``, ``title(record)`` its heading."""

    def provide(enrolment, bundle):
        for record in records(enrolment):
            signatures = signatures_of(record)
            if not signatures:
                continue
            heading = title(record)
            entry = bundle.add_record(record, heading, signatures)
            label = _labels(record)
            pdf = render_template_pdf(
                RECORD_TEMPLATE,
                {
                    "title": heading,
                    "enrolment": enrolment,
                    "rows": [(label(k), v) for k, v in sorted(entry["signed_content"].items())],
                    "signatures": [
                        s | {"at": datetime.datetime.fromisoformat(s["signed_at"])} for s in signatures
                    ],
                    "fingerprint": entry["fingerprint"],
                },
            )
            bundle.add(
                f"{folder}/{name(record)}.pdf",
                pdf,
                kind=record._meta.verbose_name,
                record=record_key(record),
                record_fingerprint=entry["fingerprint"],
            )

    return provide


PROVIDERS = [
    evidence_attachments,
    signed_records(
        "contracts",
        lambda contract: f"learning-contract-v{contract.version}",
        lambda enrolment: enrolment.contracts.order_by("version"),
        lambda contract: f"Learning contract, version {contract.version}",
    ),
    signed_records(
        "training-plans",
        lambda plan: f"training-plan-v{plan.version}",
        lambda enrolment: enrolment.training_plans.order_by("version"),
        lambda plan: f"Training plan, version {plan.version}",
    ),
    signed_records(
        "gateway",
        lambda declaration: "gateway-declaration",
        lambda enrolment: GatewayDeclaration.objects.filter(enrolment=enrolment),
        lambda declaration: "Gateway declaration",
    ),
    signed_records(
        "reviews",
        lambda review: f"review-{review.held_on.isoformat()}",
        lambda enrolment: enrolment.reviews.order_by("held_on", "pk"),
        lambda review: f"Progress review, {review.held_on:%-d %B %Y}",
    ),
]


# --- The zip --------------------------------------------------------------------------------------------


def manifest_csv(entries):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = dict(entry)
        if "hash_in_signed_content" in row:
            row["hash_in_signed_content"] = "yes" if row["hash_in_signed_content"] else "NO"
        writer.writerow(row)
    return out.getvalue().encode()


def make(enrolment, *, portfolio_pdf, progress=lambda percent, step: None, providers=None):
    """The bundle's zip as bytes: the portfolio PDF given, each provider's files, and the manifests."""
    bundle = Bundle(enrolment)
    bundle.add("portfolio.pdf", portfolio_pdf, kind="portfolio")
    providers = PROVIDERS if providers is None else providers
    for n, provide in enumerate(providers):
        progress(30 + 60 * n // max(len(providers), 1), "Adding the signed records and their files")
        provide(enrolment, bundle)
    entries = [entry for _p, _c, entry in bundle.files]
    manifest = {
        "trainee": str(enrolment.trainee),
        "enrolment": enrolment.pk,
        "cohort": str(enrolment.cohort),
        "organisation": str(enrolment.organisation),
        "made_at": timezone.localtime().isoformat(),
        "how_to_check": HOW_TO_CHECK,
        "files": entries,
        "records": list(bundle.records.values()),
    }
    progress(92, "Writing the zip file")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content, _entry in bundle.files:
            archive.writestr(path, content)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
        archive.writestr("manifest.csv", manifest_csv(entries))
    return out.getvalue()
