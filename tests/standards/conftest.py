import copy
import json

import pytest


def make_document(**changes):
    """A small, valid standard in the Institute's JSON, with a duty mapping, for import tests."""
    doc = {
        "referenceNumber": "ST0217",
        "title": "Senior healthcare support worker",
        "version": "1.2",
        "level": 3,
        "status": "Approved for delivery",
        "route": "Health and science",
        "occupationReference": "OCC0217",
        "overviewOfRole": "Providing high quality and compassionate healthcare.",
        "summary": "A short summary.",
        "socCode2020": "6131 Nursing auxiliaries and assistants",
        "socSubUnitGroups": [],
        "typicalJobTitles": ["Senior healthcare assistant", "Senior support worker"],
        "keywords": ["Care"],
        "typicalDuration": 18,
        "approvedForDelivery": "2023-03-01",
        "standardPageUrl": "https://example.org/st0217",
        "assessmentPlanUrl": None,
        "larsCode": 6,
        "regulated": False,
        "options": [{"optionId": "opt-a", "title": "Adult nursing support"}],
        "knowledges": [
            {"knowledgeId": "k-a", "detail": "First knowledge"},
            {"knowledgeId": "k-b", "detail": "Second knowledge"},
        ],
        "skills": [{"skillId": "s-a", "detail": "First skill"}, {"skillId": "s-b", "detail": "Second skill"}],
        "behaviours": [{"behaviourId": "b-a", "detail": "First behaviour"}],
        "duties": [
            {
                "dutyID": "d-a",
                "dutyDetail": "First duty",
                "isThisACoreDuty": 1,
                "mappedKnowledge": ["k-a", "k-b"],
                "mappedSkills": ["s-b"],
                "mappedBehaviour": ["b-a"],
                "mappedOptions": [],
            },
            {
                "dutyID": "d-b",
                "dutyDetail": "Second duty",
                "isThisACoreDuty": 0,
                "mappedKnowledge": [],
                "mappedSkills": ["s-a"],
                "mappedBehaviour": [],
                "mappedOptions": ["opt-a"],
            },
        ],
    }
    doc = copy.deepcopy(doc)
    doc.update(changes)
    return doc


@pytest.fixture
def document():
    return make_document()


@pytest.fixture
def as_text():
    return lambda doc: json.dumps(doc)


def grant_import(user):
    """Gives the person the permission an administrator grants in the admin to add standard versions to
    the shared catalogue (issue 15: not every workforce lead may); returns them afresh (permissions are
    cached)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="standards", codename="add_standard")
    )
    return type(user).objects.get(pk=user.pk)
