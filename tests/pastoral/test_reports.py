"""The Word export: opens with python-docx, laid out like the tool, a table per theme."""

import datetime
import io

import docx
import pytest

from pastoral import selectors, services
from pastoral.models import Rating
from pastoral.reports import COLUMNS, assessment_docx

from .factories import AssessmentFactory, elements_of, make_tool, rate_all

pytestmark = pytest.mark.django_db


def open_docx(assessment):
    return docx.Document(io.BytesIO(assessment_docx(selectors.assessment_summary(assessment))))


@pytest.fixture
def assessment(people):
    tool = make_tool({"Recruitment and induction": [1, 2, 3], "In-role support": [1, 2]})
    made = AssessmentFactory(
        organisation=people.trust, tool_version=tool, assessed_on=datetime.date(2026, 3, 2)
    )
    rate_all(made, ["green", "amber", "", "green", "red"])
    Rating.objects.filter(rag="amber").update(
        notes="Some wards", evidence="Survey", action_what="Roll out", action_owner="HR lead"
    )
    return made


def test_word_export_has_a_table_per_theme_with_a_row_per_element(assessment):
    document = open_docx(assessment)
    assert len(document.tables) == 2
    first, second = document.tables
    assert [c.text for c in first.rows[0].cells] == COLUMNS
    assert len(first.rows) == 1 + 3
    assert len(second.rows) == 1 + 2


def test_word_export_rows_hold_element_phase_examples_rating_notes_and_action(assessment):
    element = elements_of(assessment.tool_version)[1]
    row = [c.text for c in open_docx(assessment).tables[0].rows[2].cells]
    assert row[0] == element.text
    assert row[1] == "Phase 2"
    assert row[2] == "• An example of practice"
    assert row[3] == "Amber"
    assert row[4] == "Some wards\nEvidence: Survey"
    assert row[5] == "Roll out\nOwner: HR lead\nDue: not given"


def test_word_export_writes_unrated_as_not_rated(assessment):
    assert open_docx(assessment).tables[0].rows[3].cells[3].text == "Not rated"


def test_word_export_states_phases_and_the_rule(assessment):
    text = "\n".join(p.text for p in open_docx(assessment).paragraphs)
    assert "The pastoral offer as a whole: Phase 1, working towards phase 2" in text
    assert "Recruitment and induction: Phase 1, working towards phase 2" in text
    assert "every element of phases 1 to N in that theme is Green" in text
    assert "2 March 2026" in text


def test_word_export_labels_example_content(people):
    version = services.ensure_starter_tool()
    made = AssessmentFactory(organisation=people.trust, tool_version=version)
    text = "\n".join(p.text for p in open_docx(made).paragraphs)
    assert "It is not NHS England's wording" in text
    assert len(open_docx(made).tables) == 4
