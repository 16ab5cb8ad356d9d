import datetime
from types import SimpleNamespace

import pytest


@pytest.fixture
def cohort_setup(people):
    """people's trust runs a programme with a university. On its cohort: alice (people.trainee), mentored
    by people.mentor, with a manager and a lecturer; bob (people.other_trainee), with another mentor."""
    from accounts.models import Membership, Organisation
    from standards.models import Standard
    from tests.factories import OrganisationFactory, person_with_role
    from trainees import services
    from trainees.models import Cohort, Programme

    Role = Membership.Role
    university = OrganisationFactory(name="University of Northfield", kind=Organisation.Kind.UNIVERSITY)
    programme = services.save_programme(
        programme=Programme(),
        organisation=people.trust,
        name="AP mental health",
        standard=Standard.objects.get(reference="ST0215"),
        university=university,
        award="FdSc Mental Health",
        length_months=24,
        review_interval_weeks=12,
        minimum_study_hours=300,
    )
    start = datetime.date.today() - datetime.timedelta(weeks=10)
    cohort = services.save_cohort(
        cohort=Cohort(organisation=people.trust),
        programme=programme,
        name="Cohort 1",
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )
    manager = person_with_role(Role.MANAGER, people.trust, username="manager")
    lecturer = person_with_role(Role.LECTURER, people.trust, username="lecturer")
    other_mentor = person_with_role(Role.MENTOR, people.trust, username="mentor2")
    enrolment = services.enrol(
        cohort=cohort,
        trainee=people.trainee,
        by=people.lead,
        mentors=[people.mentor],
        manager=manager,
        lecturer=lecturer,
        service="Elm Ward",
    )
    other = services.enrol(
        cohort=cohort,
        trainee=people.other_trainee,
        by=people.lead,
        mentors=[other_mentor],
        service="Oak Ward",
    )
    return SimpleNamespace(
        programme=programme,
        cohort=cohort,
        enrolment=enrolment,
        other_enrolment=other,
        manager=manager,
        lecturer=lecturer,
        other_mentor=other_mentor,
        university=university,
    )
