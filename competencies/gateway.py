"""Each standard version's own gateway requirements (REFERENCE.md), recorded as met per trainee."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    code: str
    text: str


EMPLOYER_READY = Requirement(
    "employer_ready", "The employer is content that the apprentice works at or above the standard"
)
GENERIC = (
    Requirement(
        "employer_ready", "The employer is content that the apprentice works at or above the standard"
    ),
    Requirement("english_maths", "English and maths at the level the funding rules require"),
    Requirement("portfolio", "The portfolio of evidence submitted"),
)
BY_STANDARD = {
    ("ST0215", "1.1"): (
        Requirement(
            "employer_ready", "The employer is content that the apprentice works at or above the standard"
        ),
        Requirement("english_maths", "English and maths at the level the funding rules require"),
        Requirement(
            "foundation_degree",
            "200 credits of the Foundation Degree Assistant Practitioner "
            "(the last 40 are assigned to the end-point assessment)",
        ),
        Requirement("other_qualifications", "Any other qualification listed in the standard passed"),
        Requirement("portfolio", "The portfolio of evidence submitted"),
    ),
    ("ST0215", "1.0"): (
        Requirement(
            "employer_ready", "The employer is content that the apprentice works at or above the standard"
        ),
        Requirement("care_certificate", "The Care Certificate's standards met"),
        Requirement("english_maths", "Level 2 English and maths"),
        Requirement("portfolio", "The portfolio of evidence submitted"),
    ),
}


def requirements_for(standard):
    return BY_STANDARD.get((standard.reference, standard.version), GENERIC)
