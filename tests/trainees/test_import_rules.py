"""Who an import or the add-a-trainee form may bring in: supporters only from the cohort's organisation (a
lead cannot take over another organisation's lecturer by naming them), and a trainee active on another
cohort only when the lead says the second enrolment is deliberate."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from tests.factories import person_with_role
from trainees.models import Enrolment
from trainees.services import add_trainee, import_trainees

from .factories import CohortFactory, EnrolmentFactory
from .test_import import counts, csv_bytes, new_person, refused, upload

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def cohort(people):
    return CohortFactory(organisation=people.trust, name="Cohort 2")


@pytest.fixture
def university_lecturer(cohort):
    """A lecturer of the programme's university who was never invited into the trust."""
    return person_with_role(Role.LECTURER, cohort.programme.university, username="uni.lecturer")


def trust_memberships(person, trust):
    return list(Membership.objects.filter(user=person, organisation=trust))


# --- Supporters must already be members of the cohort's organisation --------------------------------------


def test_import_refuses_a_lecturer_who_is_only_the_universitys(people, cohort, university_lecturer):
    content = csv_bytes([new_person(1), new_person(2, lecturer_email=university_lecturer.email)])

    problems = refused(cohort, people, content)

    assert [(p.row, p.column) for p in problems] == [(3, "lecturer_email")]
    assert f"not a member of {people.trust}" in problems[0].message
    assert trust_memberships(university_lecturer, people.trust) == []


def test_import_refuses_a_mentor_and_manager_of_another_trust(people, cohort):
    elsewhere = person_with_role(Role.MENTOR, people.other_trust, username="elsewhere")
    content = csv_bytes([new_person(1, mentor_email=elsewhere.email, manager_email=people.other_lead.email)])

    problems = refused(cohort, people, content)

    assert [(p.row, p.column) for p in problems] == [(2, "mentor_email"), (2, "manager_email")]
    assert trust_memberships(elsewhere, people.trust) == []


def test_a_supporter_of_another_trust_is_named_by_the_address_typed_never_by_their_name(people, cohort):
    # Naming them would tell a lead who holds any address in another organisation.
    elsewhere = person_with_role(Role.MENTOR, people.other_trust, username="elsewhere")
    problems = refused(cohort, people, csv_bytes([new_person(1, mentor_email=elsewhere.email)]))
    [problem] = [p.message for p in problems]
    assert elsewhere.email in problem
    assert elsewhere.first_name not in problem and elsewhere.last_name not in problem


def test_import_page_names_the_row_and_column_of_the_universitys_lecturer(
    client, people, cohort, university_lecturer
):
    client.force_login(people.lead)
    before = counts()
    response = upload(client, cohort, csv_bytes([new_person(1, lecturer_email=university_lecturer.email)]))
    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["problems"]] == [(2, "lecturer_email")]
    assert counts() == before


def test_a_lecturer_the_trust_invited_is_accepted(people, cohort, university_lecturer):
    Membership.objects.create(user=university_lecturer, organisation=people.trust, role=Role.LECTURER)
    content = csv_bytes([new_person(1, lecturer_email=university_lecturer.email)])
    result = import_trainees(cohort=cohort, upload_name="t.csv", content=content, by=people.lead)
    assert result.enrolments[0].lecturer == university_lecturer


def test_add_trainee_form_offers_only_the_trusts_lecturers(client, people, cohort, university_lecturer):
    ours = person_with_role(Role.LECTURER, people.trust, username="our.lecturer")
    client.force_login(people.lead)
    response = client.get(reverse("trainees:add_trainee", args=[cohort.pk]))
    assert list(response.context["form"].fields["lecturer"].queryset) == [ours]


def test_add_trainee_form_refuses_the_universitys_lecturer_and_saves_nothing(
    client, people, cohort, university_lecturer
):
    client.force_login(people.lead)
    before = counts()
    response = client.post(
        reverse("trainees:add_trainee", args=[cohort.pk]),
        {
            "email": "new.one@example.nhs.uk",
            "first_name": "New",
            "last_name": "One",
            "lecturer": university_lecturer.pk,
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["lecturer"]
    assert counts() == before
    assert trust_memberships(university_lecturer, people.trust) == []


def test_add_trainee_service_refuses_the_universitys_lecturer(people, cohort, university_lecturer):
    before = counts()
    with pytest.raises(ValidationError) as raised:
        add_trainee(
            cohort=cohort, by=people.lead, email="new.one@example.nhs.uk", first_name="New", last_name="One",
            lecturer=university_lecturer,
        )  # fmt: skip
    assert list(raised.value.message_dict) == ["lecturer"]
    assert counts() == before
    assert trust_memberships(university_lecturer, people.trust) == []


# --- A trainee active on another cohort joins a second only deliberately ----------------------------------


@pytest.fixture
def active_elsewhere(people):
    first = CohortFactory(organisation=people.trust, name="Cohort 1, March 2026")
    return EnrolmentFactory(cohort=first, trainee=people.trainee)


def test_import_refuses_a_trainee_active_on_another_cohort(people, cohort, active_elsewhere):
    problems = refused(cohort, people, csv_bytes([new_person(1), {"email": people.trainee.email}]))
    assert [(p.row, p.column) for p in problems] == [(3, "email")]
    assert "already active on Cohort 1, March 2026" in problems[0].message
    assert "enrol on a second cohort deliberately" in problems[0].message.lower()


def test_import_enrols_a_trainee_on_a_second_cohort_when_the_lead_says_so(people, cohort, active_elsewhere):
    content = csv_bytes([{"email": people.trainee.email}])
    import_trainees(cohort=cohort, upload_name="t.csv", content=content, by=people.lead, second_cohort=True)
    assert Enrolment.objects.filter(trainee=people.trainee).count() == 2


def test_import_page_checkbox_allows_a_deliberate_second_enrolment(client, people, cohort, active_elsewhere):
    client.force_login(people.lead)
    content = csv_bytes([{"email": people.trainee.email}])

    response = upload(client, cohort, content)
    assert response.status_code == 400
    assert "already active on" in response.text
    assert 'name="second_cohort"' in response.text

    response = client.post(
        reverse("trainees:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("trainees.csv", content), "second_cohort": "on"},
    )
    assert response.status_code == 302
    assert cohort.enrolments.filter(trainee=people.trainee).exists()


def test_a_trainee_who_left_another_cohort_is_enrolled_without_asking(people, cohort, active_elsewhere):
    active_elsewhere.status = Enrolment.Status.WITHDRAWN
    active_elsewhere.save()
    content = csv_bytes([{"email": people.trainee.email}])
    result = import_trainees(cohort=cohort, upload_name="t.csv", content=content, by=people.lead)
    assert result.enrolments[0].trainee == people.trainee


def test_another_organisations_cohort_is_not_named(people, cohort):
    both = person_with_role(Role.TRAINEE, people.trust, username="both")
    Membership.objects.create(user=both, organisation=people.other_trust, role=Role.TRAINEE)
    EnrolmentFactory(
        cohort=CohortFactory(organisation=people.other_trust, name="Eastbrook secret"), trainee=both
    )
    problems = refused(cohort, people, csv_bytes([{"email": both.email}]))
    assert "already active on a cohort of another organisation" in problems[0].message
    assert "Eastbrook secret" not in problems[0].message


def add(client, cohort, **data):
    return client.post(reverse("trainees:add_trainee", args=[cohort.pk]), data)


def test_add_trainee_refuses_a_trainee_active_on_another_cohort(client, people, cohort, active_elsewhere):
    client.force_login(people.lead)
    before = counts()
    response = add(client, cohort, email=people.trainee.email)
    assert response.status_code == 400
    assert "already active on Cohort 1, March 2026" in response.context["form"].errors["email"][0]
    assert counts() == before


def test_add_trainee_enrols_on_a_second_cohort_when_ticked(client, people, cohort, active_elsewhere):
    client.force_login(people.lead)
    response = add(client, cohort, email=people.trainee.email, second_cohort="on")
    assert response.status_code == 302
    assert Enrolment.objects.filter(trainee=people.trainee).count() == 2
