"""Reading assessments: the summary a page or report shows, comparisons over time and across a region, and
when the next revisit is due. Each loads what it needs in a fixed number of queries.

The rules themselves (the phase roll-up, the phased approach, what completing needs) are in ``rules.py``,
on plain data; these selectors load the data and call them.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation

from . import rules
from .importing import theme_key
from .models import (
    RATING_FIELDS,
    REVISIT_MONTHS_DEFAULT,
    Assessment,
    Element,
    PastoralSettings,
    Rating,
    Theme,
    ToolVersion,
)
from .rules import RULE, PhaseResult, overall_phase, theme_phase

RAG = Rating.RAG
COUNT_ORDER = [(RAG.GREEN, "Green"), (RAG.AMBER, "Amber"), (RAG.RED, "Red"), (rules.UNRATED, "Not rated")]
RAG_ORDER = {rules.UNRATED: 0, RAG.RED: 1, RAG.AMBER: 2, RAG.GREEN: 3}


# --- The tool ----------------------------------------------------------------------------------------------


def available_tool_versions(organisation):
    """Versions the organisation may assess against: its own and the shared ones, newest first."""
    return ToolVersion.objects.filter(Q(organisation=None) | Q(organisation=organisation))


def current_tool_version(organisation):
    """The organisation's own latest version if it loaded one, else the latest shared version."""
    own = ToolVersion.objects.filter(organisation=organisation).first()
    return own or ToolVersion.objects.filter(organisation=None).first()


# --- One assessment, as a page or a report shows it ------------------------------------------------------


@dataclass
class ElementRow:
    id: int
    match_key: str
    ref: str
    text: str
    phase: int
    examples: list
    rag: str = ""
    notes: str = ""
    evidence: str = ""
    action_what: str = ""
    action_owner: str = ""
    action_due: datetime.date | None = None
    carried_forward: bool = False

    @property
    def rag_label(self):
        return rules.RAG_LABELS.get(self.rag, "Not rated")

    @property
    def rag_tag(self):
        return rules.RAG_TAGS.get(self.rag, rules.NOT_RATED_TAG)

    @property
    def is_green(self):
        return self.rag == rules.GREEN

    @property
    def needs_action(self):
        return rules.needs_action(self.rag)

    @property
    def action_incomplete(self):
        return rules.action_incomplete(self.rag, self.action_what, self.action_owner, self.action_due)

    @property
    def has_action(self):
        return bool(self.action_what or self.action_owner or self.action_due)


@dataclass
class ThemeSummary:
    id: int
    title: str
    elements: list
    result: PhaseResult

    @property
    def key(self):
        return theme_key(self.title)

    def count(self, rag):
        return sum(1 for e in self.elements if e.rag == rag)

    @property
    def counts(self):
        return {label: self.count(rag) for rag, label in COUNT_ORDER}


@dataclass
class AssessmentSummary:
    """Everything a page or a report shows about one assessment. Built by ``assessment_summary``."""

    assessment_id: int
    organisation: str
    ods_code: str
    assessed_on: datetime.date
    status: str
    status_label: str
    completed_at: datetime.datetime | None
    completed_by: str
    groups: list
    people_involved: str
    tool_label: str
    tool_is_example: bool
    themes: list
    overall: PhaseResult
    rule: list = field(default_factory=lambda: list(RULE))

    @property
    def is_completed(self):
        return self.status == Assessment.Status.COMPLETED

    @property
    def elements(self):
        return [e for t in self.themes for e in t.elements]

    @property
    def next_phase(self):
        """The lowest phase with an element not Green, across every theme; None when all are Green."""
        return rules.next_phase((e.phase, e.rag) for e in self.elements)

    @property
    def next_elements(self):
        """(theme title, element) pairs to work on next: the phased approach, all of one phase first."""
        phase = self.next_phase
        return [(t.title, e) for t in self.themes for e in t.elements if e.phase == phase and not e.is_green]

    @property
    def counts(self):
        return {label: sum(1 for e in self.elements if e.rag == rag) for rag, label in COUNT_ORDER}

    @property
    def problems(self):
        """What stops the assessment being completed, element by element."""
        return rules.completion_problems((t.title, t.elements) for t in self.themes)


def _element_row(element, rating):
    row = ElementRow(
        id=element.pk,
        match_key=element.match_key,
        ref=element.ref,
        text=element.text,
        phase=element.phase,
        examples=list(element.examples),
    )
    if rating is not None:
        for name in (*RATING_FIELDS, "carried_forward"):
            setattr(row, name, getattr(rating, name))
    return row


def assessment_summary(assessment):
    """The data of one assessment for a page, the Word export or a report: pure reads, five queries."""
    assessment = Assessment.objects.select_related("organisation", "tool_version", "completed_by").get(
        pk=assessment.pk
    )
    themes = Theme.objects.filter(version_id=assessment.tool_version_id).prefetch_related("elements")
    ratings = {r.element_id: r for r in Rating.objects.filter(assessment=assessment)}
    theme_summaries = []
    for theme in themes:
        rows = [_element_row(e, ratings.get(e.pk)) for e in theme.elements.all()]
        theme_summaries.append(
            ThemeSummary(theme.pk, theme.title, rows, theme_phase([(e.phase, e.rag) for e in rows]))
        )
    return AssessmentSummary(
        assessment_id=assessment.pk,
        organisation=assessment.organisation.name,
        ods_code=assessment.organisation.ods_code,
        assessed_on=assessment.assessed_on,
        status=assessment.status,
        status_label=assessment.get_status_display(),
        completed_at=assessment.completed_at,
        completed_by=str(assessment.completed_by or ""),
        groups=assessment.groups_involved(),
        people_involved=assessment.people_involved,
        tool_label=assessment.tool_version.label,
        tool_is_example=assessment.tool_version.is_example,
        themes=theme_summaries,
        overall=overall_phase(t.result for t in theme_summaries),
    )


# --- What changed since the last assessment --------------------------------------------------------------


@dataclass
class ElementChange:
    theme: str
    phase: int
    text: str
    before: str | None  # None: the element was not in the last assessment's tool
    now: str | None  # None: the element is no longer in the tool

    @property
    def change(self):
        if self.before is None:
            return "new element"
        if self.now is None:
            return "no longer in the tool"
        diff = RAG_ORDER[self.now] - RAG_ORDER[self.before]
        return "better" if diff > 0 else "worse" if diff < 0 else "same"

    @property
    def before_label(self):
        return "—" if self.before is None else rules.RAG_LABELS.get(self.before, "Not rated")

    @property
    def now_label(self):
        return "—" if self.now is None else rules.RAG_LABELS.get(self.now, "Not rated")

    @property
    def before_tag(self):
        return rules.RAG_TAGS.get(self.before, rules.NOT_RATED_TAG)

    @property
    def now_tag(self):
        return rules.RAG_TAGS.get(self.now, rules.NOT_RATED_TAG)


@dataclass
class Comparison:
    previous_id: int
    previous_on: datetime.date
    overall_before: PhaseResult
    overall_now: PhaseResult
    themes: list  # (title, PhaseResult before or None, PhaseResult now or None)
    elements: list  # ElementChange

    @property
    def changed(self):
        return [e for e in self.elements if e.change != "same"]

    @property
    def unchanged(self):
        return [e for e in self.elements if e.change == "same"]

    def tally(self, change):
        return sum(1 for e in self.elements if e.change == change)

    @property
    def tallies(self):
        return {
            "better": self.tally("better"),
            "worse": self.tally("worse"),
            "same": self.tally("same"),
            "new": self.tally("new element"),
            "removed": self.tally("no longer in the tool"),
        }


def compare(now, before):
    """Element by element, what changed between two summaries. Elements are matched by their ref, or by
    theme and wording, so two versions of the tool can be compared."""
    before_elements = {e.match_key: (t.title, e) for t in before.themes for e in t.elements}
    seen = set()
    changes = []
    for theme in now.themes:
        for e in theme.elements:
            old = before_elements.get(e.match_key)
            seen.add(e.match_key)
            changes.append(ElementChange(theme.title, e.phase, e.text, old[1].rag if old else None, e.rag))
    for key, (title, e) in before_elements.items():
        if key not in seen:
            changes.append(ElementChange(title, e.phase, e.text, e.rag, None))
    before_themes = {t.key: t.result for t in before.themes}
    themes = [(t.title, before_themes.pop(t.key, None), t.result) for t in now.themes]
    themes += [(t.title, t.result, None) for t in before.themes if t.key in before_themes]
    return Comparison(before.assessment_id, before.assessed_on, before.overall, now.overall, themes, changes)


def previous_assessment(assessment):
    """The completed assessment this one is compared with: the one it started from, else the latest before."""
    if assessment.previous_id:
        return assessment.previous
    earlier = Assessment.objects.filter(
        organisation_id=assessment.organisation_id, status=Assessment.Status.COMPLETED
    ).exclude(pk=assessment.pk)
    earlier = earlier.filter(assessed_on__lte=assessment.assessed_on)
    return earlier.order_by("-assessed_on", "-pk").first()


def changes_since_last(assessment, summary=None):
    previous = previous_assessment(assessment)
    if previous is None:
        return None
    return compare(summary or assessment_summary(assessment), assessment_summary(previous))


# --- Phases of many assessments at once (history, region) ---------------------------------------------------


@dataclass
class PhasePoint:
    assessment_id: int
    organisation_id: int
    assessed_on: datetime.date
    status: str
    tool_is_example: bool
    themes: dict  # theme key -> (title, PhaseResult)
    overall: PhaseResult

    @property
    def is_completed(self):
        return self.status == Assessment.Status.COMPLETED

    def theme(self, key):
        found = self.themes.get(key)
        return found[1] if found else None


def phase_points(assessments):
    """The roll-up of each assessment given, in four queries whatever their number."""
    assessments = list(assessments)
    version_ids = {a.tool_version_id for a in assessments}
    themes = defaultdict(list)
    for theme in Theme.objects.filter(version_id__in=version_ids).select_related("version"):
        themes[theme.version_id].append(theme)
    elements = defaultdict(list)
    for element_id, theme_id, phase in Element.objects.filter(theme__version_id__in=version_ids).values_list(
        "id", "theme_id", "phase"
    ):
        elements[theme_id].append((element_id, phase))
    ratings = defaultdict(dict)
    for assessment_id, element_id, rag in Rating.objects.filter(assessment__in=assessments).values_list(
        "assessment_id", "element_id", "rag"
    ):
        ratings[assessment_id][element_id] = rag
    points = []
    for a in assessments:
        rated = ratings[a.pk]
        results = {}
        for theme in themes[a.tool_version_id]:
            pairs = [(phase, rated.get(pk, rules.UNRATED)) for pk, phase in elements[theme.pk]]
            results[theme_key(theme.title)] = (theme.title, theme_phase(pairs))
        is_example = bool(themes[a.tool_version_id]) and themes[a.tool_version_id][0].version.is_example
        points.append(
            PhasePoint(
                a.pk,
                a.organisation_id,
                a.assessed_on,
                a.status,
                is_example,
                results,
                overall_phase(r for _title, r in results.values()),
            )
        )
    return points


def theme_titles(points):
    """Theme (key, title) pairs in the order they first appear, newest tool first."""
    titles = {}
    for point in sorted(points, key=lambda p: p.assessed_on, reverse=True):
        for key, (title, _result) in point.themes.items():
            titles.setdefault(key, title)
    return list(titles.items())


def phase_history(organisation, *, until=None):
    """Phases of the organisation's completed assessments, oldest first, up to and including ``until``."""
    assessments = Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
    if until is not None:
        assessments = assessments.filter(assessed_on__lte=until.assessed_on).exclude(pk=until.pk)
    chosen = [*assessments.order_by("assessed_on", "pk")]
    if until is not None:
        chosen.append(until)
    return phase_points(chosen)


# --- The region ------------------------------------------------------------------------------------------


@dataclass
class RegionRow:
    organisation: str
    point: PhasePoint | None
    cells: list = field(default_factory=list)  # PhaseResult or None, one per theme column


@dataclass
class RegionComparison:
    themes: list  # (key, title)
    rows: list
    phase_three: list  # (theme title, [organisation names])
    whole_offer_phase_three: list

    @property
    def any_example_content(self):
        return any(r.point and r.point.tool_is_example for r in self.rows)


ASSESSING_KINDS = (Organisation.Kind.NHS_TRUST, Organisation.Kind.CARE_PROVIDER)


def regional_comparison(region):
    """The phase per theme of each organisation's latest completed assessment: phases only, no people."""
    organisations = list(region.organisations.order_by("name"))
    latest = {}
    for a in Assessment.objects.filter(
        organisation__region=region, status=Assessment.Status.COMPLETED
    ).order_by("organisation_id", "-assessed_on", "-pk"):
        latest.setdefault(a.organisation_id, a)
    points = {p.organisation_id: p for p in phase_points(latest.values())}
    themes = theme_titles(points.values())
    rows = [
        RegionRow(
            o.name, points.get(o.pk), [points[o.pk].theme(k) for k, _t in themes] if o.pk in points else []
        )
        for o in organisations
        if o.pk in points or o.kind in ASSESSING_KINDS
    ]
    phase_three = [
        (
            title,
            [
                r.organisation
                for r in rows
                if r.point and (r.point.theme(key) or PhaseResult(None)).reached == 3
            ],
        )
        for key, title in themes
    ]
    whole = [r.organisation for r in rows if r.point and r.point.overall.reached == 3]
    return RegionComparison(themes, rows, phase_three, whole)


# --- Revisits -----------------------------------------------------------------------------------------------


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Revisit:
    interval_months: int
    interval_chosen: bool
    last_completed_on: datetime.date | None
    due_on: datetime.date | None  # None: no completed assessment yet
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on is not None and self.due_on < self.today


def revisit_interval(organisation):
    found = PastoralSettings.objects.filter(organisation=organisation).first()
    return (found.revisit_interval_months, True) if found else (REVISIT_MONTHS_DEFAULT, False)


def next_revisit(organisation, *, today=None):
    """When the organisation's next assessment is due: its latest completed assessment's date plus its
    chosen interval (12 months until it chooses). The reminder (a later issue) reads ``due_on`` from here."""
    interval, chosen = revisit_interval(organisation)
    last = (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
        .order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .first()
    )
    due = add_months(last, interval) if last else None
    return Revisit(interval, chosen, last, due, today or timezone.localdate())


def next_revisit_due(organisation):
    """The date the next assessment is due, or None before the first is completed."""
    return next_revisit(organisation).due_on
