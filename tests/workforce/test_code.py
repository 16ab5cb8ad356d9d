"""The code of practice: versioned text with a scope of practice per workforce role; a published version never
changes and a new one is published whole; each person it covers acknowledges the current version (the
version and when), sees it on their to-do list until then, and is asked again by a new version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.todo import collect
from evaluation.models import Outcome
from tests.factories import person_with_role
from trainees.models import Enrolment
from workforce import selectors_career, services_career
from workforce.models import CodeAcknowledgement, CodeVersion, ScopeStatement
from workforce.models.career import Published

from .career_support import cohort, programme, published_code, trainee_on

Status = Enrolment.Status


@pytest.fixture
def ap(catalogue):
    return catalogue["Assistant practitioner"]


@pytest.fixture
def course(people, st0215):
    return cohort(people.trust, programme(people.trust, st0215), name="AP cohort")


@pytest.fixture
def holders(people, course):
    """alice (people.trainee) on the AP cohort, and bob (people.other_trainee): both covered."""
    trainee_on(course, people.lead, person=people.trainee)
    trainee_on(course, people.lead, person=people.other_trainee, status=Status.COMPLETED)
    return course


@pytest.fixture
def code(people, ap, holders):
    return published_code(people.trust, people.lead, [ap], text="First paragraph.\n\nSecond paragraph.")


def usernames(people_):
    return sorted(p.username for p in people_)


# --- Versions ---------------------------------------------------------------------------------------------


def test_a_new_draft_starts_as_a_whole_copy_of_the_current_version(people, ap, catalogue, code):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    assert (draft.number, draft.text, draft.published_at) == (2, code.text, None)
    assert [(s.workforce_role, s.may_do, s.accountable_to) for s in draft.scope_statements.all()] == [
        (ap, "Take observations", "The nurse in charge")
    ]
    assert services_career.start_code_version(organisation=people.trust, by=people.lead) == draft  # one draft


def test_a_published_version_never_changes(people, code):
    with pytest.raises(ValidationError, match="never changes"):
        services_career.save_code_text(version=code, title="New", text="Changed")
    statement = code.scope_statements.get()
    with pytest.raises(ValidationError, match="never changes"):
        services_career.save_scope_statement(
            statement=statement,
            version=code,
            workforce_role=statement.workforce_role,
            may_do="Anything",
            may_not_do="Nothing",
            accountable_to="Nobody",
        )
    with pytest.raises(ValidationError):
        services_career.delete_scope_statement(statement=statement)
    stale = CodeVersion.objects.get(pk=code.pk)
    stale.text = "Changed behind the services"
    with pytest.raises(Published):
        stale.save()
    with pytest.raises(Published):
        stale.delete()
    statement.may_do = "Anything"
    with pytest.raises(Published):
        statement.save()
    code.refresh_from_db()
    assert code.text == "First paragraph.\n\nSecond paragraph."
    assert code.scope_statements.get().may_do == "Take observations"


def test_publishing_needs_text_and_a_scope_statement(people, ap):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    with pytest.raises(ValidationError) as refused:
        services_career.publish_code_version(version=draft, by=people.lead)
    assert "text" in refused.value.message_dict
    services_career.save_code_text(version=draft, title="Code", text="Work within your scope.")
    with pytest.raises(ValidationError, match="scope-of-practice statement"):
        services_career.publish_code_version(version=draft, by=people.lead)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_a_role_has_one_scope_statement_a_version(people, ap):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    values = {"workforce_role": ap, "may_do": "A", "may_not_do": "B", "accountable_to": "C"}
    services_career.save_scope_statement(statement=ScopeStatement(), version=draft, **values)
    with pytest.raises(ValidationError, match="already has a scope statement"):
        services_career.save_scope_statement(statement=ScopeStatement(), version=draft, **values)
    assert draft.scope_statements.count() == 1


# --- Who it covers, and acknowledging -----------------------------------------------------------------------


def test_it_covers_active_and_completed_trainees_of_the_roles_standard_in_the_organisation(
    people, catalogue, ap, st0215, course
):
    by = people.lead
    stays = [trainee_on(course, by), trainee_on(course, by, status=Status.COMPLETED)]
    trainee_on(course, by, status=Status.WITHDRAWN)
    trainee_on(course, by, status=Status.ON_BREAK)
    trainee_on(course, by, status=Status.PROGRESSED)
    trainee_on(
        course,
        by,
        status=Status.COMPLETED,
        result=Outcome.Result.COMPLETED,
        destination=Outcome.Destination.LEFT,
    )
    theirs = cohort(people.other_trust, programme(people.other_trust, st0215))
    trainee_on(theirs, people.other_lead)
    version = published_code(people.trust, by, [ap, catalogue["Healthcare support worker"]])
    assert usernames(selectors_career.code_holders(version)) == usernames(e.trainee for e in stays)


def test_acknowledging_records_the_version_and_when_once(people, code):
    at = timezone.now() - datetime.timedelta(days=2)
    first = services_career.acknowledge_code(version=code, person=people.trainee, at=at)
    again = services_career.acknowledge_code(version=code, person=people.trainee)
    assert again == first and (first.version, first.acknowledged_at) == (code, at)
    assert CodeAcknowledgement.objects.count() == 1


def test_someone_it_does_not_cover_cannot_acknowledge(people, code):
    with pytest.raises(ValidationError, match="holders to acknowledge"):
        services_career.acknowledge_code(version=code, person=people.mentor)
    assert not CodeAcknowledgement.objects.exists()


def test_a_new_version_asks_everyone_again_and_the_old_one_cannot_be_acknowledged(people, ap, code):
    services_career.acknowledge_code(version=code, person=people.trainee)
    assert collect(people.trainee).group("code_to_acknowledge") is None
    second = published_code(people.trust, people.lead, [ap])
    assert [i.title for i in collect(people.trainee).group("code_to_acknowledge").items] == [
        f"Code of practice, version 2 ({people.trust})"
    ]
    with pytest.raises(ValidationError, match="current published version"):
        services_career.acknowledge_code(version=code, person=people.other_trainee)
    rows = {r.person.username: r for r in selectors_career.acknowledgement_rows(second)}
    assert rows["alice"].acknowledged is None and rows["alice"].earlier.version == code
    assert rows["bob"].acknowledged is None and rows["bob"].earlier is None


def test_the_to_do_item_goes_once_acknowledged(people, code):
    items = collect(people.trainee).group("code_to_acknowledge").items
    assert items[0].url == reverse("workforce:code", args=[people.trust.pk])
    services_career.acknowledge_code(version=code, person=people.trainee)
    assert collect(people.trainee).group("code_to_acknowledge") is None
    assert collect(people.mentor).group("code_to_acknowledge") is None  # not covered


# --- Pages --------------------------------------------------------------------------------------------------


def test_a_trainee_reads_the_code_and_acknowledges_it_from_the_page(client, people, code):
    client.force_login(people.trainee)
    url = reverse("workforce:code", args=[people.trust.pk])
    page = client.get(url).text
    assert "Second paragraph." in page and 'data-scope="Assistant practitioner"' in page
    assert "Your role" in page and "I have read version 1" in page
    response = client.post(reverse("workforce:code_acknowledge", args=[code.pk]), follow=True)
    assert "You acknowledged version 1 on" in response.text
    assert CodeAcknowledgement.objects.filter(version=code, person=people.trainee).exists()


def test_the_dashboard_leads_a_trainee_to_the_code(client, people, code):
    client.force_login(people.trainee)
    page = client.get(reverse("dashboard")).text
    assert 'data-panel="career"' in page and "To acknowledge" in page
    assert reverse("workforce:code", args=[people.trust.pk]) in page


def test_a_lead_sees_who_has_and_who_has_not_acknowledged(client, people, code):
    services_career.acknowledge_code(version=code, person=people.other_trainee)
    client.force_login(people.lead)
    page = client.get(reverse("workforce:code_acknowledgements", args=[people.trust.pk])).text
    waiting = page[page.index('data-people="waiting"') : page.index('data-people="done"')]
    done = page[page.index('data-people="done"') :]
    assert 'data-person="alice"' in waiting and 'data-person="bob"' not in waiting
    assert 'data-person="bob"' in done
    assert "1 of 2 have acknowledged it" in page


def test_a_lead_drafts_edits_and_publishes_a_new_version_through_the_pages(client, people, ap, code):
    client.force_login(people.lead)
    response = client.post(reverse("workforce:code_draft_start", args=[people.trust.pk]))
    draft = CodeVersion.objects.get(organisation=people.trust, published_at=None)
    assert response.url == reverse("workforce:code_version", args=[draft.pk])
    edit = reverse("workforce:code_version_edit", args=[draft.pk])
    form = client.get(edit).context["form"]
    client.post(edit, {name: form[name].value() for name in form.fields} | {"text": "New text."})
    statement = draft.scope_statements.get()
    scope = reverse("workforce:code_scope_edit", args=[statement.pk])
    form = client.get(scope).context["form"]
    client.post(scope, {name: form[name].value() for name in form.fields})
    response = client.post(reverse("workforce:code_publish", args=[draft.pk]), follow=True)
    assert "Version 2 is published" in response.text
    draft.refresh_from_db()
    statement.refresh_from_db()
    assert draft.is_published and draft.text == "New text." and draft.title == "Code of practice"
    assert (statement.workforce_role, statement.may_do, statement.may_not_do, statement.accountable_to) == (
        ap,
        "Take observations",
        "Give medicines",
        "The nurse in charge",
    )
    assert selectors_career.current_code(people.trust) == draft


def test_editing_the_text_and_saving_it_unchanged_loses_nothing(client, people, code):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    client.force_login(people.lead)
    url = reverse("workforce:code_version_edit", args=[draft.pk])
    form = client.get(url).context["form"]
    assert client.post(url, {name: form[name].value() for name in form.fields}).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.text) == ("Code of practice", "First paragraph.\n\nSecond paragraph.")


def test_a_duplicate_scope_statement_is_refused_on_the_form(client, people, ap, code):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    client.force_login(people.lead)
    response = client.post(
        reverse("workforce:code_scope_add", args=[draft.pk]),
        {"workforce_role": ap.pk, "may_do": "A", "may_not_do": "B", "accountable_to": "C"},
    )
    assert response.status_code == 400 and "already has a scope statement" in response.text
    assert draft.scope_statements.count() == 1


def test_the_code_pages_refuse_outsiders_with_404_and_readers_with_403(client, people, code):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    client.force_login(people.outside_trainee)
    assert client.get(reverse("workforce:code", args=[people.trust.pk])).status_code == 404
    assert client.get(reverse("workforce:code_version", args=[code.pk])).status_code == 404
    client.force_login(people.trainee)
    assert client.get(reverse("workforce:code_version", args=[draft.pk])).status_code == 404  # drafts: leads
    assert client.get(reverse("workforce:code_acknowledgements", args=[people.trust.pk])).status_code == 403
    assert client.post(reverse("workforce:code_draft_start", args=[people.trust.pk])).status_code == 403
    client.force_login(people.mentor)  # reads the code, is not covered by it
    assert client.post(reverse("workforce:code_acknowledge", args=[code.pk])).status_code == 403
    client.force_login(people.lead)
    assert client.get(reverse("workforce:code_version_edit", args=[code.pk])).status_code == 403
    statement = code.scope_statements.get()
    assert client.post(reverse("workforce:code_scope_delete", args=[statement.pk])).status_code == 403
    assert client.post(reverse("workforce:code_publish", args=[code.pk])).status_code == 403
    client.force_login(people.other_lead)
    assert client.get(reverse("workforce:code_version_edit", args=[draft.pk])).status_code == 404


def test_a_lead_discards_a_draft(client, people, code):
    draft = services_career.start_code_version(organisation=people.trust, by=people.lead)
    client.force_login(people.lead)
    client.post(reverse("workforce:code_discard", args=[draft.pk]))
    assert list(CodeVersion.objects.filter(organisation=people.trust)) == [code]


def test_another_organisations_lead_never_sees_who_acknowledged(client, people, code):
    other = person_with_role("workforce_lead", people.far_trust)
    client.force_login(other)
    assert client.get(reverse("workforce:code_acknowledgements", args=[people.trust.pk])).status_code == 404
