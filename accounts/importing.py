"""Reading a CSV or Excel file of people for a lead's organisation, without touching the database.

``read_people_file`` reads the file through the reader every import shares (core.tabular: size, type,
damaged workbooks, unsafe text, the columns) and notes every row whose values are wrong. What each row
would do (a new account, roles for an account wholly within organisations the lead leads, or an invitation
for someone who belongs elsewhere), and doing it all or nothing, is ``services.import_people``.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core import tabular

MAX_FILE_BYTES = 2 * tabular.MB
MAX_UNPACKED_BYTES = 50 * tabular.MB
MAX_ROWS = 1000
COLUMNS = ("email", "first_name", "last_name", "job_title", "roles")
ALIASES = {"role": "roles"}
MAX_LENGTHS = {"email": 254, "first_name": 150, "last_name": 150, "job_title": 120}
EXAMPLE_ROW = ("pat.lee@example.nhs.uk", "Pat", "Lee", "Ward manager, Elm Ward", "manager; mentor")


def role_names(roles):
    return ", ".join(str(role.label).lower() for role in roles)


def column_guide(roles):
    """What each column means, for the import page; ``roles`` are those a lead may give."""
    return [
        ("email", "Required", "Their email address. Someone who already has an account with it is matched."),
        ("first_name", "For new people", "Needed when no one has an account with the email yet."),
        ("last_name", "For new people", "Needed when no one has an account with the email yet."),
        ("job_title", "Optional", "For new people, up to 120 characters."),
        ("roles", "Required", f"One or more of {role_names(roles)}; separate several with ;"),
    ]


def template_rows():
    return [list(COLUMNS), list(EXAMPLE_ROW)]


@dataclass
class PersonRow:
    row: int
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    roles: list = field(default_factory=list)
    usable: bool = True  # its email can be looked up


@dataclass
class PeopleFile:
    rows: list[PersonRow]
    problems: tabular.Problems  # rows whose values are wrong, found without looking at any account


def _text(value):
    return " ".join(tabular.text(value).split())


def _roles_by_name(roles):
    return {name: role for role in roles for name in (role.value, str(role.label).lower(), f"{role.value}s")}


def _read_row(number, cells, roles, problems):
    values = {name: _text(value) for name, value in cells.items()}
    row = PersonRow(number, **{name: values.get(name, "") for name in MAX_LENGTHS})

    def problem(column, message):
        problems.add(number, column, message)
        if column == "email":
            row.usable = False

    for name, limit in MAX_LENGTHS.items():
        if len(getattr(row, name)) > limit:
            problem(name, f"Longer than {limit} characters.")
    if not row.email:
        problem("email", "Missing: everyone needs an email address.")
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            problem("email", f"“{row.email}” is not an email address.")
    by_name = _roles_by_name(roles)
    for name in filter(None, re.split(r"\s*[;,/]\s*", values.get("roles", "").lower())):
        role = by_name.get(name)
        if role is None:
            problem("roles", f"“{name}” is not a role you can give: use {role_names(roles)}.")
        elif role not in row.roles:
            row.roles.append(role)
    if not values.get("roles"):
        problem("roles", f"Missing: give one or more of {role_names(roles)}.")
    return row


def read_people_file(*, name, content, roles):
    """Every row of a CSV or .xlsx file of people, and the problems in their values; touches no database.

    ``roles`` are those the file may give. Raises ImportRefused if the file as a whole is refused.
    """
    table = tabular.read_table(
        name=name,
        content=content,
        formats=("csv", "xlsx"),
        columns=tabular.Columns(COLUMNS, required=("email", "roles"), aliases=ALIASES),
        noun="people",
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked=MAX_UNPACKED_BYTES,
        empty_hint="download the template to see them",
    )
    problems, rows, first_seen = table.problems, [], {}
    for cells in table.rows:
        row = _read_row(cells.number, cells.values, roles, problems)
        key = row.email.lower()
        if row.usable and key in first_seen:
            problems.add(row.row, "email", f"Also in row {first_seen[key]}: list each person once.")
            row.usable = False
        first_seen.setdefault(key, row.row)
        rows.append(row)
    return PeopleFile(rows, problems)
