"""Bringing people into a lead's organisation from a CSV or Excel file, all or nothing.

The file's guards (size, type, damaged workbooks, unsafe text) are the ones every import shares
(core.uploads); this module reads the people's columns and then asks accounts.services what
each row would do: a new account, roles for an account wholly within organisations the lead leads, or an
invitation for someone who belongs elsewhere. One bad row, and nothing is saved; the error names each bad
row, its column and the reason.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower

from core import uploads

from . import services
from .models import Membership, User

MAX_FILE_BYTES = 2 * uploads.MB
MAX_UNPACKED_BYTES = 50 * uploads.MB
MAX_ROWS = 1000
COLUMNS = ("email", "first_name", "last_name", "job_title", "roles")
ALIASES = {"role": "roles"}
MAX_LENGTHS = {"email": 254, "first_name": 150, "last_name": 150, "job_title": 120}
ROLE_NAMES = ", ".join(str(role.label).lower() for role in services.ROLES_A_LEAD_GIVES)
EXAMPLE_ROW = ("pat.lee@example.nhs.uk", "Pat", "Lee", "Ward manager, Elm Ward", "manager; mentor")


def column_guide():
    return [
        ("email", "Required", "Their email address. Someone who already has an account with it is matched."),
        ("first_name", "For new people", "Needed when no one has an account with the email yet."),
        ("last_name", "For new people", "Needed when no one has an account with the email yet."),
        ("job_title", "Optional", "For new people, up to 120 characters."),
        ("roles", "Required", f"One or more of {ROLE_NAMES}; separate several with ;"),
    ]


def template_rows():
    return [list(COLUMNS), list(EXAMPLE_ROW)]


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, {self.column}" if self.row is not None else "File"
        return f"{where}: {self.message}"


class PeopleImportError(Exception):
    """The file was refused; ``problems`` lists every reason, each with its row and column."""

    def __init__(self, problems):
        order = {name: i for i, name in enumerate(COLUMNS)}
        self.problems = sorted(
            problems, key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)))
        )
        super().__init__("; ".join(str(p) for p in self.problems))


def _refused(exc):
    return PeopleImportError([Problem(exc.row, exc.column or "file", exc.message)])


def _refuse(message):
    raise PeopleImportError([Problem(None, "file", message)])


@dataclass
class PersonRow:
    row: int
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    roles: list = field(default_factory=list)
    usable: bool = True  # its email can be looked up


# --- Reading -------------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _header(cells):
    names = [ALIASES.get(n, n) for n in (re.sub(r"[\s-]+", "_", _text(c).lower()) for c in cells)]
    known, problems = {}, []
    for index, name in enumerate(names):
        if not name:
            continue
        if name in known.values():
            problems.append(Problem(None, "columns", f"The column “{name}” appears more than once."))
        elif name in COLUMNS:
            known[index] = name
        else:
            guess = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean {guess[0]}?)" if guess else ""
            problems.append(Problem(None, "columns", f"Unknown column “{name}”{hint}."))
    for needed in ("email", "roles"):
        if needed not in known.values():
            problems.append(Problem(None, "columns", f"There is no {needed} column: row 1 names them."))
    if problems:
        problems.append(Problem(None, "columns", f"The columns you can use are: {', '.join(COLUMNS)}."))
        raise PeopleImportError(problems)
    return known


ROLES_BY_NAME = {
    name: role
    for role in services.ROLES_A_LEAD_GIVES
    for name in (role.value, str(role.label).lower(), f"{role.value}s")
}


def _read_row(number, cells, known, problems):
    texts = [_text(c) for c in cells]
    values = {name: texts[i] if i < len(texts) else "" for i, name in known.items()}
    row = PersonRow(number, **{name: values.get(name, "") for name in MAX_LENGTHS})

    def problem(column, message):
        problems.append(Problem(number, column, message))
        if column == "email":
            row.usable = False

    for i, text in enumerate(texts):
        if text and i not in known:
            problem(f"column {uploads.column_letter(i)}", "Has a value but no column name in row 1.")
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
    for name in filter(None, re.split(r"\s*[;,/]\s*", values.get("roles", "").lower())):
        role = ROLES_BY_NAME.get(name)
        if role is None:
            problem("roles", f"“{name}” is not a role you can give: use {ROLE_NAMES}.")
        elif role not in row.roles:
            row.roles.append(role)
    if not values.get("roles"):
        problem("roles", f"Missing: give one or more of {ROLE_NAMES}.")
    return row


def read_people_file(*, name, content):
    """Every row of a CSV or .xlsx file of people, and the problems in their values; touches no database."""
    with uploads.refusals_as(_refused):
        uploads.check_size(content, MAX_FILE_BYTES)
        kind = uploads.check_type(
            name, content, formats=("csv", "xlsx"), choose="Choose a .csv or .xlsx file (a spreadsheet)."
        )
        table = (
            uploads.csv_rows(content)
            if kind == "csv"
            else uploads.xlsx_rows(content, max_unpacked=MAX_UNPACKED_BYTES)
        )
        header = next(table, None)
        if header is None or not any(_text(c) for c in header):
            _refuse("The file is empty: row 1 must name the columns.")
        known = _header(header)
        rows, problems, first_seen = [], [], {}
        for number, cells in enumerate(table, start=2):
            if not any(_text(c) for c in cells):
                continue
            if len(rows) == MAX_ROWS:
                _refuse(f"The file has more than {MAX_ROWS:,} people. Import at most {MAX_ROWS:,} at a time.")
            row = _read_row(number, cells, known, problems)
            key = row.email.lower()
            if row.usable and key in first_seen:
                message = f"Also in row {first_seen[key]}: list each person once."
                problems.append(Problem(number, "email", message))
                row.usable = False
            first_seen.setdefault(key, number)
            rows.append(row)
    if not rows:
        _refuse("The file has no people in it, only the row of column names.")
    return rows, problems


# --- Checking against the accounts, and saving ---------------------------------------------------------


def _accounts(emails):
    """The accounts with these emails (any capitals), each with its memberships, in two queries."""
    found = (
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in={e.lower() for e in emails})
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.all()))
    )
    return {user.email_lower: user for user in found}


@dataclass(frozen=True)
class ImportResult:
    created: int  # new accounts
    given: int  # existing accounts given roles
    invited: int  # people who belong elsewhere, invited
    unchanged: int  # already had every role


@transaction.atomic
def import_people(*, organisation, by, upload_name, content):
    """Brings in every person in the file, or raises PeopleImportError and saves nothing."""
    rows, problems = read_people_file(name=upload_name, content=content)
    accounts = _accounts([r.email for r in rows if r.usable])
    plans = []
    for row in rows:
        if not row.usable:
            continue
        plan = services.plan_person(
            organisation=organisation,
            by=by,
            account=accounts.get(row.email.lower()),
            roles=row.roles,
            first_name=row.first_name,
            last_name=row.last_name,
        )
        for column, messages in plan.errors.items():
            if column != "roles":  # the roles were checked while reading
                problems += [Problem(row.row, column, m) for m in messages]
        plans.append((row, plan))
    if problems:
        raise PeopleImportError(problems)
    counts = {"create": 0, "give": 0, "invite": 0, "unchanged": 0}
    for row, plan in plans:
        if not plan.roles:
            counts["unchanged"] += 1
            continue
        try:
            services.carry_out(
                plan=plan,
                organisation=organisation,
                by=by,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                job_title=row.job_title,
            )
        except ValidationError as exc:  # checked above, so a surprise (an email taken meanwhile): roll back
            raise PeopleImportError([Problem(row.row, "email", m) for m in exc.messages]) from exc
        counts[plan.action] += 1
    return ImportResult(counts["create"], counts["give"], counts["invite"], counts["unchanged"])
