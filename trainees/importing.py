"""Bringing trainees into a cohort: one at a time (``add_trainee``) or from a CSV or Excel file
(``import_trainees``).

A file is read and checked in full before anything is saved. Reading (``read_trainee_file``) needs no
database: it refuses a file that is the wrong type, too large or has unknown columns, and notes every row
whose values are wrong. The service then checks each row against the accounts that exist (is the trainee
already on the cohort, in another organisation, do the supporters have accounts) and either enrols every
row or raises ``TraineeImportError`` naming every bad row, its column and the reason. Nothing is half-done.
"""

import datetime
import difflib
import logging
import math
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership
from core import uploads

from .models import Enrolment, ImportJob, LearningContract, StatusChange
from .services import (
    contract_template,
    enrol,
    find_or_create_person,
    supporter_problems,
)

User = get_user_model()
logger = logging.getLogger(__name__)

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


def _refuse(message):
    raise TraineeImportError([Problem(None, "file", message)])


def _as_problem(refusal):
    column = refusal.column or "file"
    return TraineeImportError([Problem(refusal.row, column, refusal.message)])


def _check_type(name, content):
    with uploads.refusals_as(_as_problem):
        return uploads.check_type(
            name,
            content,
            formats=FORMATS,
            choose="Choose a .csv or .xlsx file (a spreadsheet saved as CSV UTF-8 or as an Excel workbook).",
        )


# --- Reading: the table in the file ------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_column_letter = uploads.column_letter


def _csv_table(content):
    with uploads.refusals_as(_as_problem):
        yield from uploads.csv_rows(content)


def _xlsx_table(content):
    with uploads.refusals_as(_as_problem):
        yield from uploads.xlsx_rows(content, max_unpacked=MAX_UNPACKED_BYTES)


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

# Where each import column's supporters go in supporter_problems and on the add-a-trainee form, and back.
SUPPORTER_FIELDS = {"mentor_email": "mentors", "manager_email": "manager", "lecturer_email": "lecturer"}
COLUMN_OF = {name: column for column, name in SUPPORTER_FIELDS.items()}
SECOND_COHORT_LABEL = "Enrol on a second cohort deliberately"
ROLE_OF = {
    "mentors": Membership.Role.MENTOR,
    "manager": Membership.Role.MANAGER,
    "lecturer": Membership.Role.LECTURER,
}


class _People:
    """Everyone a file names, with memberships and current enrolments: three queries for any length."""

    def __init__(self, cohort, emails):
        keys = {email.lower() for email in emails if email}
        found = User.objects.annotate(key=Lower("email")).filter(key__in=keys) if keys else []
        self._by_email = {person.email.lower(): person for person in found}
        ids = [person.pk for person in self._by_email.values()]
        self.organisations = defaultdict(set)
        self.roles = set()  # (person id, role) held in the cohort's organisation
        memberships = Membership.objects.filter(user_id__in=ids)
        for user_id, organisation_id, role in memberships.values_list("user_id", "organisation_id", "role"):
            self.organisations[user_id].add(organisation_id)
            if organisation_id == cohort.organisation_id:
                self.roles.add((user_id, role))
        # The organisation's members among these people: all supporter_problems needs to know of it.
        self.member_ids = {user_id for user_id, _ in self.roles}
        self.on_cohort, self.active_on = set(), {}
        current = Enrolment.objects.filter(Q(cohort=cohort) | Q(status=Enrolment.Status.ACTIVE))
        for enrolment in current.filter(trainee_id__in=ids).select_related("cohort"):
            if enrolment.cohort_id == cohort.pk:
                self.on_cohort.add(enrolment.trainee_id)
            else:
                self.active_on.setdefault(enrolment.trainee_id, enrolment.cohort)

    def get(self, email):
        return self._by_email.get(email.lower()) if email else None


def _trainee_problems(cohort, person, first_name, last_name, people, second_cohort=False):
    """(column, reason) for each reason this email's person cannot join the cohort."""
    if person is None:
        missing = [
            name for name, value in (("first_name", first_name), ("last_name", last_name)) if not value
        ]
        return [(name, "Needed, as no one has an account with this email yet.") for name in missing]
    organisations = people.organisations[person.pk]
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
    if person.pk in people.on_cohort:
        return [("email", f"{person} is already on this cohort.")]
    elsewhere = people.active_on.get(person.pk)
    if elsewhere is not None and not second_cohort:
        # Two active enrolments make two portfolios; only a lead who means it may do that.
        ours = elsewhere.organisation_id == cohort.organisation_id
        where = elsewhere.name if ours else "a cohort of another organisation"
        return [
            (
                "email",
                f"{person} is already active on {where}: transfer them, or tick “{SECOND_COHORT_LABEL}”.",
            )
        ]
    return []


def _supporters(row, people):
    """The accounts a row names as supporters (by supporter_problems' names); a problem per unknown email."""
    chosen, problems = {"mentors": [], "manager": None, "lecturer": None}, []
    for column, name in SUPPORTER_FIELDS.items():
        emails = row.mentor_emails if column == "mentor_email" else [getattr(row, column)]
        for email in filter(None, emails):
            if row.email and email.lower() == row.email.lower():
                continue  # already reported while reading
            supporter = people.get(email)
            if supporter is None:
                message = f"No one has an account with {email}: add them to the portal first."
                problems.append(Problem(row.row, column, message))
            elif name != "mentors":
                chosen[name] = supporter
            elif supporter not in chosen["mentors"]:
                chosen["mentors"].append(supporter)
    return chosen, problems


@dataclass
class _Planned:
    """A row that passed every check: who the trainee is (None: a new account) and the enrolment to make."""

    row: TraineeRow
    person: object
    mentors: list
    enrolment: Enrolment


def _enrolment_problems(row, enrolment):
    # The values were checked while reading; the model's own rules have the last word, without queries.
    try:
        enrolment.clean_fields(exclude=["trainee", "cohort", "manager", "lecturer"])
    except ValidationError as exc:
        return [Problem(row.row, name, m) for name, messages in exc.message_dict.items() for m in messages]
    return []


def _check_accounts(cohort, rows, people, second_cohort=False):
    """Every row's problems, and the enrolments to make when there are none."""
    organisation, plans, problems = cohort.organisation, [], []
    for row in rows:
        readable = bool(row.email) and _is_email(row.email)
        person = people.get(row.email) if readable else None
        if readable and row.repeats_row is None:
            for column, message in _trainee_problems(
                cohort, person, row.first_name, row.last_name, people, second_cohort
            ):
                problems.append(Problem(row.row, column, message))
        chosen, unknown = _supporters(row, people)
        problems += unknown
        refused = supporter_problems(
            organisation=organisation, trainee=person, member_ids=people.member_ids, **chosen
        )
        for name, reasons in refused.items():
            problems += [Problem(row.row, COLUMN_OF[name], reason) for reason in reasons]
        enrolment = Enrolment(
            cohort=cohort, manager=chosen["manager"], lecturer=chosen["lecturer"], **row.details()
        )
        problems += _enrolment_problems(row, enrolment)
        plans.append(_Planned(row=row, person=person, mentors=chosen["mentors"], enrolment=enrolment))
    return plans, problems


# --- Saving: everything in a few bulk inserts, whatever the size of the file -------------------------------


def _username_base(email):
    # As services.find_or_create_person makes them: the part before the @, lower case, safe characters.
    base = "".join(c for c in email.split("@")[0].lower() if c.isalnum() or c in "._-")
    return base[:140] or "trainee"


def _usernames_taken(bases):
    if not bases:
        return set()
    starts = reduce(operator.or_, (Q(username__istartswith=base) for base in bases))
    return {name.lower() for name in User.objects.filter(starts).values_list("username", flat=True)}


def _new_accounts(plans):
    """Makes an account, without a password, for each planned row whose email no one has yet."""
    plans = [plan for plan in plans if plan.person is None]
    taken = _usernames_taken({_username_base(plan.row.email) for plan in plans})
    for plan in plans:
        base = _username_base(plan.row.email)
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        person = User(
            username=username,
            email=plan.row.email,
            first_name=plan.row.first_name,
            last_name=plan.row.last_name,
        )
        person.set_unusable_password()
        try:
            person.full_clean(validate_unique=False, validate_constraints=False)  # uniqueness: checked above
        except ValidationError as exc:
            columns = {name: name if name in COLUMNS else "email" for name in exc.message_dict}
            problems = [
                Problem(plan.row.row, columns[n], m) for n, ms in exc.message_dict.items() for m in ms
            ]
            raise TraineeImportError(problems) from exc
        plan.person = person
    User.objects.bulk_create([plan.person for plan in plans])
    return len(plans)


def _link_mentors(plans, history):
    through = Enrolment.mentors.through
    links = through.objects.bulk_create(
        [through(enrolment=plan.enrolment, user=mentor) for plan in plans for mentor in plan.mentors]
    )
    if history:
        # As a mentor change does one by one: the enrolment's history records who its mentors were.
        mentors_then = Enrolment.history.model.mentors.model
        record_of = {record.id: record for record in history}
        mentors_then.objects.bulk_create(
            [
                mentors_then(
                    history=record_of[link.enrolment_id],
                    id=link.pk,
                    enrolment_id=link.enrolment_id,
                    user_id=link.user_id,
                )
                for link in links
            ]
        )


def _grant_roles(cohort, plans, people, by):
    """Each person's role in the organisation, granted once however many rows name them."""
    wanted = {}
    for plan in plans:
        wanted.setdefault((plan.person.pk, Membership.Role.TRAINEE), plan.person)
        enrolment = plan.enrolment
        for name, supporters in (
            ("mentors", plan.mentors),
            ("manager", [enrolment.manager]),
            ("lecturer", [enrolment.lecturer]),
        ):
            for supporter in filter(None, supporters):
                wanted.setdefault((supporter.pk, ROLE_OF[name]), supporter)
    new = [
        Membership(user=person, organisation_id=cohort.organisation_id, role=role)
        for (person_id, role), person in wanted.items()
        if (person_id, role) not in people.roles
    ]
    if new:
        bulk_create_with_history(new, Membership, default_user=by)


def _save(cohort, plans, people, by):
    """Enrols every planned row as services.enrol does one at a time, in bulk."""
    created = _new_accounts(plans)
    for plan in plans:
        plan.enrolment.trainee = plan.person
    enrolments = Enrolment.objects.bulk_create([plan.enrolment for plan in plans])
    history = Enrolment.history.bulk_history_create(enrolments, default_user=by)
    _link_mentors(plans, history)
    _grant_roles(cohort, plans, people, by)
    StatusChange.objects.bulk_create(
        StatusChange(
            enrolment=enrolment,
            status=enrolment.status,
            changed_on=cohort.start_date,
            note="Enrolled",
            changed_by=by,
        )
        for enrolment in enrolments
    )
    # Each contract starts as a copy of the organisation's template, as services.enrol starts one.
    template = contract_template(cohort.organisation)
    text = {name: getattr(template, name, "") for name in LearningContract.CONTENT_FIELDS}
    LearningContract.objects.bulk_create(
        LearningContract(enrolment=enrolment, created_by=by, **text) for enrolment in enrolments
    )
    return ImportResult(enrolments=enrolments, created=created, matched=len(enrolments) - created)


# --- Services --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    enrolments: list
    created: int
    matched: int


CHANGED_MEANWHILE = (
    "Someone changed these people or this cohort while the file was being imported, so nothing was saved. "
    "Upload the file again."
)


def enrol_rows(*, cohort, parsed, by, second_cohort=False):
    """Enrols every row of a file already read, or raises TraineeImportError and saves nothing."""
    rows = parsed.rows
    emails = [row.email for row in rows] + [row.manager_email for row in rows]
    emails += [row.lecturer_email for row in rows] + [email for row in rows for email in row.mentor_emails]
    try:
        with transaction.atomic():
            people = _People(cohort, emails)
            plans, problems = _check_accounts(cohort, rows, people, second_cohort)
            if parsed.problems or problems:
                raise TraineeImportError(parsed.problems + problems)
            return _save(cohort, plans, people, by)
    except IntegrityError as exc:
        # Checked above, so this is a surprise (say, someone enrolled one of them meanwhile); all rolled back.
        raise TraineeImportError([Problem(None, "file", CHANGED_MEANWHILE)]) from exc


def import_trainees(*, cohort, upload_name, content, by, second_cohort=False):
    """Enrols every trainee in the file on the cohort, or raises TraineeImportError and saves nothing."""
    parsed = read_trainee_file(name=upload_name, content=content)
    return enrol_rows(cohort=cohort, parsed=parsed, by=by, second_cohort=second_cohort)


# --- Large files: imported by a worker, with progress --------------------------------------------------


QUEUE_DOWN = (
    "The file could not be queued for import: the background service is not answering. "
    "Nothing was imported; try again in a few minutes."
)


class QueueUnavailable(Exception):
    pass


def start_import(*, cohort, upload_name, content, by, second_cohort=False):
    """Imports a small file at once, returning its ImportResult; queues a larger one, returning its ImportJob.

    A file refused as a whole is refused at once either way. Call it outside a transaction: the job must be
    saved before a worker looks for it.
    """
    parsed = read_trainee_file(name=upload_name, content=content)
    if len(parsed.rows) <= settings.TRAINEE_IMPORT_BACKGROUND_ROWS:
        return enrol_rows(cohort=cohort, parsed=parsed, by=by, second_cohort=second_cohort)
    job = ImportJob.objects.create(
        cohort=cohort,
        requested_by=by,
        filename=upload_name[-200:],
        content=content,
        rows=len(parsed.rows),
        second_cohort=second_cohort,
    )
    _enqueue(job)
    return job


def _enqueue(job):
    from .tasks import import_trainees_job

    try:
        import_trainees_job.apply_async(args=[job.pk], retry=False)
    except Exception as exc:  # noqa: BLE001 - as reports: any failure to queue is the same to the lead
        logger.error("Could not queue import job %s: %r", job.pk, exc)
        _end(job.pk, ImportJob.Status.FAILED, error=QUEUE_DOWN)
        raise QueueUnavailable(QUEUE_DOWN) from exc


def lease_seconds():
    # Longer than the task may run, and no longer than the broker's visibility timeout (see settings).
    return math.ceil(settings.CELERY_TASK_TIME_LIMIT * 1.15)


def claim_job(job_id):
    """Takes the job for this worker unless a live worker holds it; one whose worker died is taken over
    (nothing of it was saved: the import is one transaction)."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=lease_seconds())
    free = Q(status=ImportJob.Status.QUEUED) | Q(status=ImportJob.Status.RUNNING, lease_expires_at__lt=now)
    return bool(
        ImportJob.objects.filter(free, pk=job_id).update(
            status=ImportJob.Status.RUNNING,
            lease_expires_at=now + lease,
            started_at=now,
            attempts=F("attempts") + 1,
            progress=5,
            step="Started",
        )
    )


def _note_progress(job_id, percent, step):
    # Outside the import's transaction, so the page polling the job sees it at once.
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(progress=percent, step=step)


def _end(job_id, status, **outcome):
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        step=ImportJob.Status(status).label,
        finished_at=timezone.now(),
        lease_expires_at=None,
        content=b"",
        **outcome,
    )


def fail_job(job_id, message):
    _end(job_id, ImportJob.Status.FAILED, error=message)


def run_import_job(*, job_id):
    """The worker's part, once it has claimed the job: enrol every row or none, and record the outcome."""
    job = ImportJob.objects.select_related("cohort__organisation", "requested_by").get(pk=job_id)
    if job.requested_by is None:
        return fail_job(
            job_id, "The account of the person who uploaded the file has gone; nothing was imported."
        )
    try:
        _note_progress(job_id, 10, "Reading the file")
        parsed = read_trainee_file(name=job.filename, content=bytes(job.content))
        _note_progress(job_id, 30, f"Checking and enrolling {len(parsed.rows):,} trainees")
        with transaction.atomic():
            result = enrol_rows(
                cohort=job.cohort, parsed=parsed, by=job.requested_by, second_cohort=job.second_cohort
            )
            # In the same transaction: a worker that dies after the commit cannot import the file twice.
            _end(
                job_id,
                ImportJob.Status.DONE,
                enrolled=len(result.enrolments),
                created=result.created,
                matched=result.matched,
            )
    except TraineeImportError as exc:
        problems = [{"row": p.row, "column": p.column, "message": p.message} for p in exc.problems]
        _end(job_id, ImportJob.Status.FAILED, problems=problems)


def job_problems(job):
    return [Problem(**problem) for problem in job.problems]


# --- One at a time ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    enrolment: Enrolment
    created: bool


@transaction.atomic
def add_trainee(
    *,
    cohort,
    by,
    email,
    first_name="",
    last_name="",
    mentors=(),
    manager=None,
    lecturer=None,
    second_cohort=False,
    **details,
):
    """Enrols one person, matched by email or given a new account; ValidationError names the fields."""
    people = _People(cohort, [email])
    person = people.get(email)
    errors = {}
    for column, message in _trainee_problems(
        cohort, person, first_name.strip(), last_name.strip(), people, second_cohort
    ):
        errors.setdefault(column, []).append(message)
    refused = supporter_problems(
        organisation=cohort.organisation, trainee=person, mentors=mentors, manager=manager, lecturer=lecturer
    )
    for name, reasons in refused.items():
        errors.setdefault(name, []).extend(reasons)
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
