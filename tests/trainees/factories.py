import datetime

import factory

from accounts.models import Organisation
from standards.models import Standard
from tests.factories import OrganisationFactory, UserFactory
from trainees.models import Cohort, Enrolment, Programme


class UniversityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"University {n}")
    kind = Organisation.Kind.UNIVERSITY


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Assistant practitioner programme {n}")
    # ST0215 is loaded by a data migration.
    standard = factory.LazyFunction(lambda: Standard.objects.get(reference="ST0215"))
    university = factory.SubFactory(UniversityFactory, region=factory.SelfAttribute("..organisation.region"))
    award = "FdSc Health and Social Care"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(ProgrammeFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = datetime.date(2026, 9, 1)
    expected_end_date = datetime.date(2028, 8, 31)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    trainee = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)

    @factory.post_generation
    def mentors(self, create, extracted, **kwargs):
        if create and extracted:
            self.mentors.set(extracted)
