"""Small wording found by using the portal: an article before a role, a phase said once, one full stop after
typed text, hours written one way, and a header on every column."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from core.templatetags.portal import hours, sentence
from tests.pastoral.factories import AssessmentFactory, make_tool, rate_all

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", strip_tags(response.content.decode())).replace("\xa0", " ")


def test_dashboard_says_you_are_a_trainee_at(client, people):
    client.force_login(people.trainee)
    assert "You are a trainee at Northfield Trust." in text_of(client.get(reverse("dashboard")))


@pytest.fixture
def phase_one(people):
    """An assessment whose one theme reached phase 1 and works towards phase 2."""
    assessment = AssessmentFactory(
        organisation=people.trust,
        tool_version=make_tool({"In-role support": [1, 2]}),
        people_involved="Two support worker representatives from the staff network.",
        other_groups="Support worker staff network.",
    )
    rate_all(assessment, ["green", "amber"])
    return assessment


def test_pastoral_assessment_says_the_phase_once(client, people, phase_one):
    client.force_login(people.lead)
    page = text_of(client.get(reverse("pastoral:assessment", args=[phase_one.pk])))
    assert "The pastoral offer as a whole: Phase 1 working towards phase 2" in page
    assert "In-role support Phase 1 working towards phase 2" in page
    assert "Phase 1 Phase 1" not in page


def test_pastoral_report_ends_typed_text_with_one_full_stop(phase_one):
    from reports import kinds
    from reports.rendering import render_html

    html = render_html(kinds.get("pastoral"), phase_one)
    assert "from the staff network.</p>" in html and "network.." not in html
    assert "Groups involved: Support worker staff network." in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1.50"), "1.5\xa0h"),
        (Decimal("2.00"), "2\xa0h"),
        (2, "2\xa0h"),
        (Decimal("229.5"), "229.5\xa0h"),
        (Decimal("200"), "200\xa0h"),
        (Decimal("0.25"), "0.25\xa0h"),
        (1.5, "1.5\xa0h"),
        (None, ""),
    ],
)
def test_hours_are_written_one_way(value, shown):
    assert hours(value) == shown


@pytest.mark.parametrize(
    ("typed", "shown"), [("staff network.", "staff network."), ("staff network", "staff network."), ("", "")]
)
def test_sentence_ends_with_one_full_stop(typed, shown):
    assert sentence(typed) == shown


def test_no_template_formats_hours_itself():
    own_format = re.compile(r'floatformat:"[^"]*" *\}\} *(h|hours)\b|floatformat:"-2"')
    found = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if own_format.search(path.read_text())
    ]
    assert found == [], "Use the hours filter ({% load portal %}{{ value|hours }})"


def test_study_time_page_shows_hours_the_same_way(client, people, cohort_setup):
    from trainees import services

    enrolment = cohort_setup.enrolment
    for amount in ("1.50", "2.00"):
        services.log_study_time(
            enrolment=enrolment,
            by=people.trainee,
            date=datetime.date.today(),
            hours=Decimal(amount),
            activity="self_study",
        )
    client.force_login(people.trainee)
    page = text_of(client.get(reverse("trainees:study_time", args=[enrolment.pk])))
    assert "1.5 h" in page and "2 h" in page
    assert "1.50" not in page and "2.00" not in page


def test_mark_achieved_column_has_a_header(client, people, cohort_setup):
    client.force_login(people.mentor)
    page = client.get(reverse("competencies:portfolio", args=[cohort_setup.enrolment.pk])).content.decode()
    assert re.search(r'<th [^>]*scope="col"[^>]*>Mark achieved</th>', page)


def test_a_study_time_entry_is_named_with_its_hours_written_the_same_way(people, cohort_setup):
    from trainees import services

    entry = services.log_study_time(
        enrolment=cohort_setup.enrolment,
        by=people.trainee,
        date=datetime.date(2026, 11, 2),
        hours=Decimal("1.50"),
        activity="self_study",
    )
    assert str(entry) == "1.5\xa0h on 2 Nov 2026 (Self-directed study)"
