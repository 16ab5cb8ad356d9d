"""Reading the Institute's JSON: codes from position; each malformed file refused with its place named."""

import pytest

from core.tabular import ImportRefused
from standards.ifate import parse_documents

from .conftest import make_document


def problems(doc_or_text):
    import json

    text = doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text)
    with pytest.raises(ImportRefused) as caught:
        parse_documents(text)
    return [str(problem) for problem in caught.value.problems]


def test_codes_come_from_position_in_each_list(as_text, document):
    [standard] = parse_documents(as_text(document))
    assert [k.code for k in standard.ksbs] == ["K1", "K2", "S1", "S2", "B1"]
    assert [d.number for d in standard.duties] == [1, 2]
    assert standard.duties[0].ksb_codes == ["K1", "K2", "S2", "B1"]
    assert standard.duties[1].is_core is False


def test_list_of_standards_is_read(as_text):
    docs = [make_document(), make_document(version="1.3")]
    assert [s.version for s in parse_documents(as_text(docs))] == ["1.2", "1.3"]


def test_pipe_separated_job_titles_are_read_as_a_list(as_text):
    [standard] = parse_documents(as_text(make_document(typicalJobTitles="Senior HCA|Senior support worker")))
    assert standard.fields["typical_job_titles"] == ["Senior HCA", "Senior support worker"]


def test_invalid_json_is_refused_with_line_and_column():
    assert problems('{"referenceNumber": "ST0217",\n  oops}') == [
        "line 2, column 3: not valid JSON (Expecting property name enclosed in double quotes)"
    ]


@pytest.mark.parametrize("field", ["referenceNumber", "title", "version", "level", "knowledges", "duties"])
def test_missing_required_field_is_named(field):
    doc = make_document()
    del doc[field]
    assert f"{field}: missing" in problems(doc)


def test_empty_statement_is_named():
    doc = make_document()
    doc["skills"][1]["detail"] = "   "
    assert problems(doc) == ["skills[1].detail: empty statement"]


def test_duty_mapped_to_unknown_id_is_named():
    doc = make_document()
    doc["duties"][0]["mappedKnowledge"] = ["k-a", "k-b", "k-nowhere"]
    assert problems(doc) == ["duties[0].mappedKnowledge[2]: no knowledge with id 'k-nowhere'"]


def test_duty_mapped_to_a_skill_id_in_the_knowledge_list_is_refused():
    doc = make_document()
    doc["duties"][1]["mappedBehaviour"] = ["s-a"]
    assert problems(doc) == ["duties[1].mappedBehaviour[0]: no behaviour with id 's-a'"]


def test_duplicate_statement_id_is_named():
    doc = make_document()
    doc["skills"][1]["skillId"] = "k-a"
    assert "skills[1].skillId: duplicate id 'k-a' (also knowledges[0])" in problems(doc)


def test_duplicate_duty_id_is_named():
    doc = make_document()
    doc["duties"][1]["dutyID"] = "d-a"
    assert problems(doc) == ["duties[1].dutyID: duplicate id 'd-a' (also duties[0])"]


def test_unknown_option_is_named():
    doc = make_document()
    doc["duties"][1]["mappedOptions"] = ["opt-z"]
    assert problems(doc) == ["duties[1].mappedOptions[0]: no option with id 'opt-z'"]


def test_every_problem_is_reported_at_once():
    doc = make_document(level="five")
    doc["knowledges"][0]["detail"] = ""
    assert problems(doc) == [
        "level: expected a whole number, found 'five'",
        "knowledges[0].detail: empty statement",
    ]


def test_problems_in_a_list_name_the_standard():
    doc = make_document()
    del doc["title"]
    assert problems([make_document(version="2.0"), doc]) == ["[1].title: missing"]


def test_same_version_twice_in_one_file_is_refused():
    assert problems([make_document(), make_document()]) == [
        "[1]: ST0217 version 1.2 appears twice in the file (also [0])"
    ]


@pytest.mark.parametrize("text", ["[]", '"ST0215"', "42", "null"])
def test_top_level_must_be_a_standard_or_a_list(text):
    assert problems(text) == ["top level: expected a standard (an object) or a non-empty list of them"]
