"""How many took each step, from the trainees' records and the evaluation's outcomes: per cohort and per
organisation for its leads, region totals (small groups hidden) for regional leads. Several cohorts, several
organisations and several outcomes on each side: nobody counted twice, no other organisation counted."""

import pytest
from django.urls import reverse

from evaluation.models import Outcome
from standards.models import Standard
from trainees.models import Enrolment
from workforce import selectors_career, services_career
from workforce.models import CareerStep

from .career_support import cohort, programme, trainee_on

Status, Result, Destination = Enrolment.Status, Outcome.Result, Outcome.Destination
AP_STEP = "Senior healthcare support worker to Assistant practitioner"
NURSE_STEP = "Assistant practitioner to Registered nurse"
ASSOCIATE_STEP = "Assistant practitioner to Nursing associate"
FIRST_STEP = "Healthcare support worker to Senior healthcare support worker"


@pytest.fixture
def records(people, catalogue, st0215):
    """The trust: two cohorts on ST0215 and one on another standard; the other trust of the region: one cohort
    on ST0215; a trust of another region: one. Each organisation copied the national starter framework."""
    lead, other_lead = people.lead, people.other_lead
    other_standard = Standard.objects.create(
        reference="ST9999", version="1.0", title="Something else", level=3
    )
    ap = programme(people.trust, st0215)
    first = cohort(people.trust, ap, name="First cohort", weeks_ago=200)
    second = cohort(people.trust, ap, name="Second cohort", weeks_ago=130)
    elsewhere = cohort(people.trust, programme(people.trust, other_standard), name="Other standard")
    on = {}
    on["t1"] = trainee_on(
        first, lead, status=Status.COMPLETED, result=Result.COMPLETED, destination=Destination.STAYED_AP
    )
    on["t2"] = trainee_on(
        first, lead, status=Status.PROGRESSED, result=Result.COMPLETED, destination=Destination.NURSING_DEGREE
    )
    on["t3"] = trainee_on(
        first, lead, status=Status.COMPLETED, result=Result.COMPLETED, destination=Destination.NURSING_DEGREE
    )
    on["t4"] = trainee_on(first, lead, status=Status.COMPLETED)  # no outcome recorded yet: its status counts
    on["t5"] = trainee_on(
        first, lead, status=Status.WITHDRAWN, result=Result.WITHDRAWN, destination=Destination.NURSING_DEGREE
    )
    on["t6"] = trainee_on(first, lead)  # still on the programme
    on["u1"] = trainee_on(
        second,
        lead,
        status=Status.COMPLETED,
        result=Result.COMPLETED,
        destination=Destination.NURSING_ASSOCIATE,
    )
    on["u2"] = trainee_on(second, lead, status=Status.PROGRESSED)
    on["u3"] = trainee_on(
        second, lead, status=Status.COMPLETED, result=Result.WITHDRAWN
    )  # the outcome decides
    on["v1"] = trainee_on(
        elsewhere,
        lead,
        status=Status.COMPLETED,
        result=Result.COMPLETED,
        destination=Destination.NURSING_DEGREE,
    )
    theirs = cohort(people.other_trust, programme(people.other_trust, st0215), name="Their cohort")
    for destination in (Destination.NURSING_DEGREE, Destination.NURSING_DEGREE, Destination.STAYED_AP):
        trainee_on(
            theirs, other_lead, status=Status.COMPLETED, result=Result.COMPLETED, destination=destination
        )
    far = cohort(people.far_trust, programme(people.far_trust, st0215), name="Far cohort")
    for _ in range(5):
        trainee_on(
            far,
            lead,
            status=Status.COMPLETED,
            result=Result.COMPLETED,
            destination=Destination.NURSING_DEGREE,
        )
    for organisation in (people.trust, people.other_trust, people.far_trust):
        services_career.copy_national_framework(organisation=organisation, by=lead)
    return on


def counts_of(organisation):
    steps = selectors_career.steps_of(organisation)
    return {str(c.step): c for c in selectors_career.organisation_counts(organisation, steps)}


def by_cohort(count):
    return {c.name: n for c, n in count.cohorts}


def test_the_step_into_assistant_practitioner_counts_completions_of_st0215_per_cohort(people, records):
    count = counts_of(people.trust)[AP_STEP]
    assert count.counting.reference == "ST0215"
    # First: t1-t4 (t5 withdrew, t6 still on it); second: u1, u2 (u3's outcome says withdrawn).
    assert by_cohort(count) == {"First cohort": 4, "Second cohort": 2}
    assert count.total == 6


def test_onward_steps_count_completed_outcomes_with_their_destination_on_the_roles_standard(people, records):
    counts = counts_of(people.trust)
    # t2 and t3; not t5, who withdrew, nor v1, whose programme does not train assistant practitioners.
    assert by_cohort(counts[NURSE_STEP]) == {"First cohort": 2, "Second cohort": 0}
    assert counts[NURSE_STEP].total == 2
    assert by_cohort(counts[ASSOCIATE_STEP]) == {"First cohort": 0, "Second cohort": 1}


def test_a_step_with_no_standard_and_no_destination_is_not_counted_and_says_why(people, records):
    count = counts_of(people.trust)[FIRST_STEP]
    assert count.total is None and count.cohorts == []
    assert "Not counted" in count.counting.explanation


def test_each_organisation_counts_only_its_own_trainees(people, records):
    theirs = counts_of(people.other_trust)
    assert by_cohort(theirs[AP_STEP]) == {"Their cohort": 3}
    assert theirs[NURSE_STEP].total == 2 and theirs[ASSOCIATE_STEP].total == 0
    assert counts_of(people.far_trust)[NURSE_STEP].total == 5


def test_the_counts_take_three_queries_however_many_cohorts(people, records, django_assert_num_queries):
    steps = selectors_career.steps_of(people.trust)
    with django_assert_num_queries(3):
        selectors_career.organisation_counts(people.trust, steps)


def test_a_region_adds_up_its_organisations_each_by_its_own_framework(people, records):
    rows = {f"{r.from_role} to {r.to_role}": r for r in selectors_career.region_totals(people.region)}
    assert rows[AP_STEP].number == 9 and rows[AP_STEP].shown == 9  # 6 + 3; the far trust's 5 are elsewhere
    assert rows[NURSE_STEP].number == 4 and rows[NURSE_STEP].shown == "fewer than 5"
    assert rows[ASSOCIATE_STEP].shown == "fewer than 5"
    assert set(rows[FIRST_STEP].not_counted) == {people.trust, people.other_trust}
    assert set(rows[AP_STEP].organisations) == {people.trust, people.other_trust}


def test_an_organisation_without_the_step_adds_nothing_to_it(people, catalogue, records):
    CareerStep.objects.get(organisation=people.other_trust, to_role=catalogue["Registered nurse"]).delete()
    rows = {f"{r.from_role} to {r.to_role}": r for r in selectors_career.region_totals(people.region)}
    assert rows[NURSE_STEP].number == 2 and rows[NURSE_STEP].organisations == [people.trust]


def test_the_lead_sees_counts_per_cohort_and_how_each_step_is_counted(client, people, records):
    client.force_login(people.lead)
    page = client.get(reverse("workforce:career_framework", args=[people.trust.pk])).text
    assert "How many took each step" in page
    assert "Counts trainees who completed a programme of ST0215" in page
    assert (
        "whose outcome in the evaluation records the destination “Nurse training: abbreviated degree”" in page
    )
    assert "Other standard" not in page  # a cohort of another standard is not listed under these steps


def test_the_regional_lead_sees_region_totals_only_with_small_groups_hidden(client, people, records):
    client.force_login(people.regional)
    page = client.get(reverse("workforce:career_region", args=[people.region.pk])).text
    assert page.count("fewer than 5</strong>") == 2
    assert "<strong data-shown>9</strong>" in page
    framework = client.get(reverse("workforce:career_framework", args=[people.trust.pk])).text
    assert "How many took each step" not in framework and "Took this step" not in framework


def test_the_region_page_is_for_its_regional_leads_and_the_administrator(
    client, people, administrator, records
):
    url = reverse("workforce:career_region", args=[people.region.pk])
    client.force_login(people.lead)
    assert client.get(url).status_code == 404
    client.force_login(people.regional)
    assert client.get(reverse("workforce:career_region", args=[people.other_region.pk])).status_code == 404
    client.force_login(administrator)
    assert client.get(url).status_code == 200
