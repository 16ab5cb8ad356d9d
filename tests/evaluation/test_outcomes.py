"""Outcomes: the form's rules (nothing saved when refused), totals for a cohort, an organisation and a region
(the region's small numbers shown as "fewer than 5"), and who may reach the pages."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Membership
from evaluation import impact
from evaluation.models import Outcome
from tests.factories import person_with_role
from trainees import services
from trainees.models import Cohort

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
Destination = Outcome.Destination


@pytest.fixture
def lead_client(client, people):
    client.force_login(people.lead)
    return client


@pytest.fixture
def old_cohort(cohort_setup):
    """The cohort, as if it had started three years ago (so a trainee can be 12 months past qualifying)."""
    cohort = cohort_setup.cohort
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=TODAY - datetime.timedelta(days=3 * 365),
        expected_end_date=TODAY - datetime.timedelta(days=365),
    )
    cohort.refresh_from_db()
    return cohort


def outcome_data(**changes):
    data = {
        "result": "completed",
        "withdrawal_reason": "",
        "qualified_on": (TODAY - datetime.timedelta(days=7)).isoformat(),
        "band_before": "3",
        "band_after": "4",
        "destination": "stayed_ap",
        "in_post_after_12_months": "unknown",
    }
    data.update(changes)
    return data


def test_a_lead_records_and_changes_an_outcome(lead_client, cohort_setup, people):
    url = reverse("evaluation:outcome_edit", args=[cohort_setup.enrolment.pk])
    assert lead_client.get(url).status_code == 200
    response = lead_client.post(url, outcome_data())
    assert response.status_code == 302
    assert response.url == reverse("evaluation:outcome_list", args=[cohort_setup.cohort.pk])
    outcome = Outcome.objects.get()
    assert outcome.enrolment == cohort_setup.enrolment and outcome.recorded_by == people.lead
    assert (outcome.band_before, outcome.band_after, outcome.destination) == (3, 4, "stayed_ap")
    assert outcome.in_post_after_12_months is None

    lead_client.post(url, outcome_data(destination="nursing_degree", withdrawal_reason="ignored"))
    outcome.refresh_from_db()
    assert outcome.destination == "nursing_degree" and outcome.withdrawal_reason == ""
    assert Outcome.objects.count() == 1
    page = lead_client.get(reverse("evaluation:outcome_list", args=[cohort_setup.cohort.pk]))
    assert "Nurse training: abbreviated degree" in page.text and "3 → 4" in page.text


def test_a_withdrawal_keeps_its_reason_and_has_no_qualified_date(lead_client, cohort_setup):
    url = reverse("evaluation:outcome_edit", args=[cohort_setup.enrolment.pk])
    data = outcome_data(
        result="withdrawn", withdrawal_reason="Moved away", qualified_on="", destination="left"
    )
    assert lead_client.post(url, data).status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.result, outcome.withdrawal_reason, outcome.qualified_on) == (
        "withdrawn",
        "Moved away",
        None,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"result": "withdrawn", "qualified_on": ""},
            "withdrawal_reason",
            "Give the reason the trainee withdrew",
        ),
        (
            {"result": "withdrawn", "withdrawal_reason": "Moved away"},
            "qualified_on",
            "A trainee who withdrew has no qualified date",
        ),
        ("before_start", "qualified_on", "The qualified date cannot be before the cohort started"),
        ("future", "qualified_on", "The qualified date cannot be in the future"),
        ({"band_before": "0"}, "band_before", "A band is from 1 to 9"),
        ({"band_after": "10"}, "band_after", "A band is from 1 to 9"),
        ({"in_post_after_12_months": "yes"}, "in_post_after_12_months", "12 months after qualifying"),
        (
            {"in_post_after_12_months": "no", "qualified_on": ""},
            "in_post_after_12_months",
            "12 months after qualifying",
        ),
        ({"result": ""}, "result", "Say whether the trainee completed or withdrew"),
    ],
)
def test_an_impossible_outcome_is_refused_and_nothing_saved(
    lead_client, cohort_setup, changes, field, message
):
    cohort = cohort_setup.cohort
    if changes == "before_start":
        changes = {"qualified_on": (cohort.start_date - datetime.timedelta(days=1)).isoformat()}
    elif changes == "future":
        changes = {"qualified_on": (TODAY + datetime.timedelta(days=1)).isoformat()}
    url = reverse("evaluation:outcome_edit", args=[cohort_setup.enrolment.pk])
    response = lead_client.post(url, outcome_data(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.text
    assert Outcome.objects.count() == 0


def test_still_in_post_is_answered_from_12_months_after_qualifying(lead_client, cohort_setup, old_cohort):
    url = reverse("evaluation:outcome_edit", args=[cohort_setup.enrolment.pk])
    eleven_months = (TODAY - datetime.timedelta(days=330)).isoformat()
    response = lead_client.post(url, outcome_data(qualified_on=eleven_months, in_post_after_12_months="yes"))
    assert response.status_code == 400
    assert Outcome.objects.count() == 0
    thirteen_months = (TODAY - datetime.timedelta(days=400)).isoformat()
    response = lead_client.post(
        url, outcome_data(qualified_on=thirteen_months, in_post_after_12_months="yes")
    )
    assert response.status_code == 302
    assert Outcome.objects.get().in_post_after_12_months is True


# --- Totals ------------------------------------------------------------------------------------------------


def _seven_trainees(cohort_setup, people):
    """The cohort's two trainees and five more: seven, as seed 000's."""
    enrolments = [cohort_setup.enrolment, cohort_setup.other_enrolment]
    for n in range(5):
        trainee = person_with_role(Membership.Role.TRAINEE, people.trust, username=f"trainee{n}")
        enrolments.append(services.enrol(cohort=cohort_setup.cohort, trainee=trainee, by=people.lead))
    return enrolments


def _record(enrolment, by, destination, *, result="completed", in_post=None, qualified_on=None):
    return Outcome.objects.create(
        enrolment=enrolment,
        result=result,
        withdrawal_reason="Moved away" if result == "withdrawn" else "",
        qualified_on=None if result == "withdrawn" else (qualified_on or TODAY),
        destination=destination,
        in_post_after_12_months=in_post,
        recorded_by=by,
    )


def test_totals_of_seed_000s_cohort_seven_completed_two_to_an_abbreviated_nursing_degree(
    cohort_setup, people
):
    enrolments = _seven_trainees(cohort_setup, people)
    destinations = [Destination.NURSING_DEGREE] * 2 + [Destination.STAYED_AP] * 5
    for enrolment, destination, in_post in zip(
        enrolments, destinations, [True, True, True, True, None, None, None], strict=True
    ):
        _record(enrolment, people.lead, destination, in_post=in_post)

    totals = impact.cohort_outcome_totals(cohort_setup.cohort)
    assert totals == {
        "trainees": 7,
        "recorded": 7,
        "completed": 7,
        "withdrawn": 0,
        "progressed": 2,
        "nursing_degree": 2,
        "nursing_associate": 0,
        "other_registered": 0,
        "stayed_ap": 5,
        "left": 0,
        "in_post_12_months": 4,
    }


def test_totals_count_each_kind_of_ending(cohort_setup, people):
    e = _seven_trainees(cohort_setup, people)
    _record(e[0], people.lead, Destination.NURSING_DEGREE)
    _record(e[1], people.lead, Destination.NURSING_ASSOCIATE)
    _record(e[2], people.lead, Destination.OTHER_REGISTERED, in_post=False)
    _record(e[3], people.lead, Destination.STAYED_AP, in_post=True)
    _record(e[4], people.lead, Destination.LEFT, result="withdrawn")
    _record(e[5], people.lead, "", result="withdrawn")
    # e[6]: not recorded yet.
    totals = impact.outcome_totals(cohort_setup.cohort.enrolments.all())
    assert (totals["trainees"], totals["recorded"], totals["completed"], totals["withdrawn"]) == (7, 6, 4, 2)
    assert (totals["progressed"], totals["nursing_degree"], totals["nursing_associate"]) == (3, 1, 1)
    assert (totals["other_registered"], totals["stayed_ap"], totals["left"]) == (1, 1, 1)
    assert totals["in_post_12_months"] == 1


def test_organisation_and_region_totals_with_small_numbers_suppressed(cohort_setup, people):
    enrolments = _seven_trainees(cohort_setup, people)
    for i, enrolment in enumerate(enrolments):
        _record(enrolment, people.lead, Destination.NURSING_DEGREE if i < 2 else Destination.STAYED_AP)
    # The other trust of the region: three trainees, one withdrew; a trust of another region never counts.
    other_cohort = Cohort.objects.create(
        organisation=people.other_trust,
        programme=cohort_setup.programme,
        name="Eastbrook 1",
        start_date=cohort_setup.cohort.start_date,
        expected_end_date=cohort_setup.cohort.expected_end_date,
    )
    far_cohort = Cohort.objects.create(
        organisation=people.far_trust,
        programme=cohort_setup.programme,
        name="Southmoor 1",
        start_date=cohort_setup.cohort.start_date,
        expected_end_date=cohort_setup.cohort.expected_end_date,
    )
    for n, cohort in enumerate([other_cohort] * 3 + [far_cohort] * 6):
        trainee = person_with_role(Membership.Role.TRAINEE, cohort.organisation, username=f"elsewhere{n}")
        enrolment = services.enrol(cohort=cohort, trainee=trainee, by=people.lead)
        _record(
            enrolment,
            people.lead,
            Destination.LEFT if n == 0 else Destination.NURSING_DEGREE,
            result="withdrawn" if n == 0 else "completed",
        )

    trust = impact.organisation_outcome_totals(people.trust)
    assert (trust["trainees"], trust["completed"], trust["nursing_degree"]) == (7, 7, 2)
    eastbrook = impact.organisation_outcome_totals(people.other_trust)
    assert (eastbrook["trainees"], eastbrook["withdrawn"], eastbrook["nursing_degree"]) == (3, 1, 2)

    region = impact.region_outcome_totals(people.region)
    assert region["trainees"] == 10
    assert region["completed"] == 9
    assert region["stayed_ap"] == 5
    assert region["progressed"] == region["nursing_degree"] == "fewer than 5"  # 4
    assert region["withdrawn"] == region["left"] == "fewer than 5"  # 1
    assert region["nursing_associate"] == 0
    assert all(not isinstance(v, int) or v == 0 or v >= 5 for v in region.values())
    far = impact.region_outcome_totals(people.other_region)
    assert (far["trainees"], far["nursing_degree"], far["withdrawn"]) == (6, 6, 0)


# --- Who may reach the pages -------------------------------------------------------------------------------


def test_only_the_cohorts_lead_reaches_outcomes(client, cohort_setup, people):
    pages = [
        reverse("evaluation:outcome_list", args=[cohort_setup.cohort.pk]),
        reverse("evaluation:outcome_edit", args=[cohort_setup.enrolment.pk]),
    ]
    for url in pages:
        for outsider in (
            people.other_lead,
            people.trainee,
            cohort_setup.manager,
            people.mentor,
            people.regional,
        ):
            client.force_login(outsider)
            assert client.get(url).status_code == 404, (url, outsider)
            assert client.post(url, outcome_data()).status_code == 404
        client.force_login(people.lead)
        assert client.get(url).status_code == 200
    assert Outcome.objects.count() == 0


def test_outcome_list_shows_each_trainee_and_the_totals(lead_client, cohort_setup, people):
    _record(cohort_setup.enrolment, people.lead, Destination.NURSING_DEGREE)
    response = lead_client.get(reverse("evaluation:outcome_list", args=[cohort_setup.cohort.pk]))
    text = response.text
    assert text.count("<h1") == 1
    assert people.trainee.get_full_name() in text and people.other_trainee.get_full_name() in text
    assert "nhsuk-tag--green" in text and "Not recorded" in text
    assert 'id="outcome-totals"' in text and "Progressed to nurse training" in text


def test_an_enrolment_of_another_organisation_is_out_of_reach(client, cohort_setup, people):
    client.force_login(people.other_lead)
    url = reverse("evaluation:outcome_edit", args=[cohort_setup.other_enrolment.pk])
    assert client.post(url, outcome_data()).status_code == 404
    assert Outcome.objects.count() == 0
