"""Coding findings (issue 14, part 4): the codebook, coded passages, theme counts, quotes and the export.

Services change things (each checks its own rules and raises ValidationError with a plain message);
selectors read. Every count, quote and exported row reads through ``Interview.objects.counted()``: an
interview whose consent was never given or was withdrawn, or that is not completed, contributes nothing.

Themes are counted by name: a new version of the codebook makes new Theme rows, and passages coded with the
same-named theme of an older version count with it (a renamed theme counts apart, under its old name).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.templatetags.portal import SMALL_GROUP, at_least_small_group

from .models import Answer, Codebook, CodedPassage, Interview, Respondent, Stage, Theme

EXAMPLE_LABEL = "Example content from seed 000, written by the portal team"

# Seed 000's findings, in the order the brief names them; the descriptions are ours.
STARTER_THEMES = [
    ("Job satisfaction", "The role as a source of satisfaction in the work itself."),
    (
        "Stepping stone to nurse training",
        "The role seen as a way into registered nurse training.",
    ),
    (
        "Remuneration (gain or pay cut)",
        "Pay on the programme and after it: some gain, some take a pay cut.",
    ),
    (
        "Clarity of professional responsibility",
        "Where professional responsibility rests between the trainee and registered staff.",
    ),
    (
        "Protected study time consistency",
        "Whether protected study time is allocated, and allocated consistently.",
    ),
    (
        "Support to registered nurses",
        "The role supporting registered nurses in their work.",
    ),
    (
        "Balance of staffing",
        "Introducing the role carefully, keeping the right balance of staffing on the ward.",
    ),
    (
        "Career progression incentive",
        "The role as an incentive for support staff to progress in their careers.",
    ),
    (
        "Cover for protected learning time",
        "Finding cover for trainees while they are on protected learning time.",
    ),
    (
        "Impact on wards",
        "Changes on the wards as trainees gain confidence and take on more responsibility.",
    ),
    (
        "Trainee development",
        "Signs of the trainees' own development over the programme.",
    ),
]

STAGES = list(Stage)
RESPONDENTS = list(Respondent)


# --- The codebook ------------------------------------------------------------------------------------------


def current_codebook(organisation):
    """The organisation's newest codebook; the starter (version 1, our example content) if it has none."""
    newest = organisation.codebooks.order_by("-version").first()
    if newest is not None:
        return newest
    try:
        with transaction.atomic():
            codebook = Codebook.objects.create(organisation=organisation, version=1, is_example=True)
            Theme.objects.bulk_create(
                Theme(codebook=codebook, order=i, name=name, description=description)
                for i, (name, description) in enumerate(STARTER_THEMES, start=1)
            )
    except IntegrityError:  # another request made it first
        return organisation.codebooks.order_by("-version").first()
    return codebook


def _clean_name(name):
    return " ".join(str(name).split())


def theme_list_problems(themes):
    """Plain messages for what is wrong with a list of (name, description); empty when it may be saved."""
    problems = []
    names = [_clean_name(name) for name, _d in themes]
    if not names:
        problems.append("Keep at least one theme in the codebook.")
    seen = set()
    for name in names:
        if not name:
            problems.append("Every theme needs a name.")
        elif name.casefold() in seen:
            problems.append(f"“{name}” is in the codebook twice: give each theme its own name.")
        seen.add(name.casefold())
    return problems


@transaction.atomic
def save_codebook_version(*, organisation, themes, by):
    """Save ``themes`` ((name, description) pairs, in order) as the organisation's next codebook version.
    Passages already coded keep their theme of the version they were coded with."""
    problems = theme_list_problems(themes)
    if problems:
        raise ValidationError(problems)
    current = current_codebook(organisation)
    # Serialise editors of one organisation's codebook: the newest row is locked while the next is made.
    Codebook.objects.select_for_update().filter(pk=current.pk).first()
    newest = organisation.codebooks.order_by("-version").first()
    codebook = Codebook.objects.create(
        organisation=organisation, version=newest.version + 1, is_example=False, created_by=by
    )
    Theme.objects.bulk_create(
        Theme(codebook=codebook, order=i, name=_clean_name(name), description=str(description).strip())
        for i, (name, description) in enumerate(themes, start=1)
    )
    return codebook


def same_themes(codebook, themes):
    """Whether ``themes`` ((name, description) pairs) are what ``codebook`` already has."""
    have = [(t.name, t.description) for t in codebook.themes.all()]
    return have == [(_clean_name(n), str(d).strip()) for n, d in themes]


# --- Coding ------------------------------------------------------------------------------------------------


def _words(text):
    return " ".join(str(text).split())


def quote_is_from(answer_text, quote):
    """Whether the quote's words occur, in order and together, in the answer (whitespace aside)."""
    words = _words(quote)
    return bool(words) and words in _words(answer_text)


def coding_refusal(interview):
    """Why new passages of this interview may not be coded, or None."""
    if not interview.is_completed:
        return "This interview is not completed yet: code it once it is completed."
    if interview.consent_withdrawn_on is not None:
        return (
            f"The interviewee withdrew their consent on {interview.consent_withdrawn_on:%-d %B %Y}: "
            "their answers are kept out of every count and quote, and may not be coded."
        )
    if not interview.consent_given:
        return "The interviewee did not give consent: their answers may not be counted, quoted or coded."
    return None


@transaction.atomic
def code_passage(*, answer, theme, quote, by):
    """Mark a passage of an answer with a theme of the organisation's current codebook."""
    interview = Interview.objects.select_for_update().get(pk=answer.interview_id)
    refusal = coding_refusal(interview)
    if refusal:
        raise ValidationError(refusal)
    if theme.codebook_id != current_codebook(interview.cohort.organisation).pk:
        raise ValidationError({"theme": "Choose a theme of the current codebook."})
    if not quote_is_from(answer.text, quote):
        raise ValidationError({"quote": "The quote must be words from this answer"})
    return CodedPassage.objects.create(answer=answer, theme=theme, quote=_words(quote), coded_by=by)


def remove_passage(*, passage):
    passage.delete()


def answers_for_coding(interview):
    """The interview's answers with their questions and the passages already coded."""
    return (
        Answer.objects.filter(interview=interview)
        .select_related("question")
        .prefetch_related("coded_passages__theme", "coded_passages__coded_by")
        .order_by("question__order")
    )


# --- Counts and quotes of a cohort ------------------------------------------------------------------------


def _counted_passages(cohort):
    return CodedPassage.objects.filter(
        answer__interview__in=Interview.objects.counted().filter(cohort=cohort)
    )


@dataclass
class Quote:
    text: str
    stage: str
    stage_label: str
    respondent: str
    respondent_label: str
    interviewee: object
    interview_id: int
    topic: str


@dataclass
class ThemeRow:
    name: str
    description: str
    interviews: dict = field(default_factory=dict)  # (stage, respondent) -> set of interview ids
    quotes: list = field(default_factory=list)

    def count(self, stage, respondent=None):
        """Interviews with the theme at a stage (of one group, or of both): each interview once."""
        respondents = [respondent] if respondent else RESPONDENTS
        ids = set()
        for r in respondents:
            ids |= self.interviews.get((stage, r), set())
        return len(ids)

    @property
    def cells(self):
        """Counts in the table's column order: for each stage, trainees, managers, both."""
        return [
            (stage, respondent, self.count(stage, respondent))
            for stage in STAGES
            for respondent in (*RESPONDENTS, None)
        ]

    @property
    def start(self):
        return self.count(Stage.START)

    @property
    def qualification(self):
        return self.count(Stage.QUALIFICATION)

    @property
    def change(self):
        """From start to qualification, in interviews (both groups)."""
        return self.qualification - self.start

    @property
    def total(self):
        return len(set().union(*self.interviews.values())) if self.interviews else 0


@dataclass
class ThemeCounts:
    rows: list
    interviews: dict  # (stage, respondent) -> number of counted interviews

    @property
    def stages(self):
        return STAGES

    @property
    def respondents(self):
        return RESPONDENTS

    def row(self, name):
        return next((r for r in self.rows if r.name == name), None)

    @property
    def any_coded(self):
        return any(r.total for r in self.rows)

    @property
    def interview_cells(self):
        """Counted interviews in the table's column order: for each stage, trainees, managers, both."""
        return [
            (
                stage,
                respondent,
                self.interviews.get((stage, respondent), 0)
                if respondent
                else sum(self.interviews.get((stage, r), 0) for r in RESPONDENTS),
            )
            for stage in STAGES
            for respondent in (*RESPONDENTS, None)
        ]


def theme_counts(cohort):
    """For each theme, the interviews coded with it by stage and respondent group (an interview counted once
    per theme however many passages), the change from start to qualification, and the quotes behind them.
    The current codebook's themes first, in its order (with zeros), then any other theme coded earlier."""
    codebook = current_codebook(cohort.organisation)
    rows = {t.name: ThemeRow(t.name, t.description) for t in codebook.themes.all()}
    passages = (
        _counted_passages(cohort)
        .select_related("theme", "answer__question", "answer__interview__interviewee")
        .order_by("answer__interview__stage", "answer__interview__respondent", "pk")
    )
    for passage in passages:
        interview = passage.answer.interview
        row = rows.get(passage.theme.name)
        if row is None:
            row = rows[passage.theme.name] = ThemeRow(passage.theme.name, passage.theme.description)
        row.interviews.setdefault((interview.stage, interview.respondent), set()).add(interview.pk)
        row.quotes.append(_quote(passage))
    interviews = {}
    for stage, respondent in (
        Interview.objects.counted().filter(cohort=cohort).values_list("stage", "respondent")
    ):
        interviews[(stage, respondent)] = interviews.get((stage, respondent), 0) + 1
    stage_order = {s.value: i for i, s in enumerate(STAGES)}
    for row in rows.values():
        row.quotes.sort(key=lambda q: (stage_order[q.stage], q.respondent))
    return ThemeCounts(rows=list(rows.values()), interviews=interviews)


def _quote(passage):
    interview = passage.answer.interview
    return Quote(
        text=passage.quote,
        stage=interview.stage,
        stage_label=interview.get_stage_display(),
        respondent=interview.respondent,
        respondent_label=interview.get_respondent_display(),
        interviewee=interview.interviewee,
        interview_id=interview.pk,
        topic=passage.answer.question.topic,
    )


def quotes_for(cohort, theme, stage=None, respondent=None):
    """The quotes behind a count: passages of counted interviews coded with ``theme`` (a Theme, or a theme's
    name: passages of any codebook version with that name), optionally of one stage and one group."""
    name = theme.name if isinstance(theme, Theme) else str(theme)
    passages = _counted_passages(cohort).filter(theme__name=name)
    if stage:
        passages = passages.filter(answer__interview__stage=stage)
    if respondent:
        passages = passages.filter(answer__interview__respondent=respondent)
    return [
        _quote(p)
        for p in passages.select_related("answer__question", "answer__interview__interviewee").order_by("pk")
    ]


# --- The region: aggregates only --------------------------------------------------------------------------


def region_theme_counts(region):
    """Per theme (by name) and stage, across every cohort of the region's organisations: how many people
    were interviewed with that theme. Counts only, never a name or a quote, and any count of 1 to 4 people
    as "fewer than 5" (the raw number is not returned). Rows are themes with any count, by name.

    Returns {"stages": [Stage...], "rows": [{"theme": name, "cells": [(stage, shown)], "change": shown or
    None}], "interviewees": [(stage, shown)]}, where a shown value is 0, "fewer than 5" or a number."""
    counted = Interview.objects.counted().filter(cohort__organisation__region=region)
    people = {}
    for name, stage, person in (
        CodedPassage.objects.filter(answer__interview__in=counted)
        .values_list("theme__name", "answer__interview__stage", "answer__interview__interviewee")
        .distinct()
    ):
        people.setdefault(name, {}).setdefault(stage, set()).add(person)
    rows = []
    for name in sorted(people, key=str.casefold):
        by_stage = {stage: len(people[name].get(stage, ())) for stage in STAGES}
        start, end = by_stage[Stage.START], by_stage[Stage.QUALIFICATION]
        rows.append(
            {
                "theme": name,
                "cells": [(stage, at_least_small_group(by_stage[stage])) for stage in STAGES],
                # A difference of two shown counts only: otherwise it could give a small number away.
                "change": end - start if start >= SMALL_GROUP and end >= SMALL_GROUP else None,
            }
        )
    interviewees = {stage: set() for stage in STAGES}
    for stage, person in counted.values_list("stage", "interviewee"):
        interviewees[stage].add(person)
    return {
        "stages": STAGES,
        "rows": rows,
        "interviewees": [(stage, at_least_small_group(len(interviewees[stage]))) for stage in STAGES],
    }


# --- The export -------------------------------------------------------------------------------------------

EXPORT_HEADER = [
    "Cohort",
    "Stage",
    "Respondent group",
    "Interview id",
    "Question topic",
    "Theme",
    "Quote",
    "Coded by",
    "Coded at",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula: text starting = + - @ (or a tab or carriage return)
    gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def coded_passage_rows(cohort):
    """One row per coded passage of the cohort's counted interviews, no interviewee names (the interview id
    stands for the person)."""
    passages = (
        _counted_passages(cohort)
        .select_related("theme", "coded_by", "answer__question", "answer__interview")
        .order_by("answer__interview__stage", "answer__interview__respondent", "answer__interview_id", "pk")
    )
    for p in passages:
        interview = p.answer.interview
        yield [
            spreadsheet_safe(v)
            for v in (
                cohort.name,
                interview.get_stage_display(),
                interview.get_respondent_display(),
                interview.pk,
                p.answer.question.topic,
                p.theme.name,
                p.quote,
                p.coded_by.get_full_name() or p.coded_by.get_username(),
                f"{timezone.localtime(p.coded_at):%Y-%m-%d %H:%M}",
            )
        ]


# --- The chart: counts per theme at start and on qualification ---------------------------------------------

CHART_WIDTH = 480
CHART_LEFT, CHART_RIGHT, CHART_TOP = 8, 40, 8
LABEL_H, BAR, BAR_GAP, GROUP_GAP = 22, 16, 3, 16
# Okabe-Ito blue and orange, told apart by most colour-blind readers; the legend, each bar's number and the
# table give the same figures in words. Each theme's name sits above its bars, so the chart stays legible
# when it is scaled down to a phone's width.
CHART_SERIES = [
    (Stage.START, "Shortly after starting", "#0072b2"),
    (Stage.QUALIFICATION, "On qualification", "#d55e00"),
]


def theme_chart(counts):
    """A horizontal bar chart of interviews per theme, start beside qualification; None if nothing is coded.
    Coordinates here, drawing in templates/evaluation/_theme_chart_svg.html."""
    if not counts.any_coded:
        return None
    rows = counts.rows
    most = max(max(r.start, r.qualification) for r in rows) or 1
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    group_h = LABEL_H + len(CHART_SERIES) * (BAR + BAR_GAP) + GROUP_GAP
    height = CHART_TOP + len(rows) * group_h + 24
    step = max(1, -(-most // 5))  # about five grid lines, whole numbers
    grid = [(n, CHART_LEFT + n * plot_w / most) for n in range(0, most + 1, step)]
    themes = []
    for i, row in enumerate(rows):
        top = CHART_TOP + i * group_h
        bars = []
        for j, (stage, label, colour) in enumerate(CHART_SERIES):
            value = row.count(stage)
            y = top + LABEL_H + j * (BAR + BAR_GAP)
            bars.append(
                {
                    "x": CHART_LEFT,
                    "y": y,
                    "width": round(value * plot_w / most, 1),
                    "height": BAR,
                    "colour": colour,
                    "value": value,
                    "value_x": round(CHART_LEFT + value * plot_w / most + 5, 1),
                    "value_y": y + BAR / 2,
                    "label": f"{row.name}, {label.lower()}: {value} interview{'s' if value != 1 else ''}",
                }
            )
        themes.append({"name": row.name, "label_y": top + LABEL_H - 6, "bars": bars})
    return {
        "width": CHART_WIDTH,
        "height": height,
        "left": CHART_LEFT,
        "label_x": CHART_LEFT,
        "top": CHART_TOP,
        "bottom": height - 24,
        "axis_y": height - 8,
        "grid": grid,
        "themes": themes,
        "legend": [(label, colour) for _s, label, colour in CHART_SERIES],
    }
