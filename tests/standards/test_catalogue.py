"""The catalogue in the database: ST0215 as published after migrate, import and export, all or nothing."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.tabular import ImportRefused
from standards.models import KSB, Duty, Standard
from standards.services import import_standards

from .conftest import make_document

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "001_c82cdecd0a3d3a4b.txt"
FIXTURE = ROOT / "fixtures" / "standards" / "ST0215.json"


def export(reference, *args):
    out = io.StringIO()
    call_command("export_standard", reference, *args, stdout=out)
    return json.loads(out.getvalue())


def counts():
    mappings = Duty.ksbs.through.objects.count()
    return Standard.objects.count(), KSB.objects.count(), Duty.objects.count(), mappings


def test_fresh_database_holds_st0215_with_72_statements_and_10_duties():
    standard = Standard.objects.get(reference="ST0215")
    assert (standard.version, standard.level, standard.title) == ("1.1", 5, "Assistant practitioner (health)")
    assert [standard.ksbs.filter(kind=k).count() for k in "KSB"] == [36, 33, 3]
    assert [d.code for d in standard.duties.all()] == [f"D{n}" for n in range(1, 11)]
    assert standard.duty_mapping == Standard.Mapping.NONE


@pytest.mark.skipif(
    not SEED.exists(), reason="the seed documents (../shared/seeds) are not beside this clone"
)
def test_fresh_database_exports_st0215_exactly_as_the_seed_words_and_numbers_it():
    seed = SEED.read_text(encoding="utf-8")
    published = dict(re.findall(r"^([KSB]\d+): (.+?)\s*$", seed, re.M))
    duties = dict(re.findall(r"^Duty (D\d+)\n\n(.+?)\s*$", seed, re.M))
    doc = export("ST0215")
    exported = {}
    for letter, key in (("K", "knowledges"), ("S", "skills"), ("B", "behaviours")):
        exported |= {f"{letter}{i + 1}": item["detail"] for i, item in enumerate(doc[key])}
    assert len(published) == 72 and exported == published
    assert {f"D{i + 1}": d["dutyDetail"] for i, d in enumerate(doc["duties"])} == duties
    assert "6131 Nursing auxiliaries and assistants" in seed and doc["socCode2020"] in seed
    assert doc["typicalJobTitles"] == ["Assistant practitioner"]


def test_export_of_fresh_database_is_the_fixture():
    assert export("ST0215", "--version", "1.1") == json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_other_standard_imports_and_exports_back_the_same_mapping_included(document):
    import_standards(text=json.dumps(document))
    standard = Standard.objects.get(reference="ST0217")
    assert standard.duty_mapping == Standard.Mapping.PUBLISHED
    assert [k.code for k in standard.duties.get(number=1).ksbs.order_by("kind_order", "number")] == [
        "K1",
        "K2",
        "S2",
        "B1",
    ]
    assert export("ST0217") == document


def test_importing_the_same_version_twice_changes_nothing(document):
    text = json.dumps(document)
    [first] = import_standards(text=text)
    before = counts()
    [second] = import_standards(text=text)
    assert (first.created, second.created) == (True, False)
    assert second.standard == first.standard
    assert counts() == before


def test_new_version_is_added_beside_the_old(document):
    import_standards(text=json.dumps(document))
    import_standards(text=json.dumps(make_document(version="1.3", title="Senior HCSW (v2)")))
    versions = Standard.objects.filter(reference="ST0217").values_list("version", flat=True)
    assert list(versions) == ["1.2", "1.3"]
    assert export("ST0217")["version"] == "1.3"
    assert export("ST0217", "--version", "1.2")["title"] == "Senior healthcare support worker"


def test_same_version_with_different_wording_is_refused(document):
    import_standards(text=json.dumps(document))
    changed = make_document()
    changed["knowledges"][0]["detail"] = "Reworded knowledge"
    with pytest.raises(ImportRefused) as caught:
        import_standards(text=json.dumps(changed))
    assert "different set of KSB statements" in str(caught.value.problems[0])
    assert KSB.objects.filter(text="Reworded knowledge").count() == 0


def test_file_with_one_bad_standard_saves_none(document):
    bad = make_document(version="2.0")
    bad["duties"][0]["mappedSkills"] = ["nope"]
    before = counts()
    with pytest.raises(ImportRefused):
        import_standards(text=json.dumps([document, bad]))
    assert counts() == before


def test_import_command_reads_stdin_and_reports(monkeypatch, document):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(document)))
    out = io.StringIO()
    call_command("import_standard", "-", stdout=out)
    assert "imported ST0217 v1.2 Senior healthcare support worker (5 KSBs, 2 duties)" in out.getvalue()


def test_import_command_refuses_bad_file_naming_the_place(tmp_path):
    doc = make_document()
    doc["duties"][0]["mappedKnowledge"] = ["k-a", "k-b", "k-x"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    before = counts()
    with pytest.raises(CommandError, match=r"duties\[0\]\.mappedKnowledge\[2\]: no knowledge with id 'k-x'"):
        call_command("import_standard", str(path))
    assert counts() == before


def test_export_command_names_what_the_catalogue_holds():
    with pytest.raises(CommandError, match=r"No standard ST9999 in the catalogue \(it holds: ST0215 v1.1\)"):
        call_command("export_standard", "ST9999")


def test_commands_exit_with_status_1_and_no_traceback(tmp_path):
    env_keys = ("PATH", "HOME", "DATABASE_URL", "SECRET_KEY")
    import os

    env = {k: os.environ[k] for k in env_keys if k in os.environ}
    env |= {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_standard", "-"],
        input="{not json",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "line 1, column 2: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_reimporting_a_published_file_keeps_a_local_mapping():
    from standards.services import set_duty_mapping

    standard = Standard.objects.get(reference="ST0215")
    duty = standard.duties.get(number=1)
    set_duty_mapping(duty=duty, ksbs=standard.ksbs.filter(kind="B"))
    [outcome] = import_standards(text=FIXTURE.read_text(encoding="utf-8"))
    assert outcome.created is False
    assert [k.code for k in duty.ksbs.all()] == ["B1", "B2", "B3"]
    standard.refresh_from_db()
    assert standard.duty_mapping == Standard.Mapping.LOCAL
