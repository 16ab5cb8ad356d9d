"""The roll-up rule on hand-made cases: (phase, rating) pairs, no database."""

from pastoral.selectors import PhaseResult, overall_phase, theme_phase

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
