"""Once anyone has signed a progress review, nothing about it changes: not through the model, not through
its queryset, not its actions, and not in the admin, even for a superuser."""

import datetime

import pytest
from django.urls import reverse

from core.signing import Immutable
from tests.factories import UserFactory
from tests.trainees.factories import sign_by_all
from trainees import services
from trainees.models import ActionFollowUp, ProgressReview, ReviewAction

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def structured(setup, people, held_on=TODAY, previous_actions=()):
    return services.record_review(
        enrolment=setup.enrolment,
        by=people.mentor,
        held_on=held_on,
        progress="On track",
        english_maths="Level 2 held",
        wellbeing_concern="no",
        safeguarding_concern="no",
        circumstances_changed="no",
        previous_actions=list(previous_actions),
        next_actions=[
            {
                "action": "Observed practice",
                "owner": "employer",
                "due_on": held_on + datetime.timedelta(weeks=4),
            }
        ],
    )


@pytest.fixture
def signed_once(people, cohort_setup):
    review = structured(cohort_setup, people)
    services.sign_review(review=review, party="trainee", by=people.trainee)
    return ProgressReview.objects.get(pk=review.pk)


def test_an_unsigned_review_can_still_be_put_right(people, cohort_setup):
    review = structured(cohort_setup, people)
    review.progress = "Corrected before anyone signed"
    review.save()
    action = review.next_actions.get()
    action.action = "Two observed sessions"
    action.save()
    assert ReviewAction.objects.get(pk=action.pk).action == "Two observed sessions"


@pytest.mark.parametrize(
    "change",
    [
        ("progress", "Changed after signing"),
        ("planned_hours", 999),  # a snapshot figure
        ("taken_hours", 999),
        ("held_on", TODAY - datetime.timedelta(days=9)),
    ],
)
def test_a_signed_review_refuses_any_change_through_the_model(people, signed_once, change):
    name, value = change
    setattr(signed_once, name, value)
    with pytest.raises(Immutable):
        signed_once.save()
    assert getattr(ProgressReview.objects.get(pk=signed_once.pk), name) != value


def test_who_recorded_it_is_not_changed_either(people, cohort_setup, signed_once):
    signed_once.recorded_by = cohort_setup.lecturer  # outside the fingerprint, still refused
    with pytest.raises(Immutable):
        signed_once.save()
    assert ProgressReview.objects.get(pk=signed_once.pk).recorded_by == people.mentor


def test_a_signed_review_refuses_queryset_updates_and_deletes(signed_once):
    with pytest.raises(Immutable):
        ProgressReview.objects.filter(pk=signed_once.pk).update(progress="Bulk change")
    with pytest.raises(Immutable):
        ProgressReview.objects.filter(pk=signed_once.pk).delete()
    with pytest.raises(Immutable):
        signed_once.delete()
    assert ProgressReview.objects.get(pk=signed_once.pk).progress == "On track"


def test_a_signed_reviews_actions_cannot_be_changed_added_or_deleted(signed_once):
    action = signed_once.next_actions.get()
    action.action = "Something else"
    with pytest.raises(Immutable):
        action.save()
    with pytest.raises(Immutable):
        action.delete()
    with pytest.raises(Immutable):
        ReviewAction(review=signed_once, action="New", owner="trainee", due_on=TODAY).save()
    assert list(signed_once.next_actions.values_list("action", flat=True)) == ["Observed practice"]


def test_a_follow_up_on_a_signed_review_cannot_be_changed(people, cohort_setup):
    first = sign_by_all(structured(cohort_setup, people, held_on=TODAY - datetime.timedelta(weeks=10)))
    agreed = first.next_actions.get()
    second = structured(
        cohort_setup, people, previous_actions=[{"agreed_at": agreed, "outcome": "partly", "comment": "Half"}]
    )
    services.sign_review(review=second, party="employer", by=people.mentor)
    follow_up = ActionFollowUp.objects.get(review=second)
    follow_up.outcome = "done"
    with pytest.raises(Immutable):
        follow_up.save()
    assert ActionFollowUp.objects.get(pk=follow_up.pk).outcome == "partly"


# --- The admin, as a superuser ------------------------------------------------------------------------


@pytest.fixture
def superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def admin_url(review, view):
    return reverse(f"admin:trainees_progressreview_{view}", args=[review.pk])


def test_the_admin_change_view_refuses_a_superusers_post_to_a_signed_review(superuser, people, signed_once):
    page = superuser.get(admin_url(signed_once, "change"))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = superuser.post(
        admin_url(signed_once, "change"),
        {
            "enrolment": signed_once.enrolment_id,
            "held_on": TODAY.isoformat(),
            "progress": "Rewritten in the admin",
            "planned_hours": "1",
            "taken_hours": "1",
            "recorded_by": people.mentor.pk,
        },
    )
    assert response.status_code == 403
    review = ProgressReview.objects.get(pk=signed_once.pk)
    assert (review.progress, review.planned_hours) == ("On track", signed_once.planned_hours)


def test_the_admin_refuses_to_delete_or_revert_a_signed_review(superuser, signed_once):
    assert superuser.post(admin_url(signed_once, "delete"), {"post": "yes"}).status_code == 403
    history = signed_once.history.earliest()
    revert = reverse(
        "admin:trainees_progressreview_simple_history", args=[signed_once.pk, history.history_id]
    )
    assert superuser.post(revert, {"progress": "Reverted"}).status_code == 403
    assert ProgressReview.objects.filter(pk=signed_once.pk, progress="On track").exists()


def test_the_admin_bulk_delete_refuses_a_signed_review(superuser, signed_once):
    changelist = reverse("admin:trainees_progressreview_changelist")
    # Its signatures may not be deleted, so the admin refuses; were it to try, the queryset would refuse.
    response = superuser.post(
        changelist, {"action": "delete_selected", "_selected_action": [signed_once.pk], "post": "yes"}
    )
    assert "would require deleting" in response.text or response.status_code == 403
    assert ProgressReview.objects.filter(pk=signed_once.pk).exists()


def test_the_admin_still_corrects_an_unsigned_review(superuser, people, cohort_setup):
    review = services.record_review(
        enrolment=cohort_setup.enrolment, by=people.mentor, held_on=TODAY, progress="Tpyo", actions="Read"
    )
    page = superuser.get(admin_url(review, "change"))
    assert page.context["has_change_permission"]
