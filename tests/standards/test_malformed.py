"""Malformed and hostile standard files: refused with a message naming the problem, nothing saved, no 500.

Each file is made for real (see tests/malformed.py) and sent through the page, the service and the command.
"""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.tabular import ImportRefused
from standards.ifate import parse_documents
from standards.models import KSB, Duty, Standard
from standards.services import import_standards
from tests.malformed import DEEP_LIST, DEEP_OBJECT, HUGE_FLOAT, LONG_NUMBER, NUL_ESCAPE

from .conftest import grant_import, make_document
from .test_catalogue import ROOT

pytestmark = pytest.mark.django_db


def document_text(**changes):
    return json.dumps(make_document(**changes))


def with_level(literal):
    """A whole standard whose level is written as ``literal`` in the file."""
    text = document_text()
    assert '"level": 3' in text
    return text.replace('"level": 3', f'"level": {literal}')


# (file text, what the message says)
CASES = {
    "deep-list": (DEEP_LIST, "nested more than 20 levels deep"),
    "deep-object": (DEEP_OBJECT, "nested more than 20 levels deep"),
    "huge-float": (with_level(HUGE_FLOAT), "the number 1e400 is too large"),
    "long-number": (with_level(LONG_NUMBER), "has more than 15 digits"),
    "nul-in-text": (
        document_text().replace("Senior healthcare support worker", f"Senior{NUL_ESCAPE} worker"),
        "title: contains a NUL character (U+0000)",
    ),
    "nul-in-statement": (
        document_text().replace("First skill", f"First{NUL_ESCAPE}skill"),
        "skills[0].detail: contains a NUL character (U+0000)",
    ),
    "control-character": (
        document_text().replace("First duty", "First\\u0007duty"),
        "duties[0].dutyDetail: contains a control character (U+0007)",
    ),
    "unpaired-surrogate": (
        document_text().replace("Care", "Care\\ud800"),
        "keywords[0]: contains an unpaired surrogate (U+D800)",
    ),
    "nul-in-kept-field": (
        json.dumps(make_document(larsCode="6\u00006")),
        "larsCode: contains a NUL character (U+0000)",
    ),
    "nan": (with_level("NaN"), "NaN is not a number JSON allows"),
}
IDS = list(CASES)


def counts():
    return Standard.objects.count(), KSB.objects.count(), Duty.objects.count()


@pytest.mark.parametrize("case", IDS)
def test_malformed_file_is_refused_by_the_service_naming_the_problem(case):
    text, message = CASES[case]
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        import_standards(text=text)
    assert message in str(caught.value.problems[0])
    assert counts() == before


@pytest.mark.parametrize("case", IDS)
def test_malformed_file_is_refused_on_the_import_page(client, people, case):
    text, message = CASES[case]
    before = counts()
    client.force_login(grant_import(people.lead))
    file = SimpleUploadedFile("standard.json", text.encode(), content_type="application/json")
    response = client.post(reverse("standards:import"), {"file": file})
    assert response.status_code == 200
    assert message in str(response.context["problems"][0])
    assert "Nothing was imported" in response.text
    assert counts() == before


@pytest.mark.parametrize("case", IDS)
def test_malformed_file_is_refused_by_the_command_in_one_line(tmp_path, case):
    text, message = CASES[case]
    path = tmp_path / "standard.json"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as caught:
        call_command("import_standard", str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert counts() == before


@pytest.mark.parametrize("case", ["deep-list", "long-number", "nul-in-text"])
def test_command_exits_1_with_one_line_and_no_traceback(tmp_path, case):
    text, message = CASES[case]
    path = tmp_path / "standard.json"
    path.write_text(text, encoding="utf-8")
    env = {k: os.environ[k] for k in ("PATH", "HOME", "SECRET_KEY") if k in os.environ}
    env |= {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_standard", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert message in line


def test_command_refuses_a_file_over_5_mb_without_reading_it_all(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (5 * 1024 * 1024 + 1))
    with pytest.raises(CommandError, match=r"big\.json: nothing imported: The file is larger than 5 MB\.$"):
        call_command("import_standard", str(path))


def test_command_refuses_a_pdf_saying_what_it_is(tmp_path):
    path = tmp_path / "standard.json"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
    with pytest.raises(CommandError, match="The file is a PDF, not JSON"):
        call_command("import_standard", str(path))


def test_import_page_refuses_a_pdf_beside_the_file_field(client, people):
    client.force_login(grant_import(people.lead))
    file = SimpleUploadedFile("standard.json", b"%PDF-1.7\n%%EOF\n", content_type="application/json")
    response = client.post(reverse("standards:import"), {"file": file})
    assert response.status_code == 200
    assert "The file is a PDF, not JSON" in response.context["form"].errors["file"][0]


def test_depth_of_a_real_standard_is_well_within_the_limit():
    nested = make_document(assessmentPlan={"a": {"b": {"c": {"d": ["e", {"f": 1}]}}}})
    [standard] = parse_documents(json.dumps([nested]))
    assert standard.other_fields["assessmentPlan"]["a"]["b"]["c"]["d"][1] == {"f": 1}


def test_text_with_new_lines_and_tabs_is_kept():
    [standard] = parse_documents(document_text(overviewOfRole="Line one.\n\tLine two.\r\n"))
    assert standard.fields["overview"] == "Line one.\n\tLine two."


# --- Values the database could not hold ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"referenceNumber": "ST" + "0" * 11}, "referenceNumber: longer than 12 characters"),
        ({"version": "1." + "1" * 11}, "version: longer than 12 characters"),
        ({"title": "T" * 201}, "title: longer than 200 characters"),
        ({"route": "R" * 121}, "route: longer than 120 characters"),
        ({"status": "S" * 81}, "status: longer than 80 characters"),
        ({"occupationReference": "OCC" + "1" * 10}, "occupationReference: longer than 12 characters"),
        ({"socCode2020": "6" * 121}, "socCode2020: longer than 120 characters"),
        ({"typicalDuration": -6}, "typicalDuration: -6 is not a number of months from 1 to 120"),
        ({"typicalDuration": 40000}, "typicalDuration: 40000 is not a number of months from 1 to 120"),
        (
            {"knowledges": [{"knowledgeId": "k" * 101, "detail": "Long id"}]},
            "knowledges[0].knowledgeId: longer than 100 characters",
        ),
        (
            {"knowledges": [{"knowledgeId": f"k{i}", "detail": "x"} for i in range(1000)]},
            "knowledges: more than 999 statements",
        ),
    ],
    ids=[
        "reference",
        "version",
        "title",
        "route",
        "status",
        "occupation",
        "soc",
        "negative-duration",
        "huge-duration",
        "long-id",
        "too-many-statements",
    ],
)
def test_value_the_catalogue_cannot_hold_is_refused_naming_its_field(changes, message):
    doc = make_document(**changes)
    if "knowledges" in changes:
        for duty in doc["duties"]:
            duty["mappedKnowledge"] = []
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        import_standards(text=json.dumps(doc))
    assert any(message in str(problem) for problem in caught.value.problems), caught.value.problems
    assert counts() == before


# --- The source links: web addresses only ---------------------------------------------------------------

SCRIPT = "javascript:alert(document.cookie)"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("standardPageUrl", SCRIPT),
        ("standardPageUrl", "JavaScript:alert(1)"),
        ("standardPageUrl", "data:text/html,<script>alert(1)</script>"),
        ("standardPageUrl", "ftp://example.org/st0217"),
        ("standardPageUrl", "//example.org/st0217"),
        ("assessmentPlanUrl", "vbscript:msgbox(1)"),
        ("assessmentPlanUrl", "https://" + "a" * 500 + ".org/"),
    ],
)
def test_source_link_that_is_not_an_http_or_https_address_is_refused(field, value):
    with pytest.raises(ImportRefused) as caught:
        import_standards(text=json.dumps(make_document(**{field: value})))
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{field}: ")
    assert "http:// or https://" in problem or "longer than 500 characters" in problem
    assert not Standard.objects.filter(reference="ST0217").exists()


@pytest.mark.parametrize(
    "value", ["https://www.instituteforapprenticeships.org/st0217", "http://example.org/a?b=c"]
)
def test_http_and_https_source_links_are_kept(value):
    [outcome] = import_standards(
        text=json.dumps(make_document(standardPageUrl=value, assessmentPlanUrl=value))
    )
    assert (outcome.standard.source_url, outcome.standard.assessment_plan_url) == (value, value)


def test_import_page_names_a_script_link_and_saves_nothing(client, people):
    client.force_login(grant_import(people.lead))
    doc = make_document(standardPageUrl=SCRIPT)
    file = SimpleUploadedFile("standard.json", json.dumps(doc).encode(), content_type="application/json")
    response = client.post(reverse("standards:import"), {"file": file})
    assert response.status_code == 200
    assert "standardPageUrl: " in response.text and "http:// or https://" in response.text
    assert not Standard.objects.filter(reference="ST0217").exists()


def admin_change_data(client, standard):
    """The admin's change form for the standard, as its page fills it in."""
    response = client.get(reverse("admin:standards_standard_change", args=[standard.pk]))
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {management.add_prefix(n): management[n].value() for n in management.fields}
        for inline in formset.formset.forms:
            data |= {inline.add_prefix(n): inline[n].value() for n in inline.fields if inline[n].value()}
    return data


@pytest.mark.parametrize("value", [SCRIPT, "ftp://example.org/st0215"])
def test_admin_refuses_a_source_link_that_is_not_http_or_https(client, value):
    from tests.factories import UserFactory

    standard = Standard.objects.get(reference="ST0215")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = admin_change_data(client, standard) | {"source_url": value}
    response = client.post(reverse("admin:standards_standard_change", args=[standard.pk]), data)
    assert response.status_code == 200
    assert "http:// or https://" in str(response.context["adminform"].form.errors["source_url"])
    standard.refresh_from_db()
    assert standard.source_url != value


def test_admin_saves_an_https_source_link(client):
    from tests.factories import UserFactory

    standard = Standard.objects.get(reference="ST0215")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = admin_change_data(client, standard) | {"source_url": "https://example.org/st0215"}
    response = client.post(reverse("admin:standards_standard_change", args=[standard.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    standard.refresh_from_db()
    assert standard.source_url == "https://example.org/st0215"


def test_file_name_too_long_to_read_is_explained_on_the_import_page(people):
    from tests.malformed import NamedFile, csrf_checked_client

    client, token = csrf_checked_client(grant_import(people.lead), reverse("standards:import"))
    response = client.post(
        reverse("standards:import"),
        {"csrfmiddlewaretoken": token, "file": NamedFile("s" * 1000 + ".json", document_text().encode())},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("standards:import"), 302)]
    assert "The file&#x27;s name is too long for the portal to read." in response.text
    assert not Standard.objects.filter(reference="ST0217").exists()


def test_import_page_still_needs_the_csrf_token(people):
    from tests.malformed import csrf_checked_client

    client, token = csrf_checked_client(grant_import(people.lead), reverse("standards:import"))
    file = SimpleUploadedFile("standard.json", document_text().encode())
    assert client.post(reverse("standards:import"), {"file": file}).status_code == 403
    assert not Standard.objects.filter(reference="ST0217").exists()


@pytest.mark.parametrize(
    "value", ["javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,x"]
)
def test_a_link_stored_before_imports_refused_it_is_never_put_in_a_page(client, people, value):
    standard = Standard.objects.get(reference="ST0215")
    Standard.objects.filter(pk=standard.pk).update(source_url=value)  # as an earlier version let in
    client.force_login(people.trainee)
    page = client.get(reverse("standards:detail", args=[standard.pk])).content.decode()
    assert f'href="{value}' not in page and 'href=" JavaScript' not in page
    assert "not a web address, so not linked" in page
