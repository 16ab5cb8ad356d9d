"""Service impact: audits and satisfaction results refused when impossible (form and import, nothing saved),
their trends (sums across audits, satisfaction normalised to its scale and weighted by responses), the pages
and who may reach them."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import tabular
from evaluation import impact
from evaluation.models import Audit, ProgrammeStage, SatisfactionResult

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def cohort(cohort_setup):
    return cohort_setup.cohort


@pytest.fixture
def lead_client(client, people):
    client.force_login(people.lead)
    return client


def _audit(cohort, by, service, has_trainees, stage, audited, meeting, on=None):
    if on is None:
        on = cohort.start_date - datetime.timedelta(days=7) if stage == "before" else TODAY
    return Audit.objects.create(
        cohort=cohort,
        organisation=cohort.organisation,
        service=service,
        has_trainees=has_trainees,
        stage=stage,
        audited_on=on,
        number_audited=audited,
        number_meeting_standard=meeting,
        standard_used="NEWS2 recorded and escalated",
        entered_by=by,
    )


def _result(cohort, by, service, has_trainees, stage, question, responses, score, low, high):
    return SatisfactionResult.objects.create(
        cohort=cohort,
        organisation=cohort.organisation,
        service=service,
        has_trainees=has_trainees,
        stage=stage,
        period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY,
        question=question,
        responses=responses,
        score=Decimal(score),
        scale_min=Decimal(low),
        scale_max=Decimal(high),
        entered_by=by,
    )


# --- Audits: the form refuses the impossible, saving nothing ------------------------------------------------


def audit_data(cohort, **changes):
    data = {
        "service": "Willow Ward",
        "has_trainees": "yes",
        "stage": "midway",
        "audited_on": (cohort.start_date + datetime.timedelta(days=14)).isoformat(),
        "number_audited": "20",
        "number_meeting_standard": "15",
        "standard_used": "NEWS2 recorded and escalated",
    }
    data.update(changes)
    return data


def test_a_lead_adds_and_edits_an_audit(lead_client, cohort, people):
    response = lead_client.post(reverse("evaluation:audit_add", args=[cohort.pk]), audit_data(cohort))
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert (audit.number_audited, audit.number_meeting_standard, audit.has_trainees) == (20, 15, True)
    assert audit.entered_by == people.lead and audit.organisation == cohort.organisation

    url = reverse("evaluation:audit_edit", args=[cohort.pk, audit.pk])
    page = lead_client.get(url)
    assert page.status_code == 200 and 'value="Willow Ward"' in page.text
    lead_client.post(url, audit_data(cohort, number_meeting_standard="18", has_trainees="no"))
    audit.refresh_from_db()
    assert (audit.number_meeting_standard, audit.has_trainees) == (18, False)
    assert Audit.objects.count() == 1
    listed = lead_client.get(reverse("evaluation:audit_list", args=[cohort.pk]))
    assert "18 of 20 (90%)" in listed.text and "Willow Ward" in listed.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"number_audited": "10", "number_meeting_standard": "11"},
            "number_meeting_standard",
            "The number meeting the standard cannot be more than the number audited",
        ),
        ({"number_audited": "-3", "number_meeting_standard": "0"}, "number_audited", "cannot be negative"),
        ({"number_meeting_standard": "-1"}, "number_meeting_standard", "cannot be negative"),
        ({"number_audited": "0", "number_meeting_standard": "0"}, "number_audited", "must be at least 1"),
        ("before_start", "audited_on", "cannot be before the cohort started"),
        ("before_stage_after_start", "audited_on", "An audit before the programme must be dated before"),
        ("future", "audited_on", "cannot be in the future"),
    ],
)
def test_an_impossible_audit_is_refused_beside_its_field_and_nothing_saved(
    lead_client, cohort, changes, field, message
):
    if changes == "before_start":
        changes = {"audited_on": (cohort.start_date - datetime.timedelta(days=1)).isoformat()}
    elif changes == "before_stage_after_start":
        changes = {"stage": "before", "audited_on": cohort.start_date.isoformat()}
    elif changes == "future":
        changes = {"audited_on": (TODAY + datetime.timedelta(days=1)).isoformat()}
    response = lead_client.post(
        reverse("evaluation:audit_add", args=[cohort.pk]), audit_data(cohort, **changes)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.text
    assert "data-error-summary" in response.text or "nhsuk-error-summary" in response.text
    assert Audit.objects.count() == 0


def test_an_audit_before_the_programme_is_dated_before_the_cohort_started(lead_client, cohort):
    on = (cohort.start_date - datetime.timedelta(days=30)).isoformat()
    response = lead_client.post(
        reverse("evaluation:audit_add", args=[cohort.pk]), audit_data(cohort, stage="before", audited_on=on)
    )
    assert response.status_code == 302
    assert Audit.objects.get().stage == ProgrammeStage.BEFORE


def test_editing_an_audit_into_an_impossible_one_changes_nothing(lead_client, cohort, people):
    audit = _audit(cohort, people.lead, "Elm Ward", True, "start", 10, 7)
    url = reverse("evaluation:audit_edit", args=[cohort.pk, audit.pk])
    response = lead_client.post(url, audit_data(cohort, number_audited="5", number_meeting_standard="9"))
    assert response.status_code == 400
    audit.refresh_from_db()
    assert (audit.number_audited, audit.number_meeting_standard) == (10, 7)


# --- Satisfaction: the form refuses the impossible ---------------------------------------------------------


def satisfaction_data(**changes):
    data = {
        "service": "Willow Ward",
        "has_trainees": "yes",
        "stage": "midway",
        "period_start": (TODAY - datetime.timedelta(days=60)).isoformat(),
        "period_end": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "question": "Staff had time to talk with me",
        "responses": "40",
        "score": "4.2",
        "scale_min": "1",
        "scale_max": "5",
    }
    data.update(changes)
    return data


def test_a_lead_adds_and_edits_a_satisfaction_result(lead_client, cohort):
    response = lead_client.post(reverse("evaluation:satisfaction_add", args=[cohort.pk]), satisfaction_data())
    assert response.status_code == 302
    result = SatisfactionResult.objects.get()
    assert (result.score, result.responses) == (Decimal("4.2"), 40)
    url = reverse("evaluation:satisfaction_edit", args=[cohort.pk, result.pk])
    assert lead_client.post(url, satisfaction_data(score="3.5")).status_code == 302
    result.refresh_from_db()
    assert result.score == Decimal("3.5")
    listed = lead_client.get(reverse("evaluation:satisfaction_list", args=[cohort.pk]))
    assert "3.5 on 1 to 5" in listed.text and "Staff had time to talk with me" in listed.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"score": "6"}, "score", "The score must be on its scale, from 1 to 5"),
        ({"score": "0.5"}, "score", "The score must be on its scale, from 1 to 5"),
        ({"score": "11", "scale_min": "0", "scale_max": "10"}, "score", "from 0 to 10"),
        ({"scale_min": "5", "scale_max": "5"}, "scale_max", "must be more than the lowest"),
        ({"scale_min": "5", "scale_max": "1"}, "scale_max", "must be more than the lowest"),
        ("end_before_start", "period_end", "The end of the period cannot be before its start"),
        ({"responses": "-1"}, "responses", "The number of responses cannot be negative"),
    ],
)
def test_an_impossible_satisfaction_result_is_refused_and_nothing_saved(
    lead_client, cohort, changes, field, message
):
    if changes == "end_before_start":
        changes = {
            "period_start": TODAY.isoformat(),
            "period_end": (TODAY - datetime.timedelta(days=1)).isoformat(),
        }
    response = lead_client.post(
        reverse("evaluation:satisfaction_add", args=[cohort.pk]), satisfaction_data(**changes)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.text
    assert SatisfactionResult.objects.count() == 0


# --- Trends ----------------------------------------------------------------------------------------------


def test_audit_trend_sums_numbers_across_audits_at_a_stage(cohort, people):
    by = people.lead
    # Before: two wards with trainees (10 of 20, 5 of 10) and two without (9 of 10, 3 of 10).
    _audit(cohort, by, "Elm Ward", True, "before", 20, 10)
    _audit(cohort, by, "Oak Ward", True, "before", 10, 5)
    _audit(cohort, by, "Ash Ward", False, "before", 10, 9)
    _audit(cohort, by, "Yew Ward", False, "before", 10, 3)
    # Mid-way: only wards with trainees, three audits (9/10, 8/10, 16/20 -> 33 of 40).
    _audit(cohort, by, "Elm Ward", True, "midway", 10, 9)
    _audit(cohort, by, "Oak Ward", True, "midway", 10, 8)
    _audit(cohort, by, "Elm Ward", True, "midway", 20, 16)
    # Another cohort's audit never counts.
    other = cohort.__class__.objects.create(
        organisation=cohort.organisation,
        programme=cohort.programme,
        name="Cohort 2",
        start_date=cohort.start_date,
        expected_end_date=cohort.expected_end_date,
    )
    _audit(other, by, "Elm Ward", True, "midway", 10, 0)

    trend = impact.audit_trend(cohort)
    assert [s.stage for s in trend] == ["before", "midway"]
    before, midway = trend
    # Overall 27 of 50 = 54% (the mean of the four percentages would be 55%).
    assert (before.overall.meeting, before.overall.audited, before.overall.percentage) == (27, 50, 54.0)
    assert (before.with_trainees.meeting, before.with_trainees.audited) == (15, 30)
    assert before.with_trainees.percentage == 50.0
    assert (before.without_trainees.meeting, before.without_trainees.audited) == (12, 20)
    assert before.without_trainees.percentage == 60.0
    assert before.side_by_side
    assert (midway.overall.meeting, midway.overall.audited, midway.overall.percentage) == (33, 40, 82.5)
    assert midway.without_trainees is None and not midway.side_by_side


def test_satisfaction_trend_is_normalised_to_its_scale_and_weighted_by_responses(cohort, people):
    by = people.lead
    q = "Staff had time to talk with me"
    # Start: with trainees 4 on 1-5 (75%, 30 responses) and 2 on 1-5 (25%, 10 responses) -> 62.5%;
    # without: 6 on 0-10 (60%, 20 responses). Overall (2250 + 250 + 1200) / 60 = 61.7%.
    _result(cohort, by, "Elm Ward", True, "start", q, 30, "4", "1", "5")
    _result(cohort, by, "Oak Ward", True, "start", q, 10, "2", "1", "5")
    _result(cohort, by, "Ash Ward", False, "start", q, 20, "6", "0", "10")
    # Qualification, only wards with trainees: 9 on 0-10 (90%, 5) and 5 on 1-5 (100%, 15) -> 97.5%.
    _result(cohort, by, "Elm Ward", True, "qualification", q, 5, "9", "0", "10")
    _result(cohort, by, "Oak Ward", True, "qualification", q, 15, "5", "1", "5")
    _result(cohort, by, "Elm Ward", True, "start", "I felt safe", 12, "3", "1", "5")

    trend = impact.satisfaction_trend(cohort)
    assert [entry.question for entry in trend] == [q, "I felt safe"]
    start, qualification = trend[0].stages
    assert start.stage == "start" and qualification.stage == "qualification"
    assert start.with_trainees.percentage == 62.5
    assert start.with_trainees.responses == 40
    assert start.without_trainees.percentage == 60.0
    assert start.overall.percentage == 61.7
    assert start.side_by_side
    assert qualification.overall.percentage == 97.5
    assert not qualification.side_by_side
    assert [s.overall.percentage for s in trend[1].stages] == [50.0]


def test_impact_page_draws_both_trends_with_tables(lead_client, cohort, people):
    by = people.lead
    _audit(cohort, by, "Elm Ward", True, "before", 20, 10)
    _audit(cohort, by, "Ash Ward", False, "before", 10, 9)
    _audit(cohort, by, "Elm Ward", True, "midway", 10, 9)
    _result(cohort, by, "Elm Ward", True, "start", "Staff had time to talk with me", 30, "4", "1", "5")
    _result(cohort, by, "Elm Ward", True, "midway", "Staff had time to talk with me", 30, "4.5", "1", "5")
    response = lead_client.get(reverse("evaluation:impact", args=[cohort.pk]))
    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1 and "Service impact" in text
    assert text.count('<svg viewBox="0 0 720 280" role="img"') == 2
    assert 'id="audit-chart-table"' in text and 'id="satisfaction-chart-1-table"' in text
    assert "<script" not in text.split("<main", 1)[1]
    assert "63.3%" in text  # 19 of 30 before
    assert "Not comparable: only wards with trainees were audited" in text
    assert "87.5%" in text  # 4.5 on 1-5


# --- Importing audits and satisfaction results, all or nothing -----------------------------------------


def _csv(rows):
    return "\n".join(",".join(row) for row in rows).encode()


AUDIT_HEADER = [
    "service",
    "has_trainees",
    "stage",
    "audited_on",
    "number_audited",
    "number_meeting_standard",
    "standard_used",
]


def test_importing_audits_saves_every_row(cohort, people):
    before = (cohort.start_date - datetime.timedelta(days=20)).isoformat()
    content = _csv(
        [
            AUDIT_HEADER,
            ["Elm Ward", "yes", "before", before, "20", "10", "NEWS2"],
            ["Ash Ward", "No", "Before the programme", before, "10", "9", "NEWS2"],
            ["Elm Ward", "yes", "midway", TODAY.strftime("%d/%m/%Y"), "10", "9", "NEWS2"],
        ]
    )
    assert impact.import_audits(cohort=cohort, by=people.lead, name="audits.csv", content=content) == 3
    assert sorted(Audit.objects.values_list("service", "has_trainees", "stage")) == [
        ("Ash Ward", False, "before"),
        ("Elm Ward", True, "before"),
        ("Elm Ward", True, "midway"),
    ]


def test_an_audit_file_with_a_bad_row_is_refused_whole_naming_the_row(cohort, people):
    content = _csv(
        [
            AUDIT_HEADER,
            ["Elm Ward", "yes", "midway", TODAY.isoformat(), "20", "10", "NEWS2"],
            ["Oak Ward", "yes", "midway", TODAY.isoformat(), "10", "11", "NEWS2"],
            ["Ash Ward", "maybe", "later", "soon", "-2", "x", "NEWS2"],
        ]
    )
    with pytest.raises(tabular.ImportRefused) as refused:
        impact.import_audits(cohort=cohort, by=people.lead, name="audits.csv", content=content)
    problems = {(p.row, p.column): p.message for p in refused.value.problems}
    assert problems[(3, "number_meeting_standard")] == (
        "The number meeting the standard cannot be more than the number audited"
    )
    assert {column for row, column in problems if row == 4} == {
        "has_trainees",
        "stage",
        "audited_on",
        "number_audited",
        "number_meeting_standard",
    }
    assert not any(row == 2 for row, _ in problems)
    assert Audit.objects.count() == 0


def test_the_audit_import_page_lists_the_problems_and_saves_nothing(lead_client, cohort):
    content = _csv(
        [
            AUDIT_HEADER,
            ["Elm Ward", "yes", "midway", TODAY.isoformat(), "20", "10", "NEWS2"],
            [
                "Oak Ward",
                "yes",
                "midway",
                (TODAY + datetime.timedelta(days=3)).isoformat(),
                "10",
                "5",
                "NEWS2",
            ],
        ]
    )
    url = reverse("evaluation:audit_import", args=[cohort.pk])
    response = lead_client.post(url, {"file": SimpleUploadedFile("audits.csv", content, "text/csv")})
    assert response.status_code == 400
    assert 'id="import-problems"' in response.text
    assert "The date of the audit cannot be in the future" in response.text
    assert Audit.objects.count() == 0

    good = _csv([AUDIT_HEADER, ["Elm Ward", "yes", "midway", TODAY.isoformat(), "20", "10", "NEWS2"]])
    response = lead_client.post(url, {"file": SimpleUploadedFile("audits.csv", good, "text/csv")})
    assert response.status_code == 302
    assert Audit.objects.count() == 1
    template = lead_client.get(reverse("evaluation:audit_import_template", args=[cohort.pk]))
    assert template.content.decode("utf-8-sig").splitlines()[0] == ",".join(AUDIT_HEADER)


SATISFACTION_HEADER = [
    "service",
    "has_trainees",
    "stage",
    "period_start",
    "period_end",
    "question",
    "responses",
    "score",
    "scale_min",
    "scale_max",
]


def test_a_satisfaction_file_is_imported_all_or_nothing(cohort, people):
    start, end = (TODAY - datetime.timedelta(days=30)).isoformat(), TODAY.isoformat()
    good = ["Elm Ward", "yes", "midway", start, end, "I felt safe", "40", "4.2", "1", "5"]
    bad = ["Oak Ward", "no", "midway", start, end, "I felt safe", "12", "7", "1", "5"]
    with pytest.raises(tabular.ImportRefused) as refused:
        impact.import_satisfaction(
            cohort=cohort, by=people.lead, name="s.csv", content=_csv([SATISFACTION_HEADER, good, bad])
        )
    assert [(p.row, p.column, p.message) for p in refused.value.problems] == [
        (3, "score", "The score must be on its scale, from 1 to 5")
    ]
    assert SatisfactionResult.objects.count() == 0
    count = impact.import_satisfaction(
        cohort=cohort, by=people.lead, name="s.csv", content=_csv([SATISFACTION_HEADER, good, good])
    )
    assert count == 2 and SatisfactionResult.objects.count() == 2


# --- Who may reach the pages -------------------------------------------------------------------------------

COHORT_PAGES = [
    "audit_list",
    "audit_add",
    "audit_import",
    "audit_import_template",
    "satisfaction_list",
    "satisfaction_add",
    "satisfaction_import",
    "satisfaction_import_template",
    "impact",
]


@pytest.mark.parametrize("name", COHORT_PAGES)
def test_only_the_cohorts_lead_reaches_the_impact_pages(client, cohort_setup, people, name):
    url = reverse(f"evaluation:{name}", args=[cohort_setup.cohort.pk])
    for outsider in (people.other_lead, people.trainee, cohort_setup.manager, people.regional):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
        assert client.post(url, audit_data(cohort_setup.cohort)).status_code == 404, outsider
    assert Audit.objects.count() == 0
    client.force_login(people.lead)
    assert client.get(url).status_code == 200


def test_only_the_cohorts_lead_edits_its_audits_and_results(client, cohort_setup, people):
    cohort = cohort_setup.cohort
    audit = _audit(cohort, people.lead, "Elm Ward", True, "midway", 10, 5)
    result = _result(cohort, people.lead, "Elm Ward", True, "midway", "I felt safe", 10, "4", "1", "5")
    urls = [
        reverse("evaluation:audit_edit", args=[cohort.pk, audit.pk]),
        reverse("evaluation:satisfaction_edit", args=[cohort.pk, result.pk]),
    ]
    for url in urls:
        for outsider in (people.other_lead, people.trainee, cohort_setup.manager):
            client.force_login(outsider)
            assert client.get(url).status_code == 404
        client.force_login(people.lead)
        assert client.get(url).status_code == 200
    # Another cohort's audit is not reached through this cohort's address.
    client.force_login(people.other_lead)
    other_cohort = cohort.__class__.objects.create(
        organisation=people.other_trust,
        programme=cohort.programme,
        name="Their cohort",
        start_date=cohort.start_date,
        expected_end_date=cohort.expected_end_date,
    )
    assert client.get(reverse("evaluation:audit_edit", args=[other_cohort.pk, audit.pk])).status_code == 404


def test_the_satisfaction_import_page_refuses_a_bad_file_whole(lead_client, cohort):
    start, end = (TODAY - datetime.timedelta(days=30)).isoformat(), TODAY.isoformat()
    rows = [
        SATISFACTION_HEADER,
        ["Elm Ward", "yes", "midway", start, end, "I felt safe", "40", "4.2", "1", "5"],
        ["Oak Ward", "no", "midway", end, start, "I felt safe", "-4", "3", "5", "1"],
    ]
    url = reverse("evaluation:satisfaction_import", args=[cohort.pk])
    response = lead_client.post(url, {"file": SimpleUploadedFile("s.csv", _csv(rows), "text/csv")})
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert problems == {(3, "period_end"), (3, "responses"), (3, "scale_max")}
    assert "The end of the period cannot be before its start" in response.text
    assert SatisfactionResult.objects.count() == 0
    response = lead_client.post(url, {"file": SimpleUploadedFile("s.csv", _csv(rows[:2]), "text/csv")})
    assert response.status_code == 302 and SatisfactionResult.objects.count() == 1
