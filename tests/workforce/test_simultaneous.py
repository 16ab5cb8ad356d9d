# ruff: noqa: F811  (pytest's fixtures, imported from test_recruitment.py, are arguments of the same name)
"""The same record saved twice at the same moment: both requests pass a service's check before either saves,
and the second meets the database's unique constraint. Each service refuses it with the check's message, as
a ValidationError the form shows beside the field, never an error page. The check is bypassed here to stand
for the other request saving between it and the save."""

import datetime
import types

import pytest
from django.core.exceptions import ValidationError

from workforce import services_career, services_recruitment
from workforce.models import (
    Candidate,
    CareerStep,
    RoleVariant,
    ScopeStatement,
    Setting,
    Vacancy,
    WorkforceRole,
)

from .test_recruitment import add, spec, vacancy  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def passes_the_check(model):
    """A stand-in for ``model.objects`` whose look-ups find nothing, as the check found before the other
    request saved."""
    return types.SimpleNamespace(filter=lambda *args, **kwargs: model._default_manager.none())


def refused(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_the_same_own_workforce_role_added_twice(people, catalogue, monkeypatch):
    def save():
        return services_career.save_workforce_role(
            role=WorkforceRole(),
            organisation=people.trust,
            by=people.lead,
            name="Ward clerk",
            band="2",
            standard=None,
            description="",
        )

    save()
    monkeypatch.setattr(services_career, "_refuse_duplicate_role", lambda **kwargs: None)
    assert refused(save) == {"name": ["There is already a workforce role called “Ward clerk”."]}
    assert WorkforceRole.objects.filter(name="Ward clerk").count() == 1


def test_the_same_variant_added_twice(people, catalogue, monkeypatch):
    role = WorkforceRole.objects.create(name="Ward clerk", band="2", organisation=people.trust)

    def save():
        return services_career.save_role_variant(
            variant=RoleVariant(), role=role, setting=Setting.COMMUNITY, description=""
        )

    save()
    monkeypatch.setattr(services_career.RoleVariant, "objects", passes_the_check(RoleVariant))
    assert refused(save) == {
        "setting": ["Ward clerk already has a variant in this setting: change that one."]
    }
    monkeypatch.undo()
    assert RoleVariant.objects.filter(role=role).count() == 1


def test_the_same_step_added_twice(people, catalogue, monkeypatch):
    def save():
        return services_career.save_career_step(
            step=CareerStep(),
            organisation=people.trust,
            by=people.lead,
            from_role=catalogue["Healthcare support worker"],
            to_role=catalogue["Senior healthcare support worker"],
            route="Apprenticeship",
            entry_requirements="A year in post.",
            standard=None,
            outcome_destination="",
        )

    save()
    monkeypatch.setattr(services_career, "_step_errors", lambda **kwargs: {})
    message = refused(save)["to_role"][0]
    assert message.startswith("The framework already has a step from Healthcare support worker to Senior")
    assert CareerStep.objects.filter(organisation=people.trust).count() == 1


def test_the_same_scope_statement_added_twice(people, catalogue, monkeypatch):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    ap = catalogue["Assistant practitioner"]

    def save():
        return services_career.save_scope_statement(
            statement=ScopeStatement(),
            version=draft,
            workforce_role=ap,
            may_do="Observations",
            may_not_do="Medicines",
            accountable_to="The registered nurse",
        )

    save()
    monkeypatch.setattr(services_career.ScopeStatement, "objects", passes_the_check(ScopeStatement))
    assert refused(save) == {
        "workforce_role": [
            "This version already has a scope statement for Assistant practitioner: change that one."
        ]
    }
    monkeypatch.undo()
    assert draft.scope_statements.count() == 1


def test_the_same_vacancy_reference_saved_twice(people, spec, vacancy, monkeypatch):
    monkeypatch.setattr(Vacancy, "validate_constraints", lambda self, exclude=None: None)
    message = refused(
        lambda: services_recruitment.save_vacancy(
            vacancy=Vacancy(organisation=people.trust),
            by=people.lead,
            title="Another advert",
            reference=vacancy.reference,
            profile_version=spec.version,
            closing_date=datetime.date(2026, 4, 30),
        )
    )
    assert message == {"reference": ["Your organisation already has a vacancy with this reference."]}
    assert Vacancy.objects.filter(reference=vacancy.reference).count() == 1


def test_the_same_candidate_added_twice_from_two_forms(people, vacancy, monkeypatch):
    add(vacancy, people.lead, "ann", "ann@example.org")
    monkeypatch.setattr(Candidate, "validate_constraints", lambda self, exclude=None: None)
    message = refused(lambda: add(vacancy, people.lead, "ann", "ANN@example.org"))
    assert message == {"email": ["This vacancy already has a candidate with this email address."]}
    assert vacancy.candidates.count() == 1


def test_one_form_sent_twice_still_adds_the_candidate_once(people, vacancy, monkeypatch):
    import uuid

    key = uuid.uuid4()

    def send():
        return services_recruitment.add_candidate(
            vacancy=vacancy,
            by=people.lead,
            submission_key=key,
            first_name="ann",
            last_name="Candidate",
            email="ann@example.org",
        )

    first = send()
    # The second request saw no candidate with its key before the first saved.
    monkeypatch.setattr(Candidate, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr(Candidate, "validate_unique", lambda self, exclude=None: None)
    real_filter = Candidate.objects.filter
    calls = []

    def filter_missing_once(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1 and "submission_key" in kwargs:
            return Candidate.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Candidate.objects, "filter", filter_missing_once)
    assert send() == first
    monkeypatch.undo()
    assert vacancy.candidates.count() == 1
