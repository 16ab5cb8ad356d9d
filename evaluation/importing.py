"""Importing a cohort's interview answers from a CSV or Excel file, all or nothing.

One row is one interview. The first columns say whose interview it was and how it was held; then one column
per question, named by the question's topic (as the question set words it, in any capitals, with spaces or
underscores: "Why they applied" is why_they_applied). A row's answers go to the questions of the current set
for its stage and respondent (or, for an interview already started, of the version it keeps).

The file is read through the reader every import shares (core.tabular: size, type, zip bombs, unsafe text, the
columns); every row is then checked and recorded through ``services`` (the same rules as the form: someone in
the cohort, a date on or after the cohort's start and not in the future, an interviewer of the organisation,
no completed interview twice) in one transaction. One problem anywhere refuses the file, naming its row and
column, and nothing is saved. Imported interviews are completed.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core import tabular

from . import services
from .models import Interview, Respondent, Stage

MAX_FILE_BYTES = 2 * tabular.MB
MAX_UNPACKED_BYTES = 20 * tabular.MB
MAX_ROWS = 500
FORMATS = ("csv", "xlsx")
FIXED_COLUMNS = ("interviewee", "respondent", "stage", "held_on", "interviewer", "consent", "notes")
REQUIRED = ("interviewee", "respondent", "stage", "held_on", "interviewer", "consent")
ALIASES = {"date": "held_on", "consent_given": "consent", "person": "interviewee"}
# What a service's ValidationError names, as the file's column.
FIELD_COLUMNS = {"consent_given": "consent", "__all__": None}

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def _key(value):
    return " ".join(str(value).lower().replace("_", " ").replace("-", " ").split())


def _choice(value, choices):
    wanted = _key(value)
    for choice, label in choices:
        if wanted in (_key(choice), _key(label)):
            return choice
    return None


STAGE_WORDS = {"start": Stage.START, "mid way": Stage.MIDWAY, "midway": Stage.MIDWAY}


def topic_column(topic):
    """The column a question's topic gives: "Why they applied" is why_they_applied."""
    return tabular.header(topic)


def question_sets(organisation):
    """{(stage, respondent): the current question set} (made on first use, as the recording page does)."""
    return {
        (stage, respondent): services.current_questions_for(organisation, stage, respondent)
        for respondent in Respondent.values
        for stage in Stage.values
    }


def topic_columns(organisation):
    """Every topic column the organisation's current question sets give, in the order they first appear."""
    names = []
    for question_set in question_sets(organisation).values():
        if question_set is not None:
            for question in question_set.questions.order_by("order"):
                name = topic_column(question.topic)
                if name and name not in names and name not in FIXED_COLUMNS:
                    names.append(name)
    return names


def column_guide():
    stages = ", ".join(f"{value} ({label.lower()})" for value, label in Stage.choices)
    return [
        ("interviewee", "Required", "The person interviewed: their username or email address."),
        ("respondent", "Required", "trainee or manager."),
        ("stage", "Required", f"One of: {stages}."),
        (
            "held_on",
            "Required",
            "The date of the interview, as 2026-03-14 or 14/03/2026: not before the cohort started, "
            "not in the future.",
        ),
        (
            "interviewer",
            "Required",
            "Who held it: the username or email address of a member of the organisation.",
        ),
        ("consent", "Required", "yes if they agreed that their answers may be counted and quoted, else no."),
        ("notes", "Optional", "Free notes about the interview."),
    ]


def template_rows(organisation, stage=Stage.START, respondent=Respondent.TRAINEE):
    """A template: the fixed columns, then the topic columns of the trainees' starting questions."""
    question_set = question_sets(organisation).get((stage, respondent))
    topics = [topic_column(q.topic) for q in question_set.questions.order_by("order")] if question_set else []
    example = [
        "jo.bloggs@example.nhs.uk",
        "trainee",
        "start",
        "2026-03-14",
        "pat.lee@example.nhs.uk",
        "yes",
        "",
    ]
    return [[*FIXED_COLUMNS, *topics], [*example, *["" for _ in topics]]]


# --- Reading ---------------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    row: int
    interviewee: object = None
    respondent: str = ""
    stage: str = ""
    held_on: datetime.date | None = None
    interviewer: object = None
    consent: bool | None = None
    notes: str = ""
    topics: dict = field(default_factory=dict)  # topic column -> answer text
    usable: bool = True


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = tabular.text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    return None


def _people(names):
    """{lowered username or email: person} for every name given."""
    wanted = {n.lower() for n in names if n}
    if not wanted:
        return {}
    User = get_user_model()
    found = {}
    query = Q()
    for name in wanted:
        query |= Q(username__iexact=name) | Q(email__iexact=name)
    for person in User.objects.filter(query):
        for name in (person.username.lower(), person.email.lower()):
            if name in wanted:
                found[name] = person
    return found


def read_answers_file(*, name, content, topics):
    """Every row of the file, with the problems found in its values; ``topics`` are the topic columns."""
    columns = tabular.Columns((*FIXED_COLUMNS, *topics), required=REQUIRED, aliases=ALIASES)
    table = tabular.read_table(
        name=name,
        content=content,
        formats=FORMATS,
        columns=columns,
        noun="interviews",
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked=MAX_UNPACKED_BYTES,
        empty_hint="download the template to see them",
    )
    problems = table.problems
    cells = [(r.number, r.values) for r in table.rows]
    people = _people(
        tabular.text(values.get(column)) for _, values in cells for column in ("interviewee", "interviewer")
    )
    rows = []
    for number, values in cells:
        row = AnswerRow(number)

        def problem(column, message, row=row, number=number):
            problems.add(number, column, message)
            row.usable = False

        for column in ("interviewee", "interviewer"):
            written = tabular.text(values.get(column))
            if not written:
                problem(column, "Missing: give a username or email address.")
            elif written.lower() not in people:
                problem(column, f"No one in the portal has the username or email “{written}”.")
            else:
                setattr(row, column, people[written.lower()])
        respondent = tabular.text(values.get("respondent"))
        row.respondent = _choice(respondent, Respondent.choices) or ""
        if not row.respondent:
            problem("respondent", f"“{respondent}” is not a respondent: use trainee or manager.")
        stage = tabular.text(values.get("stage"))
        row.stage = _choice(stage, Stage.choices) or STAGE_WORDS.get(_key(stage), "")
        if not row.stage:
            problem("stage", f"“{stage}” is not a stage: use {', '.join(Stage.values)}.")
        held_on = values.get("held_on")
        row.held_on = _date(held_on) if tabular.text(held_on) else None
        if not tabular.text(held_on):
            problem("held_on", "Missing: give the date of the interview.")
        elif row.held_on is None:
            problem("held_on", f"“{tabular.text(held_on)}” is not a date: write it as 2026-03-14.")
        consent = tabular.text(values.get("consent")).lower()
        row.consent = True if consent in YES else False if consent in NO else None
        if row.consent is None:
            problem("consent", f"“{consent}” is not yes or no." if consent else "Missing: give yes or no.")
        row.notes = tabular.text(values.get("notes"))
        row.topics = {t: tabular.text(values.get(t)) for t in topics if tabular.text(values.get(t))}
        rows.append(row)
    return rows, problems


# --- Checking and saving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    added: int  # interviews that were not scheduled yet
    completed: int  # every interview in the file, completed


def import_answers(*, cohort, by, upload_name, content):
    """Records every interview in the file, completed, or raises ImportRefused and saves nothing."""
    topics = topic_columns(cohort.organisation)
    rows, found = read_answers_file(name=upload_name, content=content, topics=topics)
    order = (*FIXED_COLUMNS, *topics)
    added = 0
    with tabular.all_or_nothing(found, columns=order) as problems:
        seen = {}
        for row in rows:
            if not row.usable:
                continue
            key = (row.interviewee.pk, row.respondent, row.stage)
            if key in seen:
                problems.add(row.row, "interviewee", f"The same interview is also in row {seen[key]}.")
                continue
            seen[key] = row.row
            try:
                with transaction.atomic():
                    added += _record_row(cohort, row, by)
            except ValidationError as exc:
                for column, messages in exc.message_dict.items():
                    for message in messages:
                        problems.add(row.row, FIELD_COLUMNS.get(column, column), message)
        problems.refuse_if_any()
    return ImportResult(added=added, completed=len(rows))


def _record_row(cohort, row, by):
    """Records one row's interview, completed; 1 if it had to be added first. Raises ValidationError."""
    interview = Interview.objects.filter(
        cohort=cohort, interviewee=row.interviewee, respondent=row.respondent, stage=row.stage
    ).first()
    added = 0
    if interview is None:
        interview = services.add_interview(
            cohort=cohort, interviewee=row.interviewee, respondent=row.respondent, stage=row.stage, by=by
        )
        added = 1
    elif interview.is_completed:
        stage = Stage(row.stage).label.lower()
        raise ValidationError(
            {"interviewee": f"{row.interviewee}'s {stage} interview is already completed: it cannot change."}
        )
    interview = services.start_interview(interview, by)
    by_topic = {topic_column(q.topic): q for q in interview.question_set.questions.all()}
    answers, errors = {}, {}
    for column, text in row.topics.items():
        question = by_topic.get(column)
        if question is None:
            label = f"{Respondent(row.respondent).label.lower()}s' {Stage(row.stage).label.lower()}"
            errors[column] = f"No question on this topic in the {label} questions: leave it empty."
        else:
            answers[question.pk] = text
    if errors:
        raise ValidationError(errors)
    services.record_interview(
        interview,
        held_on=row.held_on,
        interviewer=row.interviewer,
        consent_given=row.consent,
        answers=answers,
        notes=row.notes,
        by=by,
        complete=True,
    )
    return added
