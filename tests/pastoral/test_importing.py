"""Loading the tool from JSON, CSV or Excel: all or nothing, every bad row named with its field."""

import io
import json

import openpyxl
import pytest

from pastoral import services
from pastoral.importing import ToolFileError, read_tool_file
from pastoral.models import Element, Theme, ToolVersion

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["Recruitment", 1, "Induction for every starter", "Checklist\nBuddy"],
    ["Recruitment", 2, "Induction shaped by feedback", "Survey at 3 months|Changes reported"],
    ["Support", 1, "Regular one-to-ones", ""],
]
BAD_ROWS = [
    ["Recruitment", 1, "Induction for every starter", "Checklist"],
    ["", 2, "No theme here", "x"],
    ["Support", 4, "Phase four does not exist", "x"],
    ["Support", 1, "", "x"],
]


def csv_bytes(rows, header=("theme", "phase", "element", "examples")):
    out = io.StringIO()
    out.write(",".join(header) + "\n")
    for row in rows:
        out.write(",".join('"' + str(v).replace('"', '""') + '"' for v in row) + "\n")
    return out.getvalue().encode()


def xlsx_bytes(rows, header=("Theme", "Phase", "Element", "Examples")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_bytes(rows):
    keys = ("theme", "phase", "element", "examples")
    return json.dumps(
        {"label": "From JSON", "elements": [dict(zip(keys, r, strict=True)) for r in rows]}
    ).encode()


MAKERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "json": json_bytes}


@pytest.mark.parametrize("fmt", MAKERS)
def test_load_tool_version_saves_themes_elements_and_examples(fmt):
    version = services.load_tool_version(name=f"tool.{fmt}", content=MAKERS[fmt](GOOD_ROWS))
    assert [t.title for t in version.themes.all()] == ["Recruitment", "Support"]
    first, second = Element.objects.filter(theme__title="Recruitment").order_by("phase")
    assert (first.phase, first.text, first.examples) == (
        1,
        "Induction for every starter",
        ["Checklist", "Buddy"],
    )
    assert second.examples == ["Survey at 3 months", "Changes reported"]
    assert Element.objects.get(theme__title="Support").examples == []


@pytest.mark.parametrize("fmt", MAKERS)
def test_load_tool_version_refuses_whole_file_naming_every_bad_row(fmt):
    with pytest.raises(ToolFileError) as refused:
        services.load_tool_version(name=f"tool.{fmt}", content=MAKERS[fmt](BAD_ROWS))
    # Spreadsheet rows are numbered as the spreadsheet shows them (row 1 names the columns); JSON from 1.
    first = 3 if fmt in ("csv", "xlsx") else 2
    assert [(p.row, p.field) for p in refused.value.problems] == [
        (first, "theme"),
        (first + 1, "phase"),
        (first + 2, "element"),
    ]
    assert "must be 1, 2 or 3, not '4'" in str(refused.value)
    assert not ToolVersion.objects.exists()
    assert not Theme.objects.exists()
    assert not Element.objects.exists()


def test_csv_without_a_required_column_is_refused():
    with pytest.raises(ToolFileError, match="no phase column"):
        read_tool_file(
            name="tool.csv", content=csv_bytes([["A", "x", "y"]], header=("theme", "element", "examples"))
        )


def test_repeated_element_in_a_theme_is_named():
    rows = [["A", 1, "Same thing", ""], ["A", 2, "same  thing", ""]]
    with pytest.raises(ToolFileError, match="Row 3, element: repeats row 2"):
        read_tool_file(name="tool.csv", content=csv_bytes(rows))


def test_unknown_file_type_is_refused():
    with pytest.raises(ToolFileError, match="choose a .json, .csv or .xlsx file"):
        read_tool_file(name="tool.docx", content=b"anything")


def test_broken_xlsx_is_refused():
    with pytest.raises(ToolFileError, match="not an Excel workbook"):
        read_tool_file(name="tool.xlsx", content=b"not a zip file")


def test_invalid_json_is_refused():
    with pytest.raises(ToolFileError, match="not valid JSON"):
        read_tool_file(name="tool.json", content=b"{")


def test_blank_spreadsheet_rows_are_skipped():
    tool = read_tool_file(
        name="tool.xlsx", content=xlsx_bytes([GOOD_ROWS[0], [None, None, None, None], GOOD_ROWS[2]])
    )
    assert [r.row for r in tool.rows] == [2, 4]


def test_phase_written_as_phase_2_is_read():
    tool = read_tool_file(name="tool.csv", content=csv_bytes([["A", "Phase 2", "Thing", ""]]))
    assert tool.rows[0].phase == 2


def test_same_content_loaded_twice_is_refused():
    services.load_tool_version(name="tool.csv", content=csv_bytes(GOOD_ROWS))
    with pytest.raises(ToolFileError, match="already loaded"):
        services.load_tool_version(name="again.csv", content=csv_bytes(GOOD_ROWS))
    assert ToolVersion.objects.count() == 1


def test_starter_tool_loads_through_the_import_path_as_example_content():
    version = services.ensure_starter_tool()
    assert version.is_example
    assert str(version) == "Starter set written by the portal team (example content)"
    assert version.themes.count() == 4
    assert set(Element.objects.filter(theme__version=version).values_list("phase", flat=True)) == {1, 2, 3}
    assert services.ensure_starter_tool() == version
    assert ToolVersion.objects.count() == 1


def test_load_pastoral_tool_command_loads_the_starter_set():
    from django.core.management import call_command

    call_command("load_pastoral_tool", stdout=io.StringIO())
    assert ToolVersion.objects.get().is_example


def test_load_pastoral_tool_command_names_bad_rows(tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(BAD_ROWS))
    with pytest.raises(CommandError, match="Row 3, theme: is empty"):
        call_command("load_pastoral_tool", str(bad), stdout=io.StringIO())
    assert not ToolVersion.objects.exists()
