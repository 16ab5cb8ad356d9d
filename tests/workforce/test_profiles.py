"""Role profiles: versions (a draft until published, a published version never changes, a new version is a
copy of the current one), the pages a lead edits them on, and the job description agreement."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import todo
from core.signing import Immutable
from workforce import demo_profiles, services_profiles
from workforce.models import (
    AgreementSignature,
    Criterion,
    JobDescriptionAgreement,
    ProfileSection,
    ProfileVersion,
    RoleProfile,
)

from .profiles_setup import CRITERIA, draft_profile, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(catalogue):
    return catalogue["Assistant practitioner"]


@pytest.fixture
def draft(people, role):
    return draft_profile(people.trust, role, people.lead).draft()


@pytest.fixture
def published(people, role):
    return published_profile(people.trust, role, people.lead).current_version()


@pytest.fixture
def agreement(people, published):
    return services_profiles.name_signers(
        version=published, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )


@pytest.fixture
def seed_draft(people, catalogue):
    """Seed 004 published for people.trust, and a new draft copied from it: a profile of real size."""
    profile = demo_profiles.seed_profile(organisation=people.trust, by=people.lead)
    return services_profiles.new_version(profile=profile, by=people.lead)


def client_for(client, person):
    client.force_login(person)
    return client


def content(version):
    """Everything a version says, without its number: what a re-save must keep."""
    version = ProfileVersion.objects.get(pk=version.pk)
    return {key: value for key, value in version.signed_content().items() if key != "number"}


def resubmit(form_or_formset):
    """The data a browser sends back for a form (or formset) shown and not touched."""
    data = {}
    forms = getattr(form_or_formset, "forms", None)
    if forms is not None:
        management = form_or_formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms if forms is not None else [form_or_formset]:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or value == "":
                continue
            if value is True:
                value = "on"
            if hasattr(value, "pk"):
                value = value.pk
            data[form.add_prefix(name)] = value
    return data


# --- Versions -------------------------------------------------------------------------------------------


def test_a_new_profile_starts_as_a_draft_version_1_with_the_roles_band(people, role):
    profile = services_profiles.create_profile(
        organisation=people.trust, workforce_role=role, name="Ward assistant practitioner", by=people.lead
    )
    version = profile.versions.get()
    assert (version.number, version.is_draft, version.band, version.job_title) == (
        1,
        True,
        role.band,
        "Ward assistant practitioner",
    )
    assert profile.current_version() is None and profile.draft() == version


def test_publishing_makes_the_draft_the_current_version(people, draft):
    services_profiles.publish(version=draft, by=people.lead)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == people.lead
    assert draft.profile.current_version() == draft and draft.profile.draft() is None


def test_a_version_without_hours_or_criteria_is_not_published(people, role):
    profile = services_profiles.create_profile(
        organisation=people.trust, workforce_role=role, name="Bare", by=people.lead
    )
    with pytest.raises(ValidationError) as refused:
        services_profiles.publish(version=profile.draft(), by=people.lead)
    assert len(refused.value.messages) == 2
    assert profile.draft().is_draft


def test_a_published_version_never_changes(people, published):
    with pytest.raises(ValidationError, match="published and never changes"):
        services_profiles.save_details(version=published, hours="20 hours")
    with pytest.raises(ValidationError, match="published and never changes"):
        services_profiles.save_criteria(version=published, criteria=CRITERIA[:1])
    with pytest.raises(ValidationError, match="published and never changes"):
        services_profiles.save_sections(version=published, part="general", sections=[])
    published.hours = "20 hours"
    with pytest.raises(Immutable):
        published.save()
    published.refresh_from_db()
    assert (
        published.hours == "37.5 hours"
        and published.criteria.count() == 3
        and published.sections.count() == 5
    )


def test_a_new_version_is_a_draft_copy_of_the_current_one(people, published):
    copy = services_profiles.new_version(profile=published.profile, by=people.lead)
    assert (copy.number, copy.is_draft) == (2, True)
    assert content(copy) == content(published)
    services_profiles.save_details(version=copy, hours="30 hours")
    published.refresh_from_db()
    assert published.hours == "37.5 hours"  # the earlier version stays as it was, readable


def test_a_profile_has_one_draft_at_a_time(people, published):
    services_profiles.new_version(profile=published.profile, by=people.lead)
    with pytest.raises(ValidationError, match="already has a draft"):
        services_profiles.new_version(profile=published.profile, by=people.lead)
    assert published.profile.versions.count() == 2


def test_recruitment_finds_published_versions_only(people, published):
    draft = services_profiles.new_version(profile=published.profile, by=people.lead)
    assert list(ProfileVersion.objects.published()) == [published]
    assert list(ProfileVersion.objects.drafts()) == [draft]


def test_sections_keep_the_order_and_style_given_and_read_in_document_order(people, draft):
    sections = list(draft.sections.all())
    assert [s.part for s in sections] == ["responsibilities"] * 2 + ["effort"] + ["general"] * 2
    first = sections[0]
    assert first.style == ProfileSection.Style.NUMBERED
    assert [item.text for item in first.items.all()] == ["Assess patients", "Keep records"]
    services_profiles.save_sections(
        version=draft, part="effort", sections=[{"heading": "Mental effort", "items": ["Concentration"]}]
    )
    assert [s.heading for s in draft.sections.all()][2] == "Mental effort"


# --- A criterion with no assessment stage ----------------------------------------------------------------


def test_a_criterion_with_no_assessment_stage_is_refused_and_nothing_is_saved(draft):
    before = content(draft)
    criteria = [*CRITERIA, {"category": "skills", "text": "Good time management", "essential": True}]
    with pytest.raises(ValidationError) as refused:
        services_profiles.save_criteria(version=draft, criteria=criteria)
    assert "Criterion 4: Say how this criterion is assessed" in refused.value.message_dict["stages"][0]
    assert content(draft) == before


def test_the_database_refuses_a_criterion_with_no_assessment_stage(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(version=draft, category="skills", text="Unassessed", essential=True)
    assert not draft.criteria.filter(text="Unassessed").exists()


def test_the_page_refuses_a_criterion_with_no_stage_beside_the_field_and_in_the_summary(
    client, people, draft
):
    url = reverse("workforce:profile_criteria", args=[draft.pk])
    page = client_for(client, people.lead).get(url)
    data = resubmit(page.context["formset"])
    data["criterion-3-text"] = "Good time management"  # the first empty row
    data["criterion-3-category"] = "personal"
    before = content(draft)
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    message = (
        "Say how criterion 4 is assessed: tick at least one of Application, Interview, References or Testing."
    )
    assert 'id="id_criterion-3-stages_error"' in html  # beside the field
    assert (
        f'<a href="#id_criterion-3-stages_0">Criterion 4 is assessed by: {message}</a>' in html
    )  # the summary
    assert content(draft) == before


def test_the_page_saves_a_criterion_with_its_stages(client, people, draft):
    url = reverse("workforce:profile_criteria", args=[draft.pk])
    data = resubmit(client_for(client, people.lead).get(url).context["formset"])
    data.update(
        {
            "criterion-3-text": "Good time management",
            "criterion-3-category": "personal",
            "criterion-3-essential": "desirable",
            "criterion-3-stages": ["by_interview", "by_references"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    added = draft.criteria.get(text="Good time management")
    assert (added.essential, added.assessed_by, added.category) == (False, "I, R", "personal")


# --- Each edit form re-saved unchanged loses nothing ------------------------------------------------------


def test_the_details_form_saved_unchanged_keeps_the_seed_profile_as_it_was(client, people, seed_draft):
    before = content(seed_draft)
    url = reverse("workforce:profile_details", args=[seed_draft.pk])
    form = client_for(client, people.lead).get(url).context["form"]
    assert client.post(url, resubmit(form)).status_code == 302
    assert content(seed_draft) == before


@pytest.mark.parametrize("part", ProfileSection.Part.values)
def test_each_parts_sections_saved_unchanged_keep_the_seed_profile_as_it_was(
    client, people, seed_draft, part
):
    before = content(seed_draft)
    url = reverse("workforce:profile_sections", args=[seed_draft.pk, part])
    formset = client_for(client, people.lead).get(url).context["formset"]
    assert client.post(url, resubmit(formset)).status_code == 302
    assert content(seed_draft) == before


def test_the_criteria_saved_unchanged_keep_the_seed_profile_as_it_was(client, people, seed_draft):
    before = content(seed_draft)
    url = reverse("workforce:profile_criteria", args=[seed_draft.pk])
    formset = client_for(client, people.lead).get(url).context["formset"]
    assert len(formset.forms) == 28 + 3
    assert client.post(url, resubmit(formset)).status_code == 302
    assert content(seed_draft) == before


def test_a_browsers_windows_line_ends_are_stored_as_plain_paragraphs(client, people, draft):
    url = reverse("workforce:profile_details", args=[draft.pk])
    data = resubmit(client_for(client, people.lead).get(url).context["form"])
    data["job_purpose"] = "One.\r\n\r\nTwo.  \r\n"
    client.post(url, data)
    draft.refresh_from_db()
    assert draft.job_purpose == "One.\n\nTwo."


def test_items_are_entered_one_per_line_and_a_section_is_moved_by_its_position(client, people, draft):
    url = reverse("workforce:profile_sections", args=[draft.pk, "responsibilities"])
    data = resubmit(client_for(client, people.lead).get(url).context["formset"])
    data.update(
        {
            "section-2-heading": "MANAGERIAL",
            "section-2-items": "Plan\r\nDelegate\r\n\r\n",
            "section-2-ORDER": 0,
        }
    )
    assert client.post(url, data).status_code == 302
    sections = list(draft.sections.filter(part="responsibilities"))
    assert [s.heading for s in sections] == ["MANAGERIAL", "KEY RESPONSIBILITIES", "COMMUNICATIONS"]
    assert [item.text for item in sections[0].items.all()] == ["Plan", "Delegate"]


def test_a_section_ticked_for_removal_goes(client, people, draft):
    url = reverse("workforce:profile_sections", args=[draft.pk, "general"])
    data = resubmit(client_for(client, people.lead).get(url).context["formset"])
    data["section-1-DELETE"] = "on"
    client.post(url, data)
    assert [s.heading for s in draft.sections.filter(part="general")] == ["Policies"]


def test_save_and_add_more_shows_more_empty_rows(client, people, draft):
    url = reverse("workforce:profile_criteria", args=[draft.pk])
    data = resubmit(client_for(client, people.lead).get(url).context["formset"])
    response = client.post(url, {**data, "more": "1"})
    assert response.status_code == 302 and response.url.endswith("?rows=10")
    assert len(client.get(response.url).context["formset"].forms) == 3 + 10


# --- Pages ----------------------------------------------------------------------------------------------


def test_a_lead_adds_a_profile_for_a_role_in_a_setting(client, people, role):
    community = role.variants.get(setting="community")
    url = reverse("workforce:profile_create")
    response = client_for(client, people.lead).post(
        url,
        {
            "organisation": people.trust.pk,
            "role": f"variant:{community.pk}",
            "name": "Community AP",
            "hours": "",
        },
    )
    profile = RoleProfile.objects.get(name="Community AP")
    assert response.status_code == 302 and response.url == reverse(
        "workforce:profile_detail", args=[profile.pk]
    )
    assert (profile.workforce_role, profile.variant, profile.organisation) == (role, community, people.trust)


@pytest.mark.parametrize("how", ["create", "rename"])
def test_the_same_profile_name_saved_twice_at_the_same_moment_is_refused_with_a_message(
    client, people, role, how, monkeypatch
):
    # Two leads save the same name at once: both pass the check, the second meets the unique constraint,
    # and is told beside the name rather than shown an error page.
    draft_profile(people.trust, role, people.lead, name="Community assistant practitioner")
    other = draft_profile(people.trust, role, people.lead, name="Ward assistant practitioner")
    real_check = services_profiles._check_profile
    monkeypatch.setattr(services_profiles, "_check_profile", lambda profile: None)
    client.force_login(people.lead)
    if how == "create":
        url = reverse("workforce:profile_create")
        data = {"organisation": people.trust.pk, "role": f"role:{role.pk}", "hours": ""}
    else:
        url = reverse("workforce:profile_rename", args=[other.pk])
        data = {"variant": ""}
    response = client.post(url, data | {"name": "Community assistant practitioner"})
    assert response.status_code == 400
    assert (
        '<a href="#id_name">Name: Your organisation already has a profile of this name.</a>' in response.text
    )
    monkeypatch.setattr(services_profiles, "_check_profile", real_check)
    assert sorted(RoleProfile.objects.values_list("name", flat=True)) == [
        "Community assistant practitioner",
        "Ward assistant practitioner",
    ]


def test_a_profile_for_another_organisations_own_role_is_refused(client, people):
    from workforce.models import WorkforceRole

    theirs = WorkforceRole.objects.create(name="Their own role", band="3", organisation=people.other_trust)
    response = client_for(client, people.lead).post(
        reverse("workforce:profile_create"),
        {"organisation": people.trust.pk, "role": f"role:{theirs.pk}", "name": "Borrowed"},
    )
    assert response.status_code == 400 and not RoleProfile.objects.filter(name="Borrowed").exists()


def test_the_lead_sees_the_version_history_with_the_current_version(client, people, published):
    services_profiles.new_version(profile=published.profile, by=people.lead)
    page = client_for(client, people.lead).get(
        reverse("workforce:profile_detail", args=[published.profile.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Version 2" in html and "Draft" in html and "Current" in html
    assert "a published version never changes" in html


def test_the_lead_publishes_a_draft_from_its_page(client, people, draft):
    response = client_for(client, people.lead).post(reverse("workforce:profile_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_an_earlier_version_stays_readable_after_a_new_one_is_published(client, people, published):
    copy = services_profiles.new_version(profile=published.profile, by=people.lead)
    services_profiles.publish(version=copy, by=people.lead)
    page = client_for(client, people.lead).get(reverse("workforce:profile_version", args=[published.pk]))
    assert page.status_code == 200 and "Replaced" in page.content.decode()


def test_the_version_page_shows_the_criteria_with_how_they_are_assessed(client, people, published):
    html = (
        client_for(client, people.lead).get(reverse("workforce:profile_version", args=[published.pk])).content
    )
    html = html.decode()
    assert "Assessed by: A = Application, I = Interview, R = References, T = Testing." in html
    assert "IT skills" in html and ">A, T</abbr>" in html
    assert "Change the criteria" not in html  # published: nothing to change


@pytest.mark.parametrize("who", ["other_lead", "regional", "other_trainee", "outside_trainee"])
def test_outsiders_get_404_for_a_profile_its_versions_and_agreements(client, people, agreement, who):
    client_for(client, getattr(people, who))
    version = agreement.version
    for url in (
        reverse("workforce:profile_detail", args=[version.profile.pk]),
        reverse("workforce:profile_version", args=[version.pk]),
        reverse("workforce:profile_agreement", args=[agreement.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("workforce:profile_new_version", args=[version.profile.pk])).status_code == 404


def test_people_without_a_lead_role_are_refused_the_list(client, people):
    for who in (people.regional, people.trainee):
        client_for(client, who)
        assert client.get(reverse("workforce:profile_list")).status_code == 403
        assert client.get(reverse("workforce:profile_create")).status_code == 403


def test_a_lead_is_refused_editing_a_published_version_with_403(client, people, published):
    client_for(client, people.lead)
    assert client.get(reverse("workforce:profile_details", args=[published.pk])).status_code == 403
    assert client.get(reverse("workforce:profile_criteria", args=[published.pk])).status_code == 403
    assert client.post(reverse("workforce:profile_publish", args=[published.pk])).status_code == 403


def test_the_job_holder_reads_their_version_but_may_not_change_or_open_the_profile(client, people, agreement):
    version = agreement.version
    client_for(client, people.trainee)
    page = client.get(reverse("workforce:profile_version", args=[version.pk]))
    assert page.status_code == 200 and page.context["is_lead"] is False
    assert client.get(reverse("workforce:profile_detail", args=[version.profile.pk])).status_code == 404
    assert client.get(reverse("workforce:profile_agreement_create", args=[version.pk])).status_code == 403
    draft = services_profiles.new_version(profile=version.profile, by=people.lead)
    assert client.get(reverse("workforce:profile_version", args=[draft.pk])).status_code == 404


def test_another_leads_draft_is_not_found_and_its_edit_pages_neither(client, people, draft):
    client_for(client, people.other_lead)
    assert client.get(reverse("workforce:profile_details", args=[draft.pk])).status_code == 404
    assert client.get(reverse("workforce:profile_sections", args=[draft.pk, "general"])).status_code == 404


def test_an_unknown_part_is_not_found(client, people, draft):
    url = reverse("workforce:profile_sections", args=[draft.pk, "hobbies"])
    assert client_for(client, people.lead).get(url).status_code == 404


def test_the_front_page_lists_the_leads_profiles(client, people, published, agreement):
    html = client_for(client, people.lead).get(reverse("workforce:home")).content.decode()
    assert "Role profiles" in html and published.profile.name in html and "1 agreement to sign" in html
    html = client_for(client, people.regional).get(reverse("workforce:home")).content.decode()
    assert published.profile.name not in html and "data-home-profiles" not in html


# --- The job description agreement -------------------------------------------------------------------------


def test_a_lead_names_the_job_holder_and_line_manager_of_a_published_version(client, people, published):
    url = reverse("workforce:profile_agreement_create", args=[published.pk])
    response = client_for(client, people.lead).post(
        url, {"job_holder": people.trainee.pk, "line_manager": people.mentor.pk}
    )
    agreement = JobDescriptionAgreement.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "workforce:profile_agreement", args=[agreement.pk]
    )
    assert (agreement.job_holder, agreement.line_manager, agreement.named_by) == (
        people.trainee,
        people.mentor,
        people.lead,
    )


def test_signers_come_from_the_organisation_and_are_two_people(people, published):
    with pytest.raises(ValidationError, match="Choose someone of"):
        services_profiles.name_signers(
            version=published, job_holder=people.outside_trainee, line_manager=people.mentor, by=people.lead
        )
    with pytest.raises(ValidationError, match="someone other than the job holder"):
        services_profiles.name_signers(
            version=published, job_holder=people.trainee, line_manager=people.trainee, by=people.lead
        )
    assert not JobDescriptionAgreement.objects.exists()


def test_the_same_job_holder_named_twice_at_the_same_moment_is_refused_with_a_message(
    people, published, monkeypatch
):
    # Two leads name the same job holder at once: both pass the check, the second meets the constraint.
    services_profiles.name_signers(
        version=published, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
    )
    passes_the_check = published.agreements.none()
    monkeypatch.setattr(
        ProfileVersion, "agreements", property(lambda version: passes_the_check), raising=False
    )
    with pytest.raises(ValidationError) as refused:
        services_profiles.name_signers(
            version=published, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
        )
    assert refused.value.message_dict == {
        "job_holder": [f"{people.trainee} is already asked to sign this version."]
    }
    monkeypatch.undo()
    assert JobDescriptionAgreement.objects.filter(version=published).count() == 1


def test_a_draft_is_not_put_up_for_signing(people, draft):
    with pytest.raises(ValidationError, match="Publish the version first"):
        services_profiles.name_signers(
            version=draft, job_holder=people.trainee, line_manager=people.mentor, by=people.lead
        )


def test_the_job_holder_signs_behind_the_declaration(client, people, agreement):
    url = reverse("workforce:profile_agreement", args=[agreement.pk])
    page = client_for(client, people.trainee).get(url)
    html = page.content.decode()
    assert "I declare that I have read the Job Description and Person Specification" in html
    assert "Sign as job holder" in html and "Sign as line manager" not in html
    response = client.post(
        reverse("workforce:profile_agreement_sign", args=[agreement.pk]),
        {"party": "job_holder", "fingerprint": agreement.fingerprint(), "read_terms": "on"},
    )
    assert response.status_code == 302
    signature = agreement.signatures.get()
    assert (signature.party, signature.signed_by) == ("job_holder", people.trainee)


def test_the_job_holder_must_say_they_have_read_it(client, people, agreement):
    response = client_for(client, people.trainee).post(
        reverse("workforce:profile_agreement_sign", args=[agreement.pk]),
        {"party": "job_holder", "fingerprint": agreement.fingerprint()},
    )
    assert response.status_code == 400 and not agreement.signatures.exists()


def test_nobody_signs_for_another(client, people, agreement):
    response = client_for(client, people.trainee).post(
        reverse("workforce:profile_agreement_sign", args=[agreement.pk]),
        {"party": "manager", "fingerprint": agreement.fingerprint(), "read_terms": "on"},
    )
    assert response.status_code == 400
    refusal = "Nobody signs for themself: you cannot sign this job description agreement as line manager."
    assert refusal in response.content.decode()
    with pytest.raises(ValidationError, match="Only the job holder named on this agreement"):
        services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.mentor)
    assert not agreement.signatures.exists()
    client_for(client, people.lead)
    response = client.post(
        reverse("workforce:profile_agreement_sign", args=[agreement.pk]),
        {"party": "job_holder", "read_terms": "on"},
    )
    assert response.status_code == 403


def test_a_signed_agreement_does_not_change(people, agreement):
    services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    services_profiles.sign_agreement(agreement=agreement, party="manager", by=people.mentor)
    assert agreement.is_signed_by_both()
    agreement.line_manager = people.other_trainee
    with pytest.raises(Immutable):
        agreement.save()
    with pytest.raises(ValidationError, match="kept as signed"):
        services_profiles.withdraw_agreement(agreement=agreement)
    with pytest.raises(ValidationError, match="already signed"):
        services_profiles.sign_agreement(agreement=agreement, party="manager", by=people.mentor)
    with pytest.raises(Immutable):
        AgreementSignature.objects.first().delete()


def test_signers_find_the_agreement_on_their_to_do_list_until_they_sign(people, agreement):
    assert [i.kind for i in todo.collect(people.trainee).of("job_description_to_sign")[0].items] == [
        "job_description_to_sign"
    ]
    assert todo.collect(people.mentor).group("job_description_to_sign") is not None
    assert todo.collect(people.other_trainee).group("job_description_to_sign") is None
    services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    assert todo.collect(people.trainee).group("job_description_to_sign") is None
    item = todo.collect(people.mentor).group("job_description_to_sign").items[0]
    assert item.url == reverse("workforce:profile_agreement", args=[agreement.pk])
    assert item.note == "Sign as line manager" and str(people.trainee) in item.title


def test_the_signer_opens_the_version_they_signed_after_a_new_one_is_published(client, people, agreement):
    services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    copy = services_profiles.new_version(profile=agreement.version.profile, by=people.lead)
    services_profiles.publish(version=copy, by=people.lead)
    page = client_for(client, people.trainee).get(
        reverse("workforce:profile_version", args=[agreement.version.pk])
    )
    assert page.status_code == 200 and "Replaced" in page.content.decode()


def test_a_lead_withdraws_an_unsigned_request(client, people, agreement):
    response = client_for(client, people.lead).post(
        reverse("workforce:profile_agreement_withdraw", args=[agreement.pk])
    )
    assert response.status_code == 302 and not JobDescriptionAgreement.objects.exists()


def test_the_demo_agreement_is_signed_by_job_holder_and_manager(catalogue):
    from accounts.demo import seed_people

    demo = demo_profiles.seed(seed_people(password="demo-test-password-1"))  # noqa: S106
    agreement = demo["profile_agreement"]
    assert agreement.is_signed_by_both()
    assert (agreement.job_holder.username, agreement.line_manager.username) == ("trainee", "manager")
    assert agreement.version == demo["profile_version"] and agreement.version.is_published


def test_the_signers_dashboard_links_the_version_they_signed(client, people, agreement):
    services_profiles.sign_agreement(agreement=agreement, party="job_holder", by=people.trainee)
    services_profiles.sign_agreement(agreement=agreement, party="manager", by=people.mentor)
    version_url = reverse("workforce:profile_version", args=[agreement.version.pk])
    for who in (people.trainee, people.mentor):
        html = client_for(client, who).get(reverse("dashboard")).content.decode()
        assert 'data-panel="job-descriptions"' in html and version_url in html and "Agreed" in html
    html = client_for(client, people.other_trainee).get(reverse("dashboard")).content.decode()
    assert 'data-panel="job-descriptions"' not in html
