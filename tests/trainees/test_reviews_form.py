"""The structured progress review: the form's sections, its errors, what it keeps (actions from last time,
off-the-job time and the portfolio since the last counted review) and who may see and record it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies import services as portfolio
from competencies.models import Achievement, Decision, Evidence
from tests.trainees.factories import review_form_data, sign_by_all
from trainees import services
from trainees.models import ActionFollowUp, ProgressReview

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SOON = TODAY + datetime.timedelta(weeks=4)


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def structured(setup, people, held_on, previous_actions=(), actions=("Observed practice",)):
    return services.record_review(
        enrolment=setup.enrolment,
        by=people.mentor,
        held_on=held_on,
        progress="On track",
        wellbeing_concern="no",
        safeguarding_concern="no",
        circumstances_changed="no",
        previous_actions=list(previous_actions),
        next_actions=[
            {"action": text, "owner": "trainee", "due_on": held_on + datetime.timedelta(weeks=4 + i)}
            for i, text in enumerate(actions)
        ],
    )


def create_url(setup):
    return reverse("trainees:review_create", args=[setup.enrolment.pk])


def test_the_form_asks_about_each_action_of_the_last_counted_review_only(client, people, cohort_setup):
    counted = sign_by_all(structured(cohort_setup, people, days_ago(40), actions=("Read policy", "Shadow")))
    done = [{"agreed_at": a, "outcome": "done"} for a in counted.next_actions.all()]
    unsigned = structured(cohort_setup, people, days_ago(20), done, actions=("Never agreed by all",))
    services.sign_review(review=unsigned, party="trainee", by=people.trainee)
    client.force_login(people.mentor)
    page = client.get(create_url(cohort_setup))
    assert [a.action for a, _f in page.context["follow_ups"]] == ["Read policy", "Shadow"]
    assert "Never agreed by all" not in page.text
    for words in (
        "Any wellbeing concerns?",
        "Any safeguarding concerns?",
        "safeguarding policy",
        "Next actions",
    ):
        assert words in page.text
    data = review_form_data(TODAY, SOON, follow_ups=[("done", ""), ("partly", "One shift so far")])
    response = client.post(create_url(cohort_setup), data)
    review = ProgressReview.objects.exclude(pk__in=[counted.pk, unsigned.pk]).get()
    assert response.url == reverse("trainees:review_detail", args=[review.pk])
    assert review.is_structured and review.previous_held_on == counted.held_on
    follow_ups = list(review.previous_actions.values_list("action", "outcome", "comment", "agreed_at"))
    agreed = list(counted.next_actions.all())
    assert follow_ups == [
        ("Read policy", "done", "", agreed[0].pk),
        ("Shadow", "partly", "One shift so far", agreed[1].pk),
    ]
    assert list(review.next_actions.values_list("action", "owner", "due_on")) == [
        ("Observed practice session", "employer", SOON)
    ]
    detail = client.get(response.url).text
    assert "Partly done" in detail and "One shift so far" in detail and "Observed practice session" in detail


def test_problems_are_summarised_and_the_dates_entered_are_kept(client, people, cohort_setup):
    sign_by_all(structured(cohort_setup, people, days_ago(40)))
    client.force_login(people.mentor)
    held = days_ago(2)
    data = review_form_data(held, SOON, follow_ups=[("", "")]) | {
        "safeguarding_concern": "yes",
        "next-1-action": "Half a row",
        "next_review_on": (TODAY + datetime.timedelta(weeks=10)).isoformat(),
    }
    response = client.post(create_url(cohort_setup), data)
    assert response.status_code == 200
    text = response.text
    assert "nhsuk-error-summary" in text
    assert "Say whether this action was done." in text
    assert "Choose who does it." in text and "Give the date it is due by." in text
    assert held.isoformat() in text and SOON.isoformat() in text
    assert (TODAY + datetime.timedelta(weeks=10)).isoformat() in text
    assert ProgressReview.objects.count() == 1
    # The rows are fine now; the service still wants to know what was done about the safeguarding concern.
    data |= {"done-0-outcome": "not_done", "next-1-action": ""}
    response = client.post(create_url(cohort_setup), data)
    assert "Say what was done. Follow the trust&#x27;s safeguarding policy" in response.text
    assert ProgressReview.objects.count() == 1


def test_a_review_needs_at_least_one_next_action(client, people, cohort_setup):
    client.force_login(people.mentor)
    data = review_form_data(TODAY, SOON) | {"next-0-action": "", "next-0-owner": "", "next-0-due_on": ""}
    response = client.post(create_url(cohort_setup), data)
    assert "Agree at least one next action" in response.text
    assert not ProgressReview.objects.exists()


def confirm(setup, people, hours, on):
    entry = services.log_study_time(
        enrolment=setup.enrolment, by=people.trainee, date=on, hours=Decimal(hours), activity="taught"
    )
    services.decide_study_time(entry=entry, by=setup.manager, confirm=True)


def signed_off(setup, people, title, codes, on):
    standard = setup.programme.standard
    ksbs = [k for k in standard.ksbs.all() if k.code in codes]
    evidence = portfolio.create_evidence(
        enrolment=setup.enrolment, by=people.trainee, ksbs=ksbs, title=title, occurred_on=on,
        kind=Evidence.Kind.OBSERVATION, narrative="What I did.",
    )  # fmt: skip
    portfolio.submit_evidence(evidence=evidence, by=people.trainee)
    decision = portfolio.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True)
    when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    Decision.objects.filter(pk=decision.pk).update(decided_at=when)
    evidence = Evidence.objects.get(pk=evidence.pk)
    for ksb in ksbs:
        achievement = portfolio.achieve_ksb(
            enrolment=setup.enrolment, ksb=ksb, by=people.mentor, evidence=[evidence]
        )
        Achievement.objects.filter(pk=achievement.pk).update(signed_at=when)
    return evidence


def test_the_snapshot_counts_each_entry_and_ksb_once_since_the_last_counted_review(people, cohort_setup):
    # Before the first review: 7.5 hours and K1; the first review (counted) keeps them.
    confirm(cohort_setup, people, "7.5", days_ago(60))
    signed_off(cohort_setup, people, "Handover", ["K1"], days_ago(55))
    first = sign_by_all(structured(cohort_setup, people, days_ago(50)))
    assert (first.taken_hours, first.taken_since_hours) == (Decimal("7.5"), Decimal("7.5"))
    assert [k["code"] for k in first.portfolio["ksbs_achieved"]] == ["K1"]
    # Between: three entries, two items of evidence (one over two KSBs), and an unsigned review in the middle.
    for n, hours in ((40, "3"), (30, "2.5"), (20, "4")):
        confirm(cohort_setup, people, hours, days_ago(n))
    signed_off(cohort_setup, people, "Observations", ["K2", "S1"], days_ago(35))
    agreed = first.next_actions.get()
    between = structured(cohort_setup, people, days_ago(25), [{"agreed_at": agreed, "outcome": "partly"}])
    services.sign_review(review=between, party="trainee", by=people.trainee)
    signed_off(cohort_setup, people, "Reflection", ["K3"], days_ago(15))
    second = structured(
        cohort_setup, people, days_ago(5), previous_actions=[{"agreed_at": agreed, "outcome": "done"}]
    )
    assert second.previous_held_on == first.held_on  # the unsigned one in between does not count
    assert second.taken_since_hours == Decimal("9.5")
    assert second.taken_hours == Decimal("17")
    assert second.planned_since_hours == second.planned_hours - first.planned_hours
    assert second.behind_hours == max(second.planned_hours - second.taken_hours, 0)
    assert [k["code"] for k in second.portfolio["ksbs_achieved"]] == ["K2", "K3", "S1"]
    assert [(e["title"], e["ksbs"]) for e in second.portfolio["evidence_signed_off"]] == [
        ("Observations", ["K2", "S1"]),
        ("Reflection", ["K3"]),
    ]
    assert second.portfolio["ksbs_achieved_to_date"] == 4
    # Kept as it was: later evidence does not change the signed record.
    fingerprint = second.fingerprint()
    signed_off(cohort_setup, people, "Later", ["K4"], TODAY)
    confirm(cohort_setup, people, "7.5", TODAY)
    sign_by_all(second)
    second = ProgressReview.objects.get(pk=second.pk)
    assert second.fingerprint() == fingerprint
    assert [k["code"] for k in second.portfolio["ksbs_achieved"]] == ["K2", "K3", "S1"]
    assert ActionFollowUp.objects.get(review=second).outcome == "done"


def test_what_is_signed_includes_the_actions_and_the_answers(people, cohort_setup):
    review = structured(cohort_setup, people, TODAY)
    content = review.signed_content()
    assert content["next_actions"] == [["Observed practice", "Trainee", str(SOON)]]
    assert content["safeguarding_concern"] == "no" and "portfolio" in content
    before = review.fingerprint()
    action = review.next_actions.get()
    action.action = "Two observed sessions"
    action.save()
    assert ProgressReview.objects.get(pk=review.pk).fingerprint() != before


def test_who_may_read_and_record_a_review(client, people, cohort_setup):
    review = structured(cohort_setup, people, TODAY)
    detail = reverse("trainees:review_detail", args=[review.pk])
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer, people.lead):
        client.force_login(person)
        assert client.get(detail).status_code == 200, person
    for person in (
        people.other_trainee,
        cohort_setup.other_mentor,
        people.other_lead,
        people.outside_trainee,
    ):
        client.force_login(person)
        assert client.get(detail).status_code in (403, 404), person
        assert client.get(create_url(cohort_setup)).status_code in (403, 404), person
    client.force_login(people.trainee)
    assert client.get(create_url(cohort_setup)).status_code == 403
    assert client.post(create_url(cohort_setup), review_form_data(TODAY, SOON)).status_code == 403
    assert ProgressReview.objects.count() == 1
