"""seed_demo: the demo's organisations and sign-ins, made the same however often it runs.

Most tests read the demo as seed_demo --json made it on this process's fresh database, and what it printed
(`demo_data`, tests/demo_snapshot.py: one seeding per test process, copied in); seeding twice runs it twice.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from core.plugins import collected

pytestmark = pytest.mark.django_db

SIGN_INS = ["lead", "manager", "mentor", "mentor2", "lecturer", "trainee", "trainee2", "lead2", "regional"]


def seed(**kwargs):
    call_command("seed_demo", password="demo-test-password-1", stdout=io.StringIO(), **kwargs)


def test_seed_creates_the_nine_sign_ins_in_two_organisations_of_one_region(demo_data):
    assert set(User.objects.values_list("username", flat=True)) >= set(SIGN_INS)
    first = Organisation.objects.get(memberships__user__username="lead")
    second = Organisation.objects.get(memberships__user__username="lead2")
    assert first != second and first.region == second.region
    for username in ["manager", "mentor", "mentor2", "lecturer", "trainee", "trainee2"]:
        assert Membership.objects.filter(user__username=username, organisation=first).exists(), username
    regional = Membership.objects.get(user__username="regional")
    assert regional.role == Membership.Role.REGIONAL_LEAD
    assert regional.organisation.region == first.region


def test_seed_twice_changes_nothing():
    seed()
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    seed()
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts


def test_each_demo_sign_in_reaches_its_dashboard(demo_data):
    for username in SIGN_INS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": demo_data.password}, follow=True
        )
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] == reverse("dashboard"), username
        assert response.context["user"].username == username
        assert "data-role-section=" in response.text, username


def test_seed_refuses_default_password_outside_debug(monkeypatch, settings):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="set DEMO_PASSWORD"):
        call_command("seed_demo")
    assert not User.objects.filter(username="lead").exists()


def test_seed_prints_sign_ins_and_password(demo_data):
    out = demo_data.output
    for username in SIGN_INS:
        assert f"  {username} " in out
    assert f"Password for all of them: {demo_data.password}" in out


def test_seed_json_names_a_demo_subject_for_every_report_kind(demo_data):
    subjects = json.loads(demo_data.output.strip().splitlines()[-1])
    assert set(subjects) == {kind.name for kind in collected("report_kinds")}
    for kind in collected("report_kinds"):
        assert kind.subject(subjects[kind.name]) is not None, kind.name
