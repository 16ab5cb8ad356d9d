"""Invitations: a lead offers a role to someone who belongs to another organisation; only that person may
accept, once, before it expires, and only then do they become a member. And the demo's second trust starts a
cohort from nothing, with the university's lecturer joining by invitation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, Organisation, User
from tests.factories import OrganisationFactory, person_with_role

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def lecturer(people):
    university = OrganisationFactory(name="University of Northfield", kind=Organisation.Kind.UNIVERSITY)
    return person_with_role(
        Role.LECTURER, university, username="helen", first_name="Helen", last_name="Marsh"
    )


def invite(client, lead, organisation, email, role=Role.LECTURER):
    client.force_login(lead)
    return client.post(reverse("invite", args=[organisation.pk]), {"email": email, "role": role})


def roles_in(person, organisation):
    return set(
        Membership.objects.filter(user=person, organisation=organisation).values_list("role", flat=True)
    )


@pytest.fixture
def invitation(people, lecturer):
    (made,) = services.invite(
        organisation=people.trust, by=people.lead, email=lecturer.email, roles=[Role.LECTURER]
    )
    return made


# --- Inviting ---


def test_lead_invites_someone_of_another_organisation_who_is_not_yet_a_member(
    client, people, lecturer, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example.nhs.uk"
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, people.lead, people.trust, lecturer.email.upper())
    assert response.status_code == 302 and response.url == reverse("people", args=[people.trust.pk])
    invitation = Invitation.objects.get()
    assert (invitation.invitee, invitation.role, invitation.status) == (lecturer, Role.LECTURER, "pending")
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=29)
    assert roles_in(lecturer, people.trust) == set()
    (sent,) = mail.outbox
    assert sent.to == [lecturer.email] and people.trust.name in sent.body
    assert f"{settings.SITE_URL}{reverse('invitations')}" in sent.body  # read outside the portal: a full link


def test_inviting_an_email_without_an_account_creates_nothing_and_points_to_adding_them(client, people):
    response = invite(client, people.lead, people.trust, "nobody@example.ac.uk")
    assert response.status_code == 400
    assert "add them as a new person instead" in " ".join(response.context["form"].errors["email"])
    assert reverse("person_add", args=[people.trust.pk]) in response.text
    assert not Invitation.objects.exists() and not User.objects.filter(email="nobody@example.ac.uk").exists()


def test_someone_only_in_the_leads_organisations_is_added_not_invited(client, people):
    response = invite(client, people.lead, people.trust, people.mentor.email, Role.MANAGER)
    assert response.status_code == 400
    assert "add them as a person instead" in " ".join(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()


def test_inviting_someone_to_a_role_they_have_here_or_oneself_is_refused(client, people, lecturer):
    Membership.objects.create(user=lecturer, organisation=people.trust, role=Role.LECTURER)
    response = invite(client, people.lead, people.trust, lecturer.email)
    assert response.status_code == 400 and "already have these roles" in response.text
    Membership.objects.create(user=people.lead, organisation=people.other_trust, role=Role.MENTOR)
    response = invite(client, people.lead, people.trust, people.lead.email, Role.MENTOR)
    assert response.status_code == 400 and "This is you" in response.text
    assert not Invitation.objects.exists()


def test_a_lead_offers_only_the_four_roles(people, lecturer):
    with pytest.raises(services.ValidationError):
        services.invite(
            organisation=people.trust, by=people.lead, email=lecturer.email, roles=[Role.WORKFORCE_LEAD]
        )
    assert not Invitation.objects.exists()


def test_inviting_again_renews_the_one_waiting_invitation(people, lecturer, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    (again,) = services.invite(
        organisation=people.trust, by=people.lead, email=lecturer.email, roles=[Role.LECTURER]
    )
    assert again.pk == invitation.pk and again.is_open()
    assert Invitation.objects.count() == 1


def test_only_leads_of_the_organisation_invite(client, people, lecturer):
    assert invite(client, people.other_lead, people.trust, lecturer.email).status_code == 404
    assert invite(client, people.mentor, people.trust, lecturer.email).status_code == 403
    assert not Invitation.objects.exists()


# --- Answering ---


def test_invitee_sees_the_invitation_on_the_dashboard_and_accepts_it(client, people, lecturer, invitation):
    client.force_login(lecturer)
    dashboard = client.get(reverse("dashboard")).text
    assert 'data-panel="invitations"' in dashboard and f"Lecturer at {people.trust}" in dashboard
    assert list(client.get(reverse("invitations")).context["invitations"]) == [invitation]
    todo = client.get(reverse("todo")).text
    assert "Invitations to answer" in todo and f"Lecturer at {people.trust}" in todo
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert f"You are now a lecturer at {people.trust}" in response.text
    assert roles_in(lecturer, people.trust) == {Role.LECTURER}
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.answered_at is not None
    assert invitation.history.first().history_user == lecturer  # audited: who answered, and when
    assert list(services.pending_invitations(lecturer)) == []
    assert 'data-panel="invitations"' not in client.get(reverse("dashboard")).text
    assert "Invitations to answer" not in client.get(reverse("todo")).text


def test_an_invitation_is_used_once(client, people, lecturer, invitation):
    client.force_login(lecturer)
    client.post(reverse("invitation_accept", args=[invitation.pk]))
    Membership.objects.filter(user=lecturer, organisation=people.trust).delete()  # say, removed since
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "already accepted" in response.text
    assert roles_in(lecturer, people.trust) == set()


def test_declining_gives_no_membership_and_cannot_be_undone_by_accepting(
    client, people, lecturer, invitation
):
    client.force_login(lecturer)
    client.post(reverse("invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "already declined" in response.text
    assert roles_in(lecturer, people.trust) == set()


def test_an_expired_invitation_cannot_be_accepted(client, people, lecturer, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert list(services.pending_invitations(lecturer)) == []
    client.force_login(lecturer)
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "expired" in response.text
    assert roles_in(lecturer, people.trust) == set()


def test_only_the_invitee_may_answer_anyone_else_gets_not_found(client, people, lecturer, invitation):
    for who in (people.lead, people.other_lead, people.trainee, people.outside_trainee):
        client.force_login(who)
        assert client.post(reverse("invitation_accept", args=[invitation.pk])).status_code == 404
        assert client.post(reverse("invitation_decline", args=[invitation.pk])).status_code == 404
        assert invitation not in client.get(reverse("invitations")).context["invitations"]
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Membership.objects.filter(organisation=people.trust, role=Role.LECTURER).exists()


def test_answering_needs_a_post(client, lecturer, invitation):
    client.force_login(lecturer)
    assert client.get(reverse("invitation_accept", args=[invitation.pk])).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_lead_withdraws_an_invitation_then_it_cannot_be_accepted(client, people, lecturer, invitation):
    client.force_login(people.other_lead)
    assert client.post(reverse("invitation_withdraw", args=[invitation.pk])).status_code == 404
    client.force_login(people.lead)
    page = client.get(reverse("people", args=[people.trust.pk])).text
    assert lecturer.email in page and "Helen Marsh" not in page  # until she accepts, only the email typed
    client.post(reverse("invitation_withdraw", args=[invitation.pk]))
    client.force_login(lecturer)
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "already withdrawn" in response.text
    assert roles_in(lecturer, people.trust) == set()


# --- The demo's second trust starts a cohort (D) ---


def test_the_second_trust_starts_a_cohort_from_nothing_with_the_universitys_lecturer(
    demo_data, client, st0215
):
    lead2, helen = User.objects.get(username="lead2"), User.objects.get(username="lecturer")
    trust2 = Organisation.objects.get(memberships__user=lead2)
    university = Organisation.objects.get(kind=Organisation.Kind.UNIVERSITY)
    client.force_login(lead2)

    response = client.post(
        reverse("trainees:programme_create"),
        {
            "organisation": trust2.pk,
            "name": "AP community health",
            "standard": st0215.pk,
            "university": university.pk,
            "award": "FdSc Health and Social Care",
            "length_months": 24,
            "review_interval_weeks": 12,
            "minimum_study_hours": 300,
        },
    )
    assert response.status_code == 302
    programme = trust2.programmes.get()
    start = datetime.date.today()
    response = client.post(
        reverse("trainees:cohort_create"),
        {
            "programme": programme.pk,
            "name": "Eastbrook cohort 1",
            "start_date": start,
            "expected_end_date": start + datetime.timedelta(weeks=104),
        },
    )
    assert response.status_code == 302
    cohort = programme.cohorts.get()

    for email, first, last, role in (
        ("nia.james@eastbrook.example", "Nia", "James", Role.MENTOR),
        ("ravi.bose@eastbrook.example", "Ravi", "Bose", Role.MANAGER),
    ):
        response = client.post(
            reverse("person_add", args=[trust2.pk]),
            {"email": email, "first_name": first, "last_name": last, "roles": [role]},
        )
        assert response.status_code == 302, response.context["form"].errors
    mentor = User.objects.get(email="nia.james@eastbrook.example")
    manager = User.objects.get(email="ravi.bose@eastbrook.example")

    # The university's lecturer belongs elsewhere: adding her makes an invitation, not a membership.
    response = client.post(reverse("invite", args=[trust2.pk]), {"email": helen.email, "role": Role.LECTURER})
    assert response.status_code == 302
    assert roles_in(helen, trust2) == set()
    client.force_login(helen)
    (invitation,) = client.get(reverse("invitations")).context["invitations"]
    assert invitation.organisation == trust2
    client.post(reverse("invitation_accept", args=[invitation.pk]))
    assert roles_in(helen, trust2) == {Role.LECTURER}

    client.force_login(lead2)
    response = client.post(
        reverse("trainees:add_trainee", args=[cohort.pk]),
        {
            "email": "kai.morris@eastbrook.example",
            "first_name": "Kai",
            "last_name": "Morris",
            "mentors": [mentor.pk],
            "manager": manager.pk,
            "lecturer": helen.pk,
            "service": "District nursing",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    enrolment = cohort.enrolments.get()
    assert (enrolment.trainee.email, enrolment.manager, enrolment.lecturer) == (
        "kai.morris@eastbrook.example",
        manager,
        helen,
    )
    assert list(enrolment.mentors.all()) == [mentor]

    # lead2 gives their own newcomers a first password, never the lecturer, and sees only her role with them.
    for person in (mentor, manager, enrolment.trainee):
        response = client.post(
            reverse("set_password", args=[person.pk]),
            {"new_password1": "meadow-lantern-4417", "new_password2": "meadow-lantern-4417"},
        )
        assert response.status_code == 302, person
    page = client.get(reverse("person_detail", args=[helen.pk]))
    assert page.status_code == 200 and "Northfield" not in page.text.split("<main")[1]
    helen_password = helen.password
    assert (
        client.post(
            reverse("set_password", args=[helen.pk]),
            {"new_password1": "meadow-lantern-4417", "new_password2": "meadow-lantern-4417"},
        ).status_code
        == 403
    )
    helen.refresh_from_db()
    assert helen.password == helen_password
