"""The career framework: steps between workforce roles in an organisation's framework (copied from the
national starter or built from the catalogue), with entry requirements, a standard and progression
agreements; shown as stages and pathways; refused when bad, with nothing changed."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workforce import selectors_career, services_career
from workforce.models import CareerStep, ProgressionAgreement, WorkforceRole

from .career_support import university


def add_step(people, catalogue, start, end, *, organisation=None, **changes):
    values = {
        "route": "Apprenticeship",
        "entry_requirements": "In post.",
        "standard": None,
        "outcome_destination": "",
    } | changes
    return services_career.save_career_step(
        step=CareerStep(),
        organisation=organisation or people.trust,
        by=people.lead,
        from_role=catalogue[start],
        to_role=catalogue[end],
        **values,
    )


@pytest.fixture
def framework(people, catalogue):
    copied, left_out = services_career.copy_national_framework(organisation=people.trust, by=people.lead)
    assert (copied, left_out) == (4, 0)
    return {str(s): s for s in CareerStep.objects.filter(organisation=people.trust)}


def step_form(step=None, **changes):
    data = {"from_role": "", "to_role": "", "route": "", "entry_requirements": "", "standard": ""}
    if step is not None:
        data |= {
            "from_role": step.from_role_id,
            "to_role": step.to_role_id,
            "route": step.route,
            "entry_requirements": step.entry_requirements,
            "standard": step.standard_id or "",
            "outcome_destination": step.outcome_destination,
        }
    return data | changes


# --- The national starter and copying it ------------------------------------------------------------------


def test_the_national_starter_leads_from_support_worker_to_assistant_practitioner_and_on_to_nursing(
    catalogue,
):
    routes = selectors_career.routes(selectors_career.steps_of(None))
    assert [[r.name for r in route] for route in routes] == [
        [
            "Healthcare support worker",
            "Senior healthcare support worker",
            "Assistant practitioner",
            "Nursing associate",
        ],
        [
            "Healthcare support worker",
            "Senior healthcare support worker",
            "Assistant practitioner",
            "Registered nurse",
        ],
    ]
    into_ap = CareerStep.objects.get(organisation=None, to_role=catalogue["Assistant practitioner"])
    assert into_ap.standard.reference == "ST0215"


def test_copying_the_starter_twice_copies_each_step_once(people, framework):
    assert services_career.copy_national_framework(organisation=people.trust, by=people.lead) == (0, 4)
    assert CareerStep.objects.filter(organisation=people.trust).count() == 4
    assert not CareerStep.objects.filter(organisation=people.other_trust).exists()


def test_a_copy_is_the_organisations_own_to_change(people, catalogue, framework):
    step = framework["Assistant practitioner to Registered nurse"]
    services_career.save_career_step(
        step=step,
        organisation=people.trust,
        by=people.lead,
        from_role=step.from_role,
        to_role=step.to_role,
        route="Shortened degree",
        entry_requirements="Two years as an assistant practitioner.",
        standard=None,
        outcome_destination="nursing_degree",
    )
    national = CareerStep.objects.get(organisation=None, to_role=catalogue["Registered nurse"])
    assert national.route == "Abbreviated degree in nursing"


# --- Refusals -------------------------------------------------------------------------------------------


def test_a_step_that_would_make_a_circle_is_refused(people, catalogue, framework):
    with pytest.raises(ValidationError, match="would make a circle"):
        add_step(people, catalogue, "Assistant practitioner", "Healthcare support worker")
    assert CareerStep.objects.filter(organisation=people.trust).count() == 4


def test_a_step_twice_or_to_the_same_role_is_refused(people, catalogue, framework):
    with pytest.raises(ValidationError, match="already has a step from"):
        add_step(people, catalogue, "Assistant practitioner", "Nursing associate")
    with pytest.raises(ValidationError, match="goes to another role"):
        add_step(people, catalogue, "Nursing associate", "Nursing associate")


def test_another_organisations_own_role_cannot_be_used(people, catalogue):
    theirs = WorkforceRole.objects.create(name="Their role", band="3", organisation=people.other_trust)
    with pytest.raises(ValidationError) as refused:
        services_career.save_career_step(
            step=CareerStep(),
            organisation=people.trust,
            by=people.lead,
            from_role=theirs,
            to_role=catalogue["Assistant practitioner"],
            route="",
            entry_requirements="In post.",
            standard=None,
            outcome_destination="",
        )
    assert "from_role" in refused.value.message_dict
    assert not CareerStep.objects.filter(organisation=people.trust).exists()


def test_an_own_role_may_be_used_in_the_own_framework(people, catalogue):
    own = WorkforceRole.objects.create(name="Ward assistant", band="2", organisation=people.trust)
    step = services_career.save_career_step(
        step=CareerStep(),
        organisation=people.trust,
        by=people.lead,
        from_role=own,
        to_role=catalogue["Healthcare support worker"],
        route="",
        entry_requirements="Six months on the ward.",
        standard=None,
        outcome_destination="",
    )
    assert step.organisation == people.trust and step.order == 1


def test_a_step_with_agreements_is_not_removed_until_they_are(people, framework):
    step = framework["Assistant practitioner to Registered nurse"]
    ProgressionAgreement.objects.create(
        step=step, partner_name="A college", gives="Entry", starts_on="2024-01-01"
    )
    with pytest.raises(ValidationError, match="remove them first"):
        services_career.delete_career_step(step=step)
    assert CareerStep.objects.filter(pk=step.pk).exists()


def agreement_values(**changes):
    return {
        "partner": None,
        "partner_name": "",
        "gives": "Entry to the second year.",
        "starts_on": datetime.date(2024, 9, 1),
        "ends_on": None,
    } | changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, "partner"),
        ({"partner_name": "A college", "gives": "  "}, "gives"),
        ({"partner_name": "A college", "ends_on": datetime.date(2024, 9, 1)}, "ends_on"),
    ],
)
def test_a_bad_agreement_is_refused_beside_its_field(people, framework, changes, field):
    step = framework["Assistant practitioner to Registered nurse"]
    with pytest.raises(ValidationError) as refused:
        services_career.save_agreement(
            agreement=ProgressionAgreement(), step=step, by=people.lead, **agreement_values(**changes)
        )
    assert field in refused.value.message_dict
    assert not ProgressionAgreement.objects.exists()


def test_the_national_starter_has_no_agreements(people, catalogue):
    national = CareerStep.objects.filter(organisation=None).first()
    with pytest.raises(ValidationError, match="belong to an organisation's framework"):
        services_career.save_agreement(
            agreement=ProgressionAgreement(),
            step=national,
            by=people.lead,
            **agreement_values(partner_name="X"),
        )


# --- Pages --------------------------------------------------------------------------------------------------


def test_the_framework_page_draws_each_role_in_order_with_its_steps_and_pathways(client, people, framework):
    client.force_login(people.trainee)
    page = client.get(reverse("workforce:career_framework", args=[people.trust.pk])).text
    order = [
        page.index(f'data-stage="{name}"')
        for name in (
            "Healthcare support worker",
            "Senior healthcare support worker",
            "Assistant practitioner",
        )
    ]
    assert order == sorted(order)
    assert 'data-step="Assistant practitioner to Registered nurse"' in page
    assert "Pathways through it" in page
    assert "How many took each step" not in page  # counts are for the organisation's leads
    assert "Add a step" not in page


def test_a_lead_adds_a_step_through_the_form(client, people, catalogue, framework, st0215):
    client.force_login(people.lead)
    url = reverse("workforce:career_step_add", args=[people.trust.pk])
    data = step_form(
        from_role=catalogue["Healthcare support worker"].pk,
        to_role=catalogue["Assistant practitioner"].pk,
        route="Direct entry",
        entry_requirements="Five years as a support worker.",
        standard=st0215.pk,
    )
    response = client.post(url, data)
    step = CareerStep.objects.get(organisation=people.trust, route="Direct entry")
    assert response.url == reverse("workforce:career_step", args=[step.pk])
    assert step.standard == st0215 and step.added_by == people.lead
    response = client.post(url, data)
    assert response.status_code == 400 and "already has a step from" in response.text


def test_a_step_loop_through_the_form_is_refused_beside_the_field(client, people, catalogue, framework):
    client.force_login(people.lead)
    response = client.post(
        reverse("workforce:career_step_add", args=[people.trust.pk]),
        step_form(
            from_role=catalogue["Registered nurse"].pk,
            to_role=catalogue["Healthcare support worker"].pk,
            entry_requirements="None",
        ),
    )
    assert response.status_code == 400
    assert 'id="id_to_role_error"' in response.text and "would make a circle" in response.text


def test_editing_a_step_and_saving_it_unchanged_loses_nothing(client, people, framework):
    step = framework["Senior healthcare support worker to Assistant practitioner"]
    before = (step.from_role_id, step.to_role_id, step.route, step.entry_requirements, step.standard_id)
    client.force_login(people.lead)
    url = reverse("workforce:career_step_edit", args=[step.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert (
        step.from_role_id,
        step.to_role_id,
        step.route,
        step.entry_requirements,
        step.standard_id,
    ) == before
    assert step.standard is not None and step.organisation == people.trust


def test_a_lead_records_a_progression_agreement_with_the_university_and_edits_it_unchanged(
    client, people, framework
):
    partner = university()
    step = framework["Assistant practitioner to Registered nurse"]
    client.force_login(people.lead)
    client.post(
        reverse("workforce:agreement_add", args=[step.pk]),
        {
            "partner": partner.pk,
            "partner_name": "",
            "gives": "A guaranteed interview.",
            "starts_on": "2024-09-01",
            "ends_on": "2029-08-31",
        },
    )
    agreement = ProgressionAgreement.objects.get(step=step)
    url = reverse("workforce:agreement_edit", args=[agreement.pk])
    form = client.get(url).context["form"]
    assert client.post(url, {name: form[name].value() or "" for name in form.fields}).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.partner, agreement.gives, agreement.starts_on, agreement.ends_on) == (
        partner,
        "A guaranteed interview.",
        datetime.date(2024, 9, 1),
        datetime.date(2029, 8, 31),
    )
    page = client.get(reverse("workforce:career_step", args=[step.pk])).text
    assert f"With {partner.name}" in page and "until 31 August 2029" in page


def test_an_agreement_with_both_partners_is_refused_and_not_saved(client, people, framework):
    step = framework["Assistant practitioner to Registered nurse"]
    client.force_login(people.lead)
    response = client.post(
        reverse("workforce:agreement_add", args=[step.pk]),
        {"partner": university().pk, "partner_name": "A college", "gives": "X", "starts_on": "2024-09-01"},
    )
    assert response.status_code == 400 and "not both" in response.text
    assert not ProgressionAgreement.objects.exists()


def test_the_framework_pages_refuse_outsiders_with_404_and_readers_with_403(client, people, framework):
    step = framework["Assistant practitioner to Registered nurse"]
    agreement = ProgressionAgreement.objects.create(
        step=step, partner_name="X", gives="Y", starts_on="2024-01-01"
    )
    client.force_login(people.other_lead)
    for url in (
        reverse("workforce:career_framework", args=[people.trust.pk]),
        reverse("workforce:career_step", args=[step.pk]),
        reverse("workforce:career_step_edit", args=[step.pk]),
        reverse("workforce:agreement_edit", args=[agreement.pk]),
        reverse("workforce:career_step_add", args=[people.trust.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(people.trainee)
    assert client.get(reverse("workforce:career_step_edit", args=[step.pk])).status_code == 403
    assert client.get(reverse("workforce:agreement_edit", args=[agreement.pk])).status_code == 403
    assert client.post(reverse("workforce:career_copy_national", args=[people.trust.pk])).status_code == 403
    assert client.post(reverse("workforce:career_step_delete", args=[step.pk])).status_code == 403
    assert client.get(reverse("workforce:career_national")).status_code == 403  # not a planner
    client.force_login(people.lead)
    national = CareerStep.objects.filter(organisation=None).first()
    assert client.get(reverse("workforce:career_step_edit", args=[national.pk])).status_code == 403
    assert client.get(reverse("workforce:career_national_step_add")).status_code == 403


def test_a_lead_starts_from_the_national_starter_on_the_page(client, people, catalogue):
    client.force_login(people.lead)
    response = client.post(reverse("workforce:career_copy_national", args=[people.trust.pk]), follow=True)
    assert "4 steps copied from the national starter framework" in response.text
    assert CareerStep.objects.filter(organisation=people.trust).count() == 4


def test_the_administrator_edits_the_national_starter(client, administrator, catalogue):
    step = CareerStep.objects.get(organisation=None, to_role=catalogue["Nursing associate"])
    client.force_login(administrator)
    url = reverse("workforce:career_step_edit", args=[step.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {
        "entry_requirements": "Two years in post."
    }
    client.post(url, data)
    step.refresh_from_db()
    assert step.entry_requirements == "Two years in post." and step.organisation is None


def test_the_front_page_leads_to_the_catalogue_the_frameworks_and_the_code(client, people, framework):
    client.force_login(people.lead)
    page = client.get(reverse("workforce:home")).text
    assert reverse("workforce:role_list") in page and reverse("workforce:career_national") in page
    assert reverse("workforce:career_framework", args=[people.trust.pk]) in page and "4 steps" in page
    assert reverse("workforce:code", args=[people.trust.pk]) in page and "not published yet" in page
    client.force_login(people.regional)
    page = client.get(reverse("workforce:home")).text
    assert reverse("workforce:career_region", args=[people.region.pk]) in page
    assert reverse("workforce:code", args=[people.trust.pk]) not in page


def test_the_front_page_says_whose_own_roles_the_catalogue_lists_by_who_reads_it(
    client, people, framework, administrator
):
    # The catalogue lists the national roles beside those the reader may see: their organisation's, their
    # region's organisations', or every organisation's.
    expected = {
        people.lead: "and your organisation's own,",
        people.regional: "and the own roles of your region's organisations,",
        administrator: "and every organisation's own,",
    }
    for person, words in expected.items():
        client.force_login(person)
        page = unescape(client.get(reverse("workforce:home")).text)
        assert words in page, person
        others = [w for w in expected.values() if w != words]
        assert not any(other in page for other in others), person


def test_the_dashboard_leads_the_organisations_people_to_its_framework(client, people, framework):
    client.force_login(people.mentor)
    page = client.get(reverse("dashboard")).text
    assert 'data-panel="career"' in page
    assert reverse("workforce:career_framework", args=[people.trust.pk]) in page
    client.force_login(people.outside_trainee)
    assert 'data-panel="career"' not in client.get(reverse("dashboard")).text
