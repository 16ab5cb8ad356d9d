"""Arranging the career part's tests: cohorts of trainees with outcomes, through the apps' own services, and a
published code of practice. Plain functions, so each test module keeps its own fixtures."""

import datetime
import itertools

from accounts.models import Organisation
from evaluation import impact
from evaluation.models import Outcome
from tests.factories import OrganisationFactory, UserFactory
from trainees import services as trainees
from trainees.models import Cohort, Enrolment, Programme
from workforce import services_career
from workforce.models import ScopeStatement

_numbers = itertools.count(1)


def university():
    return OrganisationFactory(name=f"University {next(_numbers)}", kind=Organisation.Kind.UNIVERSITY)


def programme(organisation, standard, *, partner=None, name=None):
    return trainees.save_programme(
        programme=Programme(),
        organisation=organisation,
        name=name or f"Programme {next(_numbers)}",
        standard=standard,
        university=partner or university(),
        award="FdSc Mental Health",
        length_months=24,
        review_interval_weeks=12,
        minimum_study_hours=300,
    )


def cohort(organisation, on_programme, *, name=None, weeks_ago=130):
    start = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
    return trainees.save_cohort(
        cohort=Cohort(organisation=organisation),
        programme=on_programme,
        name=name or f"Cohort {next(_numbers)}",
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )


def trainee_on(on_cohort, by, *, status=Enrolment.Status.ACTIVE, result=None, destination="", person=None):
    """A trainee on the cohort with the status given and, if ``result``, an outcome in the evaluation."""
    person = person or UserFactory()
    enrolment = trainees.enrol(cohort=on_cohort, trainee=person, by=by)
    if status != Enrolment.Status.ACTIVE:
        trainees.change_status(enrolment=enrolment, status=status, by=by)
    if result is not None:
        completed = result == Outcome.Result.COMPLETED
        impact.save_outcome(
            enrolment=enrolment,
            by=by,
            result=result,
            withdrawal_reason="" if completed else "Moved away",
            qualified_on=on_cohort.expected_end_date if completed else None,
            band_before=3,
            band_after=4 if completed else 3,
            destination=destination,
            in_post_after_12_months=None,
        )
    return enrolment


def published_code(organisation, lead, roles, *, text="Work within your scope of practice.", at=None):
    """A new version of the organisation's code, with a scope statement for each role, published."""
    version = services_career.start_code_version(organisation=organisation, by=lead)
    services_career.save_code_text(version=version, title="Code of practice", text=text)
    for role in roles:
        if not version.scope_statements.filter(workforce_role=role).exists():
            services_career.save_scope_statement(
                statement=ScopeStatement(),
                version=version,
                workforce_role=role,
                may_do="Take observations",
                may_not_do="Give medicines",
                accountable_to="The nurse in charge",
            )
    return services_career.publish_code_version(version=version, by=lead, at=at)
