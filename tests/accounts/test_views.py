"""Pages of people, organisations and regions: who may open them, and what they show."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, user, name, pk=None):
    client.force_login(user)
    return client.get(reverse(name, args=[pk] if pk else []))


def test_trainee_cannot_open_another_organisations_page(client, people):
    assert get(client, people.trainee, "organisation_detail", people.other_trust.pk).status_code == 404


def test_trainee_cannot_open_another_trainees_page(client, people):
    assert get(client, people.trainee, "person_detail", people.other_trainee.pk).status_code == 404
    assert get(client, people.trainee, "person_detail", people.outside_trainee.pk).status_code == 404


def test_trainee_opens_own_page(client, people):
    response = get(client, people.trainee, "person_detail", people.trainee.pk)
    assert response.status_code == 200
    assert "Change your password" in response.text


def test_trainee_sees_own_organisation_without_names(client, people):
    response = get(client, people.trainee, "organisation_detail", people.trust.pk)
    assert response.status_code == 200
    assert people.other_trainee.get_full_name() not in response.text
    assert "People by role" in response.text


def test_lead_sees_people_of_own_organisation(client, people):
    response = get(client, people.lead, "organisation_detail", people.trust.pk)
    assert response.status_code == 200
    assert people.trainee.get_full_name() in response.text
    assert reverse("person_detail", args=[people.trainee.pk]) in response.text


def test_lead_cannot_open_person_of_another_organisation(client, people):
    assert get(client, people.lead, "person_detail", people.outside_trainee.pk).status_code == 404


def test_regional_lead_compares_region_without_names(client, people):
    response = get(client, people.regional, "region_detail", people.region.pk)
    assert response.status_code == 200
    assert people.trust.name in response.text
    assert people.other_trust.name in response.text
    assert people.far_trust.name not in response.text
    assert people.trainee.get_full_name() not in response.text


def test_regional_lead_cannot_open_another_region(client, people):
    assert get(client, people.regional, "region_detail", people.other_region.pk).status_code == 404


def test_lead_cannot_open_region_page(client, people):
    assert get(client, people.lead, "region_detail", people.region.pk).status_code == 404


def test_unknown_object_is_404_not_500(client, people):
    assert get(client, people.lead, "organisation_detail", 987654).status_code == 404


@pytest.mark.parametrize(
    ("who", "section", "absent"),
    [
        ("trainee", "trainee", "workforce_lead"),
        ("mentor", "mentor", "trainee"),
        ("lead", "workforce_lead", "regional_lead"),
        ("regional", "regional_lead", "workforce_lead"),
    ],
)
def test_dashboard_differs_by_role(client, people, who, section, absent):
    response = get(client, getattr(people, who), "dashboard")
    assert response.status_code == 200
    assert f'data-role-section="{section}"' in response.text
    assert f'data-role-section="{absent}"' not in response.text


def test_lead_dashboard_links_to_own_organisation(client, people):
    response = get(client, people.lead, "dashboard")
    assert reverse("organisation_detail", args=[people.trust.pk]) in response.text
    assert reverse("organisation_detail", args=[people.other_trust.pk]) not in response.text


def test_regional_dashboard_links_to_region(client, people):
    response = get(client, people.regional, "dashboard")
    assert reverse("region_detail", args=[people.region.pk]) in response.text


def test_person_without_organisation_is_told_what_to_do(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("dashboard"))
    assert "You do not belong to any organisation yet" in response.text


def test_regional_page_shows_nothing_for_a_group_smaller_than_five(client, people):
    from accounts.models import Membership
    from tests.factories import person_with_role

    # people.trust has 2 trainees and 1 mentor; other_trust 1 trainee. Give other_trust 5 mentors.
    for n in range(5):
        person_with_role(Membership.Role.MENTOR, people.other_trust, username=f"m{n}")
    response = get(client, people.regional, "region_detail", people.region.pk)
    body = response.text.split('<tbody class="nhsuk-table__body">')[1]
    rows = body.split('<tr class="nhsuk-table__row"')[1:]
    rows = {row.split("</td>")[0].split(">")[-1]: row for row in rows}
    trust_row, other_row = rows[people.trust.name], rows[people.other_trust.name]
    assert trust_row.count("fewer than 5") == 2
    assert "Mentors </span>5</td>" in other_row and "fewer than 5" in other_row
