"""Simultaneous decisions leave one decision; the portfolio and matrix cost the same whatever their size."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from competencies import services
from competencies.models import Decision, Evidence
from standards.models import KSB
from tests.factories import UserFactory

TODAY = datetime.date.today()


def log(enrolment, trainee, codes=("K5", "S5"), title="Observations"):
    ksbs = [KSB.objects.get(standard__reference="ST0215", kind=c[0], number=int(c[1:])) for c in codes]
    return services.create_evidence(
        enrolment=enrolment,
        by=trainee,
        ksbs=ksbs,
        title=title,
        occurred_on=TODAY,
        kind="observation",
        narrative="What happened.",
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_twenty_simultaneous_decisions_exactly_one_lands(people, cohort_setup):
    from accounts.models import Membership
    from tests.factories import person_with_role

    enrolment = cohort_setup.enrolment
    mentors = [people.mentor] + [
        person_with_role(Membership.Role.MENTOR, people.trust, username=f"m{i}") for i in range(19)
    ]
    enrolment.mentors.set(mentors)
    evidence = log(enrolment, people.trainee)
    services.submit_evidence(evidence=evidence, by=people.trainee)

    start = threading.Barrier(len(mentors))
    outcomes = []

    def decide(i, mentor):
        try:
            start.wait(timeout=30)
            services.decide_evidence(
                evidence=Evidence.objects.get(pk=evidence.pk),
                by=mentor,
                sign_off=i % 2 == 0,
                comment="" if i % 2 == 0 else "Please add more detail.",
            )
            outcomes.append("landed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i, m)) for i, m in enumerate(mentors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["landed"] + ["refused"] * 19
    assert Decision.objects.filter(evidence=evidence).count() == 1
    evidence.refresh_from_db()
    decision = Decision.objects.get(evidence=evidence)
    assert evidence.status == decision.action


@pytest.mark.django_db
def test_a_second_decision_after_the_first_is_refused_cleanly(client, people, cohort_setup):
    from accounts.models import Membership
    from tests.factories import person_with_role

    second = person_with_role(Membership.Role.MENTOR, people.trust, username="second")
    cohort_setup.enrolment.mentors.add(second)
    evidence = log(cohort_setup.enrolment, people.trainee)
    services.submit_evidence(evidence=evidence, by=people.trainee)
    services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True)
    client.force_login(second)
    response = client.post(
        reverse("competencies:evidence_decide", args=[evidence.pk]), {"decision": "return"}
    )
    assert response.status_code == 403  # may read it, may no longer decide
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_portfolio_query_count_does_not_grow_with_evidence(
    client, people, cohort_setup, django_assert_max_num_queries
):
    enrolment = cohort_setup.enrolment
    client.force_login(people.trainee)
    url = reverse("competencies:portfolio", args=[enrolment.pk])
    log(enrolment, people.trainee)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for i in range(25):
        evidence = log(enrolment, people.trainee, codes=("K1", "S1", "B1", f"K{i + 2}"), title=f"Item {i}")
        services.submit_evidence(evidence=evidence, by=people.trainee)
        if i % 2:
            services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 26


@pytest.mark.django_db
def test_matrix_query_count_does_not_grow_with_trainees(
    client, people, cohort_setup, django_assert_max_num_queries
):
    from trainees import services as trainee_services

    client.force_login(people.lead)
    url = reverse("competencies:cohort_matrix", args=[cohort_setup.cohort.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(28):
        trainee = UserFactory()
        enrolment = trainee_services.enrol(
            cohort=cohort_setup.cohort, trainee=trainee, by=people.lead, mentors=[people.mentor]
        )
        evidence = log(enrolment, trainee, codes=("K1", f"S{i + 1}"), title=f"E{i}")
        services.submit_evidence(evidence=evidence, by=trainee)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    matrix = response.context["matrix"]
    assert len(matrix.rows) == 30 and len(matrix.ksbs) == 72
    assert "Evidence waiting for sign-off" in response.text
