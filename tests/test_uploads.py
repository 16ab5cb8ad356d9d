"""The guards every import shares (core/uploads.py), and the trainee import through them."""

import csv
import io

import pytest

from core import uploads
from core.uploads import FileRefused
from tests.malformed import (
    DEEP_LIST,
    DEEP_OBJECT,
    JSON_CASES,
    broken_workbook,
    with_entry,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from trainees.importing import TraineeImportError, read_trainee_file


def refusal(function, *args, **kwargs):
    with pytest.raises(FileRefused) as caught:
        result = function(*args, **kwargs)
        if hasattr(result, "__next__"):
            list(result)
    return caught.value


# --- JSON ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", JSON_CASES)
def test_hostile_json_is_refused_saying_why(case):
    text, message = JSON_CASES[case]
    assert message in str(refusal(uploads.load_json, text))


@pytest.mark.parametrize("text", [DEEP_LIST, DEEP_OBJECT, "[" * 21 + "]" * 21])
def test_json_nested_beyond_the_limit_is_refused(text):
    assert "nested more than 20 levels deep" in str(refusal(uploads.load_json, text))


def test_json_nested_to_the_limit_is_read():
    assert uploads.load_json("[" * 20 + "]" * 20) == [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]


def test_number_of_15_digits_is_read_and_of_16_refused_with_its_place():
    assert uploads.load_json('{"n": 999999999999999}') == {"n": 999999999999999}
    refused = refusal(uploads.load_json, '{\n  "n": -1234567890123456}')
    assert str(refused) == "line 2, column 8: the number -1234567890123456 has more than 15 digits"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e309", "-2E+400"])
def test_numbers_json_does_not_allow_or_no_float_can_hold_are_refused(literal):
    refused = refusal(uploads.load_json, f"[1, {literal}]")
    assert str(refused).startswith("line 1, column 5: ")


@pytest.mark.parametrize(
    ("text", "place", "what"),
    [
        ('{"a": ["ok", "x\\u0000y"]}', "a[1]", "a NUL character (U+0000)"),
        ('[{"b": "\\u001f"}]', "[0].b", "a control character (U+001F)"),
        ('{"c": "\\udc00"}', "c", "an unpaired surrogate (U+DC00)"),
        ('{"d": "\\uffff"}', "d", "a control character (U+FFFF)"),
    ],
)
def test_text_that_cannot_be_stored_or_reported_is_named_by_its_place(text, place, what):
    refused = refusal(uploads.load_json, text)
    assert (refused.place, refused.message) == (
        place,
        f"contains {what}, which the portal cannot keep; remove it and try again.",
    )


def test_a_name_with_a_control_character_is_refused():
    refused = refusal(uploads.load_json, '{"a": {"b\\u0000": 1}}')
    assert str(refused) == "a: a name in it contains a NUL character (U+0000); remove it and try again."


def test_ordinary_text_with_line_breaks_tabs_and_accents_is_read():
    text = '{"t": "Zoë\\t—\\r\\nline two 😀"}'
    assert uploads.load_json(text) == {"t": "Zoë\t—\r\nline two 😀"}


def test_invalid_json_is_refused_with_line_and_column():
    assert str(refusal(uploads.load_json, '{"a": 1,\n}')) == (
        "line 2, column 1: not valid JSON (Expecting property name enclosed in double quotes)"
    )


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_value_over_the_field_limit_is_refused_naming_its_row():
    content = b"a,b\n1,2\n3," + b"x" * (csv.field_size_limit() + 1) + b"\n"
    assert str(refusal(uploads.csv_rows, content)) == (
        "The file cannot be read as CSV (row 3 has a value longer than 131,072 characters)."
    )


def test_csv_nul_byte_is_refused_naming_row_and_column():
    refused = refusal(uploads.csv_rows, b"a,b,c\n1,2,3\n4,5,6\x007\n")
    assert (refused.row, refused.column, refused.index) == (3, "column C", 2)
    assert refused.message.startswith("contains a NUL character (U+0000)")


def test_csv_of_mostly_nul_bytes_is_not_text():
    content = "email\njo@example.nhs.uk\n".encode("utf-16-le")  # UTF-16 without its byte-order mark
    assert uploads.kind_of(content) == "binary"
    assert uploads.kind_of(b"a,b\n1,\x002\n") == "text"


def test_csv_cells_with_line_breaks_are_read_as_one_row():
    assert list(uploads.csv_rows(b'a,b\n"one\r\ntwo",\xc3\xa9\n')) == [["a", "b"], ["one\r\ntwo", "é"]]


# --- Excel ---------------------------------------------------------------------------------------------


def test_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened():
    bomb = zip_bomb_xlsx([["a"], ["b"]], unpacked_mb=60)
    assert len(bomb) < 100_000
    refused = refusal(uploads.xlsx_rows, bomb, max_unpacked=50 * uploads.MB)
    assert str(refused) == (
        "The workbook is too large once unpacked (61 MB; the limit is 50 MB). "
        "Keep only the rows to import in it and save it again."
    )


def test_workbook_under_the_limit_is_read():
    workbook = zip_bomb_xlsx([["a", 1], ["b", 2.5]], unpacked_mb=2)
    assert list(uploads.xlsx_rows(workbook, max_unpacked=3 * uploads.MB)) == [("a", 1), ("b", 2.5)]


@pytest.mark.parametrize(
    ("entry", "content", "message"),
    [
        ("xl/workbook.xml", b"<workbook><sheets><sheet name=", "The workbook cannot be read"),
        ("xl/workbook.xml", b"", "The workbook cannot be read"),
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c", "cannot be read"),
        (
            "xl/worksheets/sheet1.xml",
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="n"><v>' + b"9" * 5000 + b"</v></c></row></sheetData></worksheet>",
            "The first worksheet cannot be read",
        ),
        (
            "xl/worksheets/sheet1.xml",
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="n"><v>1E400</v></c></row></sheetData></worksheet>',
            "Row 1, column A: is not a number the portal can use",
        ),
        (
            "xl/worksheets/sheet1.xml",
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
            "cannot be read",
        ),
    ],
    ids=["broken-workbook", "empty-workbook", "broken-sheet", "long-number", "huge-float", "entities"],
)
def test_damaged_workbook_is_refused_saying_so(entry, content, message):
    refused = refusal(
        uploads.xlsx_rows, with_entry(xlsx_bytes([["a"]]), entry, content), max_unpacked=uploads.MB
    )
    assert message in (f"Row {refused.row}, {refused.column}: {refused}" if refused.row else str(refused))


def test_zip_that_is_not_one_is_refused():
    assert "The workbook cannot be read" in str(refusal(uploads.xlsx_rows, b"PK\x03\x04junk", max_unpacked=1))


# --- What the file is ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n", "The file is a PDF, not JSON. Upload the JSON file itself."),
        (xlsx_bytes([["a"]]), "The file is an Excel workbook, not JSON."),
        ('{"a": 1}'.encode("utf-16"), "The file is Unicode text in UTF-16, not UTF-8."),
        (b"\x00\x01\x02\x03" * 20, "The file is not text, not JSON."),
    ],
)
def test_json_file_that_is_something_else_is_named(content, message):
    assert message in str(refusal(uploads.check_type, "standard.json", content, formats=("json",), choose=""))


def test_file_larger_than_the_limit_is_refused():
    assert str(refusal(uploads.check_size, b"x" * (2 * uploads.MB + 1), 2 * uploads.MB)) == (
        "The file is larger than 2 MB."
    )


# --- The trainee import, through the same guards ---------------------------------------------------------

TRAINEE_CSV = b"email,first_name,last_name\njo@example.nhs.uk,Jo,Bloggs\n"


def trainee_problems(name, content):
    with pytest.raises(TraineeImportError) as caught:
        read_trainee_file(name=name, content=content)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_trainee_csv_with_a_nul_byte_names_its_row_and_column():
    content = TRAINEE_CSV + b"sam@example.nhs.uk,Sa\x00m,Smith\n"
    assert trainee_problems("trainees.csv", content) == [
        (
            3,
            "column B",
            "contains a NUL character (U+0000), which the portal cannot keep; remove it and try again.",
        )
    ]


def test_trainee_csv_with_a_control_character_names_its_row_and_column():
    content = TRAINEE_CSV + b"sam@example.nhs.uk,Sam,Smith\x08\n"
    [(row, column, message)] = trainee_problems("trainees.csv", content)
    assert (row, column) == (3, "column C")
    assert "a control character (U+0008)" in message


def test_trainee_workbook_that_unpacks_to_500_mb_is_refused():
    bomb = zip_bomb_xlsx([["email", "first_name", "last_name"], ["jo@example.nhs.uk", "Jo", "Bloggs"]])
    [(row, column, message)] = trainee_problems("trainees.xlsx", bomb)
    assert (row, column) == (None, "file")
    assert message.startswith("The workbook is too large once unpacked (501 MB; the limit is 50 MB).")


def test_trainee_workbook_with_a_broken_workbook_part_is_refused():
    broken = broken_workbook([["email", "first_name", "last_name"], ["jo@example.nhs.uk", "Jo", "Bloggs"]])
    assert trainee_problems("trainees.xlsx", broken) == [(None, "file", uploads.UNREADABLE_WORKBOOK)]


def test_trainee_csv_still_reads_as_before():
    [row] = read_trainee_file(name="trainees.csv", content=TRAINEE_CSV).rows
    assert (row.row, row.email, row.first_name, row.last_name) == (2, "jo@example.nhs.uk", "Jo", "Bloggs")


def test_trainee_workbook_is_read_through_the_shared_reader():
    content = io.BytesIO(xlsx_bytes([["email", "first_name"], ["jo@example.nhs.uk", "Jo"]])).getvalue()
    [row] = read_trainee_file(name="trainees.xlsx", content=content).rows
    assert (row.email, row.first_name) == ("jo@example.nhs.uk", "Jo")
