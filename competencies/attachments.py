"""Checking uploaded evidence files by their content, never by their name.

Accepted: PDF, PNG, JPEG, GIF and WebP images, Word documents (.docx, .doc) and plain text. libmagic says
what the bytes are; a .docx must also be a zip holding a Word document, and text must decode as UTF-8 or
Windows-1252 with no NUL bytes and must not start like markup (HTML, SVG, XML). A file's name must end in an
extension of its real type: a PDF named .txt is refused and the person is asked to rename it, because it is
downloaded under the name it was uploaded with and would open in the wrong program. A name longer than the
portal keeps is shortened in the middle (``shortened_name``), keeping how it starts and its extension.
"""

import codecs
import hashlib
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

from core import uploads


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = Kind("application/pdf", "a PDF", (".pdf",))
PNG = Kind("image/png", "a PNG image", (".png",))
JPEG = Kind("image/jpeg", "a JPEG image", (".jpg", ".jpeg"))
GIF = Kind("image/gif", "a GIF image", (".gif",))
WEBP = Kind("image/webp", "a WebP image", (".webp",))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", (".docx",)
)
DOC = Kind("application/msword", "a Word document", (".doc",))
TEXT = Kind("text/plain", "a plain text file", (".txt",))
KINDS = (PDF, PNG, JPEG, GIF, WEBP, DOCX, DOC, TEXT)

# What the download view may send as the file's type; anything else goes as application/octet-stream.
ALLOWED_CONTENT_TYPES = frozenset(k.content_type for k in KINDS)

_BY_CONTENT_TYPE = {k.content_type: k for k in KINDS}
# libmagic calls ordinary prose with a few commas on each line CSV; it is still plain text.
_BY_CONTENT_TYPE["text/csv"] = TEXT
_BY_EXTENSION = {ext: k for k in KINDS for ext in k.extensions}
_WORD_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

ACCEPTED = "Upload a PDF, image (PNG, JPEG, GIF or WebP), Word document or plain text file."

# Plain words for what people most often upload by mistake, or on purpose.
_DESCRIPTIONS = {
    "text/html": "a web page (HTML)",
    "image/svg+xml": "an SVG drawing",
    "text/xml": "XML",
    "application/xml": "XML",
    "application/zip": "a zip archive",
    "application/x-dosexec": "a Windows program",
    "application/x-executable": "a program",
    "application/x-sharedlib": "a program",
    "application/x-pie-executable": "a program",
    "application/x-mach-binary": "a program",
    "text/x-shellscript": "a script",
    "application/javascript": "a script",
    "text/javascript": "a script",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel spreadsheet",
    "application/vnd.ms-excel": "an Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a PowerPoint presentation",
    "application/vnd.ms-powerpoint": "a PowerPoint presentation",
    "application/octet-stream": "of a kind the portal does not recognise",
}

# Text that starts like markup (after an optional byte-order mark and white space) could be shown as a page.
_BOM = codecs.BOM_UTF8
_MARKUP_START = re.compile(rb"\s*<([a-z!?/])", re.IGNORECASE)
_MARKUP_KINDS = (
    (re.compile(rb"\s*<svg", re.IGNORECASE), "an SVG drawing"),
    (re.compile(rb"\s*<\?xml", re.IGNORECASE), "XML"),
)

MAX_NAME_LENGTH = 200  # Attachment.original_name
_ELLIPSIS = "…"

# More than Django keeps in memory: larger uploads are in a temporary file, which libmagic reads itself.
_SNIFF_BYTES = 4 * 1024 * 1024
_MB = 1024 * 1024


def check_upload(upload):
    """(content type, sha256) of an acceptable upload, or ValidationError saying why it is refused."""
    name = PurePath(upload.name or "").name
    _check_size(upload, name)
    detected = _sniff(upload)
    kind = _kind_of(upload, detected)
    if kind is None:
        raise _refusal(name, _describe(detected))
    if kind is TEXT:
        markup = _markup_in(_head(upload))
        if markup:
            raise _refusal(name, markup)
    _check_extension(name, kind)
    if kind is TEXT and not _is_readable_text(upload):
        raise ValidationError(
            f"“{name}” is not plain text that the portal can read. "
            "Save it as plain text (UTF-8) or as a PDF, and upload it again.",
            code="text",
        )
    return kind.content_type, _sha256(upload)


def shortened_name(name, limit=MAX_NAME_LENGTH):
    """The name if it fits, else its start, "…" and its extension: "Reflective account of the e….pdf"."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) > 10:  # not an extension a kind of file has; checking the upload refuses it anyway
        suffix = ""
    return name[: limit - len(_ELLIPSIS) - len(suffix)] + _ELLIPSIS + suffix


def _check_size(upload, name):
    if not upload.size:
        raise ValidationError(
            f"“{name}” is empty. Check that you chose the right file and upload it again.", code="empty"
        )
    limit = settings.EVIDENCE_MAX_UPLOAD_MB
    if upload.size > limit * _MB:
        # Rounded up, so a file just over the limit never reads as within it.
        size = math.ceil(upload.size / _MB * 10) / 10
        raise ValidationError(
            f"“{name}” is {size:.1f} MB; the limit is {limit} MB. "
            "Make it smaller (for example, scan at a lower resolution) or split it, and upload it again.",
            code="too_large",
        )


def _sniff(upload):
    """What libmagic (asked through core.uploads, as every upload is) says the file is."""
    try:
        if hasattr(upload, "temporary_file_path"):
            return uploads.sniff(path=upload.temporary_file_path())[0]
        upload.seek(0)
        try:
            return uploads.sniff(upload.read(_SNIFF_BYTES))[0]
        finally:
            upload.seek(0)
    except uploads.LibmagicMissing as exc:
        # Without the libmagic library the rest of the portal still runs (the demo on a laptop), and uploads
        # are refused with a message that says what to install.
        raise ValidationError(
            f"Attachments cannot be checked on this server because {exc}. Ask the portal administrator.",
            code="unchecked",
        ) from None


def _head(upload, size=1024):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _kind_of(upload, detected):
    if detected in (DOCX.content_type, "application/zip") or _head(upload, 4) == b"PK\x03\x04":
        # libmagic judges a .docx by its first entries only: whatever the zip, its parts must say it is one.
        return DOCX if _is_word_document(upload) else None
    return _BY_CONTENT_TYPE.get(detected)


def _is_word_document(upload):
    """A zip whose [Content_Types].xml declares a Word document (not macro-enabled, not a template)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload.file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            return info.file_size <= _MB and _WORD_MAIN_PART in archive.read(info)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        return False
    finally:
        upload.seek(0)


def _markup_in(head):
    head = head.removeprefix(_BOM)
    if not _MARKUP_START.match(head):
        return None
    for pattern, description in _MARKUP_KINDS:
        if pattern.match(head):
            return description
    return "a web page (HTML)"


def _describe(detected):
    if detected in _DESCRIPTIONS:
        return _DESCRIPTIONS[detected]
    if detected.startswith("text/"):
        return f"text of a kind the portal does not accept ({detected})"
    return f"a kind of file the portal does not accept ({detected})"


def _refusal(name, description):
    claimed = _BY_EXTENSION.get(PurePath(name).suffix.lower())
    if claimed:
        return ValidationError(
            f"“{name}” is not {claimed.label}: its content is {description}. {ACCEPTED}", code="disguised"
        )
    return ValidationError(f"“{name}” is {description}, which cannot be attached. {ACCEPTED}", code="type")


def _check_extension(name, kind):
    extension = PurePath(name).suffix.lower()
    if extension in kind.extensions:
        return
    ending = f"ends in {PurePath(name).suffix}" if extension else "has no extension"
    raise ValidationError(
        f"“{name}” is {kind.label}, but its name {ending}. "
        f"Rename it to end in {kind.extensions[0]} and upload it again.",
        code="extension",
    )


def _is_readable_text(upload):
    """UTF-8 or Windows-1252 throughout, with no NUL bytes (UTF-16 text has them, and so does binary)."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = is_windows = True
    try:
        for chunk in upload.chunks():
            if b"\0" in chunk:
                return False
            is_utf8 = is_utf8 and _decodes(utf8.decode, chunk)
            is_windows = is_windows and _decodes(_cp1252, chunk)
            if not (is_utf8 or is_windows):
                return False
    finally:
        upload.seek(0)
    return (is_utf8 and _decodes(partial(utf8.decode, final=True), b"")) or is_windows


_cp1252 = codecs.getdecoder("cp1252")


def _decodes(decode, data):
    try:
        decode(data)
    except UnicodeDecodeError:
        return False
    return True


def _sha256(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
