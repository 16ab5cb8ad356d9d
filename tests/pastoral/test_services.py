"""Changing assessments: only through services, refused once completed, kept in history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pastoral import selectors, services
from pastoral.models import Assessment, PastoralSettings, Rating

from .factories import elements_of, make_tool

pytestmark = pytest.mark.django_db

ACTION = {"action_what": "Plan it", "action_owner": "Head of HR", "action_due": datetime.date(2027, 3, 1)}


@pytest.fixture
def tool():
    return make_tool({"Induction": [1, 2, 3], "Support": [1, 2]})


def start(people, tool, **kwargs):
    return services.create_assessment(organisation=people.trust, by=people.lead, tool_version=tool, **kwargs)


def rate(assessment, by, rags, **extra):
    for element, rag in zip(elements_of(assessment.tool_version), rags, strict=True):
        fields = {"rag": rag, **(ACTION if rag in ("red", "amber") else {}), **extra}
        services.rate_element(assessment=assessment, element=element, by=by, **fields)


def completed(people, tool, rags, on):
    assessment = start(people, tool, assessed_on=on)
    rate(assessment, people.lead, rags)
    return services.complete_assessment(assessment=assessment, by=people.lead)


def test_create_assessment_uses_current_tool_version(people, tool):
    assessment = services.create_assessment(organisation=people.trust, by=people.lead)
    assert assessment.tool_version == tool
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.created_by == people.lead


def test_create_assessment_refused_while_another_is_in_progress(people, tool):
    start(people, tool)
    with pytest.raises(ValidationError, match="already an assessment in progress"):
        start(people, tool)
    assert Assessment.objects.count() == 1


def test_create_assessment_refused_without_a_tool(people):
    with pytest.raises(ValidationError, match="No version of the tool"):
        services.create_assessment(organisation=people.trust, by=people.lead)


def test_create_assessment_refused_with_another_organisations_version(people):
    theirs = make_tool({"Induction": [1]}, organisation=people.other_trust)
    with pytest.raises(ValidationError, match="another organisation"):
        start(people, theirs)


def test_organisation_prefers_its_own_loaded_version(people, tool):
    own = make_tool({"Induction": [1]}, organisation=people.trust)
    assert selectors.current_tool_version(people.trust) == own
    assert selectors.current_tool_version(people.other_trust) == tool


def test_rate_element_saves_part_done_and_records_who(people, tool):
    assessment = start(people, tool)
    first = elements_of(tool)[0]
    services.rate_element(
        assessment=assessment, element=first, by=people.lead, rag="amber", notes="Some wards"
    )
    rating = Rating.objects.get(assessment=assessment, element=first)
    assert (rating.rag, rating.notes, rating.updated_by) == ("amber", "Some wards", people.lead)
    assert rating.history.first().history_user == people.lead
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.IN_PROGRESS


def test_rate_element_refuses_element_of_another_version(people, tool):
    assessment = start(people, tool)
    other = elements_of(make_tool({"Other": [1]}))[0]
    with pytest.raises(ValidationError, match="not part of this assessment"):
        services.rate_element(assessment=assessment, element=other, by=people.lead, rag="green")
    assert not Rating.objects.exists()


def test_complete_refused_while_elements_are_unrated(people, tool):
    assessment = start(people, tool)
    services.rate_element(assessment=assessment, element=elements_of(tool)[0], by=people.lead, rag="green")
    with pytest.raises(ValidationError) as refused:
        services.complete_assessment(assessment=assessment, by=people.lead)
    assert len(refused.value.messages) == 4
    assert all("is not rated yet" in m for m in refused.value.messages)
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.IN_PROGRESS


def test_complete_refused_when_red_element_has_no_action(people, tool):
    assessment = start(people, tool)
    rate(assessment, people.lead, ["green"] * 5)
    services.rate_element(assessment=assessment, element=elements_of(tool)[1], by=people.lead, rag="red")
    with pytest.raises(ValidationError, match="give an action, its owner and a due date"):
        services.complete_assessment(assessment=assessment, by=people.lead)


def test_complete_makes_assessment_read_only(people, tool):
    assessment = completed(
        people, tool, ["green", "amber", "red", "green", "green"], datetime.date(2026, 1, 10)
    )
    assert assessment.is_completed and assessment.completed_by == people.lead
    with pytest.raises(ValidationError, match="completed"):
        services.rate_element(
            assessment=assessment, element=elements_of(tool)[1], by=people.lead, rag="green"
        )
    with pytest.raises(ValidationError, match="completed"):
        services.update_assessment_details(assessment=assessment, by=people.lead, people_involved="Someone")
    with pytest.raises(ValidationError, match="completed"):
        services.complete_assessment(assessment=assessment, by=people.lead)
    assert Rating.objects.get(assessment=assessment, element=elements_of(tool)[1]).rag == "amber"


def test_new_tool_version_does_not_change_completed_assessment(people, tool):
    assessment = completed(
        people, tool, ["green", "amber", "red", "green", "green"], datetime.date(2026, 1, 10)
    )
    before = selectors.assessment_summary(assessment)
    services.load_tool_version(
        name="new.csv",
        content=b"theme,phase,element,examples\nInduction,1,A new element,One|Two\n",
        by=people.lead,
    )
    after = selectors.assessment_summary(assessment)
    assert after == before
    assert [e.text for e in after.elements] == [e.text for e in elements_of(tool)]
    assert Assessment.objects.get(pk=assessment.pk).tool_version == tool


def test_new_assessment_uses_newest_version_after_load(people, tool):
    new = services.load_tool_version(name="new.csv", content=b"theme,phase,element\nInduction,1,New\n")
    assert services.create_assessment(organisation=people.trust, by=people.lead).tool_version == new


def test_new_assessment_starts_from_last_completed_ratings(people, tool):
    last = completed(people, tool, ["green", "amber", "red", "green", "green"], datetime.date(2025, 6, 1))
    Rating.objects.filter(assessment=last).update(notes="As seen", evidence="Minutes")
    revisit = start(people, tool)
    assert revisit.previous == last
    copied = {r.element_id: r for r in revisit.ratings.all()}
    for old in last.ratings.all():
        new = copied[old.element_id]
        assert (new.rag, new.notes, new.evidence, new.action_what, new.action_owner, new.action_due) == (
            old.rag,
            old.notes,
            old.evidence,
            old.action_what,
            old.action_owner,
            old.action_due,
        )
        assert new.carried_forward
    assert Rating.objects.filter(assessment=last).count() == 5


def test_new_assessment_carries_ratings_to_a_new_version_by_matching_element(people, tool):
    completed(people, tool, ["green", "amber", "red", "green", "green"], datetime.date(2025, 6, 1))
    kept = elements_of(tool)[1]
    new = services.load_tool_version(
        name="v2.csv",
        content=f"theme,phase,element\nInduction,1,{elements_of(tool)[0].text}\nInduction,2,{kept.text}\n"
        "Induction,3,Something new\n".encode(),
    )
    revisit = start(people, new)
    assert {r.element.text: r.rag for r in revisit.ratings.all()} == {
        elements_of(tool)[0].text: "green",
        kept.text: "amber",
    }


def test_rating_a_carried_forward_element_confirms_it(people, tool):
    completed(people, tool, ["green"] * 5, datetime.date(2025, 6, 1))
    revisit = start(people, tool)
    element = elements_of(tool)[0]
    services.rate_element(assessment=revisit, element=element, by=people.lead, rag="green")
    assert not Rating.objects.get(assessment=revisit, element=element).carried_forward


def test_set_revisit_interval_accepts_6_to_12_months(people):
    for months in (6, 9, 12):
        services.set_revisit_interval(organisation=people.trust, months=months, by=people.lead)
        assert PastoralSettings.objects.get(organisation=people.trust).revisit_interval_months == months


@pytest.mark.parametrize("months", [5, 13, 0])
def test_set_revisit_interval_refuses_outside_6_to_12_months(people, months):
    with pytest.raises(ValidationError) as refused:
        services.set_revisit_interval(organisation=people.trust, months=months, by=people.lead)
    assert (
        "Choose an interval from 6 to 12 months" in refused.value.message_dict["revisit_interval_months"][0]
    )
    assert not PastoralSettings.objects.exists()


def test_revisit_due_date_is_last_completed_plus_interval(people, tool):
    completed(people, tool, ["green"] * 5, datetime.date(2025, 8, 31))
    services.set_revisit_interval(organisation=people.trust, months=6, by=people.lead)
    assert selectors.next_revisit_due(people.trust) == datetime.date(2026, 2, 28)
    services.set_revisit_interval(organisation=people.trust, months=12, by=people.lead)
    assert selectors.next_revisit_due(people.trust) == datetime.date(2026, 8, 31)


def test_revisit_due_date_is_12_months_until_an_interval_is_chosen(people, tool):
    completed(people, tool, ["green"] * 5, datetime.date(2025, 3, 15))
    revisit = selectors.next_revisit(people.trust, today=datetime.date(2026, 4, 1))
    assert (revisit.due_on, revisit.interval_chosen, revisit.is_overdue) == (
        datetime.date(2026, 3, 15),
        False,
        True,
    )


def test_revisit_due_date_is_none_before_first_completed_assessment(people, tool):
    start(people, tool)
    assert selectors.next_revisit_due(people.trust) is None


def test_revisit_counts_from_the_latest_completed_assessment(people, tool):
    completed(people, tool, ["green"] * 5, datetime.date(2024, 1, 1))
    completed(people, tool, ["green"] * 5, datetime.date(2025, 1, 1))
    start(people, tool, assessed_on=datetime.date(2025, 12, 1))
    assert selectors.next_revisit_due(people.trust) == datetime.date(2026, 1, 1)
