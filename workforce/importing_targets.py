"""Importing an organisation's headcount returns from a CSV or Excel file, all or nothing.

One row is one return: a workforce role (by its name in the catalogue, in any capitals), the end of the period
and the five figures. The file is read through the reader every import shares (core.tabular); each row is
checked as the form checks a return (services_targets.return_errors: whole numbers, never negative, a period
ending on a month's last day and not in the future), a workforce role the organisation may return, and no
role and period twice in the file. A row for a period already returned corrects that return. One problem
anywhere refuses the file, naming its row and column, and nothing is saved.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from core import tabular

from . import services_targets as services
from .models import RETURN_FIGURES, HeadcountReturn

MAX_FILE_BYTES = 2 * tabular.MB
MAX_ROWS = 2000
FORMATS = ("csv", "xlsx")
COLUMN_NAMES = ("workforce_role", *("period_end",), *RETURN_FIGURES)
COLUMNS = tabular.Columns(
    COLUMN_NAMES,
    required=COLUMN_NAMES,
    aliases={
        "role": "workforce_role",
        "occupation": "workforce_role",
        "period": "period_end",
        "period_ending": "period_end",
        "end_of_the_period": "period_end",
        "people_in_post": "in_post",
        "people_in_training": "in_training",
        "trainees": "in_training",
    },
)
# What a service's ValidationError names, as the file's column.
FIELD_COLUMNS = {"__all__": None}
EXAMPLE = [
    ["Assistant practitioner", "2026-03-31", "12", "6", "2", "1", "0"],
    ["Support, time and recovery worker", "2026-03-31", "30", "0", "3", "2", "1"],
]
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%m/%Y")


def template_rows():
    return [list(COLUMN_NAMES), *EXAMPLE]


def column_guide():
    return [
        (
            "workforce_role",
            "The workforce role's name as the catalogue gives it, for example Assistant practitioner.",
        ),
        (
            "period_end",
            "The last day of the month or quarter, as 2026-03-31 or 31/03/2026 (or the month: 2026-03, "
            "March 2026); not in the future.",
        ),
        ("in_post", "People in post on that day: a whole number, 0 or more."),
        ("in_training", "People in training for the role on that day: a whole number, 0 or more."),
        ("vacancies", "Vacant posts on that day: a whole number, 0 or more."),
        ("starters", "People who started in post since the previous return: a whole number, 0 or more."),
        ("leavers", "People who left the role since the previous return: a whole number, 0 or more."),
    ]


def _period(value):
    """The period's end from a cell: a date, or a month (its last day). None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = " ".join(tabular.text(value).split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    for pattern in _MONTH_FORMATS:
        try:
            return services.month_end(datetime.datetime.strptime(written, pattern).date())
        except ValueError:
            continue
    return None


@dataclass
class ReturnRow:
    row: int
    workforce_role: object = None
    period_end: datetime.date | None = None
    figures: dict | None = None
    usable: bool = True


def read_returns(*, organisation, name, content, today=None):
    """Every row of the file with the problems found in its values."""
    table = tabular.read_table(
        name=name,
        content=content,
        formats=FORMATS,
        columns=COLUMNS,
        noun="returns",
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        empty_hint="download the template to see them",
    )
    problems = table.problems
    roles = {role.name.casefold(): role for role in services.roles_for(organisation)}
    names = sorted(role.name for role in roles.values())
    rows = []
    for source in table.rows:
        row = ReturnRow(source.number, figures={})
        bad = set()

        def problem(column, message, row=row, bad=bad):
            problems.add(row.row, column, message)
            bad.add(column)
            row.usable = False

        written = " ".join(tabular.text(source.values.get("workforce_role")).split())
        row.workforce_role = roles.get(written.casefold())
        if not written:
            problem("workforce_role", "Missing: give the workforce role's name")
        elif row.workforce_role is None:
            guess = difflib.get_close_matches(written, names, n=1, cutoff=0.6)
            hint = f" (did you mean {guess[0]}?)" if guess else ""
            problem("workforce_role", f"Unknown workforce role “{written}”{hint}")
        value = source.values.get("period_end")
        row.period_end = _period(value)
        if row.period_end is None:
            shown = tabular.text(value)
            problem(
                "period_end",
                f"“{shown}” is not a date: write it as 2026-03-31"
                if shown
                else "Missing: give the period's end",
            )
        for column in RETURN_FIGURES:
            shown = tabular.text(source.values.get(column))
            if re.fullmatch(r"-?\d{1,9}", shown):
                row.figures[column] = int(shown)
            else:
                problem(
                    column,
                    f"“{shown}” is not a whole number"
                    if shown
                    else "Missing: give a whole number (0 if none)",
                )
        for column, message in services.return_errors(
            period_end=row.period_end, figures=row.figures, today=today
        ).items():
            if column not in bad:
                problem(column, message)
        rows.append(row)
    return rows, problems


@dataclass(frozen=True)
class ImportResult:
    added: int
    corrected: int
    unchanged: int = 0  # rows the same as the return already made: nothing saved, no correction recorded

    @property
    def total(self):
        return self.added + self.corrected + self.unchanged


def import_returns(*, organisation, by, name, content, today=None):
    """Records or corrects every return in the file, or raises ImportRefused and saves nothing."""
    rows, found = read_returns(organisation=organisation, name=name, content=content, today=today)
    added = corrected = unchanged = 0
    with tabular.all_or_nothing(found, columns=COLUMN_NAMES) as problems:
        seen = {}
        for row in rows:
            if not row.usable:
                continue
            key = (row.workforce_role.pk, row.period_end)
            if key in seen:
                problems.add(
                    row.row,
                    "workforce_role",
                    f"{row.workforce_role} for the period ending {services.long_date(row.period_end)} is "
                    f"also in row {seen[key]}: give each role and period once",
                )
                continue
            seen[key] = row.row
        problems.refuse_if_any()
        for row in rows:
            existing = HeadcountReturn.objects.filter(
                organisation=organisation, workforce_role=row.workforce_role, period_end=row.period_end
            ).first()
            same = existing is not None and services.return_unchanged(
                existing, workforce_role=row.workforce_role, period_end=row.period_end, figures=row.figures
            )
            try:
                with transaction.atomic():
                    services.save_return(
                        organisation=organisation,
                        by=by,
                        workforce_role=row.workforce_role,
                        period_end=row.period_end,
                        headcount_return=existing,
                        today=today,
                        **row.figures,
                    )
            except ValidationError as exc:
                for column, messages in exc.message_dict.items():
                    for message in messages:
                        problems.add(row.row, FIELD_COLUMNS.get(column, column), message)
                continue
            if existing is None:
                added += 1
            elif same:
                unchanged += 1
            else:
                corrected += 1
    return ImportResult(added=added, corrected=corrected, unchanged=unchanged)
