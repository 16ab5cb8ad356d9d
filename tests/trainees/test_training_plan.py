"""The training plan and its skills scan: versions, signing by trainee, employer and provider before training
starts, the prior learning that reduces off-the-job hours, and the pages that show and change them.

cohort_setup: alice (people.trainee) with people.mentor, a manager and a lecturer, on a cohort that started
10 weeks ago, on a programme with a minimum of 300 off-the-job hours (ST0215)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.signing import Immutable, NotASigner, NotSignable, OwnRecord
from core.todo import collect
from tests.factories import UserFactory
from trainees import reminders, training_plan
from trainees.models import PlannedDelivery, PlanSignature, SkillsScanRating, TrainingPlan

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def start(enrolment, by, **fields):
    cohort = enrolment.cohort
    values = {
        "off_the_job_hours": Decimal("300"),
        "practical_start": cohort.start_date,
        "practical_end": cohort.expected_end_date,
        "english_and_maths": "GCSE English and maths, grade 4.",
    }
    return training_plan.start_plan(enrolment=enrolment, by=by, **values | fields)


def deliver(plan, by, what="Foundations of care"):
    return training_plan.add_delivery(
        plan=plan, by=by, what=what, how="taught", by_whom="University of Northfield", term="Year 1, autumn"
    )


def ratings(enrolment, **special):
    """Every KSB rated none, except those named by code: {code: (rating, evidence)}."""
    return {
        ksb.pk: special.get(ksb.code, ("none", "")) for ksb in enrolment.cohort.programme.standard.ksbs.all()
    }


def scan(plan, by, reduction=0, justification="", **special):
    return training_plan.record_skills_scan(
        plan=plan,
        by=by,
        ratings=ratings(plan.enrolment, **special),
        reduction_hours=Decimal(reduction),
        justification=justification,
    )


EVIDENCE = {"K1": ("full", "Care Certificate, March 2024."), "S1": ("some", "Observed practice, 2024.")}


@pytest.fixture
def plan(people, cohort_setup):
    """Version 1 of alice's plan, ready to sign: one delivery row and a scan taking 40 hours off."""
    lecturer = cohort_setup.lecturer
    draft = deliver(start(cohort_setup.enrolment, lecturer), lecturer)
    return scan(draft, lecturer, 40, "Care Certificate replaces induction teaching.", **EVIDENCE)


def sign_all(plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    training_plan.sign_plan(plan=plan, party="employer", by=people.mentor)
    training_plan.sign_plan(plan=plan, party="provider", by=cohort_setup.lecturer)


# --- Versions -------------------------------------------------------------------------------------------


def test_an_unsigned_plan_is_changed_in_place(plan, cohort_setup):
    changed = training_plan.change_plan(plan=plan, by=cohort_setup.lecturer, off_the_job_hours=Decimal("280"))
    assert changed.pk == plan.pk and changed.version == 1
    assert TrainingPlan.objects.get(pk=plan.pk).off_the_job_hours == Decimal("280")


def test_a_change_after_anyone_signed_makes_version_2_and_keeps_version_1(plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    before = plan.fingerprint()
    new = training_plan.change_plan(plan=plan, by=people.lead, support_needs="Extra time in written exams.")
    plan.refresh_from_db()
    assert new.version == 2 and new.pk != plan.pk
    assert not plan.is_current and plan.fingerprint() == before and plan.signatures.count() == 1
    assert new.is_current and not new.signatures.exists()
    # Everything signed is carried over: the delivery rows and the skills scan with its reduction.
    assert [d.what for d in new.deliveries.all()] == ["Foundations of care"]
    assert new.scan().reduction_hours == Decimal("40")
    assert new.scan().ratings.filter(rating="full").get().evidence == "Care Certificate, March 2024."
    assert training_plan.current_plan(cohort_setup.enrolment) == new


def test_adding_and_removing_delivery_on_a_signed_plan_makes_a_new_version(plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    v2 = deliver(plan, cohort_setup.lecturer, what="Skills lab")
    assert v2.version == 2 and plan.deliveries.count() == 1 and v2.deliveries.count() == 2
    training_plan.sign_plan(plan=v2, party="provider", by=cohort_setup.lecturer)
    row = v2.deliveries.get(what="Foundations of care")
    v3 = training_plan.remove_delivery(plan=v2, by=people.lead, delivery=row)
    assert v3.version == 3 and [d.what for d in v3.deliveries.all()] == ["Skills lab"]
    assert v2.deliveries.count() == 2


def test_an_unchanged_save_of_a_signed_plan_makes_no_new_version(plan, people, cohort_setup):
    sign_all(plan, people, cohort_setup)
    same = training_plan.change_plan(plan=plan, by=people.lead, off_the_job_hours=plan.off_the_job_hours)
    assert same.pk == plan.pk
    again = scan(plan, people.lead, 40, "Care Certificate replaces induction teaching.", **EVIDENCE)
    assert again.pk == plan.pk and TrainingPlan.objects.filter(enrolment=plan.enrolment).count() == 1


def test_a_replaced_version_cannot_be_changed_or_signed(plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    training_plan.change_plan(plan=plan, by=people.lead, support_needs="Reader")
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="replaced"):
        training_plan.change_plan(plan=plan, by=people.lead, support_needs="Scribe")
    with pytest.raises(NotSignable, match="replaced"):
        training_plan.sign_plan(plan=plan, party="provider", by=cohort_setup.lecturer)


def test_the_practical_period_lasts_at_least_8_months(cohort_setup):
    enrolment = cohort_setup.enrolment
    with pytest.raises(ValidationError, match="at least 8 months"):
        start(
            enrolment,
            cohort_setup.lecturer,
            practical_end=enrolment.cohort.start_date + datetime.timedelta(200),
        )


def test_a_plan_is_never_below_187_hours(cohort_setup):
    with pytest.raises(ValidationError) as refused:
        start(cohort_setup.enrolment, cohort_setup.lecturer, off_the_job_hours=Decimal("150"))
    assert "off_the_job_hours" in refused.value.message_dict


# --- Signing --------------------------------------------------------------------------------------------


def test_nobody_signs_before_the_plan_says_what_is_delivered_and_records_the_scan(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    with pytest.raises(NotSignable, match="what is delivered"):
        training_plan.sign_plan(plan=draft, party="trainee", by=people.trainee)
    deliver(draft, cohort_setup.lecturer)
    with pytest.raises(NotSignable, match="skills scan"):
        training_plan.sign_plan(plan=draft, party="trainee", by=people.trainee)
    scan(draft, cohort_setup.lecturer)
    assert training_plan.sign_plan(plan=draft, party="trainee", by=people.trainee).party == "trainee"


def test_the_employer_signs_as_mentor_or_manager_and_the_provider_as_lecturer(plan, people, cohort_setup):
    assert plan.parties_of(people.mentor) == [TrainingPlan.Party.EMPLOYER]
    assert plan.parties_of(cohort_setup.manager) == [TrainingPlan.Party.EMPLOYER]
    assert plan.parties_of(cohort_setup.lecturer) == [TrainingPlan.Party.PROVIDER]
    assert plan.parties_of(people.trainee) == [TrainingPlan.Party.TRAINEE]
    assert plan.parties_of(people.lead) == []


def test_the_wrong_people_are_refused(plan, people, cohort_setup):
    with pytest.raises(NotASigner, match="Only the trainee can sign"):
        training_plan.sign_plan(plan=plan, party="trainee", by=people.other_trainee)
    with pytest.raises(OwnRecord):
        training_plan.sign_plan(plan=plan, party="employer", by=people.trainee)
    with pytest.raises(NotASigner, match="lecturer"):
        training_plan.sign_plan(plan=plan, party="provider", by=people.mentor)
    with pytest.raises(NotASigner):
        training_plan.sign_plan(plan=plan, party="provider", by=people.lead)
    assert not plan.signatures.exists()


def test_prior_learning_hours_are_set_only_when_all_three_have_signed(plan, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    training_plan.sign_plan(plan=plan, party="employer", by=cohort_setup.manager)
    enrolment.refresh_from_db()
    assert enrolment.prior_learning_hours == 0
    training_plan.sign_plan(plan=plan, party="provider", by=cohort_setup.lecturer)
    enrolment.refresh_from_db()
    assert enrolment.prior_learning_hours == Decimal("40")
    # A new version's reduction counts only once it too is signed by all.
    v2 = scan(plan, cohort_setup.lecturer, 60, "Care Certificate and NVQ 3.", **EVIDENCE)
    enrolment.refresh_from_db()
    assert enrolment.prior_learning_hours == Decimal("40")
    sign_all(v2, people, cohort_setup)
    enrolment.refresh_from_db()
    assert enrolment.prior_learning_hours == Decimal("60")


def test_a_plan_signed_by_all_without_reduction_records_none(people, cohort_setup):
    lecturer = cohort_setup.lecturer
    plan = scan(deliver(start(cohort_setup.enrolment, lecturer), lecturer), lecturer)
    sign_all(plan, people, cohort_setup)
    cohort_setup.enrolment.refresh_from_db()
    assert cohort_setup.enrolment.prior_learning_hours == 0


def test_each_party_signs_on_the_page(client, plan, people, cohort_setup):
    url = reverse("trainees:plan_detail", args=[plan.pk])
    for party, person in (
        ("trainee", people.trainee),
        ("employer", people.mentor),
        ("provider", cohort_setup.lecturer),
    ):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert f'value="{party}"' in page and plan.fingerprint() in page
        assert page.index("What is delivered when, how and by whom") < page.index("Sign as")
        response = client.post(
            reverse("trainees:plan_sign", args=[plan.pk]),
            {"party": party, "read_terms": "on", "fingerprint": plan.fingerprint()},
            follow=True,
        )
        assert "You signed version 1 as" in response.content.decode()
    assert "Signed by all three parties" in client.get(url).content.decode()


def test_signing_on_the_page_needs_the_plan_read_and_refuses_a_party_not_theirs(client, plan, people):
    client.force_login(people.trainee)
    sign = reverse("trainees:plan_sign", args=[plan.pk])
    response = client.post(sign, {"party": "trainee"})
    assert response.status_code == 400 and "Confirm that you have read" in response.content.decode()
    response = client.post(sign, {"party": "employer", "read_terms": "on"})
    assert response.status_code == 400 and "Nobody signs for themself" in response.content.decode()
    assert not plan.signatures.exists()


def test_a_page_opened_before_a_change_cannot_sign_the_changed_plan(client, plan, people, cohort_setup):
    seen = plan.fingerprint()
    training_plan.change_plan(plan=plan, by=cohort_setup.lecturer, support_needs="Coloured overlays")
    client.force_login(people.trainee)
    response = client.post(
        reverse("trainees:plan_sign", args=[plan.pk]),
        {"party": "trainee", "read_terms": "on", "fingerprint": seen},
    )
    assert response.status_code == 400 and "has changed since you opened it" in response.content.decode()


# --- Signed means unchanged -------------------------------------------------------------------------------


def test_a_signed_version_and_its_rows_cannot_be_changed(plan, people):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    plan.off_the_job_hours = Decimal("250")
    with pytest.raises(Immutable):
        plan.save()
    row = PlannedDelivery.objects.get(plan=plan)
    row.what = "Something else"
    with pytest.raises(Immutable):
        row.save()
    with pytest.raises(Immutable):
        row.delete()
    rating = SkillsScanRating.objects.filter(scan__plan=plan).first()
    rating.evidence = "Made up"
    with pytest.raises(Immutable):
        rating.save()
    with pytest.raises(Immutable):
        TrainingPlan.objects.get(pk=plan.pk).delete()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_signed_plan_and_its_signatures_are_read_only_in_the_admin(admin_client, plan, people):
    signature = training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    for obj, name in ((plan, "trainingplan"), (signature, "plansignature"), (plan.scan(), "skillsscan")):
        change = reverse(f"admin:trainees_{name}_change", args=[obj.pk])
        page = admin_client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.text
        assert admin_client.post(change, {}).status_code == 403
        delete = reverse(f"admin:trainees_{name}_delete", args=[obj.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert TrainingPlan.objects.filter(pk=plan.pk).exists() and PlanSignature.objects.filter(pk=signature.pk)


# --- The skills scan --------------------------------------------------------------------------------------


def test_every_ksb_is_rated(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    some = ratings(cohort_setup.enrolment)
    missing = next(iter(some))
    del some[missing]
    with pytest.raises(ValidationError) as refused:
        training_plan.record_skills_scan(plan=draft, by=cohort_setup.lecturer, ratings=some)
    assert f"rating_{missing}" in refused.value.message_dict


def test_evidence_is_needed_for_each_ksb_rated_above_none(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    with pytest.raises(ValidationError, match="evidence of prior learning there is for S1"):
        scan(draft, cohort_setup.lecturer, S1=("some", "  "))
    assert draft.scan() is None


def test_a_reduction_needs_a_justification_and_evidence(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    with pytest.raises(ValidationError, match="Say why prior learning justifies"):
        scan(draft, cohort_setup.lecturer, 20, "", **EVIDENCE)
    with pytest.raises(ValidationError, match="A reduction needs evidence of prior learning"):
        scan(draft, cohort_setup.lecturer, 20, "Because.")


def test_a_reduction_may_not_take_the_plan_below_187_hours(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    with pytest.raises(ValidationError) as refused:
        scan(draft, cohort_setup.lecturer, 114, "Lots of prior learning.", **EVIDENCE)
    message = refused.value.message_dict["reduction_hours"][0]
    assert "floor of 187\u00a0h" in message and "the most it can take off is 113\u00a0h" in message
    assert scan(draft, cohort_setup.lecturer, 113, "Lots of prior learning.", **EVIDENCE).scan()


def test_with_no_programme_minimum_set_nothing_comes_off_the_floor(people, cohort_setup):
    programme = cohort_setup.enrolment.cohort.programme
    programme.minimum_study_hours = 0
    programme.save()
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    with pytest.raises(ValidationError) as refused:
        scan(draft, cohort_setup.lecturer, 20, "Some prior learning.", **EVIDENCE)
    message = refused.value.message_dict["reduction_hours"][0]
    assert "minimum off-the-job hours is not set" in message and "floor of 187\u00a0h" in message
    assert scan(draft, cohort_setup.lecturer, 0, **EVIDENCE).scan()  # a scan without a reduction is fine


def test_evidence_of_a_ksb_rated_none_is_not_kept(people, cohort_setup):
    draft = start(cohort_setup.enrolment, cohort_setup.lecturer)
    scan(draft, cohort_setup.lecturer, K1=("none", "Not relevant"))
    assert not draft.scan().ratings.exclude(evidence="").exists()


# --- Pages and forms --------------------------------------------------------------------------------------


def scan_form_data(enrolment, **special):
    data = {"reduction_hours": "0", "justification": ""}
    for ksb in enrolment.cohort.programme.standard.ksbs.all():
        rating, evidence = special.get(ksb.code, ("none", ""))
        data[f"rating_{ksb.pk}"], data[f"evidence_{ksb.pk}"] = rating, evidence
    return data


def test_the_lecturer_writes_a_plan_in_the_browser(client, people, cohort_setup):
    enrolment = cohort_setup.enrolment
    client.force_login(cohort_setup.lecturer)
    response = client.get(reverse("trainees:plan_current", args=[enrolment.pk]))
    assert "Start the training plan" in response.content.decode()
    create = reverse("trainees:plan_create", args=[enrolment.pk])
    form = client.get(create).context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"english_and_maths": "GCSEs held."}
    response = client.post(create, data)
    plan = training_plan.current_plan(enrolment)
    assert response.status_code == 302 and plan.off_the_job_hours == Decimal("300")
    assert plan.practical_start == enrolment.cohort.start_date

    add = reverse("trainees:plan_delivery_add", args=[plan.pk])
    row = {"what": "Skills lab", "how": "simulation", "by_whom": "University", "term": ""}
    response = client.post(add, row)
    assert response.status_code == 400 and "Give the dates it is delivered, or the term" in response.text
    response = client.post(add, row | {"starts_on": TODAY.isoformat()})
    assert response.status_code == 302 and plan.deliveries.get().what == "Skills lab"

    url = reverse("trainees:plan_scan", args=[plan.pk])
    response = client.post(url, scan_form_data(enrolment, K2=("some", "")))
    assert response.status_code == 400
    assert "Say what evidence of prior learning there is for K2" in response.content.decode()
    assert 'class="nhsuk-error-summary' in response.content.decode()
    response = client.post(url, scan_form_data(enrolment, K2=("some", "NVQ 3 in health and social care")))
    assert response.status_code == 302 and plan.scan().ratings.get(rating="some").evidence.startswith("NVQ")
    page = client.get(reverse("trainees:plan_detail", args=[plan.pk])).content.decode()
    assert "Sign as provider (lecturer)" in page


def test_a_scan_form_reduction_below_the_floor_is_shown_beside_the_field(client, plan, cohort_setup):
    client.force_login(cohort_setup.lecturer)
    data = scan_form_data(cohort_setup.enrolment, **EVIDENCE) | {
        "reduction_hours": "200",
        "justification": "x",
    }
    response = client.post(reverse("trainees:plan_scan", args=[plan.pk]), data)
    assert response.status_code == 400 and "floor of 187" in response.content.decode()
    assert plan.scan().reduction_hours == Decimal("40")


def test_the_edit_form_resaved_keeps_its_dates_and_its_version(client, plan, people, cohort_setup):
    sign_all(plan, people, cohort_setup)
    client.force_login(people.lead)
    url = reverse("trainees:plan_edit", args=[plan.pk])
    page = client.get(url)
    assert "makes version 2" in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    assert client.post(url, data).status_code == 302
    saved = training_plan.current_plan(cohort_setup.enrolment)
    assert saved.pk == plan.pk and saved.practical_start == plan.practical_start
    assert saved.practical_end == plan.practical_end


def test_the_edit_form_shows_the_services_refusal(client, plan, people, cohort_setup):
    client.force_login(people.lead)
    url = reverse("trainees:plan_edit", args=[plan.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["practical_end"] = (plan.practical_start + datetime.timedelta(days=30)).isoformat()
    response = client.post(url, data)
    assert response.status_code == 200 and "at least 8 months" in response.content.decode()
    plan.refresh_from_db()
    assert plan.practical_end == cohort_setup.cohort.expected_end_date


def test_a_change_on_a_signed_plan_is_saved_as_a_new_version_on_the_page(client, plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    client.force_login(cohort_setup.lecturer)
    url = reverse("trainees:plan_edit", args=[plan.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"support_needs": "A reader in exams."}
    response = client.post(url, data, follow=True)
    assert "Saved as version 2" in response.content.decode()
    assert "Version 1" in response.content.decode()  # the versions list links the signed one


# --- Before training starts ---------------------------------------------------------------------------------


def test_signatures_after_training_started_are_flagged(client, plan, people, cohort_setup):
    sign_all(plan, people, cohort_setup)
    state = training_plan.plan_state(cohort_setup.enrolment)
    assert state.signed_by_all and state.signed_late  # the cohort started 10 weeks ago
    client.force_login(people.trainee)
    page = client.get(reverse("trainees:enrolment_detail", args=[cohort_setup.enrolment.pk])).content.decode()
    assert "Version 1 signed by all" in page and "Signed after training started" in page
    before = timezone.make_aware(datetime.datetime.combine(cohort_setup.cohort.start_date, datetime.time(9)))
    PlanSignature.objects.filter(plan=plan).update(signed_at=before - datetime.timedelta(days=3))
    assert not training_plan.plan_state(cohort_setup.enrolment).signed_late
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Version 1 signed by all" in dashboard and "Signed after training started" not in dashboard


def test_an_unsigned_plan_after_training_started_is_flagged_and_on_the_leads_to_do(client, plan, people):
    state = training_plan.plan_state(plan.enrolment)
    assert state.overdue and not state.signed_by_all
    titles = [item.title for item in collect(people.lead).group("plan_unsigned").items]
    assert f"{people.trainee}: not signed" in titles
    assert f"{people.other_trainee}: no training plan yet" in titles
    assert collect(people.other_lead).group("plan_unsigned") is None
    client.force_login(people.trainee)
    page = client.get(reverse("trainees:enrolment_detail", args=[plan.enrolment.pk])).content.decode()
    assert "Not signed before training started" in page and "Open the training plan" in page


def test_each_party_has_a_to_do_item_until_they_sign(plan, people, cohort_setup):
    def to_sign(person):
        return [i for g in collect(person).groups for i in g.items if i.kind == "plan_to_sign"]

    for person in (people.trainee, people.mentor, cohort_setup.manager, cohort_setup.lecturer):
        assert len(to_sign(person)) == 1
    assert to_sign(people.lead) == [] and to_sign(people.other_trainee) == []
    training_plan.sign_plan(plan=plan, party="employer", by=cohort_setup.manager)
    assert to_sign(cohort_setup.manager) == [] and to_sign(people.mentor) == []
    assert to_sign(people.trainee)[0].title == "Your training plan, version 1"


def test_reminders_ask_each_signer_once(plan, people, cohort_setup):
    training_plan.sign_plan(plan=plan, party="trainee", by=people.trainee)
    asked = [due.recipient.pk for due in reminders.plans_awaiting_signature(TODAY)]
    assert sorted(asked) == sorted([people.mentor.pk, cohort_setup.manager.pk, cohort_setup.lecturer.pk])


# --- Who may see and change it ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_lead", "outside_trainee", "other_trainee", "regional"])
def test_people_outside_the_trainees_circle_cannot_see_the_plan(client, plan, people, who):
    client.force_login(getattr(people, who))
    for name in ("plan_detail", "plan_edit", "plan_scan", "plan_delivery_add"):
        assert client.get(reverse(f"trainees:{name}", args=[plan.pk])).status_code == 404
    assert client.get(reverse("trainees:plan_current", args=[plan.enrolment.pk])).status_code == 404


@pytest.mark.parametrize("who", ["trainee", "mentor"])
def test_the_trainee_and_the_employer_side_read_but_do_not_write_the_plan(client, plan, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("trainees:plan_detail", args=[plan.pk])).status_code == 200
    for name in ("plan_edit", "plan_scan", "plan_delivery_add"):
        assert client.get(reverse(f"trainees:{name}", args=[plan.pk])).status_code == 403
    row = plan.deliveries.get()
    remove = reverse("trainees:plan_delivery_remove", args=[plan.pk, row.pk])
    assert client.post(remove).status_code == 403
    assert client.get(reverse("trainees:plan_create", args=[plan.enrolment.pk])).status_code == 403


def test_the_lead_who_is_not_a_signer_cannot_sign_on_the_page(client, plan, people):
    client.force_login(people.lead)
    page = client.get(reverse("trainees:plan_detail", args=[plan.pk])).content.decode()
    assert "Sign as" not in page and "Change the hours and dates" in page
    response = client.post(reverse("trainees:plan_sign", args=[plan.pk]), {"party": "provider"})
    assert response.status_code == 403


def test_each_page_has_one_heading_a_title_and_a_way_back(client, plan, people, cohort_setup):
    client.force_login(people.lead)
    pages = [
        reverse(f"trainees:{name}", args=[plan.pk]) for name in ("plan_detail", "plan_edit", "plan_scan")
    ]
    pages += [reverse("trainees:plan_delivery_add", args=[plan.pk])]
    pages += [reverse("trainees:plan_current", args=[cohort_setup.other_enrolment.pk])]  # no plan yet
    for url in pages:
        html = client.get(url).text
        assert html.count("<h1") == 1, url
        assert re.search(r"<title>\S.* – AP Workforce Portal</title>", html), url
        assert "nhsuk-back-link" in html or "nhsuk-breadcrumb" in html, url
