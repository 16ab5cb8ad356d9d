"""Bringing trainees into a cohort: one at a time (``add_trainee``) or from a CSV or Excel file
(``import_trainees``).

A file is read and checked in full before anything is saved. Reading (``read_trainee_file``) needs no
database: it refuses a file that is the wrong type, too large or has unknown columns, and notes every row
whose values are wrong. The service then checks each row against the accounts that exist (is the trainee
already on the cohort, in another organisation, do the supporters have accounts) and either enrols every
row or raises ``TraineeImportError`` naming every bad row, its column and the reason. Nothing is half-done.
"""

import csv
import difflib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl.utils.exceptions import InvalidFileException

from .models import Enrolment
from .services import enrol, find_or_create_person, find_person

User = get_user_model()

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# An .xlsx is a zip of XML; refuse one that would unpack to far more than a trainee list could need.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
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


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, {self.column}" if self.row is not None else "File"
        return f"{where}: {self.message}"


class TraineeImportError(Exception):
    """The file was refused; ``problems`` lists every reason, each with its row and column."""

    def __init__(self, problems):
        order = {name: i for i, name in enumerate(COLUMNS)}
        self.problems = sorted(
            problems, key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)))
        )
        super().__init__("; ".join(str(p) for p in self.problems))


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
    problems: list[Problem]  # rows whose values are wrong, found without looking at any account


# --- Reading: what kind of file is it? ------------------------------------------------------------------


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _kind_of(content):
    """What the bytes are, whatever the file is called."""
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "binary"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        return "word" if "word/document.xml" in names else "zip"
    if content.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    if b"\x00" in content:
        return "binary"
    if content.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        return "html"
    return "text"


WRONG_KIND = {
    "pdf": "The file is a PDF, not a spreadsheet. Upload the .csv or .xlsx file itself.",
    "xls": "The file is an old-style Excel workbook (.xls). In Excel, save it as .xlsx or as CSV UTF-8.",
    "ods": "The file is an OpenDocument spreadsheet (.ods). Save it as .xlsx or as CSV UTF-8.",
    "word": "The file is a Word document, not a spreadsheet. Use the template: a .csv or .xlsx file.",
    "html": "The file is a web page or XML, not CSV. Save the spreadsheet as CSV UTF-8 or .xlsx.",
    "utf16": "The file is Unicode text (UTF-16), not CSV. In Excel, save it as CSV UTF-8 (comma delimited).",
    "zip": "The file is a zip archive, not a spreadsheet. Upload the .csv or .xlsx file itself.",
    "binary": "The file is not a CSV or Excel file.",
}


def _refuse(message):
    raise TraineeImportError([Problem(None, "file", message)])


def _check_type(name, content):
    extension, kind = _extension(name), _kind_of(content)
    if extension not in FORMATS:
        _refuse("Choose a .csv or .xlsx file (a spreadsheet saved as CSV UTF-8 or as an Excel workbook).")
    if kind in WRONG_KIND:
        _refuse(WRONG_KIND[kind])
    if extension == "csv" and kind == "xlsx":
        _refuse("The file is named .csv but is an Excel workbook: rename it .xlsx, or save it as CSV UTF-8.")
    if extension == "xlsx" and kind != "xlsx":
        _refuse("The file is named .xlsx but is not an Excel workbook. Save it from Excel as .xlsx.")
    return extension


# --- Reading: the table in the file ------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _csv_table(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("The file is not UTF-8 text. In Excel, use Save As and choose CSV UTF-8 (comma delimited).")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        _refuse(f"The file cannot be read as CSV ({exc}).")


# What a damaged workbook makes openpyxl raise (xml.etree's ParseError is a SyntaxError).
UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError, InvalidFileException)


def _xlsx_table(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            _refuse("The workbook is too large once unpacked; keep only the trainees' rows in it.")
    try:
        with warnings.catch_warnings():
            # Workbooks saved by other programs often lack styles openpyxl expects; that is harmless here.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE:
        _refuse("The workbook cannot be read. Open it in Excel, save it as .xlsx and try again.")
    try:
        if not book.worksheets:
            _refuse("The workbook has no worksheet.")
        yield from book.worksheets[0].iter_rows(values_only=True)
    except UNREADABLE:
        _refuse("The first worksheet cannot be read. Open it in Excel, save it as .xlsx and try again.")
    finally:
        book.close()


def _header(cells):
    """Maps each cell position to a known column; refuses the file for unknown or repeated columns."""
    names = [re.sub(r"[\s-]+", "_", _text(cell).lower()) for cell in cells]
    known, unknown, repeated = {}, [], []
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            unknown.append(name)
        elif name in known.values():
            repeated.append(name)
        else:
            known[index] = name
    if len(names) == 1 and any(sep in names[0] for sep in ";\t"):
        _refuse(
            "The columns are separated by semicolons or tabs. Save the file as CSV UTF-8 (comma delimited)."
        )
    problems = []
    for name in unknown:
        guess = difflib.get_close_matches(name, COLUMNS, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        problems.append(Problem(None, "columns", f"Unknown column “{name}”{hint}."))
    for name in repeated:
        problems.append(Problem(None, "columns", f"The column “{name}” appears more than once."))
    if "email" not in known.values():
        problems.append(Problem(None, "columns", "There is no email column: row 1 must name the columns."))
    if unknown:
        problems.append(Problem(None, "columns", f"The columns you can use are: {', '.join(COLUMNS)}."))
    if problems:
        raise TraineeImportError(problems)
    return known


def _raw_rows(table):
    """(row number as a spreadsheet shows it, {column: text}, [unnamed columns with a value]) per row."""
    table = iter(table)
    header = next(table, None)
    if header is None or not any(_text(c) for c in header):
        _refuse("The file is empty: row 1 must name the columns (download the template to see them).")
    known = _header(header)
    rows = []
    for number, cells in enumerate(table, start=2):
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            _refuse(f"The file has more than {MAX_ROWS:,} trainees. Import at most {MAX_ROWS:,} at a time.")
        values = {name: texts[i] if i < len(texts) else "" for i, name in known.items()}
        stray = [_column_letter(i) for i, text in enumerate(texts) if text and i not in known]
        rows.append((number, values, stray))
    if not rows:
        _refuse("The file has no trainees in it, only the row of column names.")
    return rows


# --- Reading: each row's values ------------------------------------------------------------------------


def _is_email(value):
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


def _read_row(number, values, stray, problems):
    row = TraineeRow(row=number)

    def problem(column, message):
        problems.append(Problem(number, column, message))

    for letter in stray:
        problem(f"column {letter}", "Has a value but no column name in row 1 (an unquoted comma?).")
    for name in ("email", "first_name", "last_name", "service", "previous_role", "why_applied"):
        setattr(row, name, values.get(name, ""))
    for name in ("first_name", "last_name"):
        setattr(row, name, " ".join(getattr(row, name).split()))
    if not row.email:
        problem("email", "Missing: every trainee needs an email address.")
    elif not _is_email(row.email):
        problem("email", f"“{row.email}” is not an email address.")
    for name, limit in MAX_LENGTHS.items():
        if name != "email" and len(getattr(row, name)) > limit:
            problem(name, f"Longer than {limit} characters.")
    for column in SUPPORTER_COLUMNS:
        emails = _emails(values.get(column, ""))
        bad = [e for e in emails if not _is_email(e)]
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

    Raises TraineeImportError if the file as a whole is refused; otherwise returns every row, with the
    problems found in their values (the service adds those found by looking at accounts).
    """
    if len(content) > MAX_FILE_BYTES:
        _refuse("The file is larger than 2 MB.")
    table = _csv_table(content) if _check_type(name, content) == "csv" else _xlsx_table(content)
    problems, rows, first_seen = [], [], {}
    for number, values, stray in _raw_rows(table):
        row = _read_row(number, values, stray, problems)
        key = row.email.lower()
        if key and key in first_seen:
            problems.append(
                Problem(number, "email", f"Also in row {first_seen[key]}: list each trainee once.")
            )
            row.repeats_row = first_seen[key]
        first_seen.setdefault(key, number)
        rows.append(row)
    return TraineeFile(rows=rows, problems=problems)


# --- Checking people against the accounts that exist ----------------------------------------------------


class _People:
    """Accounts looked up by email (as find_person does) and their organisations, each asked for once."""

    def __init__(self):
        self._by_email, self._organisations = {}, {}

    def get(self, email):
        key = email.lower()
        if key not in self._by_email:
            self._by_email[key] = find_person(email=email)
        return self._by_email[key]

    def organisations(self, person):
        if person.pk not in self._organisations:
            self._organisations[person.pk] = set(person.memberships.values_list("organisation_id", flat=True))
        return self._organisations[person.pk]


def _trainee_problems(cohort, person, first_name, last_name, people):
    """(column, reason) for each reason this email's person cannot join the cohort."""
    if person is None:
        missing = [
            name for name, value in (("first_name", first_name), ("last_name", last_name)) if not value
        ]
        return [(name, "Needed, as no one has an account with this email yet.") for name in missing]
    organisations = people.organisations(person)
    if organisations and cohort.organisation_id not in organisations:
        # Not named: people of one organisation must not learn about another's.
        return [
            (
                "email",
                "This email belongs to a person in another organisation; they cannot be added here. "
                "If they have moved to your organisation, ask a site administrator.",
            )
        ]
    if not person.is_active:
        return [("email", f"{person}'s account is switched off; ask a site administrator.")]
    if Enrolment.objects.filter(cohort=cohort, trainee=person).exists():
        return [("email", f"{person} is already on this cohort.")]
    return []


def _supporter_problem(cohort, supporter, column, trainee, people):
    """The reason this person cannot support the trainee, or None."""
    if trainee is not None and supporter.pk == trainee.pk:
        return "This is the trainee themself: no one can support themself."
    organisations = people.organisations(supporter)
    allowed = {cohort.organisation_id}
    if column == "lecturer_email":
        allowed.add(cohort.programme.university_id)
    if organisations and not organisations & allowed:
        where = "your organisation or the programme's university" if column == "lecturer_email" else "yours"
        return f"{supporter.email} belongs to a person in another organisation, not {where}."
    if not supporter.is_active:
        return f"{supporter}'s account is switched off; ask a site administrator."
    return None


def _check_accounts(cohort, rows, people):
    problems = []
    for row in rows:
        readable = bool(row.email) and _is_email(row.email)
        person = people.get(row.email) if readable else None
        if readable and row.repeats_row is None:
            for column, message in _trainee_problems(cohort, person, row.first_name, row.last_name, people):
                problems.append(Problem(row.row, column, message))
        for column in SUPPORTER_COLUMNS:
            emails = row.mentor_emails if column == "mentor_email" else [getattr(row, column)]
            for email in filter(None, emails):
                if row.email and email.lower() == row.email.lower():
                    continue  # already reported while reading
                supporter = people.get(email)
                if supporter is None:
                    message = f"No one has an account with {email}: add them to the portal first."
                else:
                    message = _supporter_problem(cohort, supporter, column, person, people)
                if message:
                    problems.append(Problem(row.row, column, message))
    return problems


# --- Services --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    enrolments: list
    created: int
    matched: int


@transaction.atomic
def import_trainees(*, cohort, upload_name, content, by):
    """Enrols every trainee in the file on the cohort, or raises TraineeImportError and saves nothing."""
    parsed = read_trainee_file(name=upload_name, content=content)
    people = _People()
    problems = parsed.problems + _check_accounts(cohort, parsed.rows, people)
    if problems:
        raise TraineeImportError(problems)
    enrolments, created_count = [], 0
    for row in parsed.rows:
        try:
            trainee, created = find_or_create_person(
                email=row.email, first_name=row.first_name, last_name=row.last_name
            )
            enrolment = enrol(
                cohort=cohort,
                trainee=trainee,
                by=by,
                mentors=[people.get(e) for e in row.mentor_emails],
                manager=people.get(row.manager_email) if row.manager_email else None,
                lecturer=people.get(row.lecturer_email) if row.lecturer_email else None,
                **row.details(),
            )
        except ValidationError as exc:
            # Checked above, so this is a surprise (say, someone else enrolled them meanwhile); roll back.
            raise TraineeImportError([Problem(row.row, "email", m) for m in exc.messages]) from exc
        enrolments.append(enrolment)
        created_count += created
    return ImportResult(enrolments=enrolments, created=created_count, matched=len(enrolments) - created_count)


# Where each import column's problems go on the add-a-trainee form.
FORM_FIELDS = {"mentor_email": "mentors", "manager_email": "manager", "lecturer_email": "lecturer"}


@dataclass(frozen=True)
class Added:
    enrolment: Enrolment
    created: bool


@transaction.atomic
def add_trainee(
    *, cohort, by, email, first_name="", last_name="", mentors=(), manager=None, lecturer=None, **details
):
    """Enrols one person, matched by email or given a new account; ValidationError names the fields."""
    people = _People()
    person = people.get(email)
    errors = {}
    for column, message in _trainee_problems(cohort, person, first_name.strip(), last_name.strip(), people):
        errors.setdefault(column, []).append(message)
    chosen = [("mentor_email", m) for m in mentors] + [
        (column, p) for column, p in (("manager_email", manager), ("lecturer_email", lecturer)) if p
    ]
    for column, supporter in chosen:
        message = _supporter_problem(cohort, supporter, column, person, people)
        if message:
            errors.setdefault(FORM_FIELDS[column], []).append(message)
    if errors:
        raise ValidationError(errors)
    trainee, created = find_or_create_person(email=email, first_name=first_name, last_name=last_name)
    enrolment = enrol(
        cohort=cohort, trainee=trainee, by=by, mentors=mentors, manager=manager, lecturer=lecturer, **details
    )
    return Added(enrolment=enrolment, created=created)


def template_rows():
    """The downloadable template: the column names and one example row."""
    return [list(COLUMNS), [EXAMPLE_ROW[name] for name in COLUMNS]]
