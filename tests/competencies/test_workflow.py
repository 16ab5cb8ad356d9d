"""From first entry to gateway: evidence is logged, returned, resubmitted, signed off, and KSBs achieved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competencies import selectors, services
from competencies.models import Decision, Evidence
from standards.models import KSB

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def ksbs(*codes):
    return [KSB.objects.get(standard__reference="ST0215", kind=c[0], number=int(c[1:])) for c in codes]


def log(cohort_setup, people, codes=("K5", "S5", "S8"), title="Observations on admission"):
    return services.create_evidence(
        enrolment=cohort_setup.enrolment,
        by=people.trainee,
        ksbs=ksbs(*codes),
        title=title,
        occurred_on=TODAY,
        kind=Evidence.Kind.OBSERVATION,
        narrative="I took a full set of observations and escalated a NEWS2 of 5.",
    )


def signed_off(cohort_setup, people, **kwargs):
    evidence = log(cohort_setup, people, **kwargs)
    services.submit_evidence(evidence=evidence, by=people.trainee)
    services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=True, comment="Good")
    evidence.refresh_from_db()
    return evidence


def test_return_resubmit_sign_off_achieve_and_progress_by_duty_moves(client, people, cohort_setup):
    from standards.services import set_duty_mapping

    standard = cohort_setup.programme.standard
    duty2 = standard.duties.get(number=2)
    set_duty_mapping(duty=duty2, ksbs=ksbs("K5", "S5", "S8", "K6"))
    enrolment = cohort_setup.enrolment

    client.force_login(people.trainee)
    response = client.post(
        reverse("competencies:evidence_create", args=[enrolment.pk]),
        {
            "title": "Observations on admission",
            "occurred_on": TODAY.isoformat(),
            "kind": "observation",
            "narrative": "I took a full set of observations.",
            "ksbs": [k.pk for k in ksbs("K5", "S5", "S8")],
        },
    )
    evidence = Evidence.objects.get()
    assert response.url == reverse("competencies:evidence_detail", args=[evidence.pk])
    client.post(reverse("competencies:evidence_submit", args=[evidence.pk]))
    evidence.refresh_from_db()
    assert evidence.status == "submitted"

    client.force_login(people.mentor)
    assert evidence in selectors.mentor_queue(people.mentor)
    client.post(
        reverse("competencies:evidence_decide", args=[evidence.pk]),
        {"decision": "return", "comment": "Add the escalation you made."},
    )
    evidence.refresh_from_db()
    assert evidence.status == "returned"

    client.force_login(people.trainee)
    page = client.get(reverse("competencies:evidence_edit", args=[evidence.pk])).text
    assert "Add the escalation you made." in page
    client.post(
        reverse("competencies:evidence_edit", args=[evidence.pk]),
        {
            "title": "Observations on admission",
            "occurred_on": TODAY.isoformat(),
            "kind": "observation",
            "narrative": "I took observations and escalated a NEWS2 of 5 to the nurse in charge.",
            "ksbs": [k.pk for k in ksbs("K5", "S5", "S8")],
        },
    )
    client.post(reverse("competencies:evidence_submit", args=[evidence.pk]))

    client.force_login(people.mentor)
    client.post(
        reverse("competencies:evidence_decide", args=[evidence.pk]),
        {"decision": "sign_off", "comment": "Clear"},
    )
    evidence.refresh_from_db()
    assert evidence.status == "signed_off"
    sign_off = evidence.decisions.get(action="signed_off")
    assert (sign_off.decided_by, sign_off.comment, sign_off.fingerprint) == (
        people.mentor,
        "Clear",
        evidence.fingerprint(),
    )

    before = {s.label[:2]: s.achieved for s in selectors.progress(enrolment).by_duty}
    k5 = ksbs("K5")[0]
    response = client.post(
        reverse("competencies:ksb_achieve", args=[enrolment.pk, k5.pk]),
        {"evidence": [evidence.pk], "comment": "Seen"},
    )
    assert response.status_code == 302
    progress = selectors.progress(enrolment)
    after = {s.label[:2]: s.achieved for s in progress.by_duty}
    assert (before["D2"], after["D2"]) == (0, 1)
    assert progress.overall.achieved == 1
    trail = [(h.status, h.history_user) for h in evidence.history.order_by("history_date")]
    assert trail[-1] == ("signed_off", people.mentor)
    assert ("returned", people.mentor) in trail and ("submitted", people.trainee) in trail
    assert [h.status for h in evidence.history.order_by("history_date")][-1] == "signed_off"


def test_others_cannot_see_or_act_on_the_evidence(client, people, cohort_setup):
    evidence = log(cohort_setup, people)
    services.submit_evidence(evidence=evidence, by=people.trainee)
    detail = reverse("competencies:evidence_detail", args=[evidence.pk])
    decide = reverse("competencies:evidence_decide", args=[evidence.pk])
    for outsider in (people.other_trainee, cohort_setup.other_mentor, people.other_lead, people.regional):
        client.force_login(outsider)
        assert client.get(detail).status_code == 404
        assert client.post(decide, {"decision": "sign_off"}).status_code == 404
        assert (
            client.get(reverse("competencies:portfolio", args=[cohort_setup.enrolment.pk])).status_code == 404
        )
    for reader in (people.trainee, cohort_setup.manager, cohort_setup.lecturer, people.lead):
        client.force_login(reader)
        assert client.get(detail).status_code == 200
        assert client.post(decide, {"decision": "sign_off"}).status_code == 403
    evidence.refresh_from_db()
    assert evidence.status == "submitted" and not Decision.objects.exists()


def test_only_the_trainee_logs_and_edits_their_evidence(client, people, cohort_setup):
    client.force_login(people.mentor)
    url = reverse("competencies:evidence_create", args=[cohort_setup.enrolment.pk])
    assert client.post(url, {"title": "x"}).status_code == 403
    with pytest.raises(ValidationError, match="Only the trainee"):
        log(cohort_setup, type("P", (), {"trainee": people.mentor})())
    assert not Evidence.objects.exists()


def test_signed_evidence_cannot_be_edited(client, people, cohort_setup):
    evidence = signed_off(cohort_setup, people)
    with pytest.raises(ValidationError, match="make a new version"):
        services.update_evidence(evidence=evidence, by=people.trainee, ksbs=ksbs("K1"), title="Changed")
    client.force_login(people.trainee)
    edit = reverse("competencies:evidence_edit", args=[evidence.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "Changed", "ksbs": [ksbs("K1")[0].pk]}).status_code == 403
    evidence.refresh_from_db()
    assert evidence.title == "Observations on admission"
    assert evidence.fingerprint() == evidence.decisions.get().fingerprint


def test_new_version_of_signed_evidence_needs_its_own_sign_off(people, cohort_setup):
    evidence = signed_off(cohort_setup, people)
    copy = services.new_version(evidence=evidence, by=people.trainee)
    assert (copy.version, copy.status, copy.previous) == (2, "draft", evidence)
    assert list(copy.ksbs.all()) == list(evidence.ksbs.all())
    services.update_evidence(evidence=copy, by=people.trainee, ksbs=ksbs("K5"), narrative="Rewritten")
    evidence.refresh_from_db()
    assert evidence.status == "signed_off" and evidence.narrative != "Rewritten"
    with pytest.raises(ValidationError, match="newer version"):
        services.new_version(evidence=evidence, by=people.trainee)


def test_submitted_evidence_is_locked_until_decided(people, cohort_setup):
    evidence = log(cohort_setup, people)
    services.submit_evidence(evidence=evidence, by=people.trainee)
    with pytest.raises(ValidationError, match="submitted for sign-off and cannot be changed"):
        services.update_evidence(evidence=evidence, by=people.trainee, ksbs=ksbs("K1"), title="x")


def test_return_needs_feedback(people, cohort_setup):
    evidence = log(cohort_setup, people)
    services.submit_evidence(evidence=evidence, by=people.trainee)
    with pytest.raises(ValidationError, match="Say what the trainee should change"):
        services.decide_evidence(evidence=evidence, by=people.mentor, sign_off=False)


def test_evidence_needs_a_ksb_of_the_trainees_standard(people, cohort_setup):
    import json

    from standards.models import Standard
    from standards.services import import_standards
    from tests.standards.conftest import make_document

    import_standards(text=json.dumps(make_document()))
    foreign = Standard.objects.get(reference="ST0217").ksbs.first()
    with pytest.raises(ValidationError):
        services.create_evidence(
            enrolment=cohort_setup.enrolment,
            by=people.trainee,
            ksbs=[foreign],
            title="x",
            occurred_on=TODAY,
            kind="observation",
            narrative="x",
        )


def test_ksb_achieved_only_citing_signed_off_evidence_that_shows_it(people, cohort_setup):
    draft = log(cohort_setup, people)
    k5, k1 = ksbs("K5", "K1")
    with pytest.raises(ValidationError, match="not signed-off evidence"):
        services.achieve_ksb(enrolment=cohort_setup.enrolment, ksb=k5, by=people.mentor, evidence=[draft])
    signed = signed_off(cohort_setup, people, title="Signed")
    with pytest.raises(ValidationError, match="not mapped to K1"):
        services.achieve_ksb(enrolment=cohort_setup.enrolment, ksb=k1, by=people.mentor, evidence=[signed])
    with pytest.raises(ValidationError, match="Only the trainee's mentor"):
        services.achieve_ksb(
            enrolment=cohort_setup.enrolment, ksb=k5, by=cohort_setup.manager, evidence=[signed]
        )
    services.achieve_ksb(enrolment=cohort_setup.enrolment, ksb=k5, by=people.mentor, evidence=[signed])
    with pytest.raises(ValidationError, match="already marked achieved"):
        services.achieve_ksb(enrolment=cohort_setup.enrolment, ksb=k5, by=people.mentor, evidence=[signed])


def test_gateway_lists_what_is_missing_then_ready(people, cohort_setup):
    from competencies.gateway import requirements_for
    from competencies.models import Achievement
    from trainees import services as trainee_services

    enrolment = cohort_setup.enrolment
    gateway = selectors.gateway(enrolment)
    assert not gateway.ready
    assert "72 of 72 KSBs not yet achieved" in gateway.missing
    assert any("not signed by all" in m for m in gateway.missing)
    assert any("200 credits" in m for m in gateway.missing)

    evidence = signed_off(cohort_setup, people)
    Achievement.objects.bulk_create(
        Achievement(enrolment=enrolment, ksb=k, signed_by=people.mentor)
        for k in cohort_setup.programme.standard.ksbs.all()
    )
    assert evidence.status == "signed_off"
    contract = trainee_services.change_contract(
        contract=trainee_services.current_contract(enrolment), by=people.lead, service_cover="Bank staff"
    )
    for party, person in {
        "trainee": people.trainee,
        "mentor": people.mentor,
        "manager": cohort_setup.manager,
        "lecturer": cohort_setup.lecturer,
    }.items():
        trainee_services.sign_contract(contract=contract, party=party, by=person)
    trainee_services.record_review(
        enrolment=enrolment, by=people.mentor, held_on=TODAY, progress="x", actions="y"
    )
    for requirement in requirements_for(cohort_setup.programme.standard):
        services.confirm_gateway_requirement(
            enrolment=enrolment, requirement=requirement.code, by=people.lead
        )
    assert selectors.gateway(enrolment).ready


def test_gateway_flags_an_overdue_review(people, cohort_setup):
    late = cohort_setup.cohort.start_date + datetime.timedelta(weeks=14)  # past 3 calendar months
    assert any(
        "review is overdue" in m for m in selectors.gateway(cohort_setup.enrolment, today=late).missing
    )


def test_mentor_queue_oldest_first_and_counted_on_dashboard(client, people, cohort_setup):
    from django.utils import timezone

    first = log(cohort_setup, people, title="First")
    second = log(cohort_setup, people, title="Second")
    for evidence in (second, first):
        services.submit_evidence(evidence=evidence, by=people.trainee)
    Evidence.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3))
    assert list(selectors.mentor_queue(people.mentor)) == [first, second]
    assert list(selectors.mentor_queue(cohort_setup.other_mentor)) == []
    client.force_login(people.mentor)
    dashboard = client.get(reverse("dashboard")).text
    assert '<strong class="portal-big-number" data-queue-count>2</strong>' in dashboard
