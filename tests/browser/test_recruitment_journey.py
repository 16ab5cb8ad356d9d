"""A candidate is scored against seed 004's person specification through to appointment and enrolment on a
cohort, in the browser, over the demo data (issue 16).

The lead opens the demo vacancy from the workforce page, adds a candidate, scores them on the criteria
assessed at application, shortlists them with the reason drawn from those scores, scores the interview,
references and testing, appoints them and enrols them on Cohort 1 with a mentor and a manager in one step.
The enrolment then exists with the trainee role; the panel (the demo mentor) sees the summary and the
candidate as the lead does; the regional lead gets "not found" for both. The vacancy's page fits a phone.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_accessibility import AXE, DESKTOP, check, describe
from .test_daily_work import no_error_shown, sign_out
from .test_frameworks import sign_in
from .test_phone import PHONE, problems_on

pytestmark = pytest.mark.browser

EMAIL = "riley.brooks@example.invalid"


def score_every_criterion(page, stage):
    page.get_by_role("link", name=re.compile(f"^Score {stage}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {stage}")
    criteria = page.locator("fieldset[data-criterion]")
    expect(criteria.first).to_be_visible()
    for criterion in criteria.all():
        criterion.get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save the scores").click()
    no_error_shown(page)
    expect(page.get_by_text(f"Riley Brooks's {stage} scores saved.")).to_be_visible()
    section = page.locator(f"#stage-{stage}")
    count = criteria_count(stage)
    expect(section.get_by_role("heading", level=2)).to_contain_text(f"({count} of {count} scored)")


def criteria_count(stage):
    from workforce.models import Vacancy

    vacancy = Vacancy.objects.get(reference="ZZ1-OT-AP-0412")
    return vacancy.profile_version.criteria.filter(**{f"by_{stage}": True}).count()


def test_a_candidate_is_scored_against_the_profile_through_to_appointment_and_enrolment(
    page: Page, live_server, demo
):
    from accounts.models import Membership
    from trainees.models import Enrolment
    from workforce.models import Candidate

    sign_in(page, live_server, "lead", demo)
    page.goto(f"{live_server.url}/workforce/")
    page.locator("#home-recruitment").get_by_role(
        "link", name=re.compile("^Occupational Therapy Assistant Practitioner")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Occupational Therapy Assistant Practitioner, band 4"
    )
    expect(page.locator("#retention")).to_contain_text("Their records will be deleted on")

    # A new candidate, scored on the application criteria only.
    page.get_by_role("link", name="Add a candidate").click()
    page.get_by_label("First name").fill("Riley")
    page.get_by_label("Last name").fill("Brooks")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Phone number").fill("07700 900999")
    page.get_by_role("button", name="Add the candidate").click()
    no_error_shown(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Riley Brooks")
    expect(page.locator("#stage-interview")).to_contain_text("Decide the shortlist first")
    score_every_criterion(page, "application")

    # Shortlisted, with the reason drawn from the application scores.
    page.get_by_role("link", name="Decide the shortlist").click()
    essential = Candidate.objects.get(email=EMAIL).vacancy.profile_version.criteria.filter(
        by_application=True, essential=True
    )
    desirable_count = criteria_count("application") - essential.count()
    drawn = (
        f"Meets all {essential.count()} essential criteria assessed at application; "
        f"{desirable_count} of {desirable_count} desirable."
    )
    expect(page.locator("#drawn-reason")).to_have_text(drawn)
    expect(page.get_by_label("Reason")).to_have_value(drawn)
    page.get_by_label("Shortlist", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    no_error_shown(page)
    expect(page.locator("#candidate-shortlisting")).to_contain_text("Shortlisted")
    expect(page.locator("#candidate-shortlisting")).to_contain_text(drawn)

    for stage in ("interview", "references", "testing"):
        score_every_criterion(page, stage)
    expect(page.locator("#candidate-essential")).to_contain_text("Meets every essential criterion")

    # Appointed, then enrolled on a cohort with a mentor and a manager in one step.
    page.get_by_role("link", name="Appoint", exact=True).click()
    expect(page.get_by_text("Meets every essential criterion")).to_be_visible()
    page.get_by_role("button", name="Appoint").click()
    no_error_shown(page)
    expect(page.locator("#candidate-appointment")).to_contain_text("Appointed")
    page.get_by_role("link", name="Enrol on a cohort").click()
    page.get_by_label("Cohort", exact=True).select_option(label="Cohort 1")
    page.get_by_label(re.compile("^Grace Okafor")).check()
    page.get_by_label("Manager").select_option(label="Tom Hughes – Ward manager, Elm Ward")
    page.get_by_label("Service or ward").fill("Stroke rehabilitation")
    page.get_by_role("button", name="Enrol on the cohort").click()
    no_error_shown(page)
    expect(
        page.get_by_text("Riley Brooks is now on Cohort 1, with a new account: set them a temporary password")
    ).to_be_visible()
    expect(page.locator("#candidate-enrolment")).to_contain_text("Enrolled on Cohort 1")
    expect(page.locator("#sign-in").get_by_role("link", name="Set a temporary password")).to_be_visible()

    enrolment = Enrolment.objects.select_related("trainee", "cohort", "manager").get(trainee__email=EMAIL)
    assert (enrolment.cohort.name, enrolment.manager.username, enrolment.service) == (
        "Cohort 1",
        "manager",
        "Stroke rehabilitation",
    )
    assert [m.username for m in enrolment.mentors.all()] == ["mentor"]
    assert enrolment.trainee.memberships.filter(
        role=Membership.Role.TRAINEE, organisation=enrolment.cohort.organisation
    ).exists()
    candidate = Candidate.objects.get(email=EMAIL)
    assert candidate.enrolment == enrolment

    vacancy_url = f"{live_server.url}/workforce/recruitment/vacancies/{candidate.vacancy_id}/"
    candidate_url = f"{live_server.url}/workforce/recruitment/candidates/{candidate.pk}/"
    page.goto(vacancy_url)
    lead_summary = page.locator("#candidate-summary").inner_text()
    assert "Riley Brooks" in lead_summary and "Enrolled on Cohort 1" in lead_summary
    page.goto(candidate_url)
    lead_scores = [page.locator(f"#stage-{s}").inner_text() for s in ("application", "interview")]
    sign_out(page)

    # The panel sees what the lead sees.
    sign_in(page, live_server, "mentor", demo)
    page.goto(vacancy_url)
    expect(page.get_by_role("link", name="Add a candidate")).to_have_count(0)
    assert page.locator("#candidate-summary").inner_text() == lead_summary
    page.goto(candidate_url)
    assert [page.locator(f"#stage-{s}").inner_text() for s in ("application", "interview")] == lead_scores
    sign_out(page)

    # The regional lead never sees a candidate.
    sign_in(page, live_server, "regional", demo)
    for url in (vacancy_url, candidate_url):
        response = page.goto(url)
        assert response.status == 404
        expect(page.get_by_text("Riley Brooks")).to_have_count(0)
    sign_out(page)

    # The vacancy's summary fits a phone.
    sign_in(page, live_server, "lead", demo)
    page.set_viewport_size(PHONE)
    path = vacancy_url.removeprefix(live_server.url)
    assert problems_on(page, live_server, path) == []
    assert problems_on(page, live_server, candidate_url.removeprefix(live_server.url)) == []


def test_recruitment_pages_pass_axe_and_the_panels_fit_a_phone(page: Page, live_server, demo):
    from workforce import services_recruitment as services
    from workforce.models import Candidate

    amara, jamie = (Candidate.objects.get(first_name=name) for name in ("Amara", "Jamie"))
    services.appoint(candidate=amara, by=amara.vacancy.created_by)
    vacancy, candidate = (
        f"/workforce/recruitment/vacancies/{amara.vacancy_id}/",
        "/workforce/recruitment/candidates/",
    )
    pages = {
        "lead": [
            "/workforce/",
            "/workforce/recruitment/",
            vacancy,
            f"{vacancy}edit/",
            f"{vacancy}candidates/add/",
            f"{candidate}{amara.pk}/",
            f"{candidate}{amara.pk}/enrol/",
            f"{candidate}{jamie.pk}/appoint/",
            f"{candidate}{jamie.pk}/shortlist/",
            f"{candidate}{jamie.pk}/edit/",
            f"{candidate}{jamie.pk}/delete/",
        ],
        "mentor": [vacancy, f"{candidate}{jamie.pk}/", f"{candidate}{jamie.pk}/score/interview/", "/todo/"],
    }
    page.add_init_script(path=AXE)  # as the crawl does: injected as each page opens (the CSP)
    problems, violations = [], {}
    for role, paths in pages.items():
        phone = role == "mentor"  # the panel scores on the ward, often on a phone
        page.set_viewport_size(PHONE if phone else DESKTOP)
        sign_in(page, live_server, role, demo)
        for path in paths:
            problems += check(page, live_server.url, path, violations, phone)[0]
        sign_out(page)
    problems += describe(violations)
    assert problems == []
