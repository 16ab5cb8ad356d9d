"""The catalogue's pages: the workforce roles with band, standard and variants by setting; a lead adds and
edits their organisation's own roles, the administrator the national ones; duplicates are refused."""

import pytest
from django.urls import reverse

from workforce.models import RoleVariant, WorkforceRole


@pytest.fixture
def local_role(people):
    return WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.trust)


@pytest.fixture
def other_role(people):
    return WorkforceRole.objects.create(name="Activity worker", band="3", organisation=people.other_trust)


def role_form(**changes):
    return {
        "name": "Peer support worker",
        "band": "3",
        "standard": "",
        "description": "Lived experience.",
    } | changes


def test_the_list_shows_the_national_catalogue_and_the_leads_own_roles_only(
    client, people, catalogue, local_role, other_role
):
    client.force_login(people.lead)
    page = client.get(reverse("workforce:role_list")).text
    assert 'data-role="Assistant practitioner"' in page and 'data-role="Ward clerk"' in page
    assert "Activity worker" not in page
    ap = catalogue["Assistant practitioner"]
    assert reverse("standards:detail", args=[ap.standard.pk]) in page  # the standard's own page
    assert "Crisis and home treatment" in page and "Assertive outreach" in page


def test_a_regional_lead_sees_the_roles_of_their_regions_organisations(
    client, people, local_role, other_role
):
    far = WorkforceRole.objects.create(name="Far role", band="2", organisation=people.far_trust)
    client.force_login(people.regional)
    page = client.get(reverse("workforce:role_list")).text
    assert "Ward clerk" in page and "Activity worker" in page and far.name not in page
    assert "Add a role of" not in page and "Add a national role" not in page


def test_a_role_page_shows_band_standard_and_each_variant_by_setting(client, people, catalogue):
    ap = catalogue["Assistant practitioner"]
    client.force_login(people.lead)
    page = client.get(reverse("workforce:role_detail", args=[ap.pk])).text
    assert "Band 4" in page and "ST0215" in page
    for setting in ("inpatient", "community", "forensic", "early_intervention", "crisis_home_treatment"):
        assert f'data-variant="{setting}"' in page
    assert "Edit the role" not in page  # the national catalogue is the administrator's


def test_trainees_and_other_organisations_cannot_open_the_catalogue_pages(client, people, local_role):
    client.force_login(people.trainee)
    assert client.get(reverse("workforce:role_list")).status_code == 403
    assert client.get(reverse("workforce:role_detail", args=[local_role.pk])).status_code == 404
    client.force_login(people.other_lead)
    assert client.get(reverse("workforce:role_detail", args=[local_role.pk])).status_code == 404
    assert client.get(reverse("workforce:role_edit", args=[local_role.pk])).status_code == 404
    assert client.get(reverse("workforce:role_add", args=[people.trust.pk])).status_code == 404


def test_readers_who_may_not_change_get_403(client, people, catalogue, local_role):
    client.force_login(people.regional)
    assert client.get(reverse("workforce:role_edit", args=[local_role.pk])).status_code == 403
    assert client.get(reverse("workforce:role_add", args=[people.trust.pk])).status_code == 403
    client.force_login(people.lead)
    ap = catalogue["Assistant practitioner"]
    assert client.get(reverse("workforce:role_edit", args=[ap.pk])).status_code == 403
    assert client.get(reverse("workforce:variant_add", args=[ap.pk])).status_code == 403
    assert client.get(reverse("workforce:role_add_national")).status_code == 403
    variant = ap.variants.first()
    assert client.post(reverse("workforce:variant_delete", args=[variant.pk])).status_code == 403
    assert RoleVariant.objects.filter(pk=variant.pk).exists()


def test_a_lead_adds_a_role_of_their_own_organisation(client, people, st0215):
    client.force_login(people.lead)
    response = client.post(
        reverse("workforce:role_add", args=[people.trust.pk]), role_form(standard=str(st0215.pk))
    )
    role = WorkforceRole.objects.get(name="Peer support worker")
    assert response.url == reverse("workforce:role_detail", args=[role.pk])
    assert (role.organisation, role.band, role.standard, role.added_by) == (
        people.trust,
        "3",
        st0215,
        people.lead,
    )


def test_a_duplicate_name_is_refused_with_a_message_and_nothing_is_saved(
    client, people, catalogue, local_role
):
    client.force_login(people.lead)
    url = reverse("workforce:role_add", args=[people.trust.pk])
    response = client.post(url, role_form(name="ward CLERK"))
    assert response.status_code == 400
    assert "There is already a workforce role called" in response.text
    response = client.post(url, role_form(name="Assistant practitioner"))
    assert "is in the national catalogue already" in response.text
    assert WorkforceRole.objects.filter(organisation=people.trust).count() == 1


def test_another_organisation_may_use_the_same_name(client, people, local_role):
    client.force_login(people.other_lead)
    client.post(reverse("workforce:role_add", args=[people.other_trust.pk]), role_form(name="Ward clerk"))
    assert WorkforceRole.objects.filter(name="Ward clerk").count() == 2


def test_the_administrator_adds_and_edits_national_roles(client, administrator, catalogue):
    client.force_login(administrator)
    client.post(
        reverse("workforce:role_add_national"), role_form(name="Mental health wellbeing practitioner")
    )
    role = WorkforceRole.objects.get(name="Mental health wellbeing practitioner")
    assert role.organisation is None
    response = client.post(reverse("workforce:role_add_national"), role_form(name="Nursing Associate"))
    assert response.status_code == 400 and "in the national catalogue" in response.text
    nursing = catalogue["Nursing associate"]
    client.post(
        reverse("workforce:role_edit", args=[nursing.pk]), role_form(name="Nursing associate", band="4")
    )
    nursing.refresh_from_db()
    assert nursing.description == "Lived experience." and nursing.organisation is None


def test_editing_a_role_and_saving_it_unchanged_loses_nothing(client, people, st0215, local_role):
    local_role.standard, local_role.description = st0215, "Keeps the ward's records.\nAnswers the phone."
    local_role.save()
    client.force_login(people.lead)
    url = reverse("workforce:role_edit", args=[local_role.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, data).status_code == 302
    saved = WorkforceRole.objects.get(pk=local_role.pk)
    assert (saved.name, saved.band, saved.standard, saved.description, saved.organisation) == (
        "Ward clerk",
        "2",
        st0215,
        "Keeps the ward's records.\nAnswers the phone.",
        people.trust,
    )


def test_a_lead_adds_edits_and_removes_variants_of_their_own_role(client, people, local_role):
    client.force_login(people.lead)
    add = reverse("workforce:variant_add", args=[local_role.pk])
    client.post(add, {"setting": "forensic", "description": "Secure unit records."})
    variant = RoleVariant.objects.get(role=local_role)
    response = client.post(add, {"setting": "forensic", "description": "Again"})
    assert response.status_code == 400 and "already has a variant in this setting" in response.text
    edit = reverse("workforce:variant_edit", args=[variant.pk])
    form = client.get(edit).context["form"]
    client.post(edit, {name: form[name].value() for name in form.fields})
    variant.refresh_from_db()
    assert (variant.setting, variant.description) == ("forensic", "Secure unit records.")
    client.post(reverse("workforce:variant_delete", args=[variant.pk]))
    assert not RoleVariant.objects.filter(role=local_role).exists()
