"""A trainee goes from training plan through gateway to an end-point result in the browser (issue 15), over
the demo data.

Sam Taylor (`trainee`) has version 1 of his training plan signed by all (the demo). In the browser the
lecturer adds a module to it, which makes version 2, and signs it for the provider; the mentor signs it for
the employer and the trainee from their to-do list. Sam is then made ready through the services (every KSB
achieved, a review signed by all); in the browser: the lecturer confirms the provider's requirements, the
mentor the employer's and the portfolio, and signs the declaration for the employer; the trainee signs from
their to-do list; the lecturer signs for the provider, which takes the trainee through gateway; the trainee
downloads the gateway bundle, whose manifest checks against the stored fingerprints; the lead books the
end-point assessment from their to-do list and records its results, and the overall grade is shown.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .test_daily_work import no_error_shown, open_todo, sign_out
from .test_frameworks import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.redis]  # the bundle is made by a real worker


def make_ready(username):
    """Every KSB achieved and a progress review held today, signed by all: only the gateway is left."""
    from competencies.models import Achievement
    from trainees import services
    from trainees.models import Enrolment

    enrolment = Enrolment.objects.get(trainee__username=username, cohort__name="Cohort 1")
    mentor = enrolment.mentor_people()[0]
    done = set(enrolment.achievements.values_list("ksb", flat=True))
    Achievement.objects.bulk_create(
        Achievement(enrolment=enrolment, ksb=k, signed_by=mentor)
        for k in enrolment.cohort.programme.standard.ksbs.exclude(pk__in=done)
    )
    review = services.record_review(
        enrolment=enrolment,
        by=mentor,
        held_on=datetime.date.today(),
        progress="Every KSB achieved.",
        actions="Confirm the gateway checklist.",
    )
    for party, person in (
        ("trainee", enrolment.trainee),
        ("employer", mentor),
        ("lecturer", enrolment.lecturer),
    ):
        services.sign_review(review=review, party=party, by=person)
    return enrolment


def confirm(page, requirement, note=""):
    item = page.locator(f"li[data-requirement='{requirement}']")
    if note:
        item.get_by_label("Evidence or note (optional)").fill(note)
    item.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page.get_by_text("Requirement confirmed.", exact=True)).to_be_visible()
    expect(page.locator(f"#requirement-{requirement}-status")).to_have_text("Confirmed")


def sign_plan(page, party):
    page.get_by_label(re.compile(r"^I have read version 2 of this training plan")).check()
    page.get_by_role("button", name=re.compile(f"^Sign as {party}")).click()
    expect(page.get_by_text(re.compile(f"You signed version 2 as {party}"))).to_be_visible()
    no_error_shown(page)


def bundle_checks_against_the_fingerprints(content, enrolment):
    """Every file's SHA-256 is the manifest's; every signed record's fingerprints are those stored."""
    import hashlib
    import io
    import json
    import zipfile

    from core.signing import fingerprint

    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"], entry["path"]
    records = {r["record"]: r for r in manifest["records"]}
    plan = enrolment.training_plans.get(version=2)
    declaration = enrolment.gateway_declaration
    for record in (plan, declaration):
        listed = records[f"{record._meta.label_lower}:{record.pk}"]
        stored = sorted(record.signatures.values_list("fingerprint", flat=True))
        assert len(stored) == 3
        assert sorted(s["fingerprint"] for s in listed["signatures"]) == stored
        assert fingerprint(listed["signed_content"]) == record.fingerprint() == stored[0]
    names = archive.namelist()
    assert "training-plans/training-plan-v2.pdf" in names and "gateway/gateway-declaration.pdf" in names
    assert any(name.startswith("evidence/") for name in names)


def test_a_trainee_goes_from_training_plan_to_gateway_declaration_to_end_point_result(
    page: Page, live_server, demo, celery_worker
):
    from trainees.models import Enrolment

    enrolment = Enrolment.objects.get(trainee__username="trainee", cohort__name="Cohort 1")

    # The lecturer adds a module to the signed plan: version 2, which every party signs again.
    sign_in(page, live_server, "lecturer", demo)
    page.goto(f"{live_server.url}/enrolments/{enrolment.pk}/")
    page.get_by_role("link", name="Open the training plan").click()
    page.get_by_role("link", name="Add what is delivered").click()
    page.get_by_label("What", exact=True).fill("Leading a handover")
    page.get_by_label("Term", exact=True).fill("Year 2, spring term")
    page.get_by_label("How", exact=True).select_option(label="Work-based learning")
    page.get_by_label("By whom", exact=True).fill("Ward 7 practice educator")
    page.get_by_role("button", name="Add to the plan").click()
    no_error_shown(page)
    expect(page.get_by_text("Leading a handover", exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training plan, version 2")
    sign_plan(page, "provider")
    sign_out(page)

    sign_in(page, live_server, "mentor", demo)
    open_todo(page, live_server, "Training plans to sign").get_by_role(
        "link", name=re.compile("Sam Taylor")
    ).click()
    sign_plan(page, "employer")
    sign_out(page)

    sign_in(page, live_server, "trainee", demo)
    open_todo(page, live_server, "Training plans to sign").get_by_role("link").first.click()
    sign_plan(page, "trainee")
    expect(page.get_by_text("Signed by all").first).to_be_visible()
    sign_out(page)
    enrolment.refresh_from_db()
    assert enrolment.training_plans.get(version=2).signatures.count() == 3

    enrolment = make_ready("trainee")
    gateway = f"{live_server.url}/portfolio/{enrolment.pk}/gateway/"

    # The lecturer confirms the provider's requirements: English and maths, the degree's credits, the rest.
    sign_in(page, live_server, "lecturer", demo)
    page.goto(gateway)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gateway and end-point assessment")
    expect(page.locator("#gateway-missing")).to_contain_text("Not yet confirmed")
    expect(page.get_by_role("button", name=re.compile("^Sign as"))).to_have_count(0)
    confirm(page, "english_maths", "Level 2 functional skills certificates seen")
    confirm(page, "foundation_degree", "Exam board: 200 credits")
    confirm(page, "other_qualifications")
    expect(page.locator("li[data-requirement='employer_ready'] form")).to_have_count(0)  # not theirs
    sign_out(page)

    # The mentor confirms the employer's requirement and the portfolio, then signs for the employer.
    sign_in(page, live_server, "mentor", demo)
    page.goto(gateway)
    confirm(page, "employer_ready", "Works at the standard across the ward")
    confirm(page, "portfolio")
    page.get_by_role("button", name="Sign as employer (mentor or manager)").click()
    expect(page.get_by_text("You signed the gateway declaration as employer")).to_be_visible()
    no_error_shown(page)
    sign_out(page)

    # The trainee signs from their to-do list.
    sign_in(page, live_server, "trainee", demo)
    open_todo(page, live_server, "Gateway declarations waiting for your signature").get_by_role(
        "link", name="Your gateway declaration"
    ).click()
    page.get_by_role("button", name="Sign as trainee").click()
    expect(page.get_by_text("You signed the gateway declaration as trainee.")).to_be_visible()
    sign_out(page)

    # The lecturer signs for the provider: the third signature takes the trainee through gateway.
    sign_in(page, live_server, "lecturer", demo)
    open_todo(page, live_server, "Gateway declarations waiting for your signature").get_by_role(
        "link", name=re.compile("Sam Taylor")
    ).click()
    page.get_by_role("button", name="Sign as training provider (lecturer)").click()
    expect(page.get_by_text("Signed by all")).to_be_visible()
    expect(page.locator("#gateway-passed")).to_contain_text("Passed through gateway on")
    expect(page.locator("[data-signatures] .nhsuk-tag", has_text="Signed")).to_have_count(3)
    sign_out(page)

    # The trainee downloads the gateway bundle (made by the worker); its manifest checks against signatures.
    sign_in(page, live_server, "trainee", demo)
    page.goto(gateway)
    page.get_by_role("button", name="Download gateway bundle (zip)").click()
    download_link = page.get_by_role("link", name=re.compile("^Download"))
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as zipped:
        bundle_checks_against_the_fingerprints(zipped.read(), enrolment)
    sign_out(page)

    # The lead books the end-point assessment from their to-do list, then records its results.
    today = datetime.date.today().isoformat()
    sign_in(page, live_server, "lead", demo)
    open_todo(page, live_server, "End-point assessments to book or record").get_by_role(
        "link", name=re.compile("Sam Taylor")
    ).click()
    page.get_by_role("link", name="Book the end-point assessment").click()
    page.get_by_label("End-point assessment organisation").fill("Northern Healthcare Assessment")
    page.get_by_label("Observation of practice booked for").fill(today)
    page.get_by_label("Professional discussion booked for").fill(today)
    page.get_by_role("button", name="Save the booking").click()
    expect(page.get_by_text("End-point assessment attempt 1 booked.")).to_be_visible()
    page.get_by_role("link", name="Record the results").click()
    page.get_by_role("group", name="Observation of practice").get_by_label("Pass").check()
    page.get_by_role("group", name=re.compile("^Professional discussion")).get_by_label("Distinction").check()
    page.get_by_label("Result given on").fill(today)
    page.get_by_role("button", name="Record the results").click()
    no_error_shown(page)
    expect(page.get_by_text("Result recorded: overall Distinction.")).to_be_visible()
    expect(page.locator("#overall-grade-1")).to_have_text("Distinction")
