"""Each standard version's own gateway requirements (REFERENCE.md), recorded as met per trainee.

Each requirement is written once here; a standard version lists the ones it has. Pages, reports and the
service that records a confirmation all read them through ``requirements_for``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    code: str
    text: str


EMPLOYER_READY = Requirement(
    "employer_ready", "The employer is content that the apprentice works at or above the standard"
)
ENGLISH_MATHS = Requirement("english_maths", "English and maths at the level the funding rules require")
ENGLISH_MATHS_LEVEL_2 = Requirement("english_maths", "Level 2 English and maths")
FOUNDATION_DEGREE = Requirement(
    "foundation_degree",
    "200 credits of the Foundation Degree Assistant Practitioner "
    "(the last 40 are assigned to the end-point assessment)",
)
OTHER_QUALIFICATIONS = Requirement(
    "other_qualifications", "Any other qualification listed in the standard passed"
)
CARE_CERTIFICATE = Requirement("care_certificate", "The Care Certificate's standards met")
PORTFOLIO = Requirement("portfolio", "The portfolio of evidence submitted")

GENERIC = (EMPLOYER_READY, ENGLISH_MATHS, PORTFOLIO)
BY_STANDARD = {
    ("ST0215", "1.1"): (EMPLOYER_READY, ENGLISH_MATHS, FOUNDATION_DEGREE, OTHER_QUALIFICATIONS, PORTFOLIO),
    ("ST0215", "1.0"): (EMPLOYER_READY, CARE_CERTIFICATE, ENGLISH_MATHS_LEVEL_2, PORTFOLIO),
}


def requirements_for(standard):
    return BY_STANDARD.get((standard.reference, standard.version), GENERIC)
