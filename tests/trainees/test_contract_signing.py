"""Every party can sign a new contract: it carries the cover arrangement; nobody gets a button that fails."""

import pytest
from django.urls import reverse

from trainees import services
from trainees.models import DEFAULT_SERVICE_COVER, LearningContract

pytestmark = pytest.mark.django_db


def contract_page(client, user, contract):
    client.force_login(user)
    response = client.get(reverse("trainees:contract_detail", args=[contract.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_contract_carries_the_templates_cover_and_each_party_signs(client, people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    assert contract.service_cover == DEFAULT_SERVICE_COVER
    signers = {
        "trainee": people.trainee,
        "mentor": people.mentor,
        "manager": cohort_setup.manager,
        "lecturer": cohort_setup.lecturer,
    }
    for party, person in signers.items():
        page = contract_page(client, person, contract)
        assert f'value="{party}"' in page
        # The terms come before the button.
        assert page.index("What each party agrees to") < page.index(f"Sign as {party}")
        response = client.post(
            reverse("trainees:contract_sign", args=[contract.pk]),
            {"party": party, "read_terms": "yes"},
            follow=True,
        )
        assert f"You signed version 1 as {party}" in response.content.decode()
    assert set(contract.signatures.values_list("party", flat=True)) == set(signers)


def test_the_lead_changes_the_templates_cover_for_new_contracts(client, people, cohort_setup):
    client.force_login(people.lead)
    url = reverse("trainees:contract_template", args=[people.trust.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"service_cover": "The bank covers."}
    assert client.post(url, data).status_code == 302
    assert services.contract_template(people.trust).service_cover == "The bank covers."


def test_signing_needs_the_terms_read(client, people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    client.force_login(people.trainee)
    response = client.post(
        reverse("trainees:contract_sign", args=[contract.pk]), {"party": "trainee"}, follow=True
    )
    assert "Confirm that you have read" in response.content.decode()
    assert not contract.signatures.exists()


def test_without_cover_nobody_gets_a_sign_button_and_the_manager_can_add_it(client, people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    LearningContract.objects.filter(pk=contract.pk).update(
        service_cover=""
    )  # as contracts made before 2026-12
    for person in (people.trainee, people.mentor, cohort_setup.lecturer):
        page = contract_page(client, person, contract)
        assert "Sign as" not in page
        assert "Nobody can sign yet" in page and str(cohort_setup.manager) in page
        assert reverse("trainees:contract_cover", args=[contract.pk]) not in page
        assert client.get(reverse("trainees:contract_cover", args=[contract.pk])).status_code == 403

    page = contract_page(client, cohort_setup.manager, contract)
    assert reverse("trainees:contract_cover", args=[contract.pk]) in page
    response = client.post(
        reverse("trainees:contract_cover", args=[contract.pk]), {"service_cover": "Bank staff, booked ahead."}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.service_cover == "Bank staff, booked ahead." and contract.version == 1
    assert "Sign as trainee" in contract_page(client, people.trainee, contract)


def test_cover_form_refuses_an_empty_answer(client, people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    client.force_login(cohort_setup.manager)
    response = client.post(reverse("trainees:contract_cover", args=[contract.pk]), {"service_cover": "  "})
    assert response.status_code == 200 and response.context["form"].errors["service_cover"]
    contract.refresh_from_db()
    assert contract.service_cover == DEFAULT_SERVICE_COVER
