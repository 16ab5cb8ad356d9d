"""The pages of targets and returns: who may open each (404 for outsiders, 403 for readers who may not
change), the forms saving, refusing bad input beside the field and in the summary, and saving unchanged when
edited and saved again, the progress page's chart and figures, the regional and national pages."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.models import Membership
from core.todo import collect
from tests.factories import person_with_role
from trainees import services as trainee_services
from workforce import services_targets as services
from workforce.models import HeadcountReturn, Target

D = datetime.date


class _Fields(HTMLParser):
    """The values a browser would send back from the page's form with method post."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file") and "name" in attrs:
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\n")


def form_values(response):
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.values


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def ap(catalogue):
    return catalogue["Assistant practitioner"]


def month_end_before(day):
    return day.replace(day=1) - datetime.timedelta(days=1)


LAST = month_end_before(datetime.date.today())
BEFORE = month_end_before(LAST)


def figures(in_post, in_training=0, vacancies=0, starters=0, leavers=0):
    return {
        "in_post": in_post,
        "in_training": in_training,
        "vacancies": vacancies,
        "starters": starters,
        "leavers": leavers,
    }


def record(organisation, role, period_end, in_post, by=None, **others):
    return services.save_return(
        organisation=organisation,
        by=by,
        workforce_role=role,
        period_end=period_end,
        **figures(in_post, **others),
    )


def posted(role, period_end, in_post="12", in_training="3", vacancies="1", starters="2", leavers="0"):
    return {
        "workforce_role": role.pk,
        "period_end": f"{period_end:%Y-%m-%d}",
        "in_post": in_post,
        "in_training": in_training,
        "vacancies": vacancies,
        "starters": starters,
        "leavers": leavers,
    }


# --- Returns ----------------------------------------------------------------------------------------------


def test_an_organisations_returns_page_is_its_leads_and_the_administrators(client, people, ap, administrator):
    record(people.trust, ap, LAST, 12, by=people.lead)
    url = reverse("workforce:returns", args=[people.trust.pk])
    page = as_user(client, people.lead).get(url)
    assert page.status_code == 200
    assert "Record a return" in page.text and "Correct<span" in page.text
    # Kept whole at every width: in a squeezed column the link broke mid-word ("Corr" above "ect").
    assert '<td class="nhsuk-table__cell portal-nowrap"><a href="' in page.text
    admin_page = as_user(client, administrator).get(url)
    assert admin_page.status_code == 200 and "Record a return" not in admin_page.text
    for outsider in (people.other_lead, people.regional, people.mentor):
        assert as_user(client, outsider).get(url).status_code == 404


def test_a_lead_records_a_return_on_the_form(client, people, ap):
    url = reverse("workforce:return_add", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, posted(ap, LAST))
    assert response.status_code == 302 and response["Location"] == reverse(
        "workforce:returns", args=[people.trust.pk]
    )
    saved = HeadcountReturn.objects.get()
    assert (saved.organisation, saved.workforce_role, saved.period_end) == (people.trust, ap, LAST)
    assert saved.figures() == figures(12, 3, 1, 2, 0) and saved.submitted_by == people.lead


def test_a_negative_headcount_is_refused_beside_the_field_and_in_the_summary(client, people, ap):
    url = reverse("workforce:return_add", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, posted(ap, LAST, in_post="-3", vacancies="two"))
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert '<a href="#id_in_post">People in post: People in post cannot be negative</a>' in response.text
    assert 'id="id_in_post-error"' in response.text or "nhsuk-error-message" in response.text
    assert "Enter a whole number" in response.text
    assert not HeadcountReturn.objects.exists()


def test_a_return_for_a_period_ending_in_the_future_is_refused(client, people, ap):
    future = services.month_end(datetime.date.today())
    if future == datetime.date.today():  # on a month's last day, the next month's end is the future one
        future = services.month_end(future + datetime.timedelta(days=1))
    url = reverse("workforce:return_add", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, posted(ap, future))
    assert response.status_code == 400
    assert "which is in the future: make the return once the period has ended" in response.text
    assert '<a href="#id_period_end">End of the period:' in response.text
    assert not HeadcountReturn.objects.exists()


def test_a_figure_too_large_for_a_headcount_is_refused_beside_its_field_not_with_an_error_page(
    client, people, ap
):
    url = reverse("workforce:return_add", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, posted(ap, LAST, in_post="3000000000"))
    assert response.status_code == 400
    assert (
        '<a href="#id_in_post">People in post: People in post is more than 999,999,999: check'
        in response.text
    )
    assert not HeadcountReturn.objects.exists()


def test_a_period_in_a_mistyped_year_is_refused_beside_its_field(client, people, ap):
    # A date box given "26" for the year sends the year 26.
    url = reverse("workforce:return_add", args=[people.trust.pk])
    data = posted(ap, LAST) | {"period_end": f"0026-{LAST:%m-%d}"}
    response = as_user(client, people.lead).post(url, data)
    assert response.status_code == 400
    assert '<a href="#id_period_end">End of the period: The period ends on' in response.text
    assert "before 2000: check the year" in response.text
    assert not HeadcountReturn.objects.exists()


def test_recording_is_refused_to_readers_with_403_and_to_outsiders_with_404(
    client, people, ap, administrator
):
    url = reverse("workforce:return_add", args=[people.trust.pk])
    assert as_user(client, administrator).get(url).status_code == 403
    assert as_user(client, administrator).post(url, posted(ap, LAST)).status_code == 403
    assert as_user(client, people.other_lead).post(url, posted(ap, LAST)).status_code == 404
    assert as_user(client, people.regional).get(url).status_code == 404
    assert not HeadcountReturn.objects.exists()


def test_a_return_edited_and_saved_unchanged_loses_nothing(client, people, ap):
    first = record(people.trust, ap, LAST, 12, by=people.other_lead, in_training=3, vacancies=1, starters=2)
    url = reverse("workforce:return_edit", args=[first.pk])
    form = form_values(as_user(client, people.lead).get(url))
    assert form["period_end"] == f"{LAST:%Y-%m-%d}" and form["workforce_role"] == str(ap.pk)
    response = client.post(url, form, follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert f"Return unchanged: Assistant practitioner, the period ending {services.long_date(LAST)}." in (
        response.text
    )
    first.refresh_from_db()
    assert (first.workforce_role, first.period_end) == (ap, LAST)
    assert first.figures() == figures(12, 3, 1, 2, 0)
    # Nothing changed, so nothing says it was corrected.
    assert first.submitted_by == people.other_lead and first.corrected_by is None


def test_a_correction_is_saved_and_refused_to_others(client, people, ap, administrator):
    first = record(people.trust, ap, LAST, 12)
    url = reverse("workforce:return_edit", args=[first.pk])
    assert as_user(client, people.lead).post(url, posted(ap, LAST, in_post="13")).status_code == 302
    assert as_user(client, administrator).post(url, posted(ap, LAST, in_post="99")).status_code == 403
    assert as_user(client, people.other_lead).post(url, posted(ap, LAST, in_post="99")).status_code == 404
    first.refresh_from_db()
    assert first.in_post == 13


def test_a_return_made_in_error_is_removed_by_a_lead_and_the_previous_one_carried_forward(client, people, ap):
    earlier = record(people.trust, ap, BEFORE, 10)
    wrong = record(people.trust, ap, LAST, 99)
    target = Target.objects.create(
        workforce_role=ap, number=50, due_on=LAST.replace(year=LAST.year + 1), organisation=people.trust
    )
    assert services.progress(target).latest.in_post == 99
    lead = as_user(client, people.lead)
    assert "Remove this return" in lead.get(reverse("workforce:return_edit", args=[wrong.pk])).text
    url = reverse("workforce:return_remove", args=[wrong.pk])
    assert "Remove the return?" in lead.get(url).text
    response = lead.post(url)
    assert response.status_code == 302 and response.url == reverse(
        "workforce:returns", args=[people.trust.pk]
    )
    assert list(HeadcountReturn.objects.filter(organisation=people.trust)) == [earlier]
    # The history keeps what it said and who removed it.
    removed = HeadcountReturn.history.filter(id=wrong.pk, history_type="-").get()
    assert removed.in_post == 99 and removed.history_user == people.lead
    assert services.progress(target).latest.in_post == 10


def test_removing_a_return_is_refused_to_readers_and_outsiders(client, people, ap, administrator):
    kept = record(people.trust, ap, LAST, 12)
    url = reverse("workforce:return_remove", args=[kept.pk])
    assert as_user(client, administrator).post(url).status_code == 403
    assert as_user(client, people.other_lead).post(url).status_code == 404
    assert as_user(client, people.regional).post(url).status_code == 404
    assert HeadcountReturn.objects.filter(pk=kept.pk).exists()


def test_the_form_opens_on_the_period_and_role_a_to_do_item_names(client, people, ap):
    url = (
        reverse("workforce:return_add", args=[people.trust.pk]) + f"?workforce_role={ap.pk}&period_end={LAST}"
    )
    form = form_values(as_user(client, people.lead).get(url))
    assert form["workforce_role"] == str(ap.pk) and form["period_end"] == f"{LAST:%Y-%m-%d}"


# --- Completing trainees ----------------------------------------------------------------------------------


def test_completed_trainees_show_as_a_suggestion_with_names_for_the_lead_only(
    client, people, ap, cohort_setup, administrator
):
    record(people.trust, ap, BEFORE, 5, in_training=2)
    trainee_services.change_status(
        enrolment=cohort_setup.enrolment,
        status="completed",
        by=people.lead,
        changed_on=BEFORE + datetime.timedelta(days=2),
    )
    name = people.trainee.get_full_name()
    returns_url = reverse("workforce:returns", args=[people.trust.pk])
    page = as_user(client, people.lead).get(returns_url)
    assert "Suggested for the next return: +1 in post, −1 in training." in page.text and name in page.text
    form = as_user(client, people.lead).get(
        reverse("workforce:return_add", args=[people.trust.pk]) + f"?workforce_role={ap.pk}&period_end={LAST}"
    )
    assert "Suggested: +1 in post, −1 in training" in form.text and name in form.text
    assert "from the previous return: 6 in post and 1 in training" in form.text
    admin_page = as_user(client, administrator).get(returns_url)
    assert "Suggested" not in admin_page.text and name not in admin_page.text


# --- Import -------------------------------------------------------------------------------------------------


def test_the_import_page_says_the_columns_and_offers_a_template(client, people, catalogue):
    url = reverse("workforce:returns_import", args=[people.trust.pk])
    page = as_user(client, people.lead).get(url)
    assert page.status_code == 200
    for column in (
        "workforce_role",
        "period_end",
        "in_post",
        "in_training",
        "vacancies",
        "starters",
        "leavers",
    ):
        assert f"<code>{column}</code>" in page.text
    template = client.get(reverse("workforce:returns_import_template", args=[people.trust.pk]))
    assert template["Content-Disposition"] == 'attachment; filename="headcount-returns-template.csv"'
    assert template.content.decode("utf-8-sig").startswith(
        "workforce_role,period_end,in_post,in_training,vacancies,starters,leavers\r\n"
    )


def test_an_import_with_a_bad_row_shows_every_problem_and_saves_nothing(client, people, catalogue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        "workforce_role,period_end,in_post,in_training,vacancies,starters,leavers\n"
        f"Assistant practitioner,{BEFORE},12,6,2,1,0\n"
        f"Porter,{LAST},12,6,2,1,0\n"
    ).encode()
    url = reverse("workforce:returns_import", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, {"file": SimpleUploadedFile("returns.csv", content)})
    assert response.status_code == 400
    assert "Nothing was imported: 1 problem to fix" in response.text
    row, column = (
        r"<td[^>]*><span[^>]*>Row </span>3</td>",
        r"<td[^>]*><span[^>]*>Column </span><code[^>]*>workforce_role</code></td>",
    )
    assert re.search(row + r"\s*" + column, response.text)
    assert "Unknown workforce role “Porter”" in response.text
    assert not HeadcountReturn.objects.exists()
    good = content.replace(b"Porter", b"Assistant practitioner")
    response = client.post(url, {"file": SimpleUploadedFile("returns.csv", good)})
    assert response.status_code == 302 and HeadcountReturn.objects.count() == 2


def test_importing_is_refused_to_readers_and_outsiders(client, people, administrator):
    url = reverse("workforce:returns_import", args=[people.trust.pk])
    template = reverse("workforce:returns_import_template", args=[people.trust.pk])
    assert as_user(client, administrator).get(url).status_code == 403
    assert as_user(client, administrator).get(template).status_code == 403
    assert as_user(client, people.other_lead).get(url).status_code == 404
    assert as_user(client, people.regional).get(template).status_code == 404


# --- Targets ------------------------------------------------------------------------------------------------


def target_data(role, number="20", due_on="2027-03-31", source="The trust's workforce plan."):
    return {"workforce_role": role.pk, "number": number, "due_on": due_on, "source": source}


def test_a_lead_sets_their_organisations_target_and_saves_it_unchanged(client, people, ap):
    url = reverse("workforce:target_add_organisation", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, target_data(ap, source="Line one.\nLine two."))
    target = Target.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "workforce:target", args=[target.pk]
    )
    assert (target.organisation, target.region, target.set_by, target.number) == (
        people.trust,
        None,
        people.lead,
        20,
    )
    edit = reverse("workforce:target_edit", args=[target.pk])
    form = form_values(client.get(edit))
    assert client.post(edit, form).status_code == 302
    target.refresh_from_db()
    assert (target.workforce_role, target.number, target.due_on) == (ap, 20, D(2027, 3, 31))
    assert target.source == "Line one.\r\nLine two." or target.source == "Line one.\nLine two."
    assert (target.organisation, target.set_by) == (people.trust, people.lead)


def test_a_target_too_large_or_in_a_mistyped_year_is_refused_beside_its_field(client, people, ap):
    url = reverse("workforce:target_add_organisation", args=[people.trust.pk])
    response = as_user(client, people.lead).post(
        url, target_data(ap, number="3000000000", due_on="0027-03-31")
    )
    assert response.status_code == 400
    assert (
        '<a href="#id_number">People in post: A target is at most 999,999,999 people in post' in response.text
    )
    assert '<a href="#id_due_on">By: The target&#x27;s date is 31 March 27: check the year' in response.text
    assert not Target.objects.exists()


def test_a_target_of_nothing_is_refused_beside_its_field(client, people, ap):
    url = reverse("workforce:target_add_organisation", args=[people.trust.pk])
    response = as_user(client, people.lead).post(url, target_data(ap, number="0"))
    assert response.status_code == 400
    assert '<a href="#id_number">People in post: A target is at least 1 person in post</a>' in response.text
    assert not Target.objects.exists()


def test_who_may_set_and_change_an_organisations_target(client, people, ap, administrator):
    url = reverse("workforce:target_add_organisation", args=[people.trust.pk])
    assert as_user(client, people.regional).post(url, target_data(ap)).status_code == 403
    assert as_user(client, administrator).get(url).status_code == 403
    assert as_user(client, people.other_lead).get(url).status_code == 404
    target = Target.objects.create(
        workforce_role=ap, number=20, due_on=D(2027, 3, 31), organisation=people.trust
    )
    edit = reverse("workforce:target_edit", args=[target.pk])
    assert as_user(client, people.regional).post(edit, target_data(ap, number="99")).status_code == 403
    assert as_user(client, people.other_lead).post(edit, target_data(ap, number="99")).status_code == 404
    remove = reverse("workforce:target_remove", args=[target.pk])
    assert as_user(client, people.regional).post(remove).status_code == 403
    target.refresh_from_db()
    assert target.number == 20
    assert as_user(client, people.lead).post(remove).status_code == 302
    assert not Target.objects.exists()


def test_a_regional_lead_sets_the_regions_targets_and_the_administrator_the_countrys(
    client, people, ap, administrator
):
    region_url = reverse("workforce:target_add_region", args=[people.region.pk])
    assert as_user(client, people.regional).post(region_url, target_data(ap, number="60")).status_code == 302
    assert Target.objects.get(region=people.region).set_by == people.regional
    assert as_user(client, administrator).get(region_url).status_code == 403
    assert as_user(client, people.lead).get(region_url).status_code == 404
    national_url = reverse("workforce:target_add_national")
    assert as_user(client, people.regional).post(national_url, target_data(ap)).status_code == 403
    assert (
        as_user(client, administrator).post(national_url, target_data(ap, number="3000")).status_code == 302
    )
    national = Target.objects.get(region=None, organisation=None)
    assert (national.number, national.set_by) == (3000, administrator)
    edit = reverse("workforce:target_edit", args=[national.pk])
    assert client.post(edit, form_values(client.get(edit))).status_code == 302
    national.refresh_from_db()
    assert (national.number, national.due_on, national.source) == (
        3000,
        D(2027, 3, 31),
        "The trust's workforce plan.",
    )


# --- Progress, regional and national pages -----------------------------------------------------------------


@pytest.fixture
def region_story(people, ap, catalogue):
    """A regional target with quarterly returns from both trusts of the region (the second missing the last),
    and a far trust's returns that must not count."""
    for period, a, b in ((D(2025, 3, 31), 10, 5), (D(2025, 6, 30), 12, 6), (D(2025, 9, 30), 14, None)):
        record(people.trust, ap, period, a, by=people.lead)
        if b is not None:
            record(people.other_trust, ap, period, b, by=people.other_lead)
        record(people.far_trust, ap, period, 4321)
    record(people.trust, catalogue["Nursing associate"], D(2025, 9, 30), 8765)
    return Target.objects.create(
        workforce_role=ap, number=40, due_on=D(2026, 3, 31), region=people.region, set_by=people.regional
    )


def test_the_progress_page_shows_the_chart_the_figures_and_how_it_projects(client, people, region_story):
    page = as_user(client, people.regional).get(reverse("workforce:target", args=[region_story.pk]))
    assert page.status_code == 200
    text = page.text
    assert "<svg" in text and "stroke-dasharray" in text and "Target: 40 by 31 March 2026" in text
    assert "20 in post at the end of the period ending 30 September 2025" in text  # 14 + 6 carried forward
    # 15, 18, 20 by quarter: a line through them rises by 5/6 a month; 20.33 + 0.83 * 6 = 25.3 by March.
    assert "rising by about 0.8 a month, so about 25 would be in post by 31 March 2026" in text
    assert "15 short of the target of 40" in text
    assert "How it projects: A straight line fitted by least squares through the totals in post" in text
    assert "carried forward: Eastbrook Trust" in text
    assert "Eastbrook Trust: last returned for the period ending 30 June 2025 (carried forward)" in text
    assert "about 25" in text  # the projected row of the table
    assert "4321" not in text and "4,321" not in text and "8765" not in text  # another region, another role
    assert people.regional.get_full_name() in text  # who set it, to the people of its scope


def test_the_progress_page_is_refused_to_outsiders(client, people, region_story, administrator):
    url = reverse("workforce:target", args=[region_story.pk])
    assert as_user(client, administrator).get(url).status_code == 200
    assert as_user(client, people.lead).get(url).status_code == 404
    far_regional = person_with_role(Membership.Role.REGIONAL_LEAD, people.far_trust, username="south")
    assert as_user(client, far_regional).get(url).status_code == 404


def test_the_regional_page_adds_up_the_regions_organisations_without_names(
    client, people, ap, region_story, cohort_setup
):
    url = reverse("workforce:targets_region", args=[people.region.pk])
    page = as_user(client, people.regional).get(url)
    assert page.status_code == 200
    text = page.text
    assert "Northfield Trust" in text and "Eastbrook Trust" in text and "Southmoor Trust" not in text
    assert re.search(r"The region</th>.*?<strong>20</strong>", text, re.S)
    assert (
        "Not returned for the period ending 30 September 2025: Eastbrook Trust (last returned for June 2025)"
        in text
    )
    for person in (people.lead, people.other_lead, people.trainee, people.other_trainee):
        assert person.get_full_name() not in text
    assert "Set a target for North" in text
    assert as_user(client, people.lead).get(url).status_code == 404
    far_regional = person_with_role(Membership.Role.REGIONAL_LEAD, people.far_trust, username="south")
    assert as_user(client, far_regional).get(url).status_code == 404


def test_the_national_page_is_the_administrators(client, people, ap, region_story, administrator):
    Target.objects.create(workforce_role=ap, number=3000, due_on=D(2026, 12, 31), set_by=administrator)
    url = reverse("workforce:targets_national")
    page = as_user(client, administrator).get(url)
    assert page.status_code == 200
    assert "Assistant practitioner: 3,000 in post by 31 December 2026" in page.text
    assert re.search(r"North</a></td>.*?Assistant practitioner.*?>20</td>", page.text, re.S)
    assert re.search(r"South</a></td>.*?Assistant practitioner.*?>4,321</td>", page.text, re.S)
    assert as_user(client, people.regional).get(url).status_code == 403
    assert as_user(client, people.lead).get(url).status_code == 403


def test_the_front_page_and_to_do_list_lead_each_person_to_their_part(client, people, ap, administrator):
    record(people.trust, ap, BEFORE, 5)
    record(people.other_trust, ap, BEFORE, 5)
    record(people.other_trust, ap, LAST, 6)
    home = as_user(client, people.lead).get(reverse("workforce:home"))
    assert reverse("workforce:returns", args=[people.trust.pk]) in home.text
    assert f"Return to make</strong> Assistant practitioner, the period ending {LAST:%-d %B %Y}" in home.text
    items = collect(people.lead).group("headcount_return_due").items
    assert [item.url for item in items] == [
        reverse("workforce:return_add", args=[people.trust.pk]) + f"?workforce_role={ap.pk}&period_end={LAST}"
    ]
    assert collect(people.other_lead).group("headcount_return_due") is None
    regional = as_user(client, people.regional).get(reverse("workforce:home"))
    assert reverse("workforce:targets_region", args=[people.region.pk]) in regional.text
    national = as_user(client, administrator).get(reverse("workforce:home"))
    assert reverse("workforce:targets_national") in national.text


def test_the_regional_page_reads_the_same_number_of_queries_however_many_organisations(
    client, people, ap, catalogue
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    Target.objects.create(workforce_role=ap, number=40, due_on=D(2026, 3, 31), region=people.region)
    url = reverse("workforce:targets_region", args=[people.region.pk])
    client = as_user(client, people.regional)

    def queries():
        client.get(url)  # warm the session and the person's grants
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for organisation in (people.trust, people.other_trust):
        record(organisation, ap, D(2025, 3, 31), 3)
        record(organisation, catalogue["Nursing associate"], D(2025, 3, 31), 2)
    few = queries()
    for n in range(6):
        more = OrganisationFactory(name=f"Trust {n}", region=people.region)
        record(more, ap, D(2025, 3, 31), 4)
        record(more, catalogue["Nursing associate"], D(2025, 3, 31), 2)
    assert queries() == few
