"""Guards that every import of a file shares (trainees, standards, the pastoral tool), so that a malformed
or hostile file is refused with a message saying what is wrong and where, never a server error, and never
ties up a worker.

- ``check_size`` and ``check_type``: how big the file is, and what its bytes are whatever it is called;
- ``load_json``: nesting depth, numbers (finite, at most 15 digits), text fit to store and to put in a
  Word or PDF report (no NUL or other control characters, no unpaired surrogates);
- ``csv_rows``: UTF-8, no value over csv's field limit, the same check of text, each naming row and column;
- ``xlsx_rows``: refused before opening if it would unpack to more than a limit (a zip bomb), and any
  error of zipfile or openpyxl on a damaged workbook is turned into a message.

Each raises ``FileRefused``; every importer turns it into its own kind of problem.
"""

import contextlib
import csv
import io
import json
import math
import re
import warnings
import zipfile
import zlib
from functools import wraps

import openpyxl
from django.contrib import messages
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from openpyxl.utils.exceptions import InvalidFileException

MB = 1024 * 1024
MAX_JSON_DEPTH = 20
MAX_DIGITS = 15  # every whole number up to this many digits is exact in a float, and in a bigint
# Text stored must also go into the Word and PDF reports: XML 1.0 refuses these characters.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class FileRefused(Exception):
    """Why a file is refused; ``row`` and ``column`` (a spreadsheet's) or ``path`` (in JSON) say where."""

    def __init__(self, message, *, row=None, column=None, index=None, path=()):
        self.message, self.row, self.column, self.index, self.path = message, row, column, index, tuple(path)
        super().__init__(f"{self.place}: {message}" if self.place else message)

    @property
    def place(self):
        """The JSON path as the standards import names places, e.g. ``[0].knowledges[1].detail``."""
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
        return text


# --- What the file is ----------------------------------------------------------------------------------


def check_size(content, limit):
    if len(content) > limit:
        raise FileRefused(f"The file is larger than {limit // MB} MB.")


def extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def kind_of(content):
    """What the bytes are, whatever the file is called."""
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return "binary"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        return "word" if "word/document.xml" in names else "zip"
    if content.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if b"\x00" in content and not _text_with_a_stray_nul(content):
        return "binary"
    if content.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        return "html"
    return "text"


def _text_with_a_stray_nul(content):
    # UTF-16 and binary files are full of NUL bytes; UTF-8 text with a few is text whose row is named.
    nuls = content.count(b"\x00")
    if nuls > 10 and nuls * 100 > len(content):
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


SPREADSHEET_KINDS = {
    "pdf": "The file is a PDF, not a spreadsheet. Upload the .csv or .xlsx file itself.",
    "xls": "The file is an old-style Excel workbook (.xls). In Excel, save it as .xlsx or as CSV UTF-8.",
    "ods": "The file is an OpenDocument spreadsheet (.ods). Save it as .xlsx or as CSV UTF-8.",
    "word": "The file is a Word document, not a spreadsheet. Use the template: a .csv or .xlsx file.",
    "html": "The file is a web page or XML, not CSV. Save the spreadsheet as CSV UTF-8 or .xlsx.",
    "utf16": "The file is Unicode text (UTF-16), not CSV. In Excel, save it as CSV UTF-8 (comma delimited).",
    "zip": "The file is a zip archive, not a spreadsheet. Upload the .csv or .xlsx file itself.",
    "binary": "The file is not a CSV or Excel file.",
}
_KIND_NAMES = {
    "pdf": "a PDF",
    "xls": "an Excel workbook",
    "xlsx": "an Excel workbook",
    "ods": "an OpenDocument spreadsheet",
    "word": "a Word document",
    "html": "a web page or XML",
    "utf16": "Unicode text in UTF-16",
    "zip": "a zip archive",
    "binary": "not text",
}


def check_json_kind(content):
    kind = kind_of(content)
    if kind == "utf16":
        raise FileRefused("The file is Unicode text in UTF-16, not UTF-8. Save it as UTF-8 and try again.")
    if kind not in ("text", "html"):  # JSON never starts with "<", and the parser says where it goes wrong
        raise FileRefused(f"The file is {_KIND_NAMES[kind]}, not JSON. Upload the JSON file itself.")


def check_type(name, content, *, formats, choose):
    """The file's extension if it is one of ``formats`` and its bytes are what the extension says."""
    ext = extension(name)
    if ext not in formats:
        raise FileRefused(choose)
    if ext == "json":
        check_json_kind(content)
        return ext
    kind = kind_of(content)
    if kind in SPREADSHEET_KINDS:
        raise FileRefused(SPREADSHEET_KINDS[kind])
    if ext == "csv" and kind == "xlsx":
        raise FileRefused(
            "The file is named .csv but is an Excel workbook: rename it .xlsx, or save it as CSV UTF-8."
        )
    if ext == "xlsx" and kind != "xlsx":
        raise FileRefused(
            "The file is named .xlsx but is not an Excel workbook. Save it from Excel as .xlsx."
        )
    return ext


def decode(content, message):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(message) from None


# --- Text and numbers ----------------------------------------------------------------------------------


def unsafe_character(text):
    """What the first character in ``text`` that cannot be stored or put in a report is, or None."""
    found = _UNSAFE_TEXT.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"a NUL character ({code})"
    if "\ud800" <= char <= "\udfff":
        return f"an unpaired surrogate ({code})"
    return f"a control character ({code})"


def check_text(text, **where):
    problem = unsafe_character(text)
    if problem:
        raise FileRefused(
            f"contains {problem}, which the portal cannot keep; remove it and try again.", **where
        )


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _check_cell(value, row, index):
    where = {"row": row, "column": f"column {column_letter(index)}", "index": index}
    if isinstance(value, str):
        check_text(value, **where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise FileRefused("is not a number the portal can use.", **where)
    elif isinstance(value, int) and len(str(abs(value))) > MAX_DIGITS:
        raise FileRefused(f"is a number of more than {MAX_DIGITS} digits.", **where)


# --- JSON ----------------------------------------------------------------------------------------------


class _BadNumber(Exception):
    pass


def _int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _BadNumber(text, f"the number {_abbreviate(text)} has more than {MAX_DIGITS} digits")
    return int(text)


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text, f"the number {_abbreviate(text)} is too large")
    return value


def _constant(text):
    raise _BadNumber(text, f"{text} is not a number JSON allows")


def _abbreviate(text):
    return text if len(text) <= 20 else f"{text[:12]}… ({len(text)} characters)"


def _line_and_column(text, position):
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return f"line {line}, column {column}"


def load_json(text, *, max_depth=MAX_JSON_DEPTH):
    """The data in ``text``, or FileRefused saying where it is not JSON the portal can keep."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise FileRefused(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    except _BadNumber as exc:
        literal, reason = exc.args
        raise FileRefused(f"{_line_and_column(text, max(text.find(literal), 0))}: {reason}") from None
    except RecursionError:
        raise FileRefused(f"nested more than {max_depth} levels deep; no import needs that") from None
    _check_json_values(data, max_depth)
    return data


def _check_json_values(data, max_depth):
    """Every key and text in ``data`` fit to keep, and no deeper than ``max_depth`` (without recursion)."""
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            check_text(value, path=path)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            raise FileRefused(f"nested more than {max_depth} levels deep; no import needs that", path=path)
        if isinstance(value, dict):
            for key, item in value.items():
                problem = unsafe_character(key)
                if problem:
                    raise FileRefused(f"a name in it contains {problem}; remove it and try again.", path=path)
                stack.append((item, (*path, key), depth + 1))
        else:
            stack.extend((item, (*path, i), depth + 1) for i, item in enumerate(value))


# --- CSV -----------------------------------------------------------------------------------------------

NOT_UTF8_CSV = "The file is not UTF-8 text. In Excel, use Save As and choose CSV UTF-8 (comma delimited)."


def csv_rows(content):
    """Each row's cells, as text; row 1 is the first."""
    reader = csv.reader(io.StringIO(decode(content, NOT_UTF8_CSV), newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            for index, cell in enumerate(cells):
                _check_cell(cell, number, index)
            yield cells
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            reason = f"row {number + 1} has a value longer than {csv.field_size_limit():,} characters"
        else:
            reason = f"row {number + 1}: {exc}"
        raise FileRefused(f"The file cannot be read as CSV ({reason}).") from None


# --- Excel ---------------------------------------------------------------------------------------------

# What a damaged workbook makes zipfile and openpyxl raise (xml's ParseError is a SyntaxError; defusedxml's
# refusals are ValueErrors; an encrypted entry is a RuntimeError; a date beyond the calendar overflows).
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    OSError,
    EOFError,
    SyntaxError,
    RuntimeError,
    OverflowError,
)
UNREADABLE_WORKBOOK = "The workbook cannot be read. Open it in Excel, save it as .xlsx and try again."


def unpacked_size(content):
    """What a zip would unpack to, as its directory declares (zipfile never gives more than declared)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except UNREADABLE:
        raise FileRefused(UNREADABLE_WORKBOOK) from None


def xlsx_rows(content, *, max_unpacked):
    """Each row's values in the first worksheet; row 1 is the first."""
    size = unpacked_size(content)
    if size > max_unpacked:
        raise FileRefused(
            f"The workbook is too large once unpacked ({math.ceil(size / MB):,} MB; the limit is "
            f"{max_unpacked // MB} MB). Keep only the rows to import in it and save it again."
        )
    try:
        with warnings.catch_warnings():
            # Workbooks saved by other programs often lack styles openpyxl expects; that is harmless here.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE + (InvalidFileException,):
        raise FileRefused(UNREADABLE_WORKBOOK) from None
    try:
        if not book.worksheets:
            raise FileRefused("The workbook has no worksheet.")
        for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            for index, value in enumerate(cells):
                _check_cell(value, number, index)
            yield cells
    except UNREADABLE:
        raise FileRefused(
            "The first worksheet cannot be read. Open it in Excel, save it as .xlsx and try again."
        ) from None
    finally:
        book.close()


# --- The request itself --------------------------------------------------------------------------------


def explain_unreadable_upload(back_to):
    """Turns Django's refusal of a file whose name is too long to read into a message on the page.

    Django reads at most 1,024 bytes of each part's headers, so a name of some 900 characters or more makes
    the whole request unreadable: a bare 400 from the CSRF middleware, which reads the body first. So the
    view is exempt from the middleware, reads the body itself, and then checks the CSRF token as the
    middleware would (``csrf_protect``), before any access rule or the view itself; a request that cannot be
    read changes nothing and only gets the message. Apply it outermost. ``back_to(**url_kwargs)`` is the
    page to go back to.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def read_first(request, *args, **kwargs):
            try:
                request.FILES  # noqa: B018 -- reading it parses the body
            except MultiPartParserError as exc:
                if "header size" not in str(exc):
                    raise
                messages.error(
                    request,
                    "The file's name is too long for the portal to read. Rename the file with a shorter "
                    "name (under 200 characters) and upload it again.",
                )
                return redirect(back_to(**kwargs))
            return protected(request, *args, **kwargs)

        return csrf_exempt(read_first)

    return decorator


@contextlib.contextmanager
def refusals_as(convert):
    """Re-raises FileRefused as what ``convert(exc)`` returns: each importer's own error."""
    try:
        yield
    except FileRefused as exc:
        raise convert(exc) from None
