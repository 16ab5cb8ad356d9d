"""Learning contracts: drafted, signed by all four parties, and re-signed after any change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trainees import selectors, services
from trainees.models import ContractSignature, LearningContract

pytestmark = pytest.mark.django_db


def signers(people, setup):
    return {
        "trainee": people.trainee,
        "mentor": people.mentor,
        "manager": setup.manager,
        "lecturer": setup.lecturer,
    }


def ready(people, setup):
    contract = services.current_contract(setup.enrolment)
    return services.change_contract(
        contract=contract, by=people.lead, service_cover="Bank staff cover study days."
    )


def test_enrolment_starts_with_a_draft_contract_from_the_template(cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    assert contract.version == 1
    assert "protected study time" in contract.manager_responsibilities
    assert selectors.contract_state(contract).label == "Not signed"


def test_contract_goes_from_draft_to_signed_by_all_four(people, cohort_setup):
    contract = ready(people, cohort_setup)
    for party, person in signers(people, cohort_setup).items():
        assert not selectors.contract_state(contract).signed_by_all
        services.sign_contract(contract=contract, party=party, by=person)
    state = selectors.contract_state(contract)
    assert state.signed_by_all and state.label == "Signed by all"
    assert set(contract.signatures.values_list("fingerprint", flat=True)) == {contract.fingerprint()}


def test_editing_an_unsigned_contract_changes_it_in_place(people, cohort_setup):
    contract = ready(people, cohort_setup)
    same = services.change_contract(contract=contract, by=people.lead, study_hours_per_week=6)
    assert same.pk == contract.pk and same.version == 1
    assert LearningContract.objects.filter(enrolment=cohort_setup.enrolment).count() == 1


def test_edit_after_signing_makes_a_new_version_needing_every_signature_again(people, cohort_setup):
    contract = ready(people, cohort_setup)
    for party, person in signers(people, cohort_setup).items():
        services.sign_contract(contract=contract, party=party, by=person)
    new = services.change_contract(contract=contract, by=people.lead, study_hours_per_week=6)
    contract.refresh_from_db()
    assert new.version == 2 and new.is_current
    assert not contract.is_current
    assert selectors.contract_state(new).missing == ("trainee", "mentor", "manager", "lecturer")
    assert contract.signatures.count() == 4  # the old version keeps its signatures, readable
    assert contract.study_hours_per_week == 7.5 and new.study_hours_per_week == 6


def test_old_version_cannot_be_signed_or_changed(people, cohort_setup):
    contract = ready(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    services.change_contract(contract=contract, by=people.lead, service_cover="Changed cover arrangement.")
    contract.refresh_from_db()
    with pytest.raises(ValidationError, match="replaced"):
        services.sign_contract(contract=contract, party="mentor", by=people.mentor)
    with pytest.raises(ValidationError, match="replaced"):
        services.change_contract(contract=contract, by=people.lead, study_hours_per_week=5)


@pytest.mark.parametrize(
    ("party", "who"),
    [("mentor", "other_mentor"), ("manager", "lead"), ("trainee", "other_trainee"), ("lecturer", "mentor")],
)
def test_only_the_right_person_signs_for_a_party(people, cohort_setup, party, who):
    contract = ready(people, cohort_setup)
    person = getattr(cohort_setup, who, None) or getattr(people, who)
    with pytest.raises(ValidationError, match="can sign as"):
        services.sign_contract(contract=contract, party=party, by=person)
    assert not ContractSignature.objects.exists()


def test_a_party_signs_once(people, cohort_setup):
    contract = ready(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    with pytest.raises(ValidationError, match="already signed"):
        services.sign_contract(contract=contract, party="trainee", by=people.trainee)


def test_nobody_signs_before_service_cover_is_agreed(people, cohort_setup):
    contract = services.current_contract(cohort_setup.enrolment)
    LearningContract.objects.filter(pk=contract.pk).update(
        service_cover=""
    )  # as contracts made before 2026-12
    contract.refresh_from_db()
    with pytest.raises(ValidationError, match="how the service is covered"):
        services.sign_contract(contract=contract, party="trainee", by=people.trainee)


def test_contract_page_shows_who_has_yet_to_sign_and_lets_them_sign(client, people, cohort_setup):
    contract = ready(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    client.force_login(people.mentor)
    page = client.get(reverse("trainees:contract_detail", args=[contract.pk])).text
    assert "Waiting for mentor, manager, lecturer" in page
    assert "Sign as mentor" in page
    response = client.post(
        reverse("trainees:contract_sign", args=[contract.pk]),
        {"party": "mentor", "read_terms": "yes"},
        follow=True,
    )
    assert "You signed version 1 as mentor" in response.text
    assert contract.signatures.filter(party="mentor", signed_by=people.mentor).exists()


def test_lead_edits_signed_contract_in_browser_and_gets_new_version(client, people, cohort_setup):
    contract = ready(people, cohort_setup)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    client.force_login(people.lead)
    data = {name: getattr(contract, name) for name in LearningContract.CONTENT_FIELDS} | {
        "study_hours_per_week": 6
    }
    response = client.post(reverse("trainees:contract_edit", args=[contract.pk]), data, follow=True)
    assert "Saved as version 2: everyone must sign again" in response.text
    assert services.current_contract(cohort_setup.enrolment).version == 2


def test_trainee_cannot_edit_contract_and_outsiders_cannot_see_it(client, people, cohort_setup):
    contract = ready(people, cohort_setup)
    client.force_login(people.trainee)
    assert client.get(reverse("trainees:contract_edit", args=[contract.pk])).status_code == 403
    for outsider in (people.other_trainee, people.other_lead, people.regional):
        client.force_login(outsider)
        assert client.get(reverse("trainees:contract_detail", args=[contract.pk])).status_code == 404
        assert (
            client.post(
                reverse("trainees:contract_sign", args=[contract.pk]), {"party": "trainee"}
            ).status_code
            == 404
        )
    assert not contract.signatures.exists()


def test_lead_edits_the_template_new_contracts_start_from(client, people, cohort_setup):
    from tests.factories import UserFactory

    url = reverse("trainees:contract_template", args=[people.trust.pk])
    client.force_login(people.lead)
    assert "Release the trainee" in client.get(url).text  # the portal's default wording to start with
    data = {
        "trainee_responsibilities": "Attend every study day.",
        "mentor_responsibilities": "Meet fortnightly.",
        "manager_responsibilities": "Protect Wednesday afternoons.",
        "lecturer_responsibilities": "Visit each term.",
        "study_hours_per_week": "6",
        "service_cover": "Bank staff.",
    }
    assert client.post(url, data).status_code == 302
    old = services.current_contract(cohort_setup.enrolment)
    new = services.enrol(cohort=cohort_setup.cohort, trainee=UserFactory(), by=people.lead)
    contract = services.current_contract(new)
    assert (
        contract.manager_responsibilities == "Protect Wednesday afternoons."
        and contract.study_hours_per_week == 6
    )
    old.refresh_from_db()
    assert "Protect Wednesday" not in old.manager_responsibilities


def test_only_the_organisations_lead_edits_its_template(client, people):
    url = reverse("trainees:contract_template", args=[people.trust.pk])
    client.force_login(people.mentor)
    assert client.get(url).status_code == 404
    client.force_login(people.other_lead)
    assert client.post(url, {"study_hours_per_week": "1"}).status_code == 404
