"""Reading a CSV or Excel file of trainees for a cohort, without touching the database.

``read_trainee_file`` reads the file through the reader every import shares (core.tabular): it refuses a
file that is the wrong type, too large or has unknown columns, and notes every row whose values are wrong.
Checking the rows against the accounts that exist, and enrolling them all or none, is
``services.import_trainees``.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core import tabular

from .models import Enrolment

MAX_FILE_BYTES = 2 * tabular.MB
MAX_ROWS = 1000
# An .xlsx is a zip of XML; refuse one that would unpack to far more than a trainee list could need.
MAX_UNPACKED_BYTES = 50 * tabular.MB
FORMATS = ("csv", "xlsx")

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "mentor_email",
    "manager_email",
    "lecturer_email",
    "service",
    "specialism",
    "band",
    "previous_role",
    "why_applied",
)
SUPPORTER_COLUMNS = ("mentor_email", "manager_email", "lecturer_email")
MAX_LENGTHS = {"first_name": 150, "last_name": 150, "email": 254, "service": 120, "previous_role": 200}

EXAMPLE_ROW = {
    "email": "jo.bloggs@example.nhs.uk",
    "first_name": "Jo",
    "last_name": "Bloggs",
    "mentor_email": "sam.okafor@example.nhs.uk;alex.kay@example.nhs.uk",
    "manager_email": "pat.lee@example.nhs.uk",
    "lecturer_email": "dr.rivers@example.ac.uk",
    "service": "Willow Ward",
    "specialism": "Inpatient mental health",
    "band": "3",
    "previous_role": "Healthcare support worker",
    "why_applied": "To grow my clinical skills and stay in the team.",
}


def column_guide():
    """What each column means, for the import page."""
    specialisms = ", ".join(label for _, label in Enrolment.Specialism.choices)
    return [
        (
            "email",
            "Required",
            "The trainee's email address. Someone who already has an account with it "
            "(in any capitals) is matched, not duplicated.",
        ),
        ("first_name", "For new people", "Needed when no one has an account with the email yet."),
        ("last_name", "For new people", "Needed when no one has an account with the email yet."),
        ("mentor_email", "Optional", "Email of each mentor; separate several with ;"),
        ("manager_email", "Optional", "Email of their manager."),
        ("lecturer_email", "Optional", "Email of their university lecturer."),
        ("service", "Optional", "Service or ward, up to 120 characters."),
        ("specialism", "Optional", f"One of: {specialisms}."),
        ("band", "Optional", "Current Agenda for Change band, a whole number from 1 to 9."),
        ("previous_role", "Optional", "Their role before the apprenticeship, up to 200 characters."),
        ("why_applied", "Optional", "Why they applied, in their words."),
    ]


@dataclass
class TraineeRow:
    row: int
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    mentor_emails: list[str] = field(default_factory=list)
    manager_email: str = ""
    lecturer_email: str = ""
    service: str = ""
    specialism: str = ""
    band: int | None = None
    previous_role: str = ""
    why_applied: str = ""
    repeats_row: int | None = None  # the same email is on an earlier row

    def details(self):
        return {
            "service": self.service,
            "specialism": self.specialism,
            "band": self.band,
            "previous_role": self.previous_role,
            "why_applied": self.why_applied,
        }


@dataclass
class TraineeFile:
    rows: list[TraineeRow]
    problems: tabular.Problems  # rows whose values are wrong, found without looking at any account

    def emails(self):
        """Every address the file names: the trainees' and their supporters'."""
        return [
            email
            for row in self.rows
            for email in (row.email, row.manager_email, row.lecturer_email, *row.mentor_emails)
        ]


# --- Reading each row's values -------------------------------------------------------------------------


def is_email(value):
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= MAX_LENGTHS["email"]


def _band(value):
    text = value.lower().removeprefix("band").strip().removesuffix(".0")
    return int(text) if re.fullmatch(r"0?[1-9]", text) else None


def _specialism(value):
    wanted = " ".join(value.lower().replace("_", " ").split())
    for choice, label in Enrolment.Specialism.choices:
        if wanted in (choice.replace("_", " "), label.lower()):
            return choice
    return None


def _emails(value):
    return list(dict.fromkeys(e for e in re.split(r"[;,\s]+", value) if e))


def _read_row(number, cells, problems):
    values = {name: tabular.text(value) for name, value in cells.items()}
    row = TraineeRow(row=number)

    def problem(column, message):
        problems.add(number, column, message)

    for name in ("email", "first_name", "last_name", "service", "previous_role", "why_applied"):
        setattr(row, name, values.get(name, ""))
    for name in ("first_name", "last_name"):
        setattr(row, name, " ".join(getattr(row, name).split()))
    if not row.email:
        problem("email", "Missing: every trainee needs an email address.")
    elif not is_email(row.email):
        problem("email", f"“{row.email}” is not an email address.")
    for name, limit in MAX_LENGTHS.items():
        if name != "email" and len(getattr(row, name)) > limit:
            problem(name, f"Longer than {limit} characters.")
    for column in SUPPORTER_COLUMNS:
        emails = _emails(values.get(column, ""))
        bad = [e for e in emails if not is_email(e)]
        for email in bad:
            problem(column, f"“{email}” is not an email address.")
        if column != "mentor_email" and len(emails) > 1:
            problem(column, "Give one email address only.")
        if row.email and any(e.lower() == row.email.lower() for e in emails):
            problem(column, "This is the trainee's own email: no one can support themself.")
        emails = [e for e in emails if e not in bad]
        if column == "mentor_email":
            row.mentor_emails = emails
        else:
            setattr(row, column, emails[0] if len(emails) == 1 else "")
    band = values.get("band", "")
    if band:
        row.band = _band(band)
        if row.band is None:
            problem("band", f"“{band}” is not a band: give a whole number from 1 to 9.")
    specialism = values.get("specialism", "")
    if specialism:
        row.specialism = _specialism(specialism) or ""
        if not row.specialism:
            labels = ", ".join(label for _, label in Enrolment.Specialism.choices)
            problem("specialism", f"Unknown specialism “{specialism}”: use one of {labels}.")
    return row


def read_trainee_file(*, name, content):
    """Reads a CSV or .xlsx file of trainees without touching the database.

    Raises ImportRefused if the file as a whole is refused; otherwise returns every row, with the problems
    found in their values (services.import_trainees adds those found by looking at accounts).
    """
    table = tabular.read_table(
        name=name,
        content=content,
        formats=FORMATS,
        columns=tabular.Columns(COLUMNS, required=("email",)),
        noun="trainees",
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked=MAX_UNPACKED_BYTES,
        empty_hint="download the template to see them",
    )
    problems, rows, first_seen = table.problems, [], {}
    for cells in table.rows:
        row = _read_row(cells.number, cells.values, problems)
        key = row.email.lower()
        if key and key in first_seen:
            problems.add(row.row, "email", f"Also in row {first_seen[key]}: list each trainee once.")
            row.repeats_row = first_seen[key]
        first_seen.setdefault(key, row.row)
        rows.append(row)
    return TraineeFile(rows=rows, problems=problems)


def template_rows():
    """The downloadable template: the column names and one example row."""
    return [list(COLUMNS), [EXAMPLE_ROW[name] for name in COLUMNS]]
