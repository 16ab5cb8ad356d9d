"""Catalogue and framework pages: what each person sees and may do."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standards.models import Competency, Framework, Standard

from .conftest import grant_import, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def st0215():
    return Standard.objects.get(reference="ST0215")


@pytest.fixture
def framework(people, st0215):
    return Framework.objects.create(organisation=people.trust, name="Inpatient AP", standard=st0215)


def upload(client, doc):
    file = SimpleUploadedFile("standard.json", json.dumps(doc).encode(), content_type="application/json")
    return client.post(reverse("standards:import"), {"file": file})


def test_catalogue_lists_st0215_for_any_signed_in_person(client, people):
    client.force_login(people.trainee)
    response = client.get(reverse("standards:catalogue"))
    assert response.status_code == 200
    assert "Assistant practitioner (health)" in response.text


def test_search_finds_statements_by_words(client, people):
    client.force_login(people.trainee)
    response = client.get(reverse("standards:catalogue"), {"q": "safeguarding protection"})
    codes = [k.code for k in response.context["results"]]
    assert codes == ["K4", "S4"]


def test_search_finds_a_statement_by_code(client, people):
    client.force_login(people.trainee)
    response = client.get(reverse("standards:catalogue"), {"q": "s12"})
    assert [k.code for k in response.context["results"]] == ["S12"]


def test_standard_page_shows_summary_duties_ksbs_and_progression(client, people, st0215):
    client.force_login(people.mentor)
    response = client.get(reverse("standards:detail", args=[st0215.pk]))
    html = response.text
    assert "This apprenticeship has a mandated integrated foundation degree." in html
    assert "Contribute to the on-going holistic assessment of individuals" in html  # D2
    assert "Be adaptable, reliable and consistent" in html  # B3
    assert "Senior healthcare support worker (Level 3)" in html
    assert "Nursing associate (NMC 2018) (Level 5)" in html
    assert "No duty-to-KSB mapping" in html


def test_local_mapping_is_marked_as_not_published(client, people, st0215):
    from standards.services import set_duty_mapping

    duty = st0215.duties.get(number=2)
    set_duty_mapping(duty=duty, ksbs=st0215.ksbs.filter(kind="K", number__in=[5, 6]))
    client.force_login(people.trainee)
    html = client.get(reverse("standards:detail", args=[st0215.pk])).text
    assert "Locally made mapping" in html
    assert "the Institute has not published it" in html
    assert 'href="#K5"' in html


def test_standard_page_query_count_is_fixed(client, people, st0215, django_assert_max_num_queries):
    client.force_login(people.trainee)
    with django_assert_max_num_queries(14):  # the menu adds the portfolio link and the to-do count
        client.get(reverse("standards:detail", args=[st0215.pk]))


def test_export_downloads_the_institute_json(client, people, st0215):
    client.force_login(people.trainee)
    response = client.get(reverse("standards:export", args=[st0215.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ST0215-v1.1.json"'
    assert len(json.loads(response.content)["knowledges"]) == 36


def test_lead_granted_it_uploads_a_standard(client, people):
    client.force_login(grant_import(people.lead))
    response = upload(client, make_document())
    standard = Standard.objects.get(reference="ST0217")
    assert response.url == reverse("standards:detail", args=[standard.pk])


def test_bad_upload_lists_problems_and_saves_nothing(client, people):
    client.force_login(grant_import(people.lead))
    doc = make_document()
    doc["knowledges"][1]["detail"] = ""
    response = upload(client, doc)
    assert response.status_code == 200
    assert "knowledges[1].detail: empty statement" in response.text
    assert not Standard.objects.filter(reference="ST0217").exists()


def test_trainee_may_not_import(client, people):
    client.force_login(people.trainee)
    assert client.get(reverse("standards:import")).status_code == 403
    assert upload(client, make_document()).status_code == 403
    assert not Standard.objects.filter(reference="ST0217").exists()


def test_lead_creates_framework_for_own_organisation(client, people, st0215):
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:framework_create"),
        {"organisation": people.trust.pk, "name": "Ward competencies", "standard": st0215.pk},
    )
    framework = Framework.objects.get(name="Ward competencies")
    assert framework.organisation == people.trust
    assert response.url == reverse("standards:framework_detail", args=[framework.pk])


def test_lead_cannot_create_framework_for_another_organisation(client, people, st0215):
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:framework_create"),
        {"organisation": people.other_trust.pk, "name": "Sneaky", "standard": st0215.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Framework.objects.filter(name="Sneaky").exists()


def test_lead_adds_competency_mapped_to_ksbs(client, people, framework, st0215):
    client.force_login(people.lead)
    k5, s5 = st0215.ksbs.get(kind="K", number=5), st0215.ksbs.get(kind="S", number=5)
    response = client.post(
        reverse("standards:competency_create", args=[framework.pk]),
        {
            "kind": "core",
            "code": "PH1",
            "title": "Physical health observations",
            "ksbs": [k5.pk, s5.pk],
            "reference_scheme": "nos",
            "reference_code": "CHS19",
        },
    )
    assert response.status_code == 302
    competency = Competency.objects.get(code="PH1")
    assert set(competency.ksbs.all()) == {k5, s5}
    page = client.get(reverse("standards:framework_detail", args=[framework.pk])).text
    assert "Physical health observations" in page and "Skills for Health NOS: CHS19" in page


def test_role_specific_competency_needs_its_role(client, people, framework):
    client.force_login(people.lead)
    url = reverse("standards:competency_create", args=[framework.pk])
    response = client.post(url, {"kind": "role", "code": "R1", "title": "Stroke"})
    assert response.status_code == 200
    assert "Say which role or service" in response.text
    assert not Competency.objects.exists()


def test_competency_cannot_map_to_another_standards_ksb(client, people, framework):
    from standards.services import import_standards

    [outcome] = import_standards(text=json.dumps(make_document()))
    foreign = outcome.standard.ksbs.first()
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:competency_create", args=[framework.pk]),
        {"kind": "core", "code": "X1", "title": "Foreign", "ksbs": [foreign.pk]},
    )
    assert response.status_code == 200
    assert not Competency.objects.exists()


def test_trainee_browses_own_trusts_framework_but_cannot_edit(client, people, framework):
    client.force_login(people.trainee)
    assert client.get(reverse("standards:framework_detail", args=[framework.pk])).status_code == 200
    assert client.get(reverse("standards:framework_edit", args=[framework.pk])).status_code == 403
    assert client.get(reverse("standards:competency_create", args=[framework.pk])).status_code == 403


def test_other_organisation_cannot_see_framework(client, people, framework):
    for outsider in (people.other_lead, people.outside_trainee, people.regional):
        client.force_login(outsider)
        assert client.get(reverse("standards:framework_detail", args=[framework.pk])).status_code == 404
        assert client.get(reverse("standards:framework_edit", args=[framework.pk])).status_code == 404


def test_other_lead_cannot_edit_competency(client, people, framework):
    competency = Competency.objects.create(framework=framework, code="C1", title="Core one")
    client.force_login(people.other_lead)
    url = reverse("standards:competency_edit", args=[competency.pk])
    response = client.post(url, {"kind": "core", "code": "C1", "title": "Hacked"})
    assert response.status_code == 404
    competency.refresh_from_db()
    assert competency.title == "Core one"


# --- A code or name already used -----------------------------------------------------------------------


def test_new_competency_with_a_code_already_used_is_refused_beside_the_code(client, people, framework):
    Competency.objects.create(framework=framework, code="PH1", title="Physical health observations")
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:competency_create", args=[framework.pk]),
        {"kind": "core", "code": "PH1", "title": "Another one"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Inpatient AP already has a competency with the code PH1. Choose another code."
    ]
    assert "already has a competency with the code PH1" in response.text
    assert list(Competency.objects.values_list("title", flat=True)) == ["Physical health observations"]


def test_changing_a_competencys_code_to_one_already_used_is_refused_beside_the_code(
    client, people, framework
):
    Competency.objects.create(framework=framework, code="PH1", title="Physical health observations")
    other = Competency.objects.create(framework=framework, code="PH2", title="Early warning scores")
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:competency_edit", args=[other.pk]),
        {"kind": "core", "code": "PH1", "title": "Early warning scores"},
    )
    assert response.status_code == 200
    assert "already has a competency with the code PH1" in response.context["form"].errors["code"][0]
    other.refresh_from_db()
    assert other.code == "PH2"


def test_same_code_in_another_framework_is_fine(client, people, framework, st0215):
    second = Framework.objects.create(organisation=people.trust, name="Community AP", standard=st0215)
    Competency.objects.create(framework=second, code="PH1", title="Physical health observations")
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:competency_create", args=[framework.pk]),
        {"kind": "core", "code": "PH1", "title": "Physical health observations"},
    )
    assert response.status_code == 302
    assert Competency.objects.filter(code="PH1").count() == 2


def test_renaming_a_framework_to_a_name_already_used_is_refused_beside_the_name(
    client, people, framework, st0215
):
    Framework.objects.create(organisation=people.trust, name="Community AP", standard=st0215)
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:framework_edit", args=[framework.pk]), {"name": "Community AP", "description": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Northfield Trust already has a framework called “Community AP”. Choose another name."
    ]
    framework.refresh_from_db()
    assert framework.name == "Inpatient AP"


def test_service_names_the_code_field_for_a_code_already_used(framework):
    from django.core.exceptions import ValidationError

    from standards.services import save_competency

    Competency.objects.create(framework=framework, code="PH1", title="One")
    with pytest.raises(ValidationError) as caught:
        save_competency(competency=Competency(framework=framework), ksbs=[], code="PH1", title="Two")
    assert list(caught.value.message_dict) == ["code"]
    assert Competency.objects.count() == 1


def test_new_framework_with_a_name_already_used_is_refused_beside_the_name(client, people, framework, st0215):
    client.force_login(people.lead)
    response = client.post(
        reverse("standards:framework_create"),
        {"organisation": people.trust.pk, "name": "Inpatient AP", "standard": st0215.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Northfield Trust already has a framework called “Inpatient AP”. Choose another name."]
    }
    assert Framework.objects.count() == 1


def test_service_names_the_name_field_for_a_framework_name_already_used(people, framework, st0215):
    from django.core.exceptions import ValidationError

    from standards.services import save_framework

    with pytest.raises(ValidationError) as caught:
        save_framework(framework=Framework(), organisation=people.trust, name="Inpatient AP", standard=st0215)
    assert list(caught.value.message_dict) == ["name"]
    assert Framework.objects.count() == 1
