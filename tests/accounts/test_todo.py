"""The to-do page and the dashboard's lists: what waits for each person, and only what they may act on."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Membership, User
from competencies import services as evidence_services
from core.todo import SHOWN, collect
from tests.factories import UserFactory, person_with_role
from trainees import services
from trainees.models import Cohort

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
COVER = "Bank staff cover study days."


# --- Arranging: each helper makes one thing wait for someone, through the services. ------------------


def signable_contract(enrolment):
    """The enrolment's contract, with the service cover it needs before anyone may sign."""
    contract = services.current_contract(enrolment)
    return services.change_contract(contract=contract, by=contract.created_by, service_cover=COVER)


def evidence(enrolment, title="Handover", submit=False):
    item = evidence_services.create_evidence(
        enrolment=enrolment,
        by=enrolment.trainee,
        ksbs=[enrolment.cohort.programme.standard.ksbs.first()],
        title=title,
        occurred_on=TODAY,
        kind="observation",
        narrative="I led the handover.",
    )
    if submit:
        evidence_services.submit_evidence(evidence=item, by=enrolment.trainee)
    return item


def returned_evidence(enrolment, mentor, title="Returned"):
    item = evidence(enrolment, title, submit=True)
    evidence_services.decide_evidence(evidence=item, by=mentor, sign_off=False, comment="Add the date.")
    return item


def review(enrolment, by, days_ago=1):
    return services.record_review(
        enrolment=enrolment,
        by=by,
        held_on=TODAY - datetime.timedelta(days=days_ago),
        progress="Settling in.",
        actions="Observed practice.",
    )


def study_time(enrolment, query_by=None, date=TODAY):
    entry = services.log_study_time(
        enrolment=enrolment, by=enrolment.trainee, date=date, hours=2, activity="taught"
    )
    if query_by:
        services.decide_study_time(entry=entry, by=query_by, confirm=False, note="That was a ward shift.")
    return entry


def new_cohort(cohort_setup, people, name, start=None):
    start = start or cohort_setup.cohort.start_date
    return services.save_cohort(
        cohort=Cohort(organisation=people.trust),
        programme=cohort_setup.programme,
        name=name,
        start_date=start,
        expected_end_date=start + datetime.timedelta(weeks=104),
    )


def withdrawn_enrolment(cohort_setup, people, trainee=None):
    """A trainee of people.trust with the same supporters as alice, withdrawn: nothing of theirs waits."""
    cohort = new_cohort(cohort_setup, people, "Cohort withdrawn")
    enrolment = services.enrol(
        cohort=cohort,
        trainee=trainee or UserFactory(),
        by=people.lead,
        mentors=[people.mentor],
        manager=cohort_setup.manager,
        lecturer=cohort_setup.lecturer,
    )
    signable_contract(enrolment)
    evidence(enrolment, "Withdrawn trainee's evidence", submit=enrolment.trainee != people.trainee)
    review(enrolment, people.mentor)
    study_time(enrolment)
    services.change_status(enrolment=enrolment, status="withdrawn", by=people.lead)
    return enrolment


def urls(user, kind):
    group = collect(user).group(kind)
    return [item.url for item in group.items] if group else []


def url(name, obj):
    return reverse(name, args=[obj.pk])


# --- What each person is asked to do -------------------------------------------------------------------


def test_trainee_is_asked_to_act_on_returned_evidence_drafts_signatures_and_queried_study_time(
    people, cohort_setup
):
    alice = cohort_setup.enrolment
    returned = returned_evidence(alice, people.mentor)
    draft = evidence(alice, "Draft")
    evidence(alice, "Waiting for the mentor", submit=True)
    contract = signable_contract(alice)
    to_sign = review(alice, people.mentor)
    signed = review(alice, people.mentor, days_ago=30)
    services.sign_review(review=signed, party="trainee", by=people.trainee)
    study_time(alice)  # waiting for the manager: nothing for alice to do
    queried = study_time(alice, query_by=cohort_setup.manager)
    returned_evidence(cohort_setup.other_enrolment, cohort_setup.other_mentor, "Bob's")
    withdrawn_enrolment(cohort_setup, people, trainee=people.trainee)
    me = people.trainee

    assert urls(me, "evidence_returned") == [url("competencies:evidence_detail", returned)]
    assert urls(me, "evidence_draft") == [url("competencies:evidence_detail", draft)]
    assert urls(me, "contract_to_sign") == [url("trainees:contract_detail", contract)]
    assert urls(me, "review_to_sign") == [url("trainees:review_detail", to_sign)]
    assert urls(me, "study_time_queried") == [url("trainees:study_time", alice)]
    assert "That was a ward shift." in collect(me).group("study_time_queried").items[0].note
    assert queried.state == "queried"
    assert not urls(me, "evidence_to_decide") and not urls(me, "study_time_to_confirm")


def test_trainee_is_not_asked_to_sign_a_contract_they_signed_or_one_nobody_can_sign_yet(people, cohort_setup):
    from trainees.models import LearningContract

    contract = signable_contract(cohort_setup.enrolment)
    assert urls(people.trainee, "contract_to_sign") == [url("trainees:contract_detail", contract)]
    # A contract that does not say how the service is covered (made before templates carried it):
    # services refuse every signature until someone adds it, so nobody is asked yet.
    LearningContract.objects.filter(pk=contract.pk).update(service_cover="")
    assert urls(people.trainee, "contract_to_sign") == []
    LearningContract.objects.filter(pk=contract.pk).update(service_cover=COVER)
    services.sign_contract(contract=contract, party="trainee", by=people.trainee)
    assert urls(people.trainee, "contract_to_sign") == []
    assert urls(people.mentor, "contract_to_sign") == [url("trainees:contract_detail", contract)]


def test_person_in_two_parts_signs_once(people, cohort_setup):
    """The trainee's mentor is also their manager: once they have signed, nothing more is asked of them."""
    from trainees.models import Enrolment

    alice = cohort_setup.enrolment
    Enrolment.objects.filter(pk=alice.pk).update(manager=people.mentor)
    contract = signable_contract(alice)
    [item] = collect(people.mentor).group("contract_to_sign").items
    assert item.url == url("trainees:contract_detail", contract) and "as mentor and manager" in item.title
    services.sign_contract(contract=contract, party="mentor", by=people.mentor)
    assert urls(people.mentor, "contract_to_sign") == []


def test_queried_study_time_leaves_the_list_once_the_trainee_logs_that_day_again(people, cohort_setup):
    alice = cohort_setup.enrolment
    yesterday = TODAY - datetime.timedelta(days=1)

    def log(date):
        return services.log_study_time(
            enrolment=alice, by=people.trainee, date=date, hours=3, activity="taught"
        )

    services.decide_study_time(
        entry=log(yesterday), by=cohort_setup.manager, confirm=False, note="Ward shift."
    )
    log(TODAY)  # another day's time does not put it right
    assert urls(people.trainee, "study_time_queried") == [url("trainees:study_time", alice)]
    log(yesterday)
    assert urls(people.trainee, "study_time_queried") == []


def test_mentor_is_asked_to_decide_their_trainees_evidence_oldest_first_and_to_sign(people, cohort_setup):
    from django.utils import timezone

    from competencies.models import Evidence

    alice = cohort_setup.enrolment
    newer = evidence(alice, "Newer", submit=True)
    older = evidence(alice, "Older", submit=True)
    Evidence.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    evidence(alice, "A draft the mentor cannot act on")
    bobs = evidence(cohort_setup.other_enrolment, "Bob's, for another mentor", submit=True)
    contract = signable_contract(alice)
    to_sign = review(alice, people.mentor)
    withdrawn_enrolment(cohort_setup, people)
    me = people.mentor

    assert urls(me, "evidence_to_decide") == [
        url("competencies:evidence_detail", older),
        url("competencies:evidence_detail", newer),
    ]
    assert url("competencies:evidence_detail", bobs) in urls(cohort_setup.other_mentor, "evidence_to_decide")
    assert urls(me, "contract_to_sign") == [url("trainees:contract_detail", contract)]
    assert urls(me, "review_to_sign") == [url("trainees:review_detail", to_sign)]
    assert not urls(me, "evidence_returned") and not urls(me, "study_time_to_confirm")


def test_mentor_is_not_asked_for_a_contract_they_signed_or_a_review_the_manager_signed_for_the_employer(
    people, cohort_setup
):
    alice = cohort_setup.enrolment
    contract = signable_contract(alice)
    services.sign_contract(contract=contract, party="mentor", by=people.mentor)
    to_sign = review(alice, people.mentor)
    assert urls(people.mentor, "review_to_sign") == [url("trainees:review_detail", to_sign)]
    assert urls(cohort_setup.manager, "review_to_sign") == [url("trainees:review_detail", to_sign)]
    services.sign_review(review=to_sign, party="employer", by=cohort_setup.manager)
    assert urls(people.mentor, "contract_to_sign") == []
    assert urls(people.mentor, "review_to_sign") == []
    assert urls(cohort_setup.manager, "review_to_sign") == []
    assert urls(cohort_setup.lecturer, "review_to_sign") == [url("trainees:review_detail", to_sign)]


def test_manager_is_asked_to_confirm_study_time_and_to_sign(people, cohort_setup):
    alice = cohort_setup.enrolment
    study_time(alice), study_time(alice)
    services.decide_study_time(entry=study_time(alice), by=cohort_setup.manager, confirm=True)
    study_time(cohort_setup.other_enrolment)  # bob has no manager
    contract = signable_contract(alice)
    to_sign = review(alice, people.mentor)
    withdrawn_enrolment(cohort_setup, people)
    me = cohort_setup.manager

    todo = collect(me).group("study_time_to_confirm")
    assert [i.url for i in todo.items] == [url("trainees:study_time", alice)] * 2
    assert all(str(people.trainee) in i.title for i in todo.items)
    assert urls(me, "contract_to_sign") == [url("trainees:contract_detail", contract)]
    assert urls(me, "review_to_sign") == [url("trainees:review_detail", to_sign)]
    assert urls(people.mentor, "study_time_to_confirm") == []


def test_lecturer_is_asked_to_sign_contracts_and_reviews_only(people, cohort_setup):
    alice = cohort_setup.enrolment
    contract = signable_contract(alice)
    to_sign = review(alice, people.mentor)
    signed = review(alice, people.mentor, days_ago=20)
    services.sign_review(review=signed, party="lecturer", by=cohort_setup.lecturer)
    evidence(alice, "Submitted", submit=True)
    study_time(alice)
    withdrawn_enrolment(cohort_setup, people)
    todo = collect(cohort_setup.lecturer)

    assert [g.kind for g in todo.groups] == ["contract_to_sign", "review_to_sign"]
    assert urls(cohort_setup.lecturer, "contract_to_sign") == [url("trainees:contract_detail", contract)]
    assert urls(cohort_setup.lecturer, "review_to_sign") == [url("trainees:review_detail", to_sign)]


def test_workforce_lead_is_asked_to_see_to_cohorts_of_their_own_organisation(people, cohort_setup):
    fine = new_cohort(cohort_setup, people, "Cohort starting today", start=TODAY)
    enrolment = services.enrol(
        cohort=fine,
        trainee=person_with_role(Membership.Role.TRAINEE, people.trust),
        by=people.lead,
        mentors=[people.mentor],
        manager=cohort_setup.manager,
        lecturer=cohort_setup.lecturer,
    )
    contract = signable_contract(enrolment)
    signers = [enrolment.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer]
    for party, who in zip(["trainee", "mentor", "manager", "lecturer"], signers, strict=True):
        services.sign_contract(contract=contract, party=party, by=who)
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort_setup.cohort.save()

    items = collect(people.lead).group("cohort_attention").items
    assert [i.url for i in items] == [url("trainees:cohort_detail", cohort_setup.cohort)]
    assert "2 contracts unsigned" in items[0].title and "2 reviews overdue" in items[0].title
    assert collect(people.other_lead).groups == []
    assert collect(people.regional).groups == []


def test_nobody_is_asked_to_sign_for_themself(people, cohort_setup):
    """A mentor who is also a trainee, recorded as supporting themself (as records made before the services
    refused it may be), is asked to sign only as the trainee and to decide or confirm nothing of their own."""
    from trainees.models import Enrolment

    own = services.enrol(
        cohort=new_cohort(cohort_setup, people, "Cohort 2"), trainee=people.mentor, by=people.lead
    )
    own.mentors.add(people.mentor)
    Enrolment.objects.filter(pk=own.pk).update(manager=people.mentor, lecturer=people.mentor)
    contract = signable_contract(own)
    to_sign = review(own, people.lead)
    study_time(own)
    evidence(own, "My own", submit=True)
    todo = collect(people.mentor)

    contract_url = url("trainees:contract_detail", contract)
    [contract_item] = [i for i in todo.group("contract_to_sign").items if i.url == contract_url]
    assert contract_item.title == "Your learning contract, version 1"
    [review_item] = todo.group("review_to_sign").items
    assert review_item.url == url("trainees:review_detail", to_sign)
    assert review_item.title.endswith(f"{to_sign.held_on:%-d %B %Y}")  # as the trainee, not the employer
    assert todo.group("study_time_to_confirm") is None
    assert todo.group("evidence_to_decide") is None


# --- The page, the menu and the dashboard ----------------------------------------------------------


def test_todo_page_lists_each_item_with_a_link_to_where_the_person_acts(client, people, cohort_setup):
    alice = cohort_setup.enrolment
    returned = returned_evidence(alice, people.mentor, "Care plan")
    to_sign = review(alice, people.mentor)
    client.force_login(people.trainee)
    html = client.get(reverse("todo")).text
    assert 'id="evidence_returned"' in html and 'id="review_to_sign"' in html
    assert f'<a href="{url("competencies:evidence_detail", returned)}">“Care plan”</a>' in html
    assert url("trainees:review_detail", to_sign) in html
    assert f"<strong data-todo-total>{collect(people.trainee).total}</strong> things waiting" in html


def test_todo_page_says_when_nothing_waits(client, people):
    client.force_login(people.regional)
    response = client.get(reverse("todo"))
    assert response.status_code == 200
    assert "Nothing is waiting for you." in response.text
    assert response.text.count("<h1") == 1


def test_top_menu_links_to_the_todo_page_and_loads_the_number_waiting(client, people, cohort_setup):
    for _ in range(3):
        study_time(cohort_setup.enrolment)
    client.force_login(cohort_setup.manager)
    html = client.get(reverse("standards:catalogue")).text
    assert f'href="{reverse("todo")}"' in html and f'hx-get="{reverse("todo_count")}"' in html
    todo = collect(cohort_setup.manager)
    assert len(todo.group("study_time_to_confirm").items) == 3
    assert f"data-todo-count>{todo.total}<" in client.get(reverse("todo_count")).text
    client.force_login(people.regional)
    assert "data-todo-count" not in client.get(reverse("todo_count")).text


def test_menu_does_not_fetch_the_number_before_a_newcomer_chooses_their_password(client, people):
    people.trainee.must_change_password = True
    people.trainee.save()
    client.force_login(people.trainee)
    html = client.get(reverse("password_change")).text
    assert "hx-get" not in html


def test_anonymous_visitor_cannot_see_a_todo(client):
    for name in ("todo", "todo_count"):
        assert client.get(reverse(name)).url.startswith(reverse("login"))


def _links(html):
    return set(re.findall(r'<a href="([^"#]+)">', html))


@pytest.mark.parametrize("who", ["trainee", "mentor", "manager", "lecturer", "lead"])
def test_dashboard_lists_the_same_things_as_the_todo_page(client, people, cohort_setup, who):
    alice = cohort_setup.enrolment
    returned_evidence(alice, people.mentor)
    evidence(alice, "Draft")
    evidence(alice, "Submitted", submit=True)
    signable_contract(alice)
    review(alice, people.mentor)
    study_time(alice)
    study_time(alice, query_by=cohort_setup.manager)
    cohort_setup.cohort.start_date = TODAY - datetime.timedelta(weeks=20)
    cohort_setup.cohort.save()
    person = {"manager": cohort_setup.manager, "lecturer": cohort_setup.lecturer}.get(who) or getattr(
        people, who
    )
    items = [item for group in collect(person).groups for item in group.items]
    assert items
    client.force_login(person)
    dashboard, page = client.get(reverse("dashboard")).text, client.get(reverse("todo")).text
    for item in items:
        link = f'<a href="{item.url}">{escape(item.title)}</a>'
        assert link in dashboard, item
        assert link in page, item


def test_dashboard_shows_a_handful_then_links_to_the_rest(client, people, cohort_setup):
    for _ in range(SHOWN + 2):
        study_time(cohort_setup.enrolment)
    client.force_login(cohort_setup.manager)
    html = client.get(reverse("dashboard")).text
    section = html.split('data-panel="study-time-to-confirm"')[1].split("</section>")[0]
    assert section.count(f'<a href="{url("trainees:study_time", cohort_setup.enrolment)}">') == SHOWN
    assert f'<a href="{reverse("todo")}#study_time_to_confirm">and 2 more</a>' in section
    assert f"<strong>{SHOWN + 2}</strong> study time entries waiting for you to confirm" in section


def test_trainee_dashboard_lists_returned_evidence_instead_of_counting_it(client, people, cohort_setup):
    returned = returned_evidence(cohort_setup.enrolment, people.mentor, "Falls audit")
    client.force_login(people.trainee)
    html = client.get(reverse("dashboard")).text
    assert f'<a href="{url("competencies:evidence_detail", returned)}">“Falls audit”</a>' in html
    assert "returned by your mentor" not in html


def test_mentor_dashboard_counts_only_evidence_they_may_decide(client, people, cohort_setup):
    evidence(cohort_setup.enrolment, "Alice's", submit=True)
    withdrawn_enrolment(cohort_setup, people)
    client.force_login(people.mentor)
    html = client.get(reverse("dashboard")).text
    assert '<strong class="portal-big-number" data-queue-count>1</strong>' in html
    assert escape("Withdrawn trainee's evidence") not in html


def _your_enrolment_links(html):
    card = html.split('data-role-section="trainee"')[1].split("</section>")[0]
    return re.findall(r'<a href="([^"]+)" data-your-enrolment>', card)


def test_trainee_dashboard_links_to_their_enrolment_not_the_cohorts_page(client, people, cohort_setup):
    client.force_login(people.trainee)
    html = client.get(reverse("dashboard")).text
    link = re.search(r'<a href="([^"]+)"[^>]*>Your enrolment, contract, study time and reviews</a>', html)
    assert link and link.group(1) == url("trainees:enrolment_detail", cohort_setup.enrolment)


def test_trainee_with_several_enrolments_gets_a_short_list_of_the_active_ones(client, people, cohort_setup):
    second = services.enrol(
        cohort=new_cohort(cohort_setup, people, "Cohort 2"), trainee=people.trainee, by=people.lead
    )
    withdrawn_enrolment(cohort_setup, people, trainee=people.trainee)
    client.force_login(people.trainee)
    links = _your_enrolment_links(client.get(reverse("dashboard")).text)
    assert sorted(links) == sorted(
        [url("trainees:enrolment_detail", cohort_setup.enrolment), url("trainees:enrolment_detail", second)]
    )


# --- Bounded queries ---------------------------------------------------------------------------------


@pytest.fixture
def busy(people, cohort_setup):
    """grow() adds, for every role, one more of each kind of thing waiting."""
    state = SimpleNamespace(n=0)

    def grow():
        state.n += 1
        alice = cohort_setup.enrolment
        returned_evidence(alice, people.mentor, f"Returned {state.n}")
        evidence(alice, f"Draft {state.n}")
        review(alice, people.mentor, days_ago=state.n)
        day = TODAY - datetime.timedelta(days=state.n)
        study_time(alice, date=day)
        study_time(alice, query_by=cohort_setup.manager, date=day)
        cohort = new_cohort(cohort_setup, people, f"Cohort {state.n + 1}")
        for trainee in (people.trainee, UserFactory()):
            enrolment = services.enrol(
                cohort=cohort,
                trainee=trainee,
                by=people.lead,
                mentors=[people.mentor, cohort_setup.other_mentor],
                manager=cohort_setup.manager,
                lecturer=cohort_setup.lecturer,
            )
            signable_contract(enrolment)
            if trainee != people.trainee:
                evidence(enrolment, f"Submitted {state.n}", submit=True)
                review(enrolment, people.mentor)

    return grow


@pytest.mark.parametrize("who", ["trainee", "mentor", "manager", "lecturer", "lead"])
def test_query_count_does_not_grow_with_the_number_of_things_waiting(
    client, people, cohort_setup, busy, django_assert_max_num_queries, who
):
    person = {"manager": cohort_setup.manager, "lecturer": cohort_setup.lecturer}.get(who) or getattr(
        people, who
    )
    client.force_login(person)
    pages = ["todo", "todo_count", "dashboard"]
    busy()
    few = {}
    for page in pages:
        with django_assert_max_num_queries(60) as few[page]:
            client.get(reverse(page))
    for _ in range(3):
        busy()
    todo = collect(person)
    assert todo.groups and all(len(g.items) >= 4 for g in todo.groups), todo.groups
    for page in pages:
        with django_assert_max_num_queries(len(few[page].captured_queries), info=page):
            assert client.get(reverse(page)).status_code == 200


# --- Progress reviews in the demo wait for the lecturer (issue 11, item 7) ----------------------------


def test_demo_reviews_at_two_of_three_ask_the_lecturer_to_sign(demo_data, client):
    from trainees.models import ProgressReview

    lecturer = User.objects.get(username="lecturer")
    waiting = (
        ProgressReview.objects.filter(enrolment__lecturer=lecturer, enrolment__status="active")
        .exclude(signatures__party="lecturer")
        .order_by("held_on", "pk")  # oldest first, as the lists show them
    )
    assert waiting and all(r.signatures.count() == 2 for r in waiting)  # "2 of 3"
    client.force_login(lecturer)
    html = client.get(reverse("dashboard")).text
    assert "Progress reviews to sign" in html
    for review in waiting[:SHOWN]:
        assert f'<a href="{url("trainees:review_detail", review)}">' in html
    assert len(collect(lecturer).group("review_to_sign").items) == waiting.count()
    assert collect(User.objects.get(username="trainee")).group("review_to_sign") is None  # they signed


def test_new_review_asks_trainee_employer_and_lecturer(people, cohort_setup):
    to_sign = review(cohort_setup.enrolment, people.mentor)
    link = url("trainees:review_detail", to_sign)
    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert urls(person, "review_to_sign") == [link], person
    assert urls(cohort_setup.other_mentor, "review_to_sign") == []
    outsider = person_with_role(Membership.Role.LECTURER, people.other_trust)
    assert urls(outsider, "review_to_sign") == []
