"""Issue 15: the catalogue of standard versions is shared by every organisation, so adding to it
(importing the Institute's JSON) is for a site administrator or a lead an administrator has granted it,
not every lead."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standards.models import Standard
from tests.factories import UserFactory

from .conftest import grant_import, make_document

pytestmark = pytest.mark.django_db

IMPORT_BUTTON = "Import a standard from the Institute's JSON"


def upload(client):
    file = SimpleUploadedFile("standard.json", json.dumps(make_document()).encode(), "application/json")
    return client.post(reverse("standards:import"), {"file": file})


def test_lead_without_the_grant_is_refused_and_not_shown_the_button(client, people):
    client.force_login(people.lead)
    assert client.get(reverse("standards:import")).status_code == 403
    assert upload(client).status_code == 403
    assert not Standard.objects.filter(reference="ST0217").exists()
    response = client.get(reverse("standards:catalogue"))
    assert IMPORT_BUTTON not in response.text
    assert "a site administrator adds standard versions" in response.text


def test_lead_granted_the_permission_may_import(client, people):
    client.force_login(grant_import(people.lead))
    assert IMPORT_BUTTON in client.get(reverse("standards:catalogue")).text
    assert client.get(reverse("standards:import")).status_code == 200
    assert upload(client).status_code == 302
    assert Standard.objects.filter(reference="ST0217", version="1.2").exists()


def test_the_grant_may_come_through_a_group(client, people):
    group = Group.objects.create(name="Catalogue editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="standards", codename="add_standard")
    )
    people.other_lead.groups.add(group)
    client.force_login(people.other_lead)
    assert upload(client).status_code == 302
    assert Standard.objects.filter(reference="ST0217").exists()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_site_administrator_may_import(client, flags):
    client.force_login(UserFactory(**flags))
    assert IMPORT_BUTTON in client.get(reverse("standards:catalogue")).text
    assert client.get(reverse("standards:import")).status_code == 200
    assert upload(client).status_code == 302
    assert Standard.objects.filter(reference="ST0217").exists()


@pytest.mark.parametrize("who", ["trainee", "mentor", "other_lead", "regional"])
def test_everyone_else_is_refused(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("standards:import")).status_code == 403
    assert upload(client).status_code == 403
    assert IMPORT_BUTTON not in client.get(reverse("standards:catalogue")).text
    assert not Standard.objects.filter(reference="ST0217").exists()
