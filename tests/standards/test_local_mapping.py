"""Issue 15: a workforce lead proposes their organisation's duty-to-KSB mapping and progression links; the
Institute's published mapping wins where it has one; locally made mappings stay labelled local."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from standards import services
from standards.ifate import parse_documents
from standards.models import Duty, LocalDutyMapping, Progression, Standard
from standards.selectors import duty_ksbs

from .conftest import make_document

pytestmark = pytest.mark.django_db

LOCAL_LABEL = "Locally made (not published by the Institute)"


def ksb_ids(standard, *codes):
    by_code = {k.code: k.pk for k in standard.ksbs.all()}
    return [by_code[c] for c in codes]


def page(standard, organisation):
    return reverse("standards:local_mapping", args=[standard.pk, organisation.pk])


def duty_page(standard, organisation, number):
    return reverse("standards:local_duty_mapping", args=[standard.pk, organisation.pk, number])


@pytest.fixture
def partly_published(db):
    """ST0217 v1.2 whose file publishes the KSBs of D1 only; D2 has none."""
    doc = make_document()
    doc["duties"][1]["mappedSkills"] = []
    [outcome] = services.import_standards(text=json.dumps(doc))
    return outcome.standard


# --- A fresh install: ST0215's file publishes no mapping ------------------------------------------------


def test_fresh_install_has_st0215_without_a_published_mapping_so_no_duty_has_ksbs(people, st0215):
    assert st0215.duty_mapping == Standard.Mapping.NONE
    duties = duty_ksbs(st0215, organisation_id=people.trust.pk)
    assert len(duties) == 10
    assert all(mapped == [] and duty.mapping_source == "none" for duty, mapped in duties)


def test_portfolio_tells_the_lead_to_propose_a_mapping_and_others_who_can(client, people, cohort_setup):
    portfolio = reverse("competencies:portfolio", args=[cohort_setup.enrolment.pk])
    client.force_login(people.lead)
    response = client.get(portfolio)
    assert response.context["progress"].mapped_duties == 0
    assert "progress by duty cannot be counted" in response.text
    assert page(cohort_setup.programme.standard, people.trust) in response.text
    client.force_login(people.trainee)
    response = client.get(portfolio)
    assert "Your organisation's workforce lead can propose one." in response.text
    assert page(cohort_setup.programme.standard, people.trust) not in response.text


def test_once_the_lead_maps_a_duty_progress_by_duty_shows_it_labelled_local(client, people, cohort_setup):
    st0215 = cohort_setup.programme.standard
    client.force_login(people.lead)
    response = client.get(page(st0215, people.trust))
    assert response.status_code == 200
    assert "No KSBs mapped" in response.text
    response = client.post(duty_page(st0215, people.trust, 2), {"ksbs": ksb_ids(st0215, "K5", "S5", "B1")})
    assert response.status_code == 302

    mapping = LocalDutyMapping.objects.get(organisation=people.trust, duty__number=2)
    assert {k.code for k in mapping.ksbs.all()} == {"K5", "S5", "B1"}
    assert mapping.made_by == people.lead
    assert mapping.history.exists()
    assert st0215.duties.get(number=2).ksbs.count() == 0  # the catalogue's own mapping is untouched
    assert Standard.objects.get(pk=st0215.pk).duty_mapping == Standard.Mapping.NONE

    client.force_login(people.trainee)
    response = client.get(reverse("competencies:portfolio", args=[cohort_setup.enrolment.pk]))
    progress = response.context["progress"]
    assert progress.mapped_duties == 1
    [d2] = [share for share in progress.by_duty if share.label.startswith("D2")]
    assert d2.total == 3
    assert progress.mapping_source == Standard.Mapping.LOCAL.label
    assert "locally made mapping (not published by the institute)" in response.text


def test_the_lead_sees_the_mapping_on_the_page_and_can_clear_it(client, people, st0215):
    client.force_login(people.lead)
    client.post(duty_page(st0215, people.trust, 3), {"ksbs": ksb_ids(st0215, "K10", "S10")})
    response = client.get(page(st0215, people.trust))
    assert LOCAL_LABEL in response.text
    assert "K10" in response.text
    client.post(duty_page(st0215, people.trust, 3), {})
    assert LocalDutyMapping.objects.get(duty__number=3).ksbs.count() == 0
    assert {d.number: m for d, m in duty_ksbs(st0215, organisation_id=people.trust.pk)}[3] == []


def test_one_organisations_mapping_is_not_anothers(people, st0215):
    duty = st0215.duties.get(number=1)
    services.propose_duty_mapping(
        organisation=people.trust, duty=duty, ksbs=st0215.ksbs.filter(number=1), by=None
    )
    ours = dict(duty_ksbs(st0215, organisation_id=people.trust.pk))
    theirs = dict(duty_ksbs(st0215, organisation_id=people.other_trust.pk))
    assert [k.code for k in ours[duty]] == ["K1", "S1", "B1"]
    assert theirs[duty] == []


def test_a_ksb_of_another_standard_is_refused(people, st0215, partly_published):
    duty = st0215.duties.get(number=1)
    with pytest.raises(ValueError, match="its own standard"):
        services.propose_duty_mapping(
            organisation=people.trust, duty=duty, ksbs=partly_published.ksbs.all(), by=people.lead
        )


# --- The published mapping wins -------------------------------------------------------------------------


def test_published_duty_is_read_only_and_wins_over_a_local_one(client, people, partly_published):
    d1, d2 = partly_published.duties.order_by("number")
    assert partly_published.duty_mapping == Standard.Mapping.PUBLISHED
    with pytest.raises(ValidationError, match="publishes the KSBs of D1"):
        services.propose_duty_mapping(organisation=people.trust, duty=d1, ksbs=[], by=people.lead)
    # Even a local mapping stored before the Institute published one does not override it.
    stale = LocalDutyMapping.objects.create(organisation=people.trust, duty=d1, made_at="2026-01-01T00:00Z")
    stale.ksbs.set(partly_published.ksbs.filter(kind="B"))
    services.propose_duty_mapping(
        organisation=people.trust, duty=d2, ksbs=partly_published.ksbs.filter(kind="S"), by=people.lead
    )
    duties = dict(duty_ksbs(partly_published, organisation_id=people.trust.pk))
    assert [k.code for k in duties[d1]] == ["K1", "K2", "S2", "B1"]
    assert [(d.code, d.mapping_source) for d in duties] == [("D1", "published"), ("D2", "local")]

    client.force_login(people.lead)
    response = client.get(page(partly_published, people.trust))
    assert "Published by the Institute" in response.text and LOCAL_LABEL in response.text
    assert duty_page(partly_published, people.trust, 1) not in response.text
    assert duty_page(partly_published, people.trust, 2) in response.text
    response = client.post(duty_page(partly_published, people.trust, 1), {"ksbs": []})
    assert response.status_code == 302
    assert list(stale.ksbs.values_list("kind", flat=True)) == ["B"]  # unchanged


# --- Who may see and change an organisation's mapping ---------------------------------------------------


def test_other_organisations_lead_neither_sees_nor_changes_it(client, people, st0215):
    client.force_login(people.other_lead)
    assert client.get(page(st0215, people.trust)).status_code == 404
    response = client.post(duty_page(st0215, people.trust, 1), {"ksbs": ksb_ids(st0215, "K1")})
    assert response.status_code == 404
    assert not LocalDutyMapping.objects.exists()


def test_the_organisations_trainee_is_refused(client, people, st0215):
    client.force_login(people.trainee)
    assert client.get(page(st0215, people.trust)).status_code == 403
    assert client.post(duty_page(st0215, people.trust, 1), {"ksbs": ksb_ids(st0215, "K1")}).status_code == 403
    assert not LocalDutyMapping.objects.exists()


def test_standard_page_links_each_lead_to_their_own_organisations_mapping(client, people, st0215):
    client.force_login(people.lead)
    response = client.get(reverse("standards:detail", args=[st0215.pk]))
    assert page(st0215, people.trust) in response.text
    assert page(st0215, people.other_trust) not in response.text
    client.force_login(people.trainee)
    response = client.get(reverse("standards:detail", args=[st0215.pk]))
    assert "workforce lead can propose a locally made mapping" in response.text


# --- Progression links ----------------------------------------------------------------------------------


def test_lead_adds_a_local_progression_link_seen_only_by_their_organisation(client, people, st0215):
    client.force_login(people.lead)
    url = reverse("standards:local_progression_create", args=[st0215.pk, people.trust.pk])
    response = client.post(
        url, {"direction": "into", "reference": "st0216", "title": "Healthcare support worker", "level": 2}
    )
    assert response.status_code == 302
    link = Progression.objects.get(organisation=people.trust)
    assert (link.from_reference, link.to_reference, link.made_by) == ("ST0216", "ST0215", people.lead)

    client.force_login(people.trainee)
    response = client.get(reverse("standards:detail", args=[st0215.pk]))
    assert "ST0216" in response.text and "Locally made by Northfield Trust" in response.text
    client.force_login(people.other_lead)
    response = client.get(reverse("standards:detail", args=[st0215.pk]))
    assert "ST0216" not in response.text
    withdraw = reverse("standards:progression_withdraw", args=[link.pk])
    assert client.post(withdraw).status_code == 404
    client.force_login(people.trainee)
    assert client.post(withdraw).status_code == 403
    client.force_login(people.lead)
    assert client.post(withdraw).status_code == 302
    assert not Progression.objects.filter(pk=link.pk).exists()


def test_a_link_the_institutes_map_has_or_one_already_proposed_is_refused(client, people, st0215):
    client.force_login(people.lead)
    url = reverse("standards:local_progression_create", args=[st0215.pk, people.trust.pk])
    onwards = {"direction": "onwards", "reference": "ST0827", "title": "Nursing associate", "level": 5}
    response = client.post(url, onwards)
    assert response.status_code == 200
    assert "already has this link" in response.text
    into = {"direction": "into", "reference": "ST0216", "title": "Healthcare support worker", "level": 2}
    client.post(url, into)
    response = client.post(url, into)
    assert "already proposed this link" in response.text
    assert Progression.objects.filter(organisation=people.trust).count() == 1


def test_the_institutes_links_cannot_be_withdrawn(client, people, st0215):
    client.force_login(people.lead)
    institutes = Progression.objects.filter(organisation__isnull=True).first()
    assert client.post(reverse("standards:progression_withdraw", args=[institutes.pk])).status_code == 403
    assert Progression.objects.filter(pk=institutes.pk).exists()


# --- Export and import keep the label -------------------------------------------------------------------


def export(client, standard):
    response = client.get(reverse("standards:export", args=[standard.pk]))
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_published_mapping_stays_published_through_export_and_import(client, people, partly_published):
    client.force_login(people.trainee)
    text = export(client, partly_published).decode()
    assert "portalDutyMapping" not in json.loads(text)
    partly_published.delete()
    [outcome] = services.import_standards(text=text)
    assert outcome.standard.duty_mapping == Standard.Mapping.PUBLISHED


def test_local_mapping_stays_local_through_export_and_import(client, people, st0215):
    duty = st0215.duties.get(number=1)
    services.set_duty_mapping(duty=duty, ksbs=st0215.ksbs.filter(number=1))
    st0215.refresh_from_db()
    assert st0215.duty_mapping == Standard.Mapping.LOCAL
    client.force_login(people.trainee)
    text = export(client, st0215).decode()
    assert json.loads(text)["portalDutyMapping"] == "local"
    # Importing it again over itself changes nothing, and it stays local.
    [again] = services.import_standards(text=text)
    assert not again.created and again.standard.duty_mapping == Standard.Mapping.LOCAL
    # Into a catalogue without it (another install): it comes back labelled local, never published.
    Standard.objects.filter(pk=st0215.pk).delete()
    [outcome] = services.import_standards(text=text)
    assert outcome.created
    assert outcome.standard.duty_mapping == Standard.Mapping.LOCAL
    duty = Duty.objects.get(standard=outcome.standard, number=1)
    assert [k.code for k in duty.ksbs.all()] == ["K1", "S1", "B1"]
    assert "portalDutyMapping" not in outcome.standard.other_fields


def test_a_file_marking_its_mapping_something_else_is_refused():
    from core.tabular import ImportRefused

    with pytest.raises(ImportRefused, match="portalDutyMapping: expected 'local' or nothing"):
        parse_documents(json.dumps(make_document(portalDutyMapping="institute")))


# --- The demo -------------------------------------------------------------------------------------------


def test_demo_trust_has_a_local_mapping_and_link_the_other_trust_has_none(demo_data):
    from accounts.models import Organisation

    st0215 = Standard.objects.get(reference="ST0215")
    assert st0215.duty_mapping == Standard.Mapping.NONE  # the Institute's file publishes none
    trust = Organisation.objects.get(memberships__user__username="lead")
    other = Organisation.objects.get(memberships__user__username="lead2")
    assert LocalDutyMapping.objects.filter(organisation=trust).count() == 10
    assert not LocalDutyMapping.objects.filter(organisation=other).exists()
    assert Progression.objects.filter(organisation=trust, from_reference="ST0216").exists()
    assert all(d.mapping_source == "local" for d, _ in duty_ksbs(st0215, organisation_id=trust.pk))


def test_evidence_forms_duty_hints_follow_the_organisations_mapping(people, st0215):
    from standards.forms import ksb_choices

    duty = st0215.duties.get(number=2)
    services.propose_duty_mapping(
        organisation=people.trust, duty=duty, ksbs=st0215.ksbs.filter(kind="K", number=5), by=people.lead
    )

    def label(organisation):
        groups = dict(ksb_choices(st0215, with_duties=True, organisation_id=organisation.pk))
        return dict(groups["Knowledge"])[ksb_ids(st0215, "K5")[0]]

    assert label(people.trust).endswith("(D2)")
    assert not label(people.other_trust).endswith(")")


def test_mapping_page_reads_a_fixed_number_of_queries(client, people, st0215, django_assert_max_num_queries):
    for duty in st0215.duties.all():
        services.propose_duty_mapping(
            organisation=people.trust, duty=duty, ksbs=st0215.ksbs.filter(number=duty.number), by=people.lead
        )
    client.force_login(people.lead)
    with django_assert_max_num_queries(12):
        assert client.get(page(st0215, people.trust)).status_code == 200


def test_the_pdf_reports_draw_a_duty_chart_only_once_a_duty_has_ksbs(client, people, cohort_setup):
    from competencies.reports import build, build_cohort

    st0215, enrolment = cohort_setup.programme.standard, cohort_setup.enrolment
    assert build(enrolment)["duty_chart"] is None  # no mapping: no chart of zeros
    assert all(t["duty_chart"] is None for t in build_cohort(enrolment.cohort)["trainees"])
    client.force_login(people.lead)
    client.post(duty_page(st0215, people.trust, 2), {"ksbs": ksb_ids(st0215, "K5", "S5")})
    assert "D2" in str(build(enrolment)["duty_chart"])
    assert any(t["duty_chart"] for t in build_cohort(enrolment.cohort)["trainees"])
