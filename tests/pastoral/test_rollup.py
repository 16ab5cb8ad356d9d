"""The rules of pastoral/rules.py on plain data, no database: hand-made cases, then properties that hold for
any ratings (hypothesis), each checked against the rule as NHS England words it."""

import datetime
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from pastoral.rules import (
    PhaseResult,
    completion_problems,
    next_phase,
    overall_phase,
    theme_phase,
)

G, A, R, UNRATED = "green", "amber", "red", ""


def test_theme_all_green_reaches_phase_3():
    result = theme_phase([(1, G), (1, G), (2, G), (3, G)])
    assert result.reached == 3
    assert result.working_towards is None
    assert result.description == "Phase 3 reached"


def test_theme_with_red_in_phase_1_is_not_yet_at_phase_1():
    result = theme_phase([(1, G), (1, R), (2, G), (3, G)])
    assert result.reached == 0
    assert result.working_towards == 1
    assert result.description == "Not yet at phase 1, working towards phase 1"


def test_theme_with_amber_in_phase_1_is_not_yet_at_phase_1():
    assert theme_phase([(1, A), (2, G), (3, G)]).reached == 0


def test_theme_with_gap_only_in_phase_3_reaches_phase_2():
    result = theme_phase([(1, G), (2, G), (2, G), (3, G), (3, A)])
    assert result.reached == 2
    assert result.working_towards == 3


def test_theme_with_gap_in_phase_2_reaches_phase_1_even_if_phase_3_is_green():
    assert theme_phase([(1, G), (2, R), (3, G)]).reached == 1


def test_unrated_element_counts_as_not_green():
    assert theme_phase([(1, G), (1, UNRATED), (2, G)]).reached == 0
    assert theme_phase([(1, G), (2, UNRATED)]).reached == 1


def test_theme_nothing_rated_is_not_yet_at_phase_1():
    assert theme_phase([(1, UNRATED), (2, UNRATED), (3, UNRATED)]).reached == 0


def test_empty_theme_has_no_phase():
    result = theme_phase([])
    assert result.reached is None
    assert result.working_towards is None
    assert result.description == "No elements to assess"


def test_theme_without_phase_3_elements_all_green_reaches_phase_3():
    # The rule read literally: no phase 3 element is left that is not Green.
    assert theme_phase([(1, G), (2, G)]).reached == 3


def test_overall_is_the_lowest_theme():
    themes = [PhaseResult(3), PhaseResult(1), PhaseResult(2)]
    assert overall_phase(themes) == PhaseResult(1)


def test_overall_all_themes_at_phase_3_is_phase_3():
    assert overall_phase([PhaseResult(3), PhaseResult(3)]).reached == 3


def test_overall_with_one_theme_not_at_phase_1_is_phase_0():
    assert overall_phase([PhaseResult(3), PhaseResult(0)]).label == "Not yet at phase 1"


def test_overall_leaves_out_empty_theme():
    assert overall_phase([PhaseResult(2), PhaseResult(None), PhaseResult(3)]).reached == 2


def test_overall_of_only_empty_themes_has_no_phase():
    assert overall_phase([PhaseResult(None)]).reached is None
    assert overall_phase([]).reached is None


# --- Properties: any ratings of any theme ---------------------------------------------------------------

# No example database on disk, and no deadline: the machine running the suite may be busy.
checked = settings(database=None, max_examples=200, deadline=None)

ratings = st.sampled_from([G, A, R, UNRATED])
pairs = st.tuples(st.integers(min_value=1, max_value=3), ratings)
results = st.builds(PhaseResult, st.one_of(st.none(), st.integers(min_value=0, max_value=3)))


def reached_by_the_words(elements):
    """Phase N is reached when every element of phases 1 to N is Green: the highest such N, at most 3."""
    return max(n for n in range(4) if all(rag == G for phase, rag in elements if phase <= n))


@checked
@given(st.lists(pairs, min_size=1, max_size=12))
def test_theme_phase_is_the_highest_phase_with_every_element_up_to_it_green(elements):
    assert theme_phase(elements).reached == reached_by_the_words(elements)


@checked
@given(st.lists(pairs, max_size=12), st.randoms(use_true_random=False))
def test_theme_phase_does_not_depend_on_the_order_of_elements(elements, random):
    shuffled = list(elements)
    random.shuffle(shuffled)
    assert theme_phase(shuffled) == theme_phase(elements)


@checked
@given(st.lists(pairs, min_size=1, max_size=12), st.data())
def test_rating_one_more_element_green_never_lowers_the_phase(elements, data):
    index = data.draw(st.integers(min_value=0, max_value=len(elements) - 1))
    better = list(elements)
    better[index] = (elements[index][0], G)
    assert theme_phase(better).reached >= theme_phase(elements).reached


@checked
@given(st.lists(pairs, min_size=1, max_size=12))
def test_theme_works_towards_the_lowest_phase_not_yet_green(elements):
    result, gap = theme_phase(elements), next_phase(elements)
    assert result.working_towards == gap or (gap is None and result.reached == 3)


@checked
@given(st.lists(results, max_size=8))
def test_overall_is_the_lowest_theme_leaving_out_empty_ones(themes):
    overall = overall_phase(themes)
    assessed = [t.reached for t in themes if t.reached is not None]
    assert overall.reached == (min(assessed) if assessed else None)


def element(phase, rag, *, what="", owner="", due=None, ref=""):
    return SimpleNamespace(
        phase=phase, ref=ref, text="Support workers have a named mentor", rag=rag,
        action_what=what, action_owner=owner, action_due=due,
    )  # fmt: skip


elements = st.builds(
    element,
    st.integers(min_value=1, max_value=3),
    ratings,
    what=st.sampled_from(["", "Set up a buddy scheme"]),
    owner=st.sampled_from(["", "Practice educator"]),
    due=st.sampled_from([None, datetime.date(2027, 3, 1)]),
)


def blocks_completion(e):
    """As the tool says: every element rated, each Red or Amber with an action, its owner and a due date."""
    if not e.rag:
        return True
    return e.rag in (R, A) and not (e.action_what and e.action_owner and e.action_due)


titles = st.sampled_from(["Induction", "Wellbeing"])
assessments = st.lists(st.tuples(titles, st.lists(elements, max_size=8)), max_size=3)


@checked
@given(assessments)
def test_completing_is_stopped_once_by_each_element_unrated_or_without_its_action(themes):
    blocking = [e for _title, theme in themes for e in theme if blocks_completion(e)]
    assert len(completion_problems(themes)) == len(blocking)


def test_completion_names_the_element_and_what_it_needs():
    themes = [("Induction", [element(1, UNRATED, ref="IN-1.1"), element(2, A, what="Buddy", ref="IN-2.1")])]
    assert completion_problems(themes) == [
        "Induction, phase 1: IN-1.1 is not rated yet.",
        "Induction, phase 2: IN-2.1 is Amber: give an action, its owner and a due date.",
    ]


def test_green_needs_no_action_to_complete():
    assert completion_problems([("Induction", [element(1, G)])]) == []
