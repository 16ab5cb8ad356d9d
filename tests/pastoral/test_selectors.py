"""Reading assessments from the database: summary, next elements, changes since last, region, history."""

import datetime

import pytest

from pastoral import selectors
from pastoral.models import Assessment

from .factories import AssessmentFactory, ElementFactory, ThemeFactory, elements_of, make_tool, rate_all

pytestmark = pytest.mark.django_db

COMPLETED = Assessment.Status.COMPLETED


@pytest.fixture
def tool():
    # Induction: phases 1, 1, 2, 3; Support: phases 1, 2.
    return make_tool({"Induction": [1, 1, 2, 3], "Support": [1, 2]})


def assessment(people, tool, rags, on=datetime.date(2026, 1, 1), organisation=None, **fields):
    made = AssessmentFactory(
        organisation=organisation or people.trust, tool_version=tool, assessed_on=on, **fields
    )
    rate_all(made, rags)
    return made


def test_summary_rolls_up_ratings_per_theme_and_overall(people, tool):
    summary = selectors.assessment_summary(
        assessment(people, tool, ["green", "green", "green", "amber", "green", "red"])
    )
    assert [(t.title, t.result.reached) for t in summary.themes] == [("Induction", 2), ("Support", 1)]
    assert summary.overall.reached == 1
    assert summary.overall.description == "Phase 1, working towards phase 2"


def test_summary_treats_unrated_elements_as_not_green(people, tool):
    summary = selectors.assessment_summary(
        assessment(people, tool, ["green", "", "green", "green", "green", "green"])
    )
    assert summary.themes[0].result.reached == 0
    assert summary.themes[0].elements[1].rag_label == "Not rated"
    assert summary.overall.reached == 0


def test_summary_leaves_an_empty_theme_out_of_the_whole(people, tool):
    ThemeFactory(version=tool, title="Nothing yet", order=3)
    summary = selectors.assessment_summary(assessment(people, tool, ["green"] * 6))
    assert summary.themes[2].result.reached is None
    assert summary.overall.reached == 3


def test_next_elements_are_the_lowest_phase_not_green_across_themes(people, tool):
    summary = selectors.assessment_summary(
        assessment(people, tool, ["green", "green", "red", "red", "green", "amber"])
    )
    assert summary.next_phase == 2
    assert [(title, e.phase, e.rag) for title, e in summary.next_elements] == [
        ("Induction", 2, "red"),
        ("Support", 2, "amber"),
    ]


def test_next_elements_finish_phase_1_before_phase_2(people, tool):
    summary = selectors.assessment_summary(
        assessment(people, tool, ["green", "amber", "red", "red", "green", "red"])
    )
    assert [(title, e.phase) for title, e in summary.next_elements] == [("Induction", 1)]


def test_next_elements_none_when_all_green(people, tool):
    summary = selectors.assessment_summary(assessment(people, tool, ["green"] * 6))
    assert summary.next_phase is None and summary.next_elements == []


def test_changes_since_last_compares_element_by_element(people, tool):
    last = assessment(people, tool, ["green", "amber", "red", "", "green", "green"], status=COMPLETED)
    now = assessment(
        people,
        tool,
        ["green", "green", "amber", "", "amber", "green"],
        on=datetime.date(2026, 7, 1),
        previous=last,
    )
    comparison = selectors.changes_since_last(now)
    assert comparison.previous_id == last.pk
    assert [c.change for c in comparison.elements] == ["same", "better", "better", "same", "worse", "same"]
    assert comparison.tallies == {"better": 2, "worse": 1, "same": 3, "new": 0, "removed": 0}
    assert (comparison.overall_before.reached, comparison.overall_now.reached) == (0, 0)
    assert [(t, b.reached, n.reached) for t, b, n in comparison.themes] == [
        ("Induction", 0, 1),
        ("Support", 3, 0),
    ]


def test_changes_since_last_across_tool_versions_names_new_and_removed_elements(people, tool):
    last = assessment(people, tool, ["green"] * 6, status=COMPLETED)
    kept = elements_of(tool)[0]
    new_tool = make_tool({"Induction": []})
    ElementFactory(theme=new_tool.themes.get(), phase=1, text=kept.text)
    ElementFactory(theme=new_tool.themes.get(), phase=2, text="Brand new")
    now = assessment(people, new_tool, ["green", ""], on=datetime.date(2026, 7, 1), previous=last)
    changes = {c.text: c.change for c in selectors.changes_since_last(now).elements}
    assert changes[kept.text] == "same"
    assert changes["Brand new"] == "new element"
    assert list(changes.values()).count("no longer in the tool") == 5


def test_changes_since_last_is_none_for_a_first_assessment(people, tool):
    assert selectors.changes_since_last(assessment(people, tool, [""] * 6)) is None


def test_phase_history_lists_completed_assessments_oldest_first(people, tool):
    old = assessment(people, tool, ["red"] * 6, on=datetime.date(2024, 1, 1), status=COMPLETED)
    mid = assessment(
        people,
        tool,
        ["green", "green", "red", "red", "green", "red"],
        on=datetime.date(2025, 1, 1),
        status=COMPLETED,
    )
    now = assessment(people, tool, ["green"] * 6, on=datetime.date(2026, 1, 1))
    history = selectors.phase_history(people.trust, until=now)
    assert [(p.assessment_id, p.overall.reached) for p in history] == [(old.pk, 0), (mid.pk, 1), (now.pk, 3)]
    assert [p.assessment_id for p in selectors.phase_history(people.trust)] == [old.pk, mid.pk]


def test_regional_comparison_shows_latest_completed_per_organisation_of_the_region_only(people, tool):
    assessment(people, tool, ["red"] * 6, on=datetime.date(2024, 1, 1), status=COMPLETED)
    assessment(people, tool, ["green"] * 4 + ["red", "red"], on=datetime.date(2025, 1, 1), status=COMPLETED)
    assessment(people, tool, ["green"] * 6, on=datetime.date(2026, 1, 1))  # in progress: not shown
    assessment(people, tool, ["green"] * 6, organisation=people.other_trust, status=COMPLETED)
    assessment(people, tool, ["green"] * 6, organisation=people.far_trust, status=COMPLETED)
    comparison = selectors.regional_comparison(people.region)
    rows = {r.organisation: [c.reached for c in r.cells] + [r.point.overall.reached] for r in comparison.rows}
    assert rows == {people.trust.name: [3, 0, 0], people.other_trust.name: [3, 3, 3]}
    assert comparison.phase_three == [
        ("Induction", [people.other_trust.name, people.trust.name]),
        ("Support", [people.other_trust.name]),
    ]
    assert comparison.whole_offer_phase_three == [people.other_trust.name]


def test_regional_comparison_lists_trusts_without_assessments(people, tool):
    comparison = selectors.regional_comparison(people.region)
    assert [(r.organisation, r.point) for r in comparison.rows] == [
        (people.other_trust.name, None),
        (people.trust.name, None),
    ]


def test_add_months_keeps_the_day_or_the_last_day_of_a_shorter_month():
    assert selectors.add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert selectors.add_months(datetime.date(2025, 11, 15), 6) == datetime.date(2026, 5, 15)
    assert selectors.add_months(datetime.date(2026, 3, 10), -19) == datetime.date(2024, 8, 10)


def test_theme_counts_ratings_in_green_amber_red_unrated_order(people, tool):
    made = assessment(people, tool, ["green", "red", "red", "", "amber", "green"])
    counts = selectors.assessment_summary(made).themes[0].counts
    assert list(counts.items()) == [("Green", 1), ("Amber", 0), ("Red", 2), ("Not rated", 1)]
