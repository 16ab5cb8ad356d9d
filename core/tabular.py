"""Reading an import's file (CSV, Excel or JSON), all or nothing: what every importer shares.

A malformed or hostile file is refused the same way by every import (trainees, people, the pastoral tool,
standards): with every problem found, each naming its row and column, never a server error, and never
tying up a worker.

- ``Problem(row, column, message)`` is the one kind of problem, ``ImportRefused`` the one exception, carrying
  all of them; ``all_or_nothing`` checks and saves in one transaction, saving nothing unless there are none;
- ``check_size``, ``check_type`` (the bytes, by libmagic through core.uploads, whatever the file is called)
  and ``decode`` (UTF-8) say what the file is;
- ``load_json``: nesting depth, numbers (finite, at most 15 digits), text fit to store and to put in a Word or
  PDF report (no NUL or other control characters, no unpaired surrogates), each named by its place;
- ``read_table``: CSV (UTF-8, no value over csv's field limit) or Excel (refused before opening if it would
  unpack to more than a limit, a zip bomb; a damaged workbook is a message) or a JSON list of objects; the
  first row matched to the import's ``Columns`` ("did you mean ...?" for one it does not know), and every
  cell's text checked as JSON's is.
"""

import contextlib
import csv
import difflib
import io
import json
import math
import re
import warnings
import zipfile
import zlib
from dataclasses import asdict, dataclass, field

import openpyxl
from django.db import transaction
from openpyxl.utils.exceptions import InvalidFileException

from . import uploads

MB = uploads.MB
MAX_JSON_DEPTH = 20
MAX_DIGITS = 15  # every whole number up to this many digits is exact in a float, and in a bigint
# Text stored must also go into the Word and PDF reports: XML 1.0 refuses these characters.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- Problems ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused. ``row`` is as a spreadsheet numbers it (row 1 names the columns; in a
    JSON list, the first entry); ``column`` is the column's name (or letter), or a place in a JSON document;
    either is None when the problem is the whole file's."""

    row: int | None
    column: str | None
    message: str

    def __str__(self):
        where = ", ".join(filter(None, [f"Row {self.row}" if self.row is not None else "", self.column]))
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self):
        return asdict(self)


class Problems(list):
    """Problems found so far, in the order a person fixes them: the file's first, then by row and column."""

    def __init__(self, problems=(), *, columns=()):
        super().__init__(problems)
        self.columns = tuple(columns)

    def add(self, row, column, message):
        self.append(Problem(row, column, message))

    def refuse_if_any(self):
        if self:
            raise ImportRefused(self, columns=self.columns)

    @property
    def in_rows(self):
        """Whether any names a row: the problems of a spreadsheet, rather than places in a document."""
        return any(p.row is not None for p in self)


class ImportRefused(Exception):
    """The file was refused and nothing was saved; ``problems`` lists every reason found."""

    def __init__(self, problems, *, columns=()):
        order = {name: i for i, name in enumerate(columns)}
        self.problems = Problems(
            sorted(problems, key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)))),
            columns=columns,
        )
        super().__init__("; ".join(str(p) for p in self.problems))


def refuse(message, *, row=None, column=None):
    raise ImportRefused([Problem(row, column or None, message)])


@contextlib.contextmanager
def all_or_nothing(found=(), *, columns=()):
    """Checks rows against the database and saves them in one transaction, saving nothing unless there is
    no problem.

    Yields a Problems list holding ``found`` (those found while reading the file). Add every problem found
    while checking, then call ``problems.refuse_if_any()`` before saving. A problem still in the list when the
    block ends, or ImportRefused raised in it (a surprise while saving), refuses the file and rolls back
    whatever the block saved. ``columns`` orders the problems of a row as the file's columns are.
    """
    problems = Problems(found, columns=columns)
    with transaction.atomic():
        yield problems
        problems.refuse_if_any()


# --- What the file is ----------------------------------------------------------------------------------


def check_size(content, limit):
    if len(content) > limit:
        refuse(f"The file is larger than {limit // MB} MB.")


def extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how old Office files (.xls, .doc) begin
_KIND_OF_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.ms-excel": "xls",
    "application/x-ole-storage": "xls",
    "application/cdfv2": "xls",
    "application/msword": "word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/html": "html",
    "text/xml": "html",
    "application/xml": "html",
    "image/svg+xml": "html",
}
_TEXT_TYPES = ("application/json", "application/x-empty", "application/csv")


def kind_of(content):
    """What the bytes are, whatever the file is called: "text", "xlsx", "pdf", "utf16", "binary", ...

    libmagic (core.uploads.sniff) says what they are; a zip is then opened to see what it holds, since
    libmagic judges one by its first entries, and text with a stray NUL byte is still text, whose row and
    column are then named.
    """
    mime, charset = uploads.sniff(content)
    mime = mime.lower()
    if content.startswith(b"PK\x03\x04") or mime.endswith("zip") or "openxmlformats" in mime:
        return _zip_kind(content)
    if mime in _KIND_OF_TYPE:
        return _KIND_OF_TYPE[mime]
    if charset.startswith(("utf-16", "utf-32")) or content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if content.startswith(_OLE):
        return "xls"
    if not (mime.startswith("text/") or mime in _TEXT_TYPES) and not _utf8_text(content):
        return "binary"
    if content.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        return "html"
    return "text"


def _zip_kind(content):
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


def _utf8_text(content):
    """Text libmagic cannot name (too short, or with a stray NUL byte): its row and column are then named.
    UTF-16 and binary files are full of NUL bytes."""
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
_FORMAT_NAMES = {
    "json": "JSON",
    "csv": "a spreadsheet saved as CSV UTF-8",
    "xlsx": "an Excel workbook",
}


def _kind(content):
    try:
        return kind_of(content)
    except uploads.LibmagicMissing as exc:
        refuse(f"Files cannot be checked on this server because {exc}. Ask the portal administrator.")


def check_json_kind(content):
    kind = _kind(content)
    if kind == "utf16":
        refuse("The file is Unicode text in UTF-16, not UTF-8. Save it as UTF-8 and try again.")
    if kind not in ("text", "html"):  # JSON never starts with "<", and the parser says where it goes wrong
        refuse(f"The file is {_KIND_NAMES[kind]}, not JSON. Upload the JSON file itself.")


def _choose(formats):
    names = [f".{f}" for f in formats]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    kinds = [_FORMAT_NAMES[f] for f in formats]
    described = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
    return f"Choose a {listed} file ({described})."


def check_type(name, content, *, formats):
    """The file's extension if it is one of ``formats`` and its bytes are what the extension says."""
    ext = extension(name)
    if ext not in formats:
        refuse(_choose(formats))
    if ext == "json":
        check_json_kind(content)
        return ext
    kind = _kind(content)
    if kind in SPREADSHEET_KINDS:
        refuse(SPREADSHEET_KINDS[kind])
    if ext == "csv" and kind == "xlsx":
        refuse("The file is named .csv but is an Excel workbook: rename it .xlsx, or save it as CSV UTF-8.")
    if ext == "xlsx" and kind != "xlsx":
        refuse("The file is named .xlsx but is not an Excel workbook. Save it from Excel as .xlsx.")
    return ext


def decode(content, message):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse(message)


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


def _unkept(problem):
    return f"contains {problem}, which the portal cannot keep; remove it and try again."


def cell_problem(value):
    """Why a spreadsheet's value cannot be kept, or None."""
    if isinstance(value, str):
        problem = unsafe_character(value)
        return _unkept(problem) if problem else None
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a number the portal can use."
    if isinstance(value, int) and len(str(abs(value))) > MAX_DIGITS:
        return f"is a number of more than {MAX_DIGITS} digits."
    return None


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def text(value):
    """A cell's value as text: nothing for an empty cell, 3 for a whole number Excel keeps as 3.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- JSON ----------------------------------------------------------------------------------------------


class _BadNumber(Exception):
    pass


def _int(literal):
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise _BadNumber(literal, f"the number {_abbreviate(literal)} has more than {MAX_DIGITS} digits")
    return int(literal)


def _float(literal):
    value = float(literal)
    if not math.isfinite(value):
        raise _BadNumber(literal, f"the number {_abbreviate(literal)} is too large")
    return value


def _constant(literal):
    raise _BadNumber(literal, f"{literal} is not a number JSON allows")


def _abbreviate(literal):
    return literal if len(literal) <= 20 else f"{literal[:12]}… ({len(literal)} characters)"


def _line_and_column(document, position):
    line = document.count("\n", 0, position) + 1
    column = position - document.rfind("\n", 0, position)
    return f"line {line}, column {column}"


def place(path):
    """A place in a JSON document as the standards import names it, e.g. ``[0].knowledges[1].detail``."""
    named = ""
    for step in path:
        named += f"[{step}]" if isinstance(step, int) else f".{step}" if named else str(step)
    return named


def _by_place(path):
    return None, place(path) or None


def load_json(document, *, where=_by_place, max_depth=MAX_JSON_DEPTH):
    """The data in ``document`` (text), or ImportRefused saying where it is not JSON the portal can keep.

    ``where(path)`` names the (row, column) of a value by its path of keys and indexes; by default its place.
    """
    try:
        data = json.loads(document, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        refuse(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})")
    except _BadNumber as exc:
        literal, reason = exc.args
        refuse(f"{_line_and_column(document, max(document.find(literal), 0))}: {reason}")
    except RecursionError:
        refuse(f"nested more than {max_depth} levels deep; no import needs that")
    _check_json_values(data, where, max_depth)
    return data


def _check_json_values(data, where, max_depth):
    """Every key and text in ``data`` fit to keep, and no deeper than ``max_depth`` (without recursion)."""
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            problem = unsafe_character(value)
            if problem:
                row, column = where(path)
                refuse(_unkept(problem), row=row, column=column)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > max_depth:
            refuse(f"nested more than {max_depth} levels deep; no import needs that", column=place(path))
        if isinstance(value, dict):
            for key, item in value.items():
                problem = unsafe_character(key)
                if problem:
                    refuse(f"a name in it contains {problem}; remove it and try again.", column=place(path))
                stack.append((item, (*path, key), depth + 1))
        else:
            stack.extend((item, (*path, i), depth + 1) for i, item in enumerate(value))


# --- Rows of CSV and Excel -----------------------------------------------------------------------------

NOT_UTF8_CSV = "The file is not UTF-8 text. In Excel, use Save As and choose CSV UTF-8 (comma delimited)."


def csv_rows(content):
    """Each row's cells, as text; row 1 is the first."""
    reader = csv.reader(io.StringIO(decode(content, NOT_UTF8_CSV), newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - the number says where csv stopped
            yield cells
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            reason = f"row {number + 1} has a value longer than {csv.field_size_limit():,} characters"
        else:
            reason = f"row {number + 1}: {exc}"
        refuse(f"The file cannot be read as CSV ({reason}).")


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
        refuse(UNREADABLE_WORKBOOK)


def xlsx_rows(content, *, max_unpacked):
    """Each row's values in the first worksheet; row 1 is the first."""
    size = unpacked_size(content)
    if size > max_unpacked:
        refuse(
            f"The workbook is too large once unpacked ({math.ceil(size / MB):,} MB; the limit is "
            f"{max_unpacked // MB} MB). Keep only the rows to import in it and save it again."
        )
    try:
        with warnings.catch_warnings():
            # Workbooks saved by other programs often lack styles openpyxl expects; that is harmless here.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE + (InvalidFileException,):
        refuse(UNREADABLE_WORKBOOK)
    try:
        if not book.worksheets:
            refuse("The workbook has no worksheet.")
        yield from book.worksheets[0].iter_rows(values_only=True)
    except UNREADABLE:
        refuse("The first worksheet cannot be read. Open it in Excel, save it as .xlsx and try again.")
    finally:
        book.close()


# --- Tables: the first row names the columns -----------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """The columns an import reads: their names, other names that mean the same (in the form ``header``
    gives them), which the file must have, and whether a column it does not know refuses the file (a list of
    people: most likely a typing mistake) or is left alone (the tool's own sheet, with notes beside it)."""

    names: tuple[str, ...]
    required: tuple[str, ...] = ()
    aliases: dict = field(default_factory=dict)
    others_allowed: bool = False

    def suggestion(self, written):
        """ " (did you mean first_name?)" for a name that is close to one of the columns."""
        guess = difflib.get_close_matches(written, self.names, n=1)
        return f" (did you mean {guess[0]}?)" if guess else ""

    def of(self, name):
        name = header(name)
        name = self.aliases.get(name, name)
        return name if name in self.names else None


def header(value):
    """A column's name as written, in any capitals, spaces or hyphens: "First Name" is first_name."""
    return re.sub(r"[\s_-]+", "_", text(value).lower()).strip("_")


@dataclass
class Row:
    number: int  # as a spreadsheet shows it (row 1 names the columns); in a JSON list, from 1
    values: dict  # column name -> the value as read (text in CSV; text, number or date in Excel; JSON's)


@dataclass
class Table:
    rows: list[Row]
    problems: Problems  # in rows' values, found while reading; the importer adds its own
    about: dict = field(default_factory=dict)  # a JSON file's other fields, beside its list


def read_table(
    *,
    name,
    content,
    formats,
    columns,
    noun,
    max_bytes,
    max_rows,
    max_unpacked=50 * MB,
    list_key="",
    empty_hint="",
):
    """The rows of a CSV, Excel or JSON file whose first row (or each object's keys) names the columns.

    Refuses the file (ImportRefused) if it is too large, of the wrong type, damaged, has columns it must not
    have or lacks ones it must, has more than ``max_rows`` rows of ``noun`` or none, or holds text or numbers
    the portal cannot keep (every such cell named). Empty rows are skipped but keep their numbers. A cell with
    a value but no column name is a problem of its row, in ``Table.problems``. A JSON file is a list of
    objects, or an object holding the list as ``list_key``. ``empty_hint`` says where to see the columns.
    """
    check_size(content, max_bytes)
    kind = check_type(name, content, formats=formats)
    if kind == "json":
        return _json_table(content, columns, noun, max_rows, list_key)
    cells = csv_rows(content) if kind == "csv" else xlsx_rows(content, max_unpacked=max_unpacked)
    first = next(cells, None)
    if first is None or not any(text(c) for c in first):
        hint = f" ({empty_hint})" if empty_hint else ""
        refuse(f"The file is empty: row 1 must name the columns{hint}.")
    for index, value in enumerate(first):
        problem = cell_problem(value)
        if problem:
            refuse(problem, row=1, column=f"column {column_letter(index)}")
    if kind == "csv" and len(first) == 1 and any(sep in first[0] for sep in ";\t"):
        refuse(
            "The columns are separated by semicolons or tabs. Save the file as CSV UTF-8 (comma delimited)."
        )
    known = _match_headers(first, columns)
    rows, problems, unkept = [], Problems(columns=columns.names), Problems(columns=columns.names)
    for number, row_cells in enumerate(cells, start=2):
        texts = [text(c) for c in row_cells]
        if not any(texts):
            continue
        if len(rows) == max_rows:
            refuse(f"The file has more than {max_rows:,} {noun}. Import at most {max_rows:,} at a time.")
        for index, value in enumerate(row_cells):
            problem = cell_problem(value)
            if problem:  # the first in a row: once it is fixed, the next shows
                unkept.add(number, known.get(index) or f"column {column_letter(index)}", problem)
                break
        if not columns.others_allowed:
            for index, value in enumerate(texts):
                if value and index not in known:
                    message = "Has a value but no column name in row 1 (an unquoted comma?)."
                    problems.add(number, f"column {column_letter(index)}", message)
        values = {column: row_cells[i] if i < len(row_cells) else None for i, column in known.items()}
        rows.append(Row(number, values))
    unkept.refuse_if_any()
    if not rows:
        refuse(f"The file has no {noun} in it, only the row of column names.")
    return Table(rows, problems)


def _match_headers(cells, columns):
    """{cell position: column name}; refuses the file for unknown, repeated or missing columns."""
    known, problems, unknown = {}, Problems(), False
    for index, cell in enumerate(cells):
        written = header(cell)
        if not written:
            continue
        column = columns.of(written)
        if column is None:
            if not columns.others_allowed:
                problems.add(None, None, f"Unknown column “{written}”{columns.suggestion(written)}.")
                unknown = True
        elif column in known.values():
            problems.add(None, None, f"The column “{column}” appears more than once.")
        else:
            known[index] = column
    for column in columns.required:
        if column not in known.values():
            problems.add(None, None, f"There is no {column} column: row 1 must name the columns.")
    if unknown:
        problems.add(None, None, f"The columns you can use are: {', '.join(columns.names)}.")
    problems.refuse_if_any()
    return known


def _json_table(content, columns, noun, max_rows, key):
    """The rows of a JSON list of objects, each object's keys naming its columns."""

    def where(path):
        """A value's row (its entry, from 1) and column, by its path in the file."""
        steps = list(path[1:] if key and path[:1] == (key,) else path)
        if len(steps) >= 2 and isinstance(steps[0], int) and isinstance(steps[1], str):
            return steps[0] + 1, columns.of(steps[1]) or steps[1]
        return None, place(path) or None

    document = decode(content, "The file is not UTF-8 text: save it as UTF-8 and try again.")
    data = load_json(document, where=where)
    about = {}
    if key and isinstance(data, dict):
        about, data = {k: v for k, v in data.items() if k != key}, data.get(key)
    if not isinstance(data, list):
        refuse(f'Expected a list of {noun}, or {{"{key}": [...]}}.' if key else f"Expected a list of {noun}.")
    if len(data) > max_rows:
        refuse(f"The file has more than {max_rows:,} {noun}. Import at most {max_rows:,} at a time.")
    if not data:
        refuse(f"The file has no {noun} in it.")
    rows, problems = [], Problems(columns=columns.names)
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.add(number, None, f"Expected an object with {', '.join(columns.required)}.")
            continue
        values = {}
        for written, value in item.items():
            column = columns.of(written)
            if column is not None:
                values.setdefault(column, value)
            elif not columns.others_allowed:
                problems.add(number, written, f"Not a field the portal knows{columns.suggestion(written)}.")
        rows.append(Row(number, values))
    return Table(rows, problems, about)
