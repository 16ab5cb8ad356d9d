import datetime

import factory

from accounts.models import Organisation
from standards.models import Standard
from tests.factories import OrganisationFactory, UserFactory
from trainees import services
from trainees.models import Cohort, Enrolment, Programme, ProgressReview


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


def sign_by_all(review):
    """Signs a progress review for trainee, employer and provider, so it counts."""
    enrolment = review.enrolment
    services.sign_review(review=review, party="trainee", by=enrolment.trainee)
    employer = enrolment.signers(ProgressReview.Party.EMPLOYER)[0]
    services.sign_review(review=review, party="employer", by=employer)
    services.sign_review(review=review, party="lecturer", by=enrolment.lecturer)
    return review


def review_form_data(held_on, next_due, *, follow_ups=(), **overrides):
    """A complete POST for the structured review form: one next action, every question answered no."""
    data = {
        "held_on": held_on.isoformat(),
        "progress": "On track with the first module.",
        "study_time_note": "",
        "training_plan_changes": "",
        "english_maths": "Level 2 held.",
        "concerns": "",
        "wellbeing_concern": "no",
        "wellbeing_note": "",
        "safeguarding_concern": "no",
        "safeguarding_note": "",
        "circumstances_changed": "no",
        "circumstances_note": "",
        "next_review_on": "",
        "done-TOTAL_FORMS": str(len(follow_ups)),
        "done-INITIAL_FORMS": str(len(follow_ups)),
        "next-TOTAL_FORMS": "4",
        "next-INITIAL_FORMS": "4",
        "next-0-action": "Observed practice session",
        "next-0-owner": "employer",
        "next-0-due_on": next_due.isoformat(),
    }
    for i, (outcome, comment) in enumerate(follow_ups):
        data[f"done-{i}-outcome"] = outcome
        data[f"done-{i}-comment"] = comment
    for i in range(1, 4):
        data |= {f"next-{i}-action": "", f"next-{i}-owner": "", f"next-{i}-due_on": ""}
    return data | overrides
