"""The pastoral pages: who may open them, and what a workforce lead and a regional lead can do there."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import Membership
from pastoral import services
from pastoral.models import Assessment, PastoralSettings, Rating, ToolVersion
from tests.factories import OrganisationFactory, UserFactory, person_with_role

from .factories import AssessmentFactory, elements_of, make_tool, rate_all

pytestmark = pytest.mark.django_db

COMPLETED = Assessment.Status.COMPLETED


@pytest.fixture
def tool():
    return make_tool({"Recruitment and induction": [1, 2, 3], "In-role support": [1, 2]})


@pytest.fixture
def in_progress(people, tool):
    return AssessmentFactory(organisation=people.trust, tool_version=tool)


@pytest.fixture
def completed(people, tool):
    done = AssessmentFactory(
        organisation=people.trust,
        tool_version=tool,
        status=COMPLETED,
        assessed_on=datetime.date(2025, 5, 1),
        people_involved="Priya Shah, workforce lead",
    )
    rate_all(done, ["green", "amber", "red", "green", "green"])
    return done


def get(client, user, name, *args):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=args))


def post(client, user, name, *args, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {})


def rating_data(elements, rags, **extra):
    data = {}
    for element, rag in zip(elements, rags, strict=True):
        data[f"e{element.pk}-rag"] = rag
        if rag in ("red", "amber"):
            data[f"e{element.pk}-action_what"] = "Agree a plan"
            data[f"e{element.pk}-action_owner"] = "Head of HR"
            data[f"e{element.pk}-action_due"] = "2027-03-31"
    return data | extra


# --- Who may open what ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("lead", 200), ("other_lead", 404), ("trainee", 404), ("mentor", 404), ("regional", 404)],
)
def test_assessment_page_opens_for_own_workforce_lead_only(client, people, completed, who, status):
    assert get(client, getattr(people, who), "pastoral:assessment", completed.pk).status_code == status


@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_organisation_page_refused_to_everyone_but_its_lead(client, people, tool, who):
    assert get(client, getattr(people, who), "pastoral:organisation", people.trust.pk).status_code == 404
    assert get(client, people.lead, "pastoral:organisation", people.trust.pk).status_code == 200


def test_site_staff_get_no_special_access_to_assessments(client, people, completed):
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert get(client, staff, "pastoral:assessment", completed.pk).status_code == 404


def test_word_export_refused_to_another_organisations_lead(client, people, completed):
    assert get(client, people.other_lead, "pastoral:export_word", completed.pk).status_code == 404


def test_other_organisations_lead_cannot_rate_or_complete(client, people, in_progress, tool):
    theme = tool.themes.first()
    data = rating_data(elements_of(tool)[:3], ["green"] * 3)
    assert (
        post(
            client, people.other_lead, "pastoral:rate_theme", in_progress.pk, theme.pk, data=data
        ).status_code
        == 404
    )
    assert post(client, people.other_lead, "pastoral:complete", in_progress.pk).status_code == 404
    assert post(client, people.other_lead, "pastoral:start", people.trust.pk).status_code == 404
    assert not Rating.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, completed):
    response = client.get(reverse("pastoral:assessment", args=[completed.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_completed_assessment_refuses_changes_with_403(client, people, completed, tool):
    theme = tool.themes.first()
    data = rating_data(elements_of(tool)[:3], ["green"] * 3)
    assert get(client, people.lead, "pastoral:rate_theme", completed.pk, theme.pk).status_code == 403
    assert (
        post(client, people.lead, "pastoral:rate_theme", completed.pk, theme.pk, data=data).status_code == 403
    )
    assert (
        post(
            client, people.lead, "pastoral:edit_details", completed.pk, data={"people_involved": "x"}
        ).status_code
        == 403
    )
    assert post(client, people.lead, "pastoral:complete", completed.pk).status_code == 403
    assert sorted(completed.ratings.values_list("rag", flat=True)) == [
        "amber",
        "green",
        "green",
        "green",
        "red",
    ]


def test_completed_assessment_page_offers_no_editing(client, people, completed):
    response = get(client, people.lead, "pastoral:assessment", completed.pk)
    assert "read-only" in response.text
    assert reverse("pastoral:complete", args=[completed.pk]) not in response.text


# --- A workforce lead's assessment ----------------------------------------------------------------------


def test_lead_completes_an_assessment_and_downloads_it(client, people, tool):
    client.force_login(people.lead)
    response = client.post(
        reverse("pastoral:start", args=[people.trust.pk]),
        {"tool_version": tool.pk, "assessed_on": "2026-10-01"},
    )
    assessment = Assessment.objects.get(organisation=people.trust)
    assert response.url == reverse("pastoral:assessment", args=[assessment.pk])
    themes = list(tool.themes.all())
    rags = [["green", "green", "amber"], ["green", "red"]]
    for theme, theme_rags in zip(themes, rags, strict=True):
        data = rating_data(list(theme.elements.all()), theme_rags)
        assert (
            client.post(reverse("pastoral:rate_theme", args=[assessment.pk, theme.pk]), data).status_code
            == 302
        )
    response = client.post(reverse("pastoral:complete", args=[assessment.pk]), follow=True)
    assert "Assessment completed" in response.text
    assessment.refresh_from_db()
    assert assessment.is_completed and assessment.completed_by == people.lead
    page = response.text
    text = re.sub(r"\s+", " ", strip_tags(page))  # each phase's badge, then what it works towards
    assert "Phase 2 working towards phase 3" in text  # recruitment and induction
    assert "Phase 1 working towards phase 2" in text  # in-role support, and the whole offer
    assert "How the phase is worked out" in page
    assert "every element of phases 1 to N in that theme is Green" in page
    download = client.get(reverse("pastoral:export_word", args=[assessment.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert download.content[:2] == b"PK"


def test_rating_page_with_bad_date_saves_nothing_and_shows_error_by_the_field(
    client, people, in_progress, tool
):
    theme = tool.themes.first()
    data = rating_data(list(theme.elements.all()), ["green", "red", "green"])
    data[f"e{elements_of(tool)[1].pk}-action_due"] = "not a date"
    response = post(client, people.lead, "pastoral:rate_theme", in_progress.pk, theme.pk, data=data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert re.search(
        r'id="id_e\d+-action_due"[^>]*nhsuk-input--error|nhsuk-input--error[^>]*id="id_e\d+-action_due"',
        response.text,
    )
    assert not Rating.objects.exists()


def test_rating_page_saves_part_done(client, people, in_progress, tool):
    theme = tool.themes.first()
    data = rating_data(list(theme.elements.all()), ["green", "", ""])
    assert (
        post(client, people.lead, "pastoral:rate_theme", in_progress.pk, theme.pk, data=data).status_code
        == 302
    )
    assert list(in_progress.ratings.values_list("rag", flat=True)) == ["green"]
    response = get(client, people.lead, "pastoral:complete", in_progress.pk)
    assert "is not rated yet" in response.text


def test_new_assessment_page_starts_from_last_ratings_and_shows_changes(client, people, completed, tool):
    client.force_login(people.lead)
    client.post(
        reverse("pastoral:start", args=[people.trust.pk]),
        {"tool_version": tool.pk, "assessed_on": "2026-05-01"},
    )
    revisit = Assessment.objects.get(status=Assessment.Status.IN_PROGRESS)
    amber = elements_of(tool)[1]
    services.rate_element(assessment=revisit, element=amber, by=people.lead, rag="green")
    response = client.get(reverse("pastoral:assessment", args=[revisit.pk]))
    assert "What changed since 1 May 2025" in response.text
    assert "1 element better, 0 worse, 4 unchanged" in response.text
    assert "From last assessment" in response.text
    assert "Phases over time" in response.text and "<svg" in response.text


def test_assessment_page_query_count_does_not_grow_with_elements(
    client, people, django_assert_max_num_queries
):
    small = make_tool({"A": [1, 2], "B": [1]})
    large = make_tool({f"Theme {i}": [1, 1, 2, 2, 3, 3] for i in range(6)})
    pages = []
    for version, organisation in ((small, people.trust), (large, people.other_trust)):
        last = AssessmentFactory(organisation=organisation, tool_version=version, status=COMPLETED)
        rate_all(last, ["green"] * len(elements_of(version)))
        now = AssessmentFactory(organisation=organisation, tool_version=version, previous=last)
        rate_all(now, ["amber"] * len(elements_of(version)))
        pages.append(now)
    client.force_login(people.lead)
    with django_assert_max_num_queries(19):
        assert client.get(reverse("pastoral:assessment", args=[pages[0].pk])).status_code == 200
    client.force_login(people.other_lead)
    with django_assert_max_num_queries(19):
        assert client.get(reverse("pastoral:assessment", args=[pages[1].pk])).status_code == 200


def test_revisit_interval_saved_from_organisation_page(client, people):
    response = post(
        client, people.lead, "pastoral:revisit_interval", people.trust.pk, data={"revisit_interval_months": 9}
    )
    assert response.status_code == 302
    assert PastoralSettings.objects.get(organisation=people.trust).revisit_interval_months == 9


@pytest.mark.parametrize("months", ["5", "13"])
def test_revisit_interval_outside_6_to_12_refused_on_the_page(client, people, months):
    response = post(
        client,
        people.lead,
        "pastoral:revisit_interval",
        people.trust.pk,
        data={"revisit_interval_months": months},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not PastoralSettings.objects.exists()


def test_organisation_page_shows_next_revisit_due(client, people, completed):
    services.set_revisit_interval(organisation=people.trust, months=6, by=people.lead)
    response = get(client, people.lead, "pastoral:organisation", people.trust.pk)
    assert re.search(r"Next assessment due\s+<strong>1 November 2025</strong>", response.text)
    assert "Overdue" in response.text


# --- The region -----------------------------------------------------------------------------------------


def test_regional_lead_compares_own_region_without_names(client, people, completed, tool):
    other = AssessmentFactory(organisation=people.other_trust, tool_version=tool, status=COMPLETED)
    rate_all(other, ["green"] * 5)
    AssessmentFactory(organisation=people.far_trust, tool_version=tool, status=COMPLETED)
    response = get(client, people.regional, "pastoral:region", people.region.pk)
    assert response.status_code == 200
    assert people.trust.name in response.text and people.other_trust.name in response.text
    assert people.far_trust.name not in response.text
    assert "Priya Shah" not in response.text
    assert people.lead.get_full_name() not in response.text
    assert "Phase 3 reached: best practice" in response.text


def test_regional_lead_of_another_region_is_refused(client, people):
    far_icb = OrganisationFactory(kind="icb", region=people.other_region)
    far_regional = person_with_role(Membership.Role.REGIONAL_LEAD, far_icb)
    assert get(client, far_regional, "pastoral:region", people.region.pk).status_code == 404


@pytest.mark.parametrize("who", ["lead", "trainee"])
def test_region_page_refused_to_people_who_are_not_its_regional_lead(client, people, who):
    assert get(client, getattr(people, who), "pastoral:region", people.region.pk).status_code == 404


# --- Loading the tool -----------------------------------------------------------------------------------


def upload(client, user, name, content, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user)
    data = {"file": SimpleUploadedFile(name, content), "label": "", **fields}
    return client.post(reverse("pastoral:tool_versions"), data)


def test_lead_loads_tool_for_own_organisation(client, people):
    csv = b"theme,phase,element,examples\nInduction,1,Named contact,Buddy|Checklist\n"
    response = upload(client, people.lead, "ours.csv", csv, scope=str(people.trust.pk))
    version = ToolVersion.objects.get()
    assert response.url == reverse("pastoral:tool_version", args=[version.pk])
    assert (version.organisation, version.loaded_by, version.label) == (people.trust, people.lead, "ours")


def test_lead_cannot_load_tool_for_another_organisation(client, people):
    csv = b"theme,phase,element\nInduction,1,Named contact\n"
    response = upload(client, people.lead, "ours.csv", csv, scope=str(people.other_trust.pk))
    assert response.status_code == 400
    assert not ToolVersion.objects.exists()


def test_bad_tool_file_is_refused_on_the_page_naming_rows(client, people):
    csv = b"theme,phase,element\nInduction,1,Fine\n,2,No theme\nInduction,7,Bad phase\n"
    response = upload(client, people.lead, "bad.csv", csv, scope=str(people.trust.pk))
    assert response.status_code == 400
    assert "Nothing was loaded: 2 problems" in response.text
    page = re.sub(r' class="[^"]*"', "", " ".join(response.text.split()))  # the cells, not their styling
    page = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", page)  # nor the headings shown on a phone
    assert "<td>3</td> <td><code>theme</code></td> <td>is empty</td>" in page
    assert "<td>4</td> <td><code>phase</code></td> <td>must be 1, 2 or 3, not &#x27;7&#x27;</td>" in page
    assert not ToolVersion.objects.exists()


def test_staff_with_permission_loads_shared_version(client, people):
    staff = UserFactory(is_staff=True, is_superuser=True)
    upload(client, staff, "shared.json", b'[{"theme": "A", "phase": 1, "element": "B"}]', scope="shared")
    assert ToolVersion.objects.get().organisation is None


@pytest.mark.parametrize("who", ["trainee", "mentor", "regional"])
def test_tool_upload_page_refused_to_people_who_do_not_lead(client, people, who):
    assert get(client, getattr(people, who), "pastoral:tool_versions").status_code == 403


def test_organisations_own_tool_version_hidden_from_other_leads(client, people):
    theirs = make_tool({"A": [1]}, organisation=people.trust)
    assert get(client, people.other_lead, "pastoral:tool_version", theirs.pk).status_code == 404
    assert get(client, people.lead, "pastoral:tool_version", theirs.pk).status_code == 200


def test_example_content_is_labelled_on_the_assessment_page(client, people):
    version = services.ensure_starter_tool()
    assessment = AssessmentFactory(organisation=people.trust, tool_version=version)
    response = get(client, people.lead, "pastoral:assessment", assessment.pk)
    assert "not</strong> NHS England's wording" in response.text


# --- Dashboard and layout -------------------------------------------------------------------------------


def test_lead_dashboard_shows_phase_revisit_due_and_in_progress(client, people, completed, tool):
    services.set_revisit_interval(organisation=people.trust, months=12, by=people.lead)
    in_progress = AssessmentFactory(organisation=people.trust, tool_version=tool)
    response = get(client, people.lead, "dashboard")
    assert 'data-panel="pastoral"' in response.text
    assert "<strong>Phase 1, working towards phase 2</strong> for the whole offer" in response.text
    assert "Next revisit due <strong>1 May 2026</strong>" in response.text
    assert reverse("pastoral:assessment", args=[in_progress.pk]) in response.text


def test_regional_dashboard_links_to_regional_comparison(client, people):
    response = get(client, people.regional, "dashboard")
    assert reverse("pastoral:region", args=[people.region.pk]) in response.text


def test_trainee_dashboard_has_no_pastoral_panel(client, people):
    assert 'data-panel="pastoral"' not in get(client, people.trainee, "dashboard").text


@pytest.mark.parametrize(
    "view_name", ["home", "organisation", "assessment", "rate_theme", "complete", "region", "tool_versions"]
)
def test_pastoral_page_has_one_h1_and_no_inline_style(client, people, in_progress, tool, view_name):
    # Not named "page": pytest-playwright owns that fixture name.
    who, args = {
        "home": (people.lead, []),
        "organisation": (people.lead, [people.trust.pk]),
        "assessment": (people.lead, [in_progress.pk]),
        "rate_theme": (people.lead, [in_progress.pk, tool.themes.first().pk]),
        "complete": (people.lead, [in_progress.pk]),
        "region": (people.regional, [people.region.pk]),
        "tool_versions": (people.lead, []),
    }[view_name]
    response = get(client, who, f"pastoral:{view_name}", *args)
    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    assert "style=" not in response.text and "<style" not in response.text
    assert "<script>" not in response.text


def test_unknown_assessment_is_404(client, people):
    assert get(client, people.lead, "pastoral:assessment", 987654).status_code == 404


def test_lead_changes_date_and_people_involved_and_history_keeps_who(client, people, in_progress):
    data = {"assessed_on": "2026-09-15", "involved_clinical": "on", "people_involved": "Ward managers"}
    response = post(client, people.lead, "pastoral:edit_details", in_progress.pk, data=data)
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert (in_progress.assessed_on, in_progress.involved_clinical, in_progress.involved_hr) == (
        datetime.date(2026, 9, 15),
        True,
        False,
    )
    assert in_progress.history.first().history_user == people.lead


@pytest.mark.parametrize(
    "model", ["toolversion", "theme", "element", "assessment", "rating", "pastoralsettings"]
)
def test_admin_lists_pastoral_models(client, completed, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:pastoral_{model}_changelist")).status_code == 200


def test_admin_shows_completed_assessment_read_only(client, completed):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:pastoral_assessment_change", args=[completed.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
