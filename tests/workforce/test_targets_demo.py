"""The targets part of the demo: seed 003's national targets, the region's returns over 2005-2006, the
regional lead's target and the demo trust's own; made through the services and the same however often it
runs. (The demo's completed trainee showing as a suggestion needs the whole demo, which
tests/test_seed_demo.py seeds.)"""

import datetime

import pytest

from accounts.demo import seed_people
from standards.models import Standard
from workforce import demo_targets
from workforce import services_targets as services
from workforce.catalogue import ensure_catalogue
from workforce.models import HeadcountReturn, RoleVariant, Target, WorkforceRole

D = datetime.date


@pytest.fixture
def demo(db):
    namespace = seed_people(password="demo-test-password-1")
    ensure_catalogue(WorkforceRole, RoleVariant, Standard)
    demo_targets.seed(namespace)
    return namespace


def test_the_demo_has_seed_003s_national_targets_set_by_the_administrator(demo):
    national = {
        (t.workforce_role.name, t.number, t.due_on, t.set_by.username)
        for t in Target.objects.filter(region=None, organisation=None)
    }
    assert national == {
        ("Support, time and recovery worker", 3000, D(2006, 12, 31), "admin"),
        ("Primary care graduate mental health worker", 1000, D(2004, 12, 31), "admin"),
    }
    assert all(
        "3000 STR workers in post by December 2006" in t.source
        for t in Target.objects.filter(region=None, organisation=None)
    )


def test_the_demo_regions_returns_add_up_with_one_organisation_carried_forward(demo):
    target = Target.objects.get(region=demo["region"])
    assert (target.set_by.username, target.number) == ("regional", 60)
    prog = services.progress(target)
    assert [t.period_end.year for t in prog.totals] == [2005] * 4 + [2006] * 3
    assert prog.latest.in_post == 33 + 17 and prog.latest.carried == [demo["organisations"]["trust2"].pk]
    assert [m.organisation for m in prog.not_returned] == [demo["organisations"]["trust2"]]
    assert prog.projected is not None


def test_the_demo_trust_has_its_own_assistant_practitioner_target_with_recent_monthly_returns(demo):
    trust = demo["organisations"]["trust"]
    target = Target.objects.get(organisation=trust)
    assert (target.workforce_role.name, target.set_by.username) == ("Assistant practitioner", "lead")
    periods = [t.period_end for t in services.progress(target).totals]
    assert len(periods) == 8 and periods[-1] < datetime.date.today()
    assert all(services.is_month_end(p) for p in periods)


def test_seeding_again_changes_nothing(demo):
    counts = (Target.objects.count(), HeadcountReturn.objects.count())
    demo_targets.seed(demo)
    assert (Target.objects.count(), HeadcountReturn.objects.count()) == counts == (4, 35)
