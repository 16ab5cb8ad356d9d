"""The gateway checklist and declaration: each requirement confirmed by the side that knows, the declaration
signed by trainee, employer and provider only once the trainee is ready, gateway reached with the third
signature (not before), and nothing signed changed afterwards, in the portal or the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competencies import access, selectors, services
from competencies.models import DeclarationSignature, GatewayConfirmation, GatewayDeclaration
from core.signing import AlreadySigned, Immutable, NotASigner, NotSignable, OwnRecord
from tests.factories import UserFactory

from .conftest import confirm_checklist

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


# --- The checklist ---------------------------------------------------------------------------------------


def test_each_requirement_is_confirmed_by_the_side_that_knows(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    with pytest.raises(ValidationError, match="lecturer"):
        services.confirm_gateway_requirement(
            enrolment=enrolment, requirement="foundation_degree", by=cohort_setup.manager
        )
    with pytest.raises(ValidationError, match="manager or mentor"):
        services.confirm_gateway_requirement(
            enrolment=enrolment, requirement="employer_ready", by=cohort_setup.lecturer
        )
    with pytest.raises(ValidationError, match="not the trainee"):
        services.confirm_gateway_requirement(enrolment=enrolment, requirement="portfolio", by=people.trainee)
    services.confirm_gateway_requirement(
        enrolment=enrolment, requirement="foundation_degree", by=cohort_setup.lecturer, note="240 credits"
    )
    services.confirm_gateway_requirement(enrolment=enrolment, requirement="employer_ready", by=people.mentor)
    services.confirm_gateway_requirement(enrolment=enrolment, requirement="portfolio", by=people.mentor)
    services.confirm_gateway_requirement(enrolment=enrolment, requirement="english_maths", by=people.lead)
    assert set(GatewayConfirmation.objects.values_list("requirement", flat=True)) == {
        "foundation_degree",
        "employer_ready",
        "portfolio",
        "english_maths",
    }


def test_the_page_offers_each_person_only_the_requirements_they_confirm(client, people, cohort_setup):
    url = reverse("competencies:gateway", args=[cohort_setup.enrolment.pk])
    client.force_login(cohort_setup.lecturer)
    page = client.get(url).text
    assert 'value="foundation_degree"' in page and 'value="english_maths"' in page
    assert 'value="employer_ready"' not in page and 'value="portfolio"' not in page
    client.force_login(people.trainee)
    assert 'class="gateway-confirm"' not in client.get(url).text


# --- The declaration --------------------------------------------------------------------------------------


def test_nobody_signs_until_the_checklist_is_confirmed(people, cohort_setup, ready_but_unconfirmed):
    enrolment = ready_but_unconfirmed
    with pytest.raises(NotSignable, match="not yet confirmed"):
        services.sign_declaration(enrolment=enrolment, party="trainee", by=people.trainee)
    assert not DeclarationSignature.objects.exists()
    assert selectors.declaration(enrolment).signable_by(people.trainee) == []


def test_nobody_signs_while_the_portfolio_is_not_ready(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    confirm_checklist(enrolment, people, cohort_setup)
    with pytest.raises(NotSignable, match="KSBs not yet achieved"):
        services.sign_declaration(enrolment=enrolment, party="trainee", by=people.trainee)


def test_the_page_says_what_is_missing_and_offers_no_sign_button(client, people, ready_but_unconfirmed):
    client.force_login(people.trainee)
    page = client.get(reverse("competencies:gateway", args=[ready_but_unconfirmed.pk])).text
    assert "Not yet confirmed: 200 credits" in page
    assert "Sign as trainee" not in page


def test_each_party_signs_and_gateway_is_reached_with_the_third_signature(people, cohort_setup, ready):
    services.sign_declaration(enrolment=ready, party="trainee", by=people.trainee)
    services.sign_declaration(enrolment=ready, party="employer", by=cohort_setup.manager)
    ready.refresh_from_db()
    assert ready.gateway_on is None  # two of three: not yet
    services.sign_declaration(enrolment=ready, party="provider", by=cohort_setup.lecturer)
    ready.refresh_from_db()
    assert ready.gateway_on == TODAY
    declaration = GatewayDeclaration.objects.get(enrolment=ready)
    assert declaration.signed_by_all()
    assert len({s.fingerprint for s in declaration.signatures.all()}) == 1


def test_the_signed_content_is_the_checklist_as_confirmed(people, cohort_setup, ready):
    content = services.declaration_of(ready).signed_content()
    assert content["enrolment"] == ready.pk
    by_requirement = {c["requirement"]: c for c in content["confirmations"]}
    assert by_requirement["foundation_degree"]["confirmed_by"] == cohort_setup.lecturer.pk
    assert by_requirement["foundation_degree"]["note"] == "Seen"
    assert by_requirement["portfolio"]["confirmed_on"] == TODAY.isoformat()


def test_only_the_parties_sign_and_each_once(people, cohort_setup, ready):
    with pytest.raises(OwnRecord):
        services.sign_declaration(enrolment=ready, party="employer", by=people.trainee)
    with pytest.raises(NotASigner, match="lecturer"):
        services.sign_declaration(enrolment=ready, party="provider", by=people.mentor)
    with pytest.raises(NotASigner):
        services.sign_declaration(enrolment=ready, party="employer", by=cohort_setup.other_mentor)
    services.sign_declaration(enrolment=ready, party="employer", by=people.mentor)
    with pytest.raises(AlreadySigned):
        services.sign_declaration(enrolment=ready, party="employer", by=cohort_setup.manager)


def test_a_page_read_before_a_change_is_refused(people, cohort_setup, ready_but_unconfirmed):
    stale = selectors.declaration(ready_but_unconfirmed).record.fingerprint()
    confirm_checklist(ready_but_unconfirmed, people, cohort_setup)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.sign_declaration(
            enrolment=ready_but_unconfirmed, party="trainee", by=people.trainee, seen=stale
        )


def test_the_confirmations_cannot_change_once_anyone_has_signed(people, ready):
    services.sign_declaration(enrolment=ready, party="trainee", by=people.trainee)
    confirmation = GatewayConfirmation.objects.filter(enrolment=ready).first()
    confirmation.note = "Rewritten"
    with pytest.raises(Immutable):
        confirmation.save()
    with pytest.raises(Immutable):
        confirmation.delete()
    with pytest.raises(Immutable):
        GatewayDeclaration.objects.get(enrolment=ready).delete()


def test_after_gateway_the_checklist_closes_and_the_declaration_is_not_signed_again(
    people, cohort_setup, at_gateway
):
    assert not access.can_confirm_gateway(people.lead, at_gateway)
    assert not access.can_sign_gateway_declaration(people.trainee, at_gateway)
    with pytest.raises(AlreadySigned):
        services.sign_declaration(enrolment=at_gateway, party="trainee", by=people.trainee)


# --- Access ---------------------------------------------------------------------------------------------


def test_who_may_sign_the_declaration(people, cohort_setup):
    enrolment = cohort_setup.enrolment
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert access.can_sign_gateway_declaration(person, enrolment)
    for person in (people.lead, cohort_setup.other_mentor, people.other_lead, people.outside_trainee):
        assert not access.can_sign_gateway_declaration(person, enrolment)


def test_the_sign_and_confirm_urls_refuse_others(client, people, cohort_setup, ready):
    sign = reverse("competencies:gateway_sign", args=[ready.pk])
    confirm = reverse("competencies:gateway_confirm", args=[ready.pk])
    client.force_login(people.lead)  # sees the page, holds no party
    assert client.post(sign, {"party": "employer"}).status_code == 403
    client.force_login(people.trainee)
    assert client.post(confirm, {"requirement": "portfolio"}).status_code == 403
    client.force_login(people.other_lead)  # another trust: not even told it exists
    assert client.post(sign, {"party": "employer"}).status_code == 404
    assert client.get(reverse("competencies:gateway", args=[ready.pk])).status_code == 404
    assert not DeclarationSignature.objects.exists()


def test_signing_in_the_browser_form(client, people, cohort_setup, ready):
    client.force_login(people.trainee)
    page = client.get(reverse("competencies:gateway", args=[ready.pk])).text
    assert "Sign as trainee" in page
    response = client.post(reverse("competencies:gateway_sign", args=[ready.pk]), {"party": "trainee"})
    assert response.status_code == 302
    assert DeclarationSignature.objects.filter(party="trainee", signed_by=people.trainee).exists()
    refused = client.post(reverse("competencies:gateway_sign", args=[ready.pk]), {"party": "trainee"})
    assert refused.status_code == 400


# --- The admin -----------------------------------------------------------------------------------------


def test_a_signed_declaration_and_its_signatures_are_read_only_in_the_admin(client, people, at_gateway):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    declaration = GatewayDeclaration.objects.get(enrolment=at_gateway)
    signature = declaration.signatures.first()
    confirmation = GatewayConfirmation.objects.filter(enrolment=at_gateway).first()
    for obj in (declaration, signature, confirmation):
        meta = obj._meta
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200
        assert 'name="_save"' not in client.get(change).text
        assert client.post(change, {"note": "changed"}).status_code == 403
        delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()
    add = reverse("admin:competencies_declarationsignature_add")
    assert client.get(add).status_code == 403
