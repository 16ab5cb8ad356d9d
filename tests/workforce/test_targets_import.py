"""Importing headcount returns from CSV or Excel: all or nothing, each bad row named with its column."""

import datetime
import io

import openpyxl
import pytest

from core import tabular
from workforce import importing_targets as importing
from workforce.models import HeadcountReturn, WorkforceRole

D = datetime.date
TODAY = D(2026, 6, 15)
HEADER = "workforce_role,period_end,in_post,in_training,vacancies,starters,leavers"


def csv_file(*rows, header=HEADER):
    return "\n".join([header, *rows]).encode()


def run(people, content, name="returns.csv", organisation=None):
    return importing.import_returns(
        organisation=organisation or people.trust, by=people.lead, name=name, content=content, today=TODAY
    )


def refused(people, content, **kwargs):
    with pytest.raises(tabular.ImportRefused) as caught:
        run(people, content, **kwargs)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def saved():
    return sorted(
        (
            r.organisation.name,
            r.workforce_role.name,
            r.period_end,
            r.in_post,
            r.in_training,
            r.vacancies,
            r.starters,
            r.leavers,
        )
        for r in HeadcountReturn.objects.select_related("organisation", "workforce_role")
    )


def test_a_file_of_returns_is_recorded(people, catalogue):
    result = run(
        people,
        csv_file(
            "Assistant practitioner,2026-03-31,12,6,2,1,0",
            '"support, time and recovery worker",31/03/2026,30,0,3,2,1',
            "Assistant practitioner,April 2026,13,5,1,1,0",
        ),
    )
    assert (result.added, result.corrected) == (3, 0)
    assert saved() == [
        ("Northfield Trust", "Assistant practitioner", D(2026, 3, 31), 12, 6, 2, 1, 0),
        ("Northfield Trust", "Assistant practitioner", D(2026, 4, 30), 13, 5, 1, 1, 0),
        ("Northfield Trust", "Support, time and recovery worker", D(2026, 3, 31), 30, 0, 3, 2, 1),
    ]
    assert {r.submitted_by for r in HeadcountReturn.objects.all()} == {people.lead}


def test_a_row_for_a_period_already_returned_corrects_it(people, catalogue):
    run(people, csv_file("Assistant practitioner,2026-03-31,12,6,2,1,0"))
    result = run(
        people,
        csv_file("Assistant practitioner,2026-03-31,11,6,2,1,0", "Assistant practitioner,2026-04,12,5,1,1,0"),
    )
    assert (result.added, result.corrected) == (1, 1)
    corrected = HeadcountReturn.objects.get(period_end=D(2026, 3, 31))
    assert corrected.in_post == 11 and corrected.corrected_by == people.lead


def test_a_file_imported_again_counts_its_rows_unchanged_and_records_no_correction(people, catalogue):
    rows = ("Assistant practitioner,2026-03-31,12,6,2,1,0", "Assistant practitioner,2026-04-30,13,5,1,1,0")
    run(people, csv_file(*rows))
    result = run(people, csv_file(rows[0], "Assistant practitioner,2026-04-30,14,5,1,1,0"))
    assert (result.added, result.corrected, result.unchanged, result.total) == (0, 1, 1, 2)
    same = HeadcountReturn.objects.get(period_end=D(2026, 3, 31))
    assert same.corrected_by is None and same.corrected_at is None


def test_a_row_dated_in_a_mistyped_year_is_named(people, catalogue):
    assert refused(people, csv_file("Assistant practitioner,0026-03-31,12,6,2,1,0")) == [
        (2, "period_end", "The period ends on 31 March 26, before 2000: check the year")
    ]
    assert not HeadcountReturn.objects.exists()


def test_an_excel_workbook_with_dates_and_numbers_is_read(people, catalogue):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Workforce role", "Period end", "In post", "In training", "Vacancies", "Starters", "Leavers"]
    )
    sheet.append(["Assistant practitioner", datetime.datetime(2026, 5, 31), 14, 4.0, 1, 2, 1])
    out = io.BytesIO()
    book.save(out)
    assert run(people, out.getvalue(), name="returns.xlsx").added == 1
    assert saved() == [("Northfield Trust", "Assistant practitioner", D(2026, 5, 31), 14, 4, 1, 2, 1)]


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(people, catalogue):
    problems = refused(
        people,
        csv_file(
            "Assistant practitioner,2026-03-31,12,6,2,1,0",
            "Assistant practitioner,2026-04-30,13,-1,1,1,0",
            "Assistant practitioner,2026-05-31,14,5,1,1,0",
        ),
    )
    assert problems == [(3, "in_training", "People in training cannot be negative")]
    assert not HeadcountReturn.objects.exists()


def test_an_unknown_workforce_role_is_refused(people, catalogue):
    WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.other_trust)
    problems = refused(
        people,
        csv_file(
            "Assistant practioner,2026-03-31,12,6,2,1,0",
            "Ward clerk,2026-03-31,2,0,0,0,0",  # another organisation's own role
            ",2026-03-31,2,0,0,0,0",
        ),
    )
    assert problems == [
        (
            2,
            "workforce_role",
            "Unknown workforce role “Assistant practioner” (did you mean Assistant practitioner?)",
        ),
        (3, "workforce_role", "Unknown workforce role “Ward clerk”"),
        (4, "workforce_role", "Missing: give the workforce role's name"),
    ]
    assert not HeadcountReturn.objects.exists()


def test_an_organisations_own_role_may_be_imported_by_it(people, catalogue):
    WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.trust)
    assert run(people, csv_file("ward clerk,2026-03-31,2,0,0,0,0")).added == 1


def test_a_future_period_and_a_day_that_ends_no_month_are_refused(people, catalogue):
    problems = refused(
        people,
        csv_file(
            "Assistant practitioner,2026-06-30,12,6,2,1,0",
            "Assistant practitioner,2026-03-15,12,6,2,1,0",
            "Assistant practitioner,next week,12,6,2,1,0",
        ),
    )
    assert problems == [
        (
            2,
            "period_end",
            "The period ends on 30 June 2026, which is in the future: make the return once the period has "
            "ended",
        ),
        (3, "period_end", "A period ends on the last day of a month: for March 2026, enter 31 March 2026"),
        (4, "period_end", "“next week” is not a date: write it as 2026-03-31"),
    ]


def test_numbers_must_be_whole_and_present(people, catalogue):
    problems = refused(people, csv_file("Assistant practitioner,2026-03-31,twelve,2.5,,1,0"))
    assert problems == [
        (2, "in_post", "“twelve” is not a whole number"),
        (2, "in_training", "“2.5” is not a whole number"),
        (2, "vacancies", "Missing: give a whole number (0 if none)"),
    ]


def test_a_role_and_period_twice_in_the_file_is_refused(people, catalogue):
    problems = refused(
        people,
        csv_file(
            "Assistant practitioner,2026-03-31,12,6,2,1,0",
            '"Support, time and recovery worker",2026-03-31,3,0,0,0,0',
            "assistant practitioner,31/03/2026,13,6,2,1,0",
        ),
    )
    assert problems == [
        (
            4,
            "workforce_role",
            "Assistant practitioner for the period ending 31 March 2026 is also in row 2: give each role and "
            "period once",
        )
    ]
    assert not HeadcountReturn.objects.exists()


def test_a_missing_column_refuses_the_whole_file(people, catalogue):
    problems = refused(
        people,
        csv_file("Assistant practitioner,2026-03-31,12,6,2,1", header=HEADER.removesuffix(",leavers")),
    )
    assert problems == [(None, None, "There is no leavers column: row 1 must name the columns.")]


def test_the_template_imports_as_it_is(people, catalogue):
    rows = importing.template_rows()
    content = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    assert run(people, content).added == 2
    assert [name for name, _meaning in importing.column_guide()] == rows[0]
