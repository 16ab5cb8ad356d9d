"""The tool's rules on plain data: the phase roll-up, the phased approach and what completing needs.

No queries here: selectors load an assessment and pass (phase, rating) pairs or element rows in, so each
rule can be checked by hand and by property (tests/pastoral/test_rollup.py). Ratings are the values of
``Rating.RAG``, and "" for an element not rated yet.
"""

from dataclasses import dataclass

from .models import Rating

RED, AMBER, GREEN = Rating.RAG.RED, Rating.RAG.AMBER, Rating.RAG.GREEN
UNRATED = ""
TOP_PHASE = 3
RAG_LABELS = dict(Rating.RAG.choices)
# Each rating's NHS.UK tag colour, shown with its word; grey for an element not rated.
RAG_TAGS = {RED: "red", AMBER: "yellow", GREEN: "green"}
NOT_RATED_TAG = "grey"

RULE = [
    "An element of practice reaches its phase when it is rated Green. Red, Amber and elements not yet rated "
    "are not Green.",
    "A theme has reached phase N when every element of phases 1 to N in that theme is Green. Otherwise it is "
    "working towards the lowest phase that still has an element not Green. Phase 0 means not yet at phase 1.",
    "The pastoral offer as a whole is at the lowest phase of its themes. A theme with no elements has no "
    "phase and is left out of the whole.",
    "Work in phases: every element of phase 1 before phase 2, and of phase 2 before phase 3. The next "
    "elements to work on are those not yet Green in the lowest phase that has any.",
]


# --- The roll-up ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseResult:
    """The phase reached: 0 (not yet at phase 1) to 3, or None when there was nothing to assess."""

    reached: int | None

    @property
    def working_towards(self):
        return self.reached + 1 if self.reached is not None and self.reached < TOP_PHASE else None

    @property
    def label(self):
        return phase_label(self.reached)

    @property
    def description(self):
        if self.reached is None:
            return "No elements to assess"
        if self.working_towards is None:
            return "Phase 3 reached"
        return f"{self.label}, working towards phase {self.working_towards}"

    @property
    def towards(self):
        """What follows the phase's badge, without saying the phase again: "working towards phase 2"."""
        if self.reached is None:
            return "no elements to assess"
        return f"working towards phase {self.working_towards}" if self.working_towards else ""


def phase_label(reached):
    if reached is None:
        return "No phase"
    return "Not yet at phase 1" if reached == 0 else f"Phase {reached}"


def theme_phase(elements):
    """``elements``: (phase, rating) pairs of one theme."""
    elements = list(elements)
    if not elements:
        return PhaseResult(None)
    first_gap = next_phase(elements)
    return PhaseResult(TOP_PHASE if first_gap is None else first_gap - 1)


def overall_phase(themes):
    """``themes``: the PhaseResult of each theme. Themes with nothing to assess are left out."""
    reached = [t.reached for t in themes if t.reached is not None]
    return PhaseResult(min(reached) if reached else None)


def next_phase(elements):
    """The lowest phase of the (phase, rating) pairs with an element not Green; None when all are Green."""
    return min((phase for phase, rag in elements if rag != GREEN), default=None)


# --- Completing an assessment -----------------------------------------------------------------------------


def needs_action(rag):
    return rag in (RED, AMBER)


def action_incomplete(rag, what, owner, due):
    """A Red or Amber element needs an action, its owner and a due date before the assessment completes."""
    return needs_action(rag) and not (what and owner and due)


def completion_problems(themes):
    """What stops an assessment being completed, element by element; empty when it may be completed.

    ``themes``: (title, elements) pairs; each element has ``phase``, ``ref``, ``text``, ``rag``,
    ``action_what``, ``action_owner`` and ``action_due``."""
    found = []
    for title, elements in themes:
        for e in elements:
            name = f"{title}, phase {e.phase}: {e.ref or _short(e.text)}"
            if not e.rag:
                found.append(f"{name} is not rated yet.")
            elif action_incomplete(e.rag, e.action_what, e.action_owner, e.action_due):
                label = RAG_LABELS.get(e.rag, e.rag)
                found.append(f"{name} is {label}: give an action, its owner and a due date.")
    return found


def _short(text, words=8):
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
