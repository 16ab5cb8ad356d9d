"""The guards every import shares (core/tabular.py, core/uploads.py), and the trainee import through them."""

import csv
import io

import pytest

from core import tabular, uploads
from core.tabular import MB, Columns, ImportRefused, Problem
from tests.malformed import (
    DEEP_LIST,
    DEEP_OBJECT,
    JSON_CASES,
    broken_workbook,
    with_entry,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from trainees.importing import read_trainee_file


def refusal(function, *args, **kwargs):
    """The one problem for which ``function`` (or the rows it yields) refuses the file."""
    with pytest.raises(ImportRefused) as caught:
        result = function(*args, **kwargs)
        if hasattr(result, "__next__"):
            list(result)
    [problem] = caught.value.problems
    return problem


def read(content, name="t.csv", names=("a", "b", "c"), **options):
    return tabular.read_table(
        name=name,
        content=content,
        formats=("csv", "xlsx"),
        columns=Columns(names, **options),
        noun="rows",
        max_bytes=MB,
        max_rows=10,
        max_unpacked=MB,
    )


# --- JSON ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", JSON_CASES)
def test_hostile_json_is_refused_saying_why(case):
    text, message = JSON_CASES[case]
    assert message in str(refusal(tabular.load_json, text))


@pytest.mark.parametrize("text", [DEEP_LIST, DEEP_OBJECT, "[" * 21 + "]" * 21])
def test_json_nested_beyond_the_limit_is_refused(text):
    assert "nested more than 20 levels deep" in str(refusal(tabular.load_json, text))


def test_json_nested_to_the_limit_is_read():
    assert tabular.load_json("[" * 20 + "]" * 20) == [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]


def test_number_of_15_digits_is_read_and_of_16_refused_with_its_place():
    assert tabular.load_json('{"n": 999999999999999}') == {"n": 999999999999999}
    refused = refusal(tabular.load_json, '{\n  "n": -1234567890123456}')
    assert str(refused) == "line 2, column 8: the number -1234567890123456 has more than 15 digits"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e309", "-2E+400"])
def test_numbers_json_does_not_allow_or_no_float_can_hold_are_refused(literal):
    refused = refusal(tabular.load_json, f"[1, {literal}]")
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
    refused = refusal(tabular.load_json, text)
    assert (refused.row, refused.column, refused.message) == (
        None,
        place,
        f"contains {what}, which the portal cannot keep; remove it and try again.",
    )


def test_a_name_with_a_control_character_is_refused():
    refused = refusal(tabular.load_json, '{"a": {"b\\u0000": 1}}')
    assert str(refused) == "a: a name in it contains a NUL character (U+0000); remove it and try again."


def test_ordinary_text_with_line_breaks_tabs_and_accents_is_read():
    text = '{"t": "Zoë\\t—\\r\\nline two 😀"}'
    assert tabular.load_json(text) == {"t": "Zoë\t—\r\nline two 😀"}


def test_invalid_json_is_refused_with_line_and_column():
    assert str(refusal(tabular.load_json, '{"a": 1,\n}')) == (
        "line 2, column 1: not valid JSON (Expecting property name enclosed in double quotes)"
    )


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_value_over_the_field_limit_is_refused_naming_its_row():
    content = b"a,b\n1,2\n3," + b"x" * (csv.field_size_limit() + 1) + b"\n"
    assert str(refusal(tabular.csv_rows, content)) == (
        "The file cannot be read as CSV (row 3 has a value longer than 131,072 characters)."
    )


def test_csv_nul_byte_is_refused_naming_row_and_column():
    refused = refusal(read, b"a,b,c\n1,2,3\n4,5,6\x007\n")
    assert (refused.row, refused.column) == (3, "c")
    assert refused.message.startswith("contains a NUL character (U+0000)")


def test_every_cell_the_portal_cannot_keep_is_named_with_its_row_and_column():
    with pytest.raises(ImportRefused) as caught:
        read(b"a,b,c\n1,\x1b,3\n4,5,6\n7,8,9\x00\n")
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "b"), (4, "c")]


def test_a_cell_without_a_column_name_is_named_by_its_letter():
    refused = refusal(read, b"a,b\n1,2,\x003\n", names=("a", "b"))
    assert (refused.row, refused.column) == (2, "column C")


def test_csv_of_mostly_nul_bytes_is_not_text():
    content = "email\njo@example.nhs.uk\n".encode("utf-16-le")  # UTF-16 without its byte-order mark
    assert tabular.kind_of(content) == "binary"
    assert tabular.kind_of(b"a,b\n1,\x002\n") == "text"


def test_csv_cells_with_line_breaks_are_read_as_one_row():
    assert list(tabular.csv_rows(b'a,b\n"one\r\ntwo",\xc3\xa9\n')) == [["a", "b"], ["one\r\ntwo", "é"]]


# --- Excel ---------------------------------------------------------------------------------------------


def test_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened():
    bomb = zip_bomb_xlsx([["a"], ["b"]], unpacked_mb=60)
    assert len(bomb) < 100_000
    refused = refusal(tabular.xlsx_rows, bomb, max_unpacked=50 * MB)
    assert str(refused) == (
        "The workbook is too large once unpacked (61 MB; the limit is 50 MB). "
        "Keep only the rows to import in it and save it again."
    )


def test_workbook_under_the_limit_is_read():
    workbook = zip_bomb_xlsx([["a", 1], ["b", 2.5]], unpacked_mb=2)
    assert list(tabular.xlsx_rows(workbook, max_unpacked=3 * MB)) == [("a", 1), ("b", 2.5)]


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
    refused = refusal(read, with_entry(xlsx_bytes([["a"]]), entry, content), name="t.xlsx")
    assert message in str(refused)


def test_zip_that_is_not_one_is_refused():
    assert "The workbook cannot be read" in str(refusal(tabular.xlsx_rows, b"PK\x03\x04junk", max_unpacked=1))


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
    assert message in str(refusal(tabular.check_type, "standard.json", content, formats=("json",)))


def test_file_larger_than_the_limit_is_refused():
    assert str(refusal(tabular.check_size, b"x" * (2 * MB + 1), 2 * MB)) == ("The file is larger than 2 MB.")


# --- The trainee import, through the same guards ---------------------------------------------------------

TRAINEE_CSV = b"email,first_name,last_name\njo@example.nhs.uk,Jo,Bloggs\n"


def trainee_problems(name, content):
    with pytest.raises(ImportRefused) as caught:
        read_trainee_file(name=name, content=content)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_trainee_csv_with_a_nul_byte_names_its_row_and_column():
    content = TRAINEE_CSV + b"sam@example.nhs.uk,Sa\x00m,Smith\n"
    assert trainee_problems("trainees.csv", content) == [
        (
            3,
            "first_name",
            "contains a NUL character (U+0000), which the portal cannot keep; remove it and try again.",
        )
    ]


def test_trainee_csv_with_a_control_character_names_its_row_and_column():
    content = TRAINEE_CSV + b"sam@example.nhs.uk,Sam,Smith\x08\n"
    [(row, column, message)] = trainee_problems("trainees.csv", content)
    assert (row, column) == (3, "last_name")
    assert "a control character (U+0008)" in message


def test_trainee_workbook_that_unpacks_to_500_mb_is_refused():
    bomb = zip_bomb_xlsx([["email", "first_name", "last_name"], ["jo@example.nhs.uk", "Jo", "Bloggs"]])
    [(row, column, message)] = trainee_problems("trainees.xlsx", bomb)
    assert (row, column) == (None, None)
    assert message.startswith("The workbook is too large once unpacked (501 MB; the limit is 50 MB).")


def test_trainee_workbook_with_a_broken_workbook_part_is_refused():
    broken = broken_workbook([["email", "first_name", "last_name"], ["jo@example.nhs.uk", "Jo", "Bloggs"]])
    assert trainee_problems("trainees.xlsx", broken) == [(None, None, tabular.UNREADABLE_WORKBOOK)]


def test_trainee_csv_still_reads_as_before():
    [row] = read_trainee_file(name="trainees.csv", content=TRAINEE_CSV).rows
    assert (row.row, row.email, row.first_name, row.last_name) == (2, "jo@example.nhs.uk", "Jo", "Bloggs")


def test_trainee_workbook_is_read_through_the_shared_reader():
    content = io.BytesIO(xlsx_bytes([["email", "first_name"], ["jo@example.nhs.uk", "Jo"]])).getvalue()
    [row] = read_trainee_file(name="trainees.xlsx", content=content).rows
    assert (row.email, row.first_name) == ("jo@example.nhs.uk", "Jo")


# --- One problem type, one exception, all or nothing ----------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem(3, "band", "“12” is not a band."), "Row 3, band: “12” is not a band."),
        (Problem(2, None, "Expected an object."), "Row 2: Expected an object."),
        (Problem(None, "skills[1].detail", "empty statement"), "skills[1].detail: empty statement"),
        (Problem(None, None, "The file is empty."), "The file is empty."),
    ],
)
def test_a_problem_names_its_row_and_column_when_it_has_them(problem, text):
    assert str(problem) == text


def test_problems_are_listed_whole_file_first_then_by_row_and_the_files_column_order():
    problems = [
        Problem(4, "band", "b"),
        Problem(2, "email", "e"),
        Problem(4, "email", "e"),
        Problem(None, None, "whole"),
    ]
    refused = ImportRefused(problems, columns=("email", "band"))
    assert [(p.row, p.column) for p in refused.problems] == [
        (None, None),
        (2, "email"),
        (4, "email"),
        (4, "band"),
    ]
    assert str(refused).startswith("whole; Row 2, email: e")


@pytest.mark.django_db
def test_all_or_nothing_saves_nothing_when_a_problem_is_found():
    from accounts.models import Region

    with pytest.raises(ImportRefused) as caught, tabular.all_or_nothing([Problem(3, "a", "bad")]) as problems:
        Region.objects.create(name="Saved before the check")
        problems.refuse_if_any()
    assert [str(p) for p in caught.value.problems] == ["Row 3, a: bad"]
    assert not Region.objects.filter(name="Saved before the check").exists()


@pytest.mark.django_db
def test_all_or_nothing_refuses_a_problem_added_after_saving_began():
    from accounts.models import Region

    with pytest.raises(ImportRefused), tabular.all_or_nothing() as problems:
        Region.objects.create(name="Saved")
        problems.add(None, None, "found late")
    assert not Region.objects.filter(name="Saved").exists()


@pytest.mark.django_db
def test_all_or_nothing_keeps_what_it_saved_when_there_is_no_problem():
    from accounts.models import Region

    with tabular.all_or_nothing() as problems:
        problems.refuse_if_any()
        Region.objects.create(name="Kept")
    assert Region.objects.filter(name="Kept").exists()


# --- The first row names the columns ----------------------------------------------------------------------


def test_an_unknown_column_is_refused_with_a_suggestion_and_the_columns_to_use():
    with pytest.raises(ImportRefused) as caught:
        read(b"a,Bee-Line,zzz\n1,2,3\n", names=("a", "bee_line"))
    assert [p.message for p in caught.value.problems] == [
        "Unknown column “zzz”.",
        "The columns you can use are: a, bee_line.",
    ]
    with pytest.raises(ImportRefused) as caught:
        read(b"a,be_lines\n1,2\n", names=("a", "bee_line"))
    assert caught.value.problems[0].message == "Unknown column “be_lines” (did you mean bee_line?)."


def test_columns_match_in_any_capitals_spaces_or_hyphens_and_by_another_name():
    table = read(b"A,Bee Line,Other Name\n1,2,3\n", names=("a", "bee_line", "c"), aliases={"other_name": "c"})
    assert [(row.number, row.values) for row in table.rows] == [(2, {"a": "1", "bee_line": "2", "c": "3"})]


def test_a_missing_or_repeated_column_is_refused():
    with pytest.raises(ImportRefused) as caught:
        read(b"b,B\n1,2\n", required=("a",))
    assert [p.message for p in caught.value.problems] == [
        "The column “b” appears more than once.",
        "There is no a column: row 1 must name the columns.",
    ]


def test_other_columns_may_be_left_alone_when_the_import_allows_them():
    table = read(b"a,notes\n1,anything\n", names=("a",), others_allowed=True)
    assert ([row.values for row in table.rows], table.problems) == ([{"a": "1"}], [])


def test_empty_rows_are_skipped_and_keep_their_numbers():
    table = read(b"a\n1\n,\n\n4\n")
    assert [row.number for row in table.rows] == [2, 5]


def test_a_json_list_of_objects_is_a_table_numbered_from_1():
    content = b'{"label": "L", "things": [{"A": 1}, {"a": "x\\u0000"}]}'
    with pytest.raises(ImportRefused) as caught:
        tabular.read_table(
            name="t.json",
            content=content,
            formats=("json",),
            columns=Columns(("a",)),
            noun="things",
            max_bytes=MB,
            max_rows=10,
            list_key="things",
        )
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "a")


# --- What the bytes are: libmagic, in one place ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "mime"),
    [(b"%PDF-1.7\n%%EOF\n", "application/pdf"), (b"email,name\na@example.nhs.uk,A\n", "text/plain")],
)
def test_libmagic_says_what_the_bytes_are(content, mime):
    assert uploads.sniff(content)[0] == mime


def test_libmagic_names_the_character_set_of_text():
    assert uploads.sniff("email\nzoë@example.nhs.uk\n".encode("utf-16"))[1] == "utf-16le"


def test_without_libmagic_an_import_is_refused_saying_what_to_install(monkeypatch):
    def missing():
        raise uploads.LibmagicMissing

    monkeypatch.setattr(uploads, "_libmagic", missing)
    problem = refusal(read, b"a\n1\n")
    assert problem.message == (
        "Files cannot be checked on this server because libmagic is not installed (Debian: apt install "
        "libmagic1; macOS: brew install libmagic). Ask the portal administrator."
    )
