"""Each named rule in reports.access, for yes and for no.

A report is about a subject (alice's portfolio, a cohort) and may be made by those who may see it; a made
report is downloaded only by who asked for it, and only while they may still see its subject.
"""

import pytest

from reports import access, kinds
from reports.models import ReportJob
from trainees import services as trainee_services
from trainees.models import Enrolment

pytestmark = pytest.mark.django_db


def supporters(people, cohort_setup):
    return (people.mentor, cohort_setup.manager, cohort_setup.lecturer)


def outsiders(people, cohort_setup):
    return (
        people.other_trainee,
        cohort_setup.other_mentor,
        people.other_lead,
        people.outside_trainee,
        people.regional,
    )


def job(kind, subject_id, by):
    return ReportJob.objects.create(kind=kind, subject_id=subject_id, requested_by=by)


def test_portfolio_report_made_by_those_who_see_the_portfolio(people, cohort_setup):
    portfolio, enrolment = kinds.get("portfolio"), cohort_setup.enrolment
    for someone in (people.trainee, *supporters(people, cohort_setup), people.lead):
        assert access.can_view_report_subject(someone, portfolio, enrolment)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_report_subject(someone, portfolio, enrolment)


def test_cohort_report_made_by_its_lead_and_the_supporters_of_its_trainees(people, cohort_setup):
    cohort_kind, cohort = kinds.get("cohort"), cohort_setup.cohort
    for someone in (people.lead, *supporters(people, cohort_setup), cohort_setup.other_mentor):
        assert access.can_view_report_subject(someone, cohort_kind, cohort)
    for someone in (people.trainee, people.other_trainee, people.other_lead, people.regional):
        assert not access.can_view_report_subject(someone, cohort_kind, cohort)


def test_no_report_about_a_subject_that_is_gone(people):
    assert not access.can_view_report_subject(people.lead, kinds.get("cohort"), None)


def test_only_the_requester_downloads_a_report(people, cohort_setup):
    report = job("portfolio", cohort_setup.enrolment.pk, people.mentor)
    assert access.can_view_report(people.mentor, report)
    # Each of these may see alice's portfolio, but did not ask for this report.
    for someone in (people.trainee, cohort_setup.manager, cohort_setup.lecturer, people.lead):
        assert not access.can_view_report(someone, report)
    for someone in outsiders(people, cohort_setup):
        assert not access.can_view_report(someone, report)


def test_requester_who_no_longer_sees_the_subject_may_not_download(people, cohort_setup):
    report = job("portfolio", cohort_setup.enrolment.pk, people.mentor)
    trainee_services.update_enrolment(enrolment=cohort_setup.enrolment, mentors=[cohort_setup.other_mentor])
    assert not access.can_view_report(people.mentor, report)


def test_cohort_report_downloaded_by_its_requesting_manager_only(people, cohort_setup):
    report = job("cohort", cohort_setup.cohort.pk, cohort_setup.manager)
    assert access.can_view_report(cohort_setup.manager, report)
    for someone in (people.lead, people.mentor, cohort_setup.other_mentor, people.trainee):
        assert not access.can_view_report(someone, report)


def test_report_whose_subject_was_deleted_may_not_be_downloaded(people, cohort_setup):
    gone = (Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert not access.can_view_report(people.lead, job("portfolio", gone, people.lead))
