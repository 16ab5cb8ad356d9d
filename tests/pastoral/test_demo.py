"""The pastoral demo data: two trusts of one region, made through the services, the same however often."""

import pytest

from accounts.demo import seed_people
from pastoral import demo, selectors
from pastoral.models import Assessment, PastoralSettings, Rating, ToolVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    people = seed_people(password="demo-test-password-1")
    demo.seed(people)
    return people


def test_demo_first_trust_has_two_completed_a_year_apart_and_one_in_progress(seeded):
    trust = seeded["organisations"]["trust"]
    completed = list(
        Assessment.objects.filter(organisation=trust, status="completed").order_by("assessed_on")
    )
    assert len(completed) == 2
    assert (completed[1].assessed_on - completed[0].assessed_on).days in (365, 366)
    in_progress = Assessment.objects.get(organisation=trust, status="in_progress")
    assert in_progress.previous == completed[1]
    assert Rating.objects.filter(assessment=in_progress, carried_forward=True).exists()


def test_demo_second_trust_has_one_completed(seeded):
    trust2 = seeded["organisations"]["trust2"]
    assert list(Assessment.objects.filter(organisation=trust2).values_list("status", flat=True)) == [
        "completed"
    ]


def test_demo_region_shows_both_trusts(seeded):
    comparison = selectors.regional_comparison(seeded["region"])
    with_assessments = [r.organisation for r in comparison.rows if r.point]
    assert sorted(with_assessments) == sorted(
        o.name for k, o in seeded["organisations"].items() if k.startswith("trust")
    )


def test_demo_seed_twice_changes_nothing(seeded):
    counts = [m.objects.count() for m in (ToolVersion, Assessment, Rating, PastoralSettings)]
    histories = [m.history.count() for m in (Assessment, Rating, PastoralSettings)]
    demo.seed(seed_people(password="demo-test-password-1"))
    assert [m.objects.count() for m in (ToolVersion, Assessment, Rating, PastoralSettings)] == counts
    assert [m.history.count() for m in (Assessment, Rating, PastoralSettings)] == histories
