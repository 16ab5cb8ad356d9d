"""What the evaluation adds elsewhere: the lead's dashboard panel, the to-do list, the interview reminder and
the menu entry."""

import datetime

import pytest
from django.urls import reverse

from core.todo import collect
from evaluation import contributions
from evaluation.models import Interview, Respondent, Stage
from evaluation.reminders import interviews_due
from reminders import services as reminders
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def interview(cohort_setup, person, stage, due_in_days, *, interviewer=None, status=Interview.Status.DUE):
    enrolment = cohort_setup.cohort.enrolments.filter(trainee=person).first()
    return Interview.objects.create(
        cohort=cohort_setup.cohort,
        respondent=Respondent.TRAINEE if enrolment else Respondent.MANAGER,
        stage=stage,
        interviewee=person,
        enrolment=enrolment,
        due_on=TODAY + datetime.timedelta(days=due_in_days),
        interviewer=interviewer,
        status=status,
    )


@pytest.fixture
def interviews(people, cohort_setup):
    """alice's start interview is overdue (the mentor interviews); bob's is due in 10 days (no interviewer);
    the manager's is due in 30 days (too far off); alice's mid-way one is completed."""
    return {
        "overdue": interview(cohort_setup, people.trainee, Stage.START, -3, interviewer=people.mentor),
        "due": interview(cohort_setup, people.other_trainee, Stage.START, 10),
        "later": interview(cohort_setup, cohort_setup.manager, Stage.START, 30),
        "done": interview(cohort_setup, people.trainee, Stage.MIDWAY, -1, status=Interview.Status.COMPLETED),
    }


def panel_of(page):
    start = page.index('data-panel="evaluation"')
    return page[start : page.index("</section>", start)]


def test_the_leads_dashboard_shows_due_and_overdue_interviews(client, people, interviews):
    client.force_login(people.lead)
    panel = panel_of(client.get(reverse("dashboard")).text)
    assert "Overdue" in panel
    assert f'data-interview="{interviews["overdue"].pk}"' in panel
    assert f'data-interview="{interviews["due"].pk}"' in panel
    assert f'data-interview="{interviews["later"].pk}"' not in panel
    assert f'data-interview="{interviews["done"].pk}"' not in panel
    # The overdue one comes first.
    assert panel.index(f'data-interview="{interviews["overdue"].pk}"') < panel.index(
        f'data-interview="{interviews["due"].pk}"'
    )


def test_no_panel_for_a_trainee_a_mentor_or_another_lead(client, people, interviews):
    for someone in (people.trainee, people.mentor):
        client.force_login(someone)
        assert 'data-panel="evaluation"' not in client.get(reverse("dashboard")).text
    client.force_login(people.other_lead)
    panel = panel_of(client.get(reverse("dashboard")).text)
    assert "data-interview=" not in panel and "No interviews due" in panel


def test_regional_lead_panel_links_to_the_region_only(client, people, interviews):
    client.force_login(people.regional)
    panel = panel_of(client.get(reverse("dashboard")).text)
    assert reverse("evaluation:region", args=[people.region.pk]) in panel
    assert "data-interview=" not in panel


def test_interviews_to_record_are_on_the_lead_and_interviewers_to_do(people, interviews):
    lead = collect(people.lead, TODAY).group("interview_to_record")
    assert {i.url for i in lead.items} == {
        contributions.selectors.interview_url(interviews["overdue"]),
        contributions.selectors.interview_url(interviews["due"]),
    }
    mentor = collect(people.mentor, TODAY).group("interview_to_record")
    assert [i.url for i in mentor.items] == [contributions.selectors.interview_url(interviews["overdue"])]
    assert collect(people.trainee, TODAY).group("interview_to_record") is None


def test_reminders_go_to_the_interviewer_or_the_lead_and_the_interviewee(people, cohort_setup, interviews):
    found = {(d.recipient.username, d.subject) for d in interviews_due(TODAY)}
    overdue, due = f"interview:{interviews['overdue'].pk}", f"interview:{interviews['due'].pk}"
    # Due in 10 days is not yet within the week's notice; overdue is.
    assert found == {("mentor", overdue), ("alice", overdue)}
    found = {(d.recipient.username, d.subject) for d in interviews_due(TODAY + datetime.timedelta(days=4))}
    assert found == {("mentor", overdue), ("alice", overdue), ("lead", due), ("bob", due)}
    assert not any(subject.endswith(str(interviews["later"].pk)) for _u, subject in found)


def test_a_reminder_names_the_interviews_stage_after_the_person(people, cohort_setup, interviews):
    bodies = {d.recipient.username: d.body for d in interviews_due(TODAY)}
    cohort = cohort_setup.cohort
    whom = people.trainee.get_full_name() or people.trainee
    assert bodies["mentor"].startswith(
        f"The evaluation interview of {whom} ({cohort}), shortly after starting, "
    )
    assert bodies["alice"].startswith(
        f"Your evaluation interview about the programme ({cohort}), shortly after "
    )


def test_reminders_are_sent_once(people, interviews):
    assert reminders.send_due() >= 2
    sent = Reminder.objects.filter(kind="evaluation_interview_due")
    assert {r.recipient for r in sent} == {people.mentor, people.trainee}
    for reminder in sent:
        reminder.clean()
    before = sent.count()
    reminders.send_due()
    assert Reminder.objects.filter(kind="evaluation_interview_due").count() == before


def test_menu_link_for_leads_and_regional_leads_only(people):
    assert contributions.evaluation_link(people.lead) == reverse("evaluation:home")
    assert contributions.evaluation_link(people.regional) == reverse(
        "evaluation:region", args=[people.region.pk]
    )
    assert contributions.evaluation_link(people.trainee) is None
    assert contributions.evaluation_link(people.mentor) is None
