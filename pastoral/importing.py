"""Reading the tool's content from a file: JSON, CSV or Excel, one row per element of practice.

Columns (any case, any order): theme, phase, element, examples, and optionally ref; other columns are left
alone. Examples are separated by new lines or "|". The file is read through the reader every import shares
(core.tabular: size, type, zip bombs, unsafe text, the columns). Reading never saves anything: it gives
back clean rows, or every problem found, each naming its row and column, so that the whole file is refused
at once (see services.load_tool_version).
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from core import tabular

MAX_FILE_BYTES = 2 * tabular.MB
# The tool has a few hundred elements at most; a workbook of it unpacks to far less than this.
MAX_UNPACKED_BYTES = 20 * tabular.MB
MAX_ROWS = 2000
# An element keeps its row number as its order (a small integer); blank rows count.
MAX_ROW_NUMBER = 32767
FORMATS = ("json", "csv", "xlsx")

COLUMNS = tabular.Columns(
    ("theme", "phase", "element", "examples", "ref"),
    required=("theme", "phase", "element"),
    aliases={"element_of_practice": "element", "examples_of_practice": "examples", "reference": "ref"},
    others_allowed=True,
)


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


# --- Checking rows ---------------------------------------------------------------------------------------


def _check(table_rows, problems):
    rows, seen_elements, seen_refs = [], {}, {}
    for number, values in ((row.number, row.values) for row in table_rows):
        theme, element, ref = (_clean(values.get(k)) for k in ("theme", "element", "ref"))
        phase = _phase(values.get("phase"))
        if not theme:
            problems.add(number, "theme", "is empty")
        elif len(theme) > 200:
            problems.add(number, "theme", "is longer than 200 characters")
        if phase is None:
            problems.add(number, "phase", f"must be 1, 2 or 3, not {_clean(values.get('phase'))!r}")
        if not element:
            problems.add(number, "element", "is empty")
        if len(ref) > 20:
            problems.add(number, "ref", "is longer than 20 characters")
        key = (theme_key(theme), " ".join(element.lower().split()))
        if theme and element and key in seen_elements:
            problems.add(number, "element", f"repeats row {seen_elements[key]} in the same theme")
        seen_elements.setdefault(key, number)
        if ref and ref.lower() in seen_refs:
            problems.add(number, "ref", f"{ref!r} is also used in row {seen_refs[ref.lower()]}")
        if ref:
            seen_refs.setdefault(ref.lower(), number)
        rows.append(ToolRow(number, theme, phase or 0, element, _examples(values.get("examples")), ref))
    return rows


def read_tool_file(*, name, content):
    """Reads and checks a whole file. Returns a ToolFile, or raises ImportRefused naming every problem."""
    table = tabular.read_table(
        name=name,
        content=content,
        formats=FORMATS,
        columns=COLUMNS,
        noun="elements",
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked=MAX_UNPACKED_BYTES,
        list_key="elements",
    )
    if table.rows[-1].number > MAX_ROW_NUMBER:
        tabular.refuse(
            f"The file has more than {MAX_ROW_NUMBER:,} rows, counting empty ones: remove the empty ones."
        )
    problems = table.problems
    rows = _check(table.rows, problems)
    problems.refuse_if_any()
    label, is_example = _clean(table.about.get("label")), table.about.get("example_content") is True
    return ToolFile(rows=rows, label=label, is_example=is_example)
