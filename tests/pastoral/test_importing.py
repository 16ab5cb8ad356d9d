"""Loading the tool from JSON, CSV or Excel: all or nothing, every bad row named with its field."""

import io
import json

import openpyxl
import pytest

from core.tabular import ImportRefused
from pastoral import services
from pastoral.importing import read_tool_file
from pastoral.models import Element, Theme, ToolVersion
from tests.malformed import (
    DEEP_LIST,
    DEEP_OBJECT,
    HUGE_FLOAT,
    LONG_NUMBER,
    NUL_ESCAPE,
    broken_workbook,
    zip_bomb_xlsx,
)

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
    with pytest.raises(ImportRefused) as refused:
        services.load_tool_version(name=f"tool.{fmt}", content=MAKERS[fmt](BAD_ROWS))
    # Spreadsheet rows are numbered as the spreadsheet shows them (row 1 names the columns); JSON from 1.
    first = 3 if fmt in ("csv", "xlsx") else 2
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (first, "theme"),
        (first + 1, "phase"),
        (first + 2, "element"),
    ]
    assert "must be 1, 2 or 3, not '4'" in str(refused.value)
    assert not ToolVersion.objects.exists()
    assert not Theme.objects.exists()
    assert not Element.objects.exists()


def test_csv_without_a_required_column_is_refused():
    with pytest.raises(ImportRefused, match="no phase column"):
        read_tool_file(
            name="tool.csv", content=csv_bytes([["A", "x", "y"]], header=("theme", "element", "examples"))
        )


def test_repeated_element_in_a_theme_is_named():
    rows = [["A", 1, "Same thing", ""], ["A", 2, "same  thing", ""]]
    with pytest.raises(ImportRefused, match="Row 3, element: repeats row 2"):
        read_tool_file(name="tool.csv", content=csv_bytes(rows))


def test_unknown_file_type_is_refused():
    with pytest.raises(ImportRefused, match="Choose a .json, .csv or .xlsx file"):
        read_tool_file(name="tool.docx", content=b"anything")


def test_broken_xlsx_is_refused():
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        read_tool_file(name="tool.xlsx", content=b"not a zip file")


def test_invalid_json_is_refused():
    with pytest.raises(ImportRefused, match="not valid JSON"):
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
    with pytest.raises(ImportRefused, match="already loaded"):
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


# --- Malformed and hostile files: a message naming the problem, nothing saved, no 500 -------------------

HEADER = ["theme", "phase", "element", "examples"]


def json_element(phase="1", theme='"Recruitment"'):
    return f'{{"elements": [{{"theme": {theme}, "phase": {phase}, "element": "Induction", "examples": []}}]}}'


MALFORMED = {
    "deep-list": ("tool.json", DEEP_LIST.encode(), "nested more than 20 levels deep"),
    "deep-object": ("tool.json", DEEP_OBJECT.encode(), "nested more than 20 levels deep"),
    "huge-float": ("tool.json", json_element(phase=HUGE_FLOAT).encode(), "the number 1e400 is too large"),
    "long-number": ("tool.json", json_element(phase=LONG_NUMBER).encode(), "has more than 15 digits"),
    "nul-in-json": (
        "tool.json",
        json_element(theme=f'"Recruit{NUL_ESCAPE}ment"').encode(),
        "Row 1, theme: contains a NUL character (U+0000)",
    ),
    "huge-cell": (
        "tool.csv",
        b"theme,phase,element\nRecruitment,1," + b"x" * 140_000 + b"\n",
        "row 2 has a value longer than 131,072 characters",
    ),
    "nul-in-csv": (
        "tool.csv",
        b"theme,phase,element\nRecruitment,1,Induction\nSupport,1,One\x00to-ones\n",
        "Row 3, element: contains a NUL character (U+0000)",
    ),
    "control-in-csv": (
        "tool.csv",
        b"theme,phase,element\nRecruit\x1bment,1,Induction\n",
        "Row 2, theme: contains a control character (U+001B)",
    ),
    "broken-workbook": (
        "tool.xlsx",
        broken_workbook([HEADER, ["Recruitment", 1, "Induction", ""]]),
        "The workbook cannot be read",
    ),
    "pdf-as-xlsx": ("tool.xlsx", b"%PDF-1.7\n%%EOF\n", "The file is a PDF, not a spreadsheet"),
    "pdf-as-json": ("tool.json", b"%PDF-1.7\n%%EOF\n", "The file is a PDF, not JSON"),
    "too-many-blank-rows": (
        "tool.csv",
        b"theme,phase,element\n" + b"\n" * 40_000 + b"Recruitment,1,Induction\n",
        "more than 32,767 rows",
    ),
}


@pytest.fixture(scope="module")
def zip_bomb():
    """0.5 MB of workbook whose worksheet unpacks to 500 MB (of white space, so it is valid XML)."""
    return zip_bomb_xlsx([HEADER, ["Recruitment", 1, "Induction", ""]])


def counts():
    return ToolVersion.objects.count(), Theme.objects.count(), Element.objects.count()


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_is_refused_naming_the_problem_and_saving_nothing(case):
    name, content, message = MALFORMED[case]
    with pytest.raises(ImportRefused) as refused:
        services.load_tool_version(name=name, content=content)
    assert message in str(refused.value)
    assert counts() == (0, 0, 0)


def test_workbook_that_unpacks_to_500_mb_is_refused_before_it_is_opened(zip_bomb):
    assert len(zip_bomb) < 1024 * 1024
    with pytest.raises(ImportRefused) as refused:
        services.load_tool_version(name="tool.xlsx", content=zip_bomb)
    assert "The workbook is too large once unpacked (501 MB; the limit is 20 MB)" in str(refused.value)
    assert counts() == (0, 0, 0)


def upload(client, people, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(people.lead)
    data = {"file": SimpleUploadedFile(name, content), "label": "", "scope": str(people.trust.pk)}
    return client.post(reverse("pastoral:tool_versions"), data)


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_is_refused_on_the_page(client, people, case):
    name, content, message = MALFORMED[case]
    response = upload(client, people, name, content)
    assert response.status_code == 400
    assert "Nothing was loaded" in response.text
    assert any(message in str(p) for p in response.context["problems"])
    assert counts() == (0, 0, 0)


def test_zip_bomb_is_refused_on_the_page(client, people, zip_bomb):
    response = upload(client, people, "tool.xlsx", zip_bomb)
    assert response.status_code == 400
    assert "too large once unpacked" in response.text
    assert counts() == (0, 0, 0)


def test_line_breaks_and_tabs_in_examples_are_kept():
    content = b'theme,phase,element,examples\nRecruitment,1,Induction,"One\r\nTwo\tthree"\n'
    [row] = read_tool_file(name="tool.csv", content=content).rows
    assert row.examples == ["One", "Two three"]


def test_file_name_too_long_to_read_is_explained_on_the_page(people):
    from django.urls import reverse

    from tests.malformed import NamedFile, csrf_checked_client

    client, token = csrf_checked_client(people.lead, reverse("pastoral:tool_versions"))
    data = {"csrfmiddlewaretoken": token, "scope": str(people.trust.pk), "label": ""}
    data["file"] = NamedFile("t" * 1000 + ".csv", csv_bytes(GOOD_ROWS))
    response = client.post(reverse("pastoral:tool_versions"), data, follow=True)
    assert response.redirect_chain == [(reverse("pastoral:tool_versions"), 302)]
    assert "The file&#x27;s name is too long for the portal to read." in response.text
    assert counts() == (0, 0, 0)
    del data["csrfmiddlewaretoken"]
    data["file"] = NamedFile("tool.csv", csv_bytes(GOOD_ROWS))
    assert client.post(reverse("pastoral:tool_versions"), data).status_code == 403
    assert counts() == (0, 0, 0)
