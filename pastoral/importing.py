"""Reading the tool's content from a file: JSON, CSV or Excel, one row per element of practice.

Columns (any case, any order): theme, phase, element, examples, and optionally ref. Examples are separated
by new lines or "|". Reading never saves anything: it gives back clean rows, or every problem found, each
naming its row and field, so that the whole file is refused at once (see services.load_tool_version).
The file first passes the guards every import shares (apprentice_portal/uploads.py).
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from core import uploads

MAX_FILE_BYTES = 2 * 1024 * 1024
# The tool has a few hundred elements at most; a workbook of it unpacks to far less than this.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
# An element keeps its row number as its order (a small integer); blank rows count.
MAX_ROW_NUMBER = 32767
FORMATS = ("json", "csv", "xlsx")

COLUMNS = {
    "theme": "theme",
    "phase": "phase",
    "element": "element",
    "element of practice": "element",
    "examples": "examples",
    "examples of practice": "examples",
    "ref": "ref",
    "reference": "ref",
}
REQUIRED = ("theme", "phase", "element")


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    field: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, {self.field}" if self.row is not None else "File"
        return f"{where}: {self.message}"


class ToolFileError(Exception):
    """The file was refused; ``problems`` says where and why. Nothing was saved."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass
class ToolRow:
    row: int
    theme: str
    phase: int
    element: str
    examples: list[str] = field(default_factory=list)
    ref: str = ""


@dataclass
class ToolFile:
    rows: list[ToolRow]
    label: str = ""
    is_example: bool = False

    @property
    def content_hash(self):
        canonical = [[r.theme, r.phase, r.element, r.examples, r.ref] for r in self.rows]
        return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _examples(value):
    if isinstance(value, list):
        parts = [_clean(v) for v in value]
    else:
        parts = re.split(r"\r\n|\r|\n|\|", "" if value is None else str(value))
    return [p for p in (_clean(x) for x in parts) if p]


def _phase(value):
    text = _clean(value).lower().removeprefix("phase").strip()
    return int(text) if text in {"1", "2", "3"} else None


def match_key(*, theme, element, ref=""):
    if ref:
        return f"ref:{ref.lower()}"
    text = " ".join(f"{theme}::{element}".lower().split())
    return "text:" + hashlib.sha256(text.encode()).hexdigest()


def theme_key(title):
    return " ".join(title.lower().split())


# --- Reading each format into (row number, {column: value}) pairs ------------------------------------------


def _header_map(headers, problems):
    mapping = {}
    for index, header in enumerate(headers):
        name = COLUMNS.get(_clean(header).lower())
        if name and name not in mapping.values():
            mapping[index] = name
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        problems.append(
            Problem(None, "columns", f"no {', '.join(missing)} column (the first row must name the columns)")
        )
    return mapping


def _table_rows(table, problems):
    """Rows of a table whose first row names the columns, numbered as a spreadsheet shows them."""
    table = iter(table)
    headers = next(table, None)
    if headers is None:
        return []
    mapping = _header_map(headers, problems)
    rows = []
    for number, cells in enumerate(table, start=2):
        if number > MAX_ROW_NUMBER:
            problems.append(
                Problem(None, "rows", f"more than {MAX_ROW_NUMBER:,} rows, counting empty ones: remove those")
            )
            break
        values = {name: cells[i] if i < len(cells) else None for i, name in mapping.items()}
        if any(_clean(v) for v in values.values()):
            rows.append((number, values))
    return rows


def _as_problem(refusal, headers=()):
    """A shared guard's refusal as a Problem, naming the column by its header where there is one."""
    if refusal.row is None:
        return Problem(None, "file", str(refusal))
    name = COLUMNS.get(_clean(headers[refusal.index]).lower()) if refusal.index < len(headers) else None
    return Problem(refusal.row, name or refusal.column, refusal.message)


def _read_table(table, problems):
    headers = []

    def keeping_headers(rows):
        for number, row in enumerate(rows, start=1):
            if number == 1:
                headers.extend(row)
            yield row

    try:
        return _table_rows(keeping_headers(table), problems)
    except uploads.FileRefused as exc:
        problems.append(_as_problem(exc, headers))
        return []


def _read_json(content, problems, meta):
    try:
        data = uploads.load_json(uploads.decode(content, "not UTF-8 text: save the file as UTF-8"))
    except uploads.FileRefused as exc:
        problems.append(_json_problem(exc))
        return []
    if isinstance(data, dict):
        meta["label"] = _clean(data.get("label"))
        meta["is_example"] = data.get("example_content") is True
        data = data.get("elements")
    if not isinstance(data, list):
        problems.append(Problem(None, "format", 'expected a list of elements, or {"elements": [...]}'))
        return []
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(number, "row", "expected an object with theme, phase, element, examples"))
            continue
        rows.append((number, {COLUMNS[k.lower()]: v for k, v in item.items() if k.lower() in COLUMNS}))
    return rows


def _json_problem(refusal):
    """Where in the list of elements a refusal is, as the row (from 1) and field of a Problem."""
    path = list(refusal.path)
    if path[:1] == ["elements"]:
        path = path[1:]
    if len(path) >= 2 and isinstance(path[0], int) and isinstance(path[1], str):
        return Problem(path[0] + 1, COLUMNS.get(path[1].lower(), path[1]), refusal.message)
    return Problem(None, "format", str(refusal))


# --- Checking rows ---------------------------------------------------------------------------------------


def _check(raw_rows, problems):
    rows, seen_elements, seen_refs = [], {}, {}
    for number, values in raw_rows:
        theme, element, ref = (_clean(values.get(k)) for k in ("theme", "element", "ref"))
        phase = _phase(values.get("phase"))
        if not theme:
            problems.append(Problem(number, "theme", "is empty"))
        elif len(theme) > 200:
            problems.append(Problem(number, "theme", "is longer than 200 characters"))
        if phase is None:
            problems.append(
                Problem(number, "phase", f"must be 1, 2 or 3, not {_clean(values.get('phase'))!r}")
            )
        if not element:
            problems.append(Problem(number, "element", "is empty"))
        if len(ref) > 20:
            problems.append(Problem(number, "ref", "is longer than 20 characters"))
        key = (theme_key(theme), " ".join(element.lower().split()))
        if theme and element and key in seen_elements:
            problems.append(Problem(number, "element", f"repeats row {seen_elements[key]} in the same theme"))
        seen_elements.setdefault(key, number)
        if ref and ref.lower() in seen_refs:
            problems.append(Problem(number, "ref", f"{ref!r} is also used in row {seen_refs[ref.lower()]}"))
        if ref:
            seen_refs.setdefault(ref.lower(), number)
        rows.append(ToolRow(number, theme, phase or 0, element, _examples(values.get("examples")), ref))
    return rows


def read_tool_file(*, name, content):
    """Reads and checks a whole file. Returns a ToolFile, or raises ToolFileError naming every problem."""
    try:
        uploads.check_size(content, MAX_FILE_BYTES)
        extension = uploads.check_type(
            name, content, formats=FORMATS, choose="choose a .json, .csv or .xlsx file"
        )
    except uploads.FileRefused as exc:
        raise ToolFileError([_as_problem(exc)]) from None
    problems, meta = [], {}
    if extension == "json":
        raw = _read_json(content, problems, meta)
    elif extension == "csv":
        raw = _read_table(uploads.csv_rows(content), problems)
    else:
        raw = _read_table(uploads.xlsx_rows(content, max_unpacked=MAX_UNPACKED_BYTES), problems)
    if not problems and not raw:
        problems.append(Problem(None, "rows", "the file has no elements"))
    if len(raw) > MAX_ROWS:
        problems.append(Problem(None, "rows", f"more than {MAX_ROWS} elements"))
    whole_file_refused = any(p.row is None for p in problems)
    rows = [] if whole_file_refused else _check(raw, problems)
    if problems:
        raise ToolFileError(problems)
    return ToolFile(rows=rows, label=meta.get("label", ""), is_example=meta.get("is_example", False))
