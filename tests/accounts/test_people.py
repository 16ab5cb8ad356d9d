"""A lead's people: whom they may reach (person page, first password), and adding people one by one or from a
file. A lead acts only on people whose every membership is in organisations they lead."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import access
from accounts.models import Invitation, Membership, Organisation, User
from accounts.services import import_people
from core.tabular import ImportRefused
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person_with_role
from tests.trainees.factories import CohortFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
TEMPORARY = "meadow-lantern-4417"


def newcomer(organisation, role=Role.TRAINEE, **fields):
    """Someone brought in without a password, who has never signed in."""
    person = UserFactory(**fields)
    person.set_unusable_password()
    person.save()
    MembershipFactory(user=person, organisation=organisation, role=role)
    return person


@pytest.fixture
def university(people):
    return OrganisationFactory(name="University of Northfield", kind=Organisation.Kind.UNIVERSITY)


@pytest.fixture
def lecturer(people, university):
    """A university lecturer who also teaches for people.trust (a role there as well as at the university)."""
    person = newcomer(university, Role.LECTURER, username="helen", first_name="Helen", last_name="Marsh")
    MembershipFactory(user=person, organisation=people.trust, role=Role.LECTURER)
    return person


def set_password(client, person, password=TEMPORARY):
    return client.post(
        reverse("set_password", args=[person.pk]), {"new_password1": password, "new_password2": password}
    )


# --- Setting a first password (10.1) -------------------------------------------------------------------


def test_lead_may_set_the_first_password_of_their_own_newcomer(people):
    assert access.can_set_password_for(people.lead, newcomer(people.trust))


def test_lead_may_not_set_a_password_for_someone_with_a_role_elsewhere(people, lecturer):
    assert not access.can_set_password_for(people.lead, lecturer)
    person = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=person, organisation=people.other_trust, role=Role.MENTOR)
    assert not access.can_set_password_for(people.lead, person)
    assert not access.can_set_password_for(people.other_lead, person)


def test_lead_of_both_organisations_may_set_it(people):
    person = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=person, organisation=people.other_trust, role=Role.MENTOR)
    MembershipFactory(user=people.lead, organisation=people.other_trust, role=Role.WORKFORCE_LEAD)
    assert access.can_set_password_for(people.lead, person)


def test_lead_may_not_set_a_password_for_someone_who_has_signed_in(client, people):
    person = newcomer(people.trust)
    client.force_login(person)  # the account is theirs now
    person.refresh_from_db()
    assert person.last_login is not None
    assert not access.can_set_password_for(people.lead, person)
    client.force_login(people.lead)
    assert set_password(client, person).status_code == 403
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_lead_may_not_set_a_password_for_someone_with_no_organisation(people):
    loose = UserFactory()
    loose.set_unusable_password()
    loose.save()
    assert not access.can_set_password_for(people.lead, loose)


def test_lead_may_not_set_a_password_for_a_regional_lead_or_administrator(people):
    regional = newcomer(people.trust, Role.MENTOR)
    MembershipFactory(user=regional, organisation=people.trust, role=Role.REGIONAL_LEAD)
    admin = newcomer(people.trust, Role.MENTOR, is_superuser=True)
    assert not access.can_set_password_for(people.lead, regional)
    assert not access.can_set_password_for(people.lead, admin)


def test_lead_cannot_set_the_password_of_a_lecturer_from_elsewhere(client, people, lecturer):
    client.force_login(people.lead)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert page.status_code == 200 and not page.context["can_set_password"]
    assert "Set a temporary password" not in page.text
    assert set_password(client, lecturer).status_code == 403
    lecturer.refresh_from_db()
    assert not lecturer.has_usable_password()


# --- The person page shows only what the viewer leads ---------------------------------------------------


def test_person_page_shows_a_lead_only_the_memberships_in_their_organisations(client, people, lecturer):
    client.force_login(people.lead)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert "Lecturer at Northfield Trust" in page.text
    assert "University of Northfield" not in page.text
    assert [m.organisation for m in page.context["memberships"]] == [people.trust]


def test_person_sees_all_their_own_memberships(client, people, lecturer):
    client.force_login(lecturer)
    page = client.get(reverse("person_detail", args=[lecturer.pk]))
    assert "Lecturer at Northfield Trust" in page.text
    assert "Lecturer at University of Northfield" in page.text


def test_person_page_of_someone_elsewhere_is_not_found(client, people, lecturer):
    client.force_login(people.other_lead)
    assert client.get(reverse("person_detail", args=[lecturer.pk])).status_code == 404
    assert set_password(client, lecturer).status_code == 404


# --- The People page (11.11) -----------------------------------------------------------------------------


def roles_in(person, organisation):
    return set(
        Membership.objects.filter(user=person, organisation=organisation).values_list("role", flat=True)
    )


def test_people_page_lists_the_organisations_people_with_their_roles(client, people):
    person_with_role(
        Role.MANAGER, people.trust, first_name="Tom", last_name="Hughes", job_title="Ward manager"
    )
    client.force_login(people.lead)
    page = client.get(reverse("people", args=[people.trust.pk]))
    assert page.status_code == 200
    rows = {p.username: {m.role for m in p.roles_here} for p in page.context["page"]}
    assert rows["alice"] == {Role.TRAINEE} and rows["mentor"] == {Role.MENTOR}
    assert "charlie" not in rows  # another organisation's trainee
    assert "Tom Hughes" in page.text and "Ward manager" in page.text


def test_people_page_searches_by_name_email_or_job_title_and_role(client, people):
    person_with_role(
        Role.MANAGER, people.trust, first_name="Tom", last_name="Hughes", job_title="Ward manager"
    )
    client.force_login(people.lead)
    url = reverse("people", args=[people.trust.pk])
    found = lambda **q: {p.username for p in client.get(url, q).context["page"]}  # noqa: E731
    assert {p.get_full_name() for p in User.objects.filter(username__in=found(q="tom hug"))} == {"Tom Hughes"}
    assert found(q="ward MANAGER") == found(q="tom")
    assert found(q="alice@example") == {"alice"}
    assert found(role=Role.TRAINEE) == {"alice", "bob"}
    assert found(q="nobody-at-all") == set()


def test_people_page_is_only_for_the_organisations_leads(client, people):
    # Members and the regional lead may see the organisation (never its named people): 403; outsiders 404.
    url = reverse("people", args=[people.trust.pk])
    for who, status in (
        (people.trainee, 403),
        (people.mentor, 403),
        (people.regional, 403),
        (people.other_lead, 404),
    ):
        client.force_login(who)
        assert client.get(url).status_code == status, who


def test_dashboard_links_a_lead_to_their_people(client, people):
    client.force_login(people.lead)
    assert reverse("people", args=[people.trust.pk]) in client.get(reverse("dashboard")).text


# --- Adding a person -----------------------------------------------------------------------------------


def add(client, organisation, **data):
    data.setdefault("roles", [Role.MENTOR])
    return client.post(reverse("person_add", args=[organisation.pk]), data)


def test_lead_adds_someone_new_who_gets_an_account_without_a_password(client, people):
    client.force_login(people.lead)
    response = add(
        client,
        people.trust,
        email="Grace.Okafor@Example.nhs.uk",
        first_name=" Grace ",
        last_name="Okafor",
        job_title="Registered nurse",
        roles=[Role.MENTOR, Role.MANAGER],
    )
    grace = User.objects.get(email__iexact="grace.okafor@example.nhs.uk")
    assert response.status_code == 302 and response.url == reverse("person_detail", args=[grace.pk])
    assert (grace.first_name, grace.job_title, grace.has_usable_password()) == (
        "Grace",
        "Registered nurse",
        False,
    )
    assert roles_in(grace, people.trust) == {Role.MENTOR, Role.MANAGER}
    # The lead sets their first password, as for trainees.
    page = client.get(response.url)
    assert page.context["can_set_password"] and "has no password yet" in page.text
    assert set_password(client, grace).status_code == 302


def test_adding_someone_new_needs_their_names_and_a_role(client, people):
    client.force_login(people.lead)
    before = (User.objects.count(), Membership.objects.count())
    response = add(client, people.trust, email="new@example.nhs.uk", roles=[])
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "roles" in errors
    response = add(client, people.trust, email="new@example.nhs.uk", first_name="New")
    assert response.status_code == 400
    assert response.context["form"].errors["last_name"] == [
        "Needed, as no one has an account with this email yet."
    ]
    assert (User.objects.count(), Membership.objects.count()) == before


def test_a_lead_can_only_give_the_four_roles(client, people):
    client.force_login(people.lead)
    response = add(
        client,
        people.trust,
        email="new@example.nhs.uk",
        first_name="A",
        last_name="B",
        roles=["workforce_lead"],
    )
    assert response.status_code == 400 and "roles" in response.context["form"].errors
    assert not User.objects.filter(email="new@example.nhs.uk").exists()


def test_someone_only_in_the_leads_organisation_is_matched_not_duplicated(client, people):
    client.force_login(people.lead)
    before = User.objects.count()
    response = add(
        client, people.trust, email=people.trainee.email.upper(), first_name="Other", last_name="Name"
    )
    assert response.status_code == 302
    assert User.objects.count() == before
    assert roles_in(people.trainee, people.trust) == {Role.TRAINEE, Role.MENTOR}
    people.trainee.refresh_from_db()
    assert people.trainee.first_name != "Other"


def test_adding_roles_someone_already_has_is_refused(client, people):
    client.force_login(people.lead)
    response = add(client, people.trust, email=people.mentor.email, roles=[Role.MENTOR])
    assert response.status_code == 400
    assert "already has these roles" in " ".join(response.context["form"].errors["roles"])


def test_a_lead_cannot_give_themself_roles_or_revive_a_switched_off_account(client, people):
    client.force_login(people.lead)
    response = add(client, people.trust, email=people.lead.email)
    assert response.status_code == 400 and "This is you" in response.text
    gone = person_with_role(Role.TRAINEE, people.trust, is_active=False)
    response = add(client, people.trust, email=gone.email)
    assert response.status_code == 400 and "switched off" in response.text
    assert roles_in(people.lead, people.trust) == {Role.WORKFORCE_LEAD}
    assert roles_in(gone, people.trust) == {Role.TRAINEE}


def test_someone_of_another_organisation_is_invited_not_added(client, people):
    client.force_login(people.lead)
    response = add(client, people.trust, email=people.outside_trainee.email, first_name="X", last_name="Y")
    assert response.status_code == 302 and response.url == reverse("people", args=[people.trust.pk])
    assert roles_in(people.outside_trainee, people.trust) == set()
    invitation = Invitation.objects.get()
    assert (invitation.invitee, invitation.role, invitation.status) == (
        people.outside_trainee,
        Role.MENTOR,
        "pending",
    )
    page = client.get(response.url)
    assert "invited to be mentor" in page.text
    assert people.outside_trainee.get_full_name() not in page.text  # only the email typed, until they accept


# --- Importing people ------------------------------------------------------------------------------------

HEADER = ["email", "first_name", "last_name", "job_title", "roles"]


def csv_file(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_file(rows, header=HEADER):
    book = openpyxl.Workbook()
    book.active.append([h.replace("_", " ").title() for h in header])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts():
    return User.objects.count(), Membership.objects.count(), Invitation.objects.count()


@pytest.mark.parametrize(("name", "make"), [("people.csv", csv_file), ("people.xlsx", xlsx_file)])
def test_import_adds_new_people_matches_the_organisations_own_and_invites_the_rest(
    people, lecturer, name, make
):
    rows = [
        ["grace@example.nhs.uk", "Grace", "Okafor", "Nurse", "mentor"],
        ["tom@example.nhs.uk", "Tom", "Hughes", "Ward manager", "Manager; mentor"],
        [people.trainee.email.upper(), "", "", "", "mentor"],  # theirs already: matched
        [people.mentor.email, "", "", "", "mentors"],  # already a mentor: unchanged
        [lecturer.email, "", "", "", "lecturer, manager"],  # also at the university: invited
    ]
    result = import_people(organisation=people.trust, by=people.lead, upload_name=name, content=make(rows))
    assert (result.created, result.given, result.invited, result.unchanged) == (2, 1, 1, 1)
    tom = User.objects.get(email="tom@example.nhs.uk")
    assert roles_in(tom, people.trust) == {Role.MANAGER, Role.MENTOR} and not tom.has_usable_password()
    assert tom.job_title == "Ward manager"
    assert roles_in(people.trainee, people.trust) == {Role.TRAINEE, Role.MENTOR}
    assert roles_in(lecturer, people.trust) == {Role.LECTURER}  # already had it; the manager role is offered
    assert list(Invitation.objects.values_list("invitee__username", "role")) == [("helen", Role.MANAGER)]


def test_import_saves_nothing_if_any_row_is_wrong_and_names_each(people):
    rows = [
        ["grace@example.nhs.uk", "Grace", "Okafor", "Nurse", "mentor"],
        ["not-an-email", "A", "B", "", "mentor"],
        ["new@example.nhs.uk", "", "Hughes", "", "mentor"],
        ["tom@example.nhs.uk", "Tom", "Hughes", "", "consultant"],
        ["GRACE@example.nhs.uk", "Grace", "Okafor", "", "mentor"],
        ["jo@example.nhs.uk", "Jo", "Bloggs", "", ""],
        [people.lead.email, "", "", "", "mentor"],
    ]
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_people(organisation=people.trust, by=people.lead, upload_name="p.csv", content=csv_file(rows))
    assert counts() == before
    where = [(p.row, p.column) for p in refused.value.problems]
    assert where == [(3, "email"), (4, "first_name"), (5, "roles"), (6, "email"), (7, "roles"), (8, "email")]
    messages = [p.message for p in refused.value.problems]
    assert "“consultant” is not a role you can give" in messages[2]
    assert "Also in row 2" in messages[3]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.pdf", b"%PDF-1.4", "Choose a .csv or .xlsx file"),
        ("people.xlsx", b"%PDF-1.4 not a workbook", "is a PDF"),
        ("people.csv", b"", "The file is empty"),
        ("people.csv", b"email,name,roles\n", "Unknown column"),
        ("people.csv", b"email,first_name\nx@example.nhs.uk,X\n", "There is no roles column"),
        ("people.csv", b"email,roles\n", "no people in it"),
    ],
)
def test_import_refuses_a_file_that_is_not_a_list_of_people(people, name, content, message):
    before = counts()
    with pytest.raises(ImportRefused, match=message):
        import_people(organisation=people.trust, by=people.lead, upload_name=name, content=content)
    assert counts() == before


def test_import_refuses_text_the_portal_cannot_keep_naming_the_row(people):
    content = csv_file(
        [["x@example.nhs.uk", "X", "Y", "", "mentor"], ["z@example.nhs.uk", "Z\x1b", "W", "", "mentor"]]
    )
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_people(organisation=people.trust, by=people.lead, upload_name="p.csv", content=content)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (3, "first_name") and "U+001B" in problem.message
    assert counts() == before


def test_import_page_lists_the_problems_and_imports_a_good_file(client, people):
    client.force_login(people.lead)
    url = reverse("people_import", args=[people.trust.pk])
    bad = SimpleUploadedFile("p.csv", csv_file([["x@example.nhs.uk", "", "", "", "mentor"]]))
    response = client.post(url, {"file": bad})
    assert (
        response.status_code == 400 and "No one was added" in response.text and "first_name" in response.text
    )
    good = SimpleUploadedFile("p.csv", csv_file([["x@example.nhs.uk", "X", "Y", "", "mentor"]]))
    response = client.post(url, {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people", args=[people.trust.pk])
    assert "1 new account" in response.text
    assert roles_in(User.objects.get(email="x@example.nhs.uk"), people.trust) == {Role.MENTOR}


def test_import_template_is_a_file_the_import_accepts(client, people):
    client.force_login(people.lead)
    response = client.get(reverse("people_import_template", args=[people.trust.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="people-import-template.csv"'
    result = import_people(
        organisation=people.trust, by=people.lead, upload_name="t.csv", content=response.content
    )
    assert result.created == 1


def test_only_the_organisations_leads_may_import_or_add(client, people):
    upload = SimpleUploadedFile("p.csv", csv_file([["x@example.nhs.uk", "X", "Y", "", "mentor"]]))
    for who, status in ((people.other_lead, 404), (people.mentor, 403)):
        client.force_login(who)
        assert (
            client.post(reverse("people_import", args=[people.trust.pk]), {"file": upload}).status_code
            == status
        )
        assert (
            add(client, people.trust, email="y@example.nhs.uk", first_name="Y", last_name="Z").status_code
            == status
        )
    assert not User.objects.filter(email__in=["x@example.nhs.uk", "y@example.nhs.uk"]).exists()


# --- No route reaches someone of another organisation ----------------------------------------------------


def test_a_lead_can_neither_make_nor_use_a_membership_to_reach_someone_of_another_organisation(
    client, people, university
):
    """The lecturer belongs to a university. people.other_lead tries every route to her: adding her email,
    importing it, inviting her, choosing her for a trainee, opening her page, setting her password. Even once
    she accepts the invitation (a role in the lead's organisation too), the lead sees only that role and
    cannot set her password."""
    lecturer = newcomer(university, Role.LECTURER, username="helen", first_name="Helen", last_name="Marsh")
    lead, theirs = people.other_lead, people.other_trust
    client.force_login(lead)

    def reached():
        page = client.get(reverse("person_detail", args=[lecturer.pk]))
        password = set_password(client, lecturer)
        lecturer.refresh_from_db()
        return page, password, lecturer.has_usable_password()

    add(client, theirs, email=lecturer.email.upper(), first_name="H", last_name="M", roles=[Role.LECTURER])
    upload = SimpleUploadedFile("p.csv", csv_file([[lecturer.email, "H", "M", "", "lecturer"]]))
    assert client.post(reverse("people_import", args=[theirs.pk]), {"file": upload}).status_code == 302
    client.post(reverse("invite", args=[theirs.pk]), {"email": lecturer.email, "role": Role.LECTURER})
    # Choosing her as a trainee's lecturer (the route of the finding) does not make her a member either.
    cohort = CohortFactory(organisation=theirs, programme__university=university)
    client.post(
        reverse("trainees:add_trainee", args=[cohort.pk]),
        {"email": "kai@example.nhs.uk", "first_name": "Kai", "last_name": "Morris", "lecturer": lecturer.pk},
    )
    assert not cohort.enrolments.exists()
    assert roles_in(lecturer, theirs) == set()
    page, password, usable = reached()
    assert (page.status_code, password.status_code, usable) == (404, 404, False)
    assert Invitation.objects.filter(invitee=lecturer, status="pending").count() == 1  # renewed, not doubled

    client.force_login(lecturer)
    client.post(reverse("invitation_accept", args=[Invitation.objects.get().pk]))
    assert roles_in(lecturer, theirs) == {Role.LECTURER}
    client.force_login(lead)
    lecturer.last_login = None  # even had she never signed in, she has a role elsewhere
    lecturer.save(update_fields=["last_login"])
    page, password, usable = reached()
    assert page.status_code == 200 and "University of Northfield" not in page.text
    assert not page.context["can_set_password"]
    assert (password.status_code, usable) == (403, False)


def test_file_name_too_long_to_read_is_explained_on_the_import_page_and_changes_nothing(people):
    from tests.malformed import NamedFile, csrf_checked_client

    url = reverse("people_import", args=[people.trust.pk])
    client, token = csrf_checked_client(people.lead, url)
    before = counts()
    rows = [["x@example.nhs.uk", "X", "Y", "", "mentor"]]
    data = {"csrfmiddlewaretoken": token, "file": NamedFile("p" * 1000 + ".csv", csv_file(rows))}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "The file&#x27;s name is too long for the portal to read." in response.text
    assert counts() == before
    assert client.post(url, {"file": SimpleUploadedFile("p.csv", csv_file(rows))}).status_code == 403
    assert counts() == before
