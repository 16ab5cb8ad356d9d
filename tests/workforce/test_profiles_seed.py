"""Seed 004 is the demo's occupational therapy assistant practitioner profile, every word of it and nothing
else: each paragraph, list item and criterion of the seed file is in the profile, and what is left of the
seed once they are taken out is only the labels the layout prints itself."""

import re
from pathlib import Path

import pytest

from accounts.demo import seed_people
from workforce import demo_profiles
from workforce.models import Criterion, ProfileSection, RoleProfile

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# The seed documents sit beside the clone (../shared/seeds), or beside the folder of worktrees.
SEED = next(
    (
        folder / "shared" / "seeds" / "004_1f14166c8c161d80.txt"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "seeds" / "004_1f14166c8c161d80.txt").exists()
    ),
    None,
)
needs_seed = pytest.mark.skipif(
    SEED is None, reason="the seed documents (../shared/seeds) are not beside this clone"
)

# What remains of the seed, in order, once the profile's texts are taken out: the labels the printed job
# description and person specification lay out themselves (with the key responsibilities' numbers, the
# trust values' dashes and the person specification's two "*" column marks).
LAYOUT = [
    "JOB DESCRIPTION",
    "JOB DETAILS",
    "JOB TITLE:",
    "BAND:",
    "HOURS:",
    "DEPARTMENT:",
    "LOCATION:",
    "REPORTS TO:",
    "ACCOUNTABLE TO:",
    "RESPONSIBLE FOR:",
    "WORKING RELATIONSHIPS",
    "INTERNAL:",
    "EXTERNAL:",
    "JOB PURPOSE.",
    "ORGANISATIONAL STRUCTURE",
    *("1", "2", "3", "4", "5", "6", "7", "8"),
    "Effort & Environment Factors",
    "GENERAL RESPONSIBILITIES",
    *("-", "-", "-"),
    "Job Description Agreement",
    *("Job Holder Name:", "Signature:", "Date:", "Line Manager Name:", "Signature:", "Date:"),
    "PERSON SPECIFICATION",
    "JOB TITLE:",
    "DEPARTMENT:",
    "BAND:",
    "*Assessed by: A = Application I = Interview R = References T = Testing",
    *("ESSENTIAL CRITERIA", "*", "DESIRABLE CRITERIA", "*"),
    "QUALIFICATIONS & TRAINING",
    "EXPERIENCE",
    "SKILLS, KNOWLEDGE & ABILITIES",
    "PERSONAL ATTRIBUTES",
    *("JOB HOLDER SIGNATURE", "DATE", "MANAGER SIGNATURE", "DATE"),
]
BULLET = "\uf0b7"  # the PDF's bullet glyph, where a copy of the seed still has it


def normalise(text):
    """One line, single spaces; a word hyphenated across a line break joined; no space before a full stop or
    comma that a line break pushed away from its word."""
    text = text.replace(BULLET, " ")
    text = re.sub(r"(\w)-[ \t]*\n\s*(?=\w)", r"\1-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:])(?= |$)", r"\1", text)


def profile_texts(version):
    """Every text of the version that comes from the seed: fields, headings, items and criteria."""
    texts = [
        version.job_title,
        version.hours,
        *version.department.splitlines(),
        version.location,
        version.reports_to,
        version.accountable_to,
        version.responsible_for,
        version.relationships_internal,
        version.relationships_external,
        *version.job_purpose.split("\n\n"),
        *version.organisational_structure.splitlines(),
        version.closing_statement,
        version.agreement_declaration,
        version.spec_job_title,
        version.spec_department,
    ]
    for section in version.sections.prefetch_related("items"):
        texts += [section.heading, section.subheading, *(item.text for item in section.items.all())]
    texts += [criterion.text for criterion in version.criteria.all()]
    return [normalise(text) for text in texts if text.strip()]


@pytest.fixture
def demo(catalogue):
    demo = seed_people(password="demo-test-password-1")  # noqa: S106
    return demo_profiles.seed(demo)


def bounded(text):
    return re.compile(r"(?<!\S)" + re.escape(text) + r"(?!\S)")


@needs_seed
def test_every_text_of_the_demo_profile_is_in_the_seed(demo):
    seed = normalise(SEED.read_text(encoding="utf-8"))
    version = demo["profile_version"]
    missing = [text for text in profile_texts(version) if not bounded(text).search(seed)]
    assert missing == []
    assert (
        len(re.findall(rf"BAND: {version.band}(?!\S)", seed)) == 2
    )  # the job description's, the specification's


@needs_seed
def test_the_seed_holds_nothing_the_demo_profile_leaves_out(demo):
    rest = normalise(SEED.read_text(encoding="utf-8"))
    band = demo["profile_version"].band
    rest, found = re.subn(rf"BAND: {band}(?!\S)", "BAND: |", rest)  # a bare "4" is also a numbered item's
    assert found == 2
    for text in sorted(profile_texts(demo["profile_version"]), key=len, reverse=True):
        rest, found = bounded(text).subn(" | ", rest, count=1)
        assert found, text
    left = [chunk.strip() for chunk in rest.split("|") if chunk.strip()]
    assert " ".join(left) == " ".join(LAYOUT)


def test_the_demo_profile_is_published_for_the_demo_trust_as_an_assistant_practitioner(demo):
    profile = RoleProfile.objects.get(name="Occupational therapy assistant practitioner")
    assert profile.organisation.ods_code == "ZZ1"
    assert profile.workforce_role.name == "Assistant practitioner" and profile.workforce_role.is_national
    versions = list(profile.versions.all())
    assert len(versions) == 1 and versions[0].is_published and profile.current_version() == versions[0]


def test_the_seed_profile_has_its_sections_and_criteria_in_the_seed_order(demo):
    version = demo["profile_version"]
    numbered = version.sections.get(heading="KEY RESPONSIBILITIES")
    assert numbered.style == ProfileSection.Style.NUMBERED and numbered.items.count() == 8
    headings = [s.heading for s in version.sections.all() if s.heading]
    assert headings[:3] == [
        "KEY RESPONSIBILITIES",
        "Responsibilities for direct/indirect patient/client care",
        "COMMUNICATIONS AND RELATIONSHIPS",
    ]
    assert headings[-1] == "Security"
    criteria = list(version.criteria.all())
    assert len(criteria) == 28
    assert (criteria[0].text, criteria[0].essential) == ("NVQ III or equivalent", True)
    assert (criteria[1].text, criteria[1].essential) == ("Evidence of recent CPD activity.", False)
    assert all(c.stages for c in criteria)
    counts = {
        category: sum(1 for c in criteria if c.category == category) for category in Criterion.Category.values
    }
    assert counts == {"qualifications": 2, "experience": 4, "skills": 5, "personal": 17, "other": 0}


def test_seeding_the_profile_again_changes_nothing(demo):
    again = demo_profiles.seed(demo)
    assert RoleProfile.objects.count() == 1
    assert again["profile_version"].pk == demo["profile_version"].pk
