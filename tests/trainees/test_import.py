"""Bringing people in: a CSV or Excel file of trainees into a cohort, all or nothing, and one at a time."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership, User
from core.tabular import ImportRefused
from tests.factories import UserFactory, person_with_role
from trainees import importing
from trainees.importing import COLUMNS, read_trainee_file
from trainees.models import Enrolment, LearningContract, StatusChange
from trainees.services import import_trainees

from .factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def cohort(people):
    return CohortFactory(organisation=people.trust, name="Cohort 1, September 2026")


@pytest.fixture
def staff(people, cohort):
    """Supporters with accounts: two mentors and a manager of the trust, and a lecturer of its university
    whom the trust has invited in (a lecturer who is only the university's is refused)."""
    lecturer = person_with_role(Role.LECTURER, cohort.programme.university, username="lecturer")
    Membership.objects.create(user=lecturer, organisation=people.trust, role=Role.LECTURER)
    return {
        "mentor": people.mentor,
        "mentor2": person_with_role(Role.MENTOR, people.trust, username="mentor2"),
        "manager": person_with_role(Role.MANAGER, people.trust, username="manager"),
        "lecturer": lecturer,
    }


def csv_bytes(rows, header=COLUMNS, bom=False, newline="\n"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(
        [[row.get(name, "") for name in header] if isinstance(row, dict) else row for row in rows]
    )
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def xlsx_bytes(rows, header=COLUMNS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([name.replace("_", " ").title() for name in header])  # "First Name": any case, spaces
    for row in rows:
        sheet.append([row.get(name) for name in header] if isinstance(row, dict) else row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        Enrolment.objects.count(),
        Membership.objects.count(),
        LearningContract.objects.count(),
    )


def new_person(n=1, **values):
    return {
        "email": f"new.person{n}@example.nhs.uk",
        "first_name": "New",
        "last_name": f"Person{n}",
        **values,
    }


def refused(cohort, people, content, name="trainees.csv"):
    """Imports a file that must be refused; checks nothing was saved; returns (row, column) and messages."""
    before = counts()
    with pytest.raises(ImportRefused) as raised:
        import_trainees(cohort=cohort, upload_name=name, content=content, by=people.lead)
    assert counts() == before
    return raised.value.problems


# --- The happy path ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("extension", "make"), [("csv", csv_bytes), ("xlsx", xlsx_bytes)])
def test_import_enrols_every_row_with_supporters_and_draft_contracts(people, cohort, staff, extension, make):
    rows = [
        {
            "email": "Zoe.Adams@Example.nhs.uk",
            "first_name": "Zoë",
            "last_name": "Adams",
            "mentor_email": f"{staff['mentor'].email}; {staff['mentor2'].email}",
            "manager_email": staff["manager"].email.upper(),
            "lecturer_email": staff["lecturer"].email,
            "service": "Willow Ward",
            "specialism": "Inpatient mental health",
            "band": 3,
            "previous_role": "Healthcare support worker",
            "why_applied": "To grow, and to stay.",
        },
        # An existing account, matched by email in other capitals; no names needed.
        {"email": people.other_trainee.email.upper(), "specialism": "COMMUNITY_MH", "band": "Band 4"},
        new_person(2, mentor_email=staff["mentor"].email),
    ]
    users_before = User.objects.count()

    result = import_trainees(
        cohort=cohort, upload_name=f"trainees.{extension}", content=make(rows), by=people.lead
    )

    assert (len(result.enrolments), result.created, result.matched) == (3, 2, 1)
    assert User.objects.count() == users_before + 2
    zoe = Enrolment.objects.get(cohort=cohort, trainee__email__iexact="zoe.adams@example.nhs.uk")
    assert (zoe.trainee.first_name, zoe.trainee.has_usable_password()) == ("Zoë", False)
    assert set(zoe.mentors.all()) == {staff["mentor"], staff["mentor2"]}
    assert (zoe.manager, zoe.lecturer) == (staff["manager"], staff["lecturer"])
    assert (zoe.service, zoe.specialism, zoe.band) == ("Willow Ward", "inpatient_mh", 3)
    assert (zoe.previous_role, zoe.why_applied) == ("Healthcare support worker", "To grow, and to stay.")
    bob = Enrolment.objects.get(cohort=cohort, trainee=people.other_trainee)
    assert (bob.specialism, bob.band) == ("community_mh", 4)
    assert Membership.objects.filter(user=zoe.trainee, organisation=people.trust, role=Role.TRAINEE).exists()
    assert Membership.objects.filter(
        user=staff["lecturer"], organisation=people.trust, role=Role.LECTURER
    ).exists()
    for enrolment in result.enrolments:
        contract = enrolment.contracts.get()
        assert (contract.version, contract.signatures.count(), contract.created_by) == (1, 0, people.lead)
        assert StatusChange.objects.filter(enrolment=enrolment, note="Enrolled").exists()


def test_import_reads_excel_csv_utf8_with_bom_crlf_any_case_headers_and_skips_empty_rows(people, cohort):
    header = ["Last_Name", "EMAIL", "First Name"]
    content = csv_bytes(
        [["Ørsted", "ada@example.nhs.uk", "Ada"], ["", "", ""], ["Bloggs", "jo@example.nhs.uk", "Jo"]],
        header=header,
        bom=True,
        newline="\r\n",
    )
    result = import_trainees(cohort=cohort, upload_name="From Excel.CSV", content=content, by=people.lead)
    assert sorted(str(e.trainee) for e in result.enrolments) == ["Ada Ørsted", "Jo Bloggs"]


def test_import_of_matched_person_leaves_their_account_as_it_was(people, cohort):
    import_trainees(
        cohort=cohort,
        upload_name="t.csv",
        content=csv_bytes([{"email": people.trainee.email, "first_name": "Someone", "last_name": "Else"}]),
        by=people.lead,
    )
    people.trainee.refresh_from_db()
    assert people.trainee.first_name != "Someone"
    assert Enrolment.objects.filter(cohort=cohort, trainee=people.trainee).exists()


def test_person_with_an_account_but_no_organisation_yet_is_matched(people, cohort):
    loose = UserFactory(username="loose")
    result = import_trainees(
        cohort=cohort, upload_name="t.csv", content=csv_bytes([{"email": loose.email}]), by=people.lead
    )
    assert (result.created, result.matched) == (0, 1)
    assert Membership.objects.filter(user=loose, organisation=people.trust, role=Role.TRAINEE).exists()


# --- Bad rows: the whole file is refused, each row named with its column and reason ----------------------


BAD_ROWS = {
    "missing email": (lambda p, s: {"first_name": "No", "last_name": "Email"}, "email", "Missing"),
    "malformed email": (lambda p, s: new_person(email="jo.example.nhs.uk"), "email", "not an email address"),
    "already on the cohort": (lambda p, s: {"email": p.trainee.email}, "email", "already on this cohort"),
    "unknown mentor": (
        lambda p, s: new_person(mentor_email=f"{s['mentor'].email};nobody@example.nhs.uk"),
        "mentor_email",
        "No one has an account with nobody@example.nhs.uk",
    ),
    "unknown manager": (
        lambda p, s: new_person(manager_email="nobody@example.nhs.uk"),
        "manager_email",
        "No one has an account",
    ),
    "unknown lecturer": (
        lambda p, s: new_person(lecturer_email="nobody@example.ac.uk"),
        "lecturer_email",
        "No one has an account",
    ),
    "band too high": (lambda p, s: new_person(band="10"), "band", "“10” is not a band"),
    "band not a number": (lambda p, s: new_person(band="four"), "band", "whole number from 1 to 9"),
    "unknown specialism": (
        lambda p, s: new_person(specialism="Dentistry"),
        "specialism",
        "Unknown specialism",
    ),
    "new person without first name": (
        lambda p, s: new_person(first_name=""),
        "first_name",
        "no one has an account with this email",
    ),
    "new person without last name": (
        lambda p, s: new_person(last_name=""),
        "last_name",
        "no one has an account with this email",
    ),
    "mentor is the trainee": (
        lambda p, s: {"email": p.other_trainee.email, "mentor_email": p.other_trainee.email.upper()},
        "mentor_email",
        "no one can support themself",
    ),
    "manager is the trainee": (
        lambda p, s: new_person(manager_email=new_person()["email"]),
        "manager_email",
        "no one can support themself",
    ),
    "trainee of another organisation only": (
        lambda p, s: {"email": p.outside_trainee.email},
        "email",
        "belongs to a person in another organisation",
    ),
    "mentor of another organisation only": (
        lambda p, s: new_person(mentor_email=p.other_lead.email),
        "mentor_email",
        "is not a member of Northfield Trust",
    ),
    "two managers": (
        lambda p, s: new_person(manager_email=f"{s['manager'].email};{s['mentor'].email}"),
        "manager_email",
        "one email address only",
    ),
    "name too long": (lambda p, s: new_person(last_name="x" * 151), "last_name", "Longer than 150"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_file_with_a_bad_row_is_refused_whole_naming_row_column_and_reason(people, cohort, staff, case):
    make_row, column, reason = BAD_ROWS[case]
    EnrolmentFactory(cohort=cohort, trainee=people.trainee)
    good = new_person(9, mentor_email=staff["mentor"].email)

    problems = refused(cohort, people, csv_bytes([good, make_row(people, staff)]))

    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert reason in problems[0].message
    assert not User.objects.filter(email=good["email"]).exists()


def test_same_email_twice_in_the_file_is_refused_naming_the_first_row(people, cohort):
    problems = refused(
        cohort, people, csv_bytes([new_person(1), new_person(2), new_person(1, first_name="Again")])
    )
    assert [(p.row, p.column, p.message) for p in problems] == [
        (4, "email", "Also in row 2: list each trainee once.")
    ]


def test_switched_off_account_is_refused(people, cohort):
    people.other_trainee.is_active = False
    people.other_trainee.save()
    problems = refused(cohort, people, csv_bytes([{"email": people.other_trainee.email}]))
    assert [(p.row, p.column) for p in problems] == [(2, "email")]
    assert "switched off" in problems[0].message


def test_lecturer_the_trust_invited_is_accepted_but_of_another_organisation_is_not(people, cohort, staff):
    stranger = person_with_role(Role.LECTURER, people.other_trust, username="stranger")
    problems = refused(
        cohort,
        people,
        csv_bytes(
            [
                new_person(1, lecturer_email=staff["lecturer"].email),
                new_person(2, lecturer_email=stranger.email),
            ]
        ),
    )
    assert [(p.row, p.column) for p in problems] == [(3, "lecturer_email")]


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_every_bad_row_is_listed_together_in_spreadsheet_row_order(people, cohort, staff, make):
    rows = [
        new_person(1),
        {},  # an empty row is skipped but still counts, as the spreadsheet shows it
        new_person(2, band="0", specialism="Nowhere"),
        new_person(3, mentor_email="ghost@example.nhs.uk"),
        new_person(4),
        {"email": people.outside_trainee.email},
        {"email": "not-an-email"},
    ]
    name = "t.xlsx" if make is xlsx_bytes else "t.csv"

    problems = refused(cohort, people, make(rows), name=name)

    assert [(p.row, p.column) for p in problems] == [
        (4, "specialism"),
        (4, "band"),
        (5, "mentor_email"),
        (7, "email"),
        (8, "email"),
    ]
    assert str(problems[0]).startswith("Row 4, specialism: Unknown specialism “Nowhere”")


def test_value_in_a_column_without_a_name_is_a_bad_row(people, cohort):
    content = csv_bytes([["a@example.nhs.uk", "Ann", "Lee", "Ward 3, upstairs"]], header=COLUMNS[:3])
    problems = refused(cohort, people, content)
    assert [(p.row, p.column) for p in problems] == [(2, "column D")]


# --- Whole-file problems ---------------------------------------------------------------------------------


def test_unknown_columns_are_refused_by_name_with_a_suggestion(people, cohort):
    header = ["email", "first_name", "last_name", "mentr_email", "shoe size"]
    problems = refused(cohort, people, csv_bytes([["a@example.nhs.uk", "A", "B", "", "9"]], header=header))
    assert all(p.row is None for p in problems)
    text = " ".join(p.message for p in problems)
    assert "Unknown column “mentr_email” (did you mean mentor_email?)" in text
    assert "Unknown column “shoe_size”" in text


def test_file_without_an_email_column_is_refused(people, cohort):
    problems = refused(cohort, people, csv_bytes([["A", "B"]], header=["first_name", "last_name"]))
    assert [p.message for p in problems] == ["There is no email column: row 1 must name the columns."]


def test_repeated_column_is_refused(people, cohort):
    problems = refused(
        cohort, people, csv_bytes([["a@example.nhs.uk", "b@example.nhs.uk"]], header=["email"] * 2)
    )
    assert "appears more than once" in problems[0].message


def broken_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name=")
    return out.getvalue()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)  # how an old .xls workbook begins
HTML = b"<!DOCTYPE html>\n<html><body><table><tr><td>email</td></tr></table></body></html>\n"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("trainees.csv", HTML, "a web page"),
        ("trainees.xlsx", PDF, "a PDF"),
        ("trainees.csv", PDF, "a PDF"),
        ("trainees.xlsx", b"email\njo@example.nhs.uk\n", "named .xlsx but is not an Excel workbook"),
        ("trainees.csv", xlsx_bytes([new_person()]), "named .csv but is an Excel workbook"),
        ("trainees.txt", b"email\njo@example.nhs.uk\n", "Choose a .csv or .xlsx file"),
        ("trainees.xls", OLE, "Choose a .csv or .xlsx file"),
        ("trainees.xlsx", OLE, "old-style Excel workbook (.xls)"),
        ("trainees.csv", "email,first_name\nzoe@example.nhs.uk,Zoë\n".encode("cp1252"), "not UTF-8"),
        ("trainees.csv", b"email;first_name;last_name\n", "separated by semicolons"),
        ("trainees.xlsx", broken_xlsx(), "The workbook cannot be read"),
        (
            "trainees.csv",
            b"email,why_applied\na@example.nhs.uk," + b"x" * 200_000 + b"\n",
            "cannot be read as CSV",
        ),
        ("trainees.csv", b"", "The file is empty"),
        ("trainees.csv", b"email,first_name,last_name\n,,\n", "no trainees in it"),
    ],
    ids=[
        "html-as-csv",
        "pdf-as-xlsx",
        "pdf-as-csv",
        "text-as-xlsx",
        "xlsx-as-csv",
        "txt",
        "xls",
        "xls-as-xlsx",
        "cp1252",
        "semicolons",
        "broken-xlsx",
        "huge-cell",
        "empty",
        "header-only",
    ],
)
def test_wrong_kind_of_file_is_refused_with_a_clear_reason(people, cohort, name, content, reason):
    problems = refused(cohort, people, content, name=name)
    assert [(p.row, p.column) for p in problems] == [(None, None)]
    assert reason in problems[0].message


def test_file_over_2_mb_is_refused(people, cohort):
    content = csv_bytes([new_person(1, why_applied="x" * (2 * 1024 * 1024))])
    assert "larger than 2 MB" in refused(cohort, people, content)[0].message


def test_reading_allows_1000_trainees_and_refuses_1001():
    rows = [new_person(n) for n in range(1001)]
    assert len(read_trainee_file(name="t.csv", content=csv_bytes(rows[:1000])).rows) == 1000
    with pytest.raises(ImportRefused) as raised:
        read_trainee_file(name="t.csv", content=csv_bytes(rows))
    assert "more than 1,000 trainees" in raised.value.problems[0].message


def test_template_rows_read_back_without_problems():
    content = csv_bytes(importing.template_rows()[1:], header=importing.template_rows()[0])
    parsed = read_trainee_file(name="template.csv", content=content)
    assert parsed.problems == []
    assert parsed.rows[0].mentor_emails == ["sam.okafor@example.nhs.uk", "alex.kay@example.nhs.uk"]


# --- Pages -----------------------------------------------------------------------------------------------


def upload(client, cohort, content, name="trainees.csv"):
    return client.post(
        reverse("trainees:cohort_import", args=[cohort.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_import_page_documents_the_columns_and_links_the_template(client, people, cohort):
    client.force_login(people.lead)
    response = client.get(reverse("trainees:cohort_import", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    for name in COLUMNS:
        assert f"<code>{name}</code>" in response.text
    assert reverse("trainees:import_template", args=[cohort.pk]) in response.text


def test_import_page_enrols_and_says_how_many_were_new_and_matched(client, people, cohort, staff):
    client.force_login(people.lead)
    content = csv_bytes([new_person(1, mentor_email=staff["mentor"].email), {"email": people.trainee.email}])
    response = upload(client, cohort, content)
    assert response.status_code == 302
    assert response.url == reverse("trainees:cohort_detail", args=[cohort.pk])
    assert flashed(response) == ["2 trainees enrolled (1 new account, 1 matched)."]
    assert cohort.enrolments.count() == 2


def test_import_page_lists_every_bad_row_and_saves_nothing(client, people, cohort):
    client.force_login(people.lead)
    before = counts()
    response = upload(client, cohort, csv_bytes([new_person(1), new_person(2, band="12"), {"email": "x"}]))
    assert response.status_code == 400
    assert counts() == before
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(3, "band"), (4, "email")]
    assert "Nothing was imported: 2 problems to fix" in response.text
    assert "“12” is not a band" in response.text


def test_import_page_refuses_a_pdf_named_xlsx(client, people, cohort):
    client.force_login(people.lead)
    response = upload(client, cohort, PDF, name="trainees.xlsx")
    assert response.status_code == 400
    assert "The file is a PDF, not a spreadsheet." in response.text


def test_template_download_is_a_csv_attachment_with_the_columns_and_an_example(client, people, cohort):
    client.force_login(people.lead)
    response = client.get(reverse("trainees:import_template", args=[cohort.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())  # so Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2
    assert rows[1][0] == "jo.bloggs@example.nhs.uk"


# --- Adding one trainee ------------------------------------------------------------------------------------


def add(client, cohort, **data):
    return client.post(reverse("trainees:add_trainee", args=[cohort.pk]), data)


def test_add_trainee_form_offers_only_the_organisations_supporters(client, people, cohort, staff):
    person_with_role(Role.MENTOR, people.other_trust, username="elsewhere")
    client.force_login(people.lead)
    response = client.get(reverse("trainees:add_trainee", args=[cohort.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["mentors"].queryset) == {staff["mentor"], staff["mentor2"]}
    assert list(form.fields["manager"].queryset) == [staff["manager"]]
    assert list(form.fields["lecturer"].queryset) == [staff["lecturer"]]


def test_add_trainee_makes_a_new_account_and_enrols_them(client, people, cohort, staff):
    client.force_login(people.lead)
    response = add(
        client,
        cohort,
        email="new.one@example.nhs.uk",
        first_name="New",
        last_name="One",
        mentors=[staff["mentor"].pk, staff["mentor2"].pk],
        manager=staff["manager"].pk,
        lecturer=staff["lecturer"].pk,
        specialism="acute",
        band="3",
    )
    assert response.status_code == 302
    assert response.url == reverse("trainees:cohort_detail", args=[cohort.pk])
    enrolment = Enrolment.objects.get(cohort=cohort, trainee__email="new.one@example.nhs.uk")
    assert set(enrolment.mentors.all()) == {staff["mentor"], staff["mentor2"]}
    assert (enrolment.manager, enrolment.lecturer, enrolment.band) == (staff["manager"], staff["lecturer"], 3)
    assert enrolment.contracts.count() == 1
    assert "with a new account" in flashed(response)[0]


def test_add_trainee_matches_an_existing_account_by_email_and_says_so(client, people, cohort):
    client.force_login(people.lead)
    users_before = User.objects.count()
    response = add(client, cohort, email=people.other_trainee.email.upper(), add_another="1")
    assert response.status_code == 302
    assert response.url == reverse("trainees:add_trainee", args=[cohort.pk])
    assert User.objects.count() == users_before
    assert Enrolment.objects.filter(cohort=cohort, trainee=people.other_trainee).exists()
    assert "already had an account" in flashed(response)[0]
    assert "matched, not duplicated" in flashed(response)[0]


def test_add_trainee_shows_errors_beside_fields_and_saves_nothing(client, people, cohort, staff):
    client.force_login(people.lead)
    before = counts()
    response = add(client, cohort, email="someone.new@example.nhs.uk", band="11")
    assert response.status_code == 400
    assert counts() == before
    assert set(response.context["form"].errors) == {"band"}

    response = add(client, cohort, email="someone.new@example.nhs.uk")
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "last_name"}
    assert "no one has an account with this email" in errors["first_name"][0]
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "field", "reason"),
    [
        ("outside_trainee", "email", "another organisation"),
        ("trainee", "email", "already on this cohort"),
        ("mentor", "mentors", "nobody supports themself"),
    ],
)
def test_add_trainee_refuses_a_person_who_cannot_join(client, people, cohort, staff, who, field, reason):
    EnrolmentFactory(cohort=cohort, trainee=people.trainee)
    client.force_login(people.lead)
    before = counts()
    response = add(client, cohort, email=getattr(people, who).email, mentors=[staff["mentor"].pk])
    assert response.status_code == 400
    assert counts() == before
    assert reason in response.context["form"].errors[field][0]


# --- Who may bring people in -------------------------------------------------------------------------------

PAGES = ["add_trainee", "cohort_import", "import_template"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["other_lead", "trainee", "mentor", "regional"])
def test_people_who_cannot_see_the_cohort_get_not_found_and_change_nothing(client, people, cohort, who, page):
    client.force_login(getattr(people, who))
    url = reverse(f"trainees:{page}", args=[cohort.pk])
    before = counts()
    assert client.get(url).status_code == 404
    data = {"email": "sneaky@example.nhs.uk", "first_name": "S", "last_name": "N"}
    if page == "cohort_import":
        data = {"file": SimpleUploadedFile("t.csv", csv_bytes([new_person()]))}
    assert client.post(url, data).status_code == 404
    assert counts() == before


@pytest.mark.parametrize("page", PAGES)
def test_manager_who_can_see_the_cohort_but_not_change_it_is_refused(client, people, cohort, page):
    manager = person_with_role(Role.MANAGER, people.trust, username="manager")
    EnrolmentFactory(cohort=cohort, trainee=people.trainee, manager=manager)
    client.force_login(manager)
    url = reverse(f"trainees:{page}", args=[cohort.pk])
    before = counts()
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"email": "sneaky@example.nhs.uk", "first_name": "S", "last_name": "N"}).status_code
        == 403
    )
    assert counts() == before


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, cohort, page):
    url = reverse(f"trainees:{page}", args=[cohort.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- A request the portal cannot read ----------------------------------------------------------------------


def test_file_name_too_long_to_read_is_explained_on_the_page_and_changes_nothing(people, cohort):
    from tests.malformed import NamedFile, csrf_checked_client

    url = reverse("trainees:cohort_import", args=[cohort.pk])
    client, token = csrf_checked_client(people.lead, url)
    before = counts()
    data = {"csrfmiddlewaretoken": token, "file": NamedFile("t" * 1000 + ".csv", csv_bytes([new_person()]))}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "The file&#x27;s name is too long for the portal to read." in response.text
    assert counts() == before


def test_import_page_still_needs_the_csrf_token(people, cohort):
    from tests.malformed import csrf_checked_client

    url = reverse("trainees:cohort_import", args=[cohort.pk])
    client, _ = csrf_checked_client(people.lead, url)
    before = counts()
    file = SimpleUploadedFile("t.csv", csv_bytes([new_person()]))
    assert client.post(url, {"file": file}).status_code == 403
    assert counts() == before
