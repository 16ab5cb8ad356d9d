"""Each standard version's own gateway requirements (REFERENCE.md), recorded as met per trainee, and who
confirms each.

Each requirement is written once here; a standard version lists the ones it has. Pages, reports and the
service that records a confirmation all read them through ``requirements_for``. Who confirms a requirement
is the side that knows: the employer (the trainee's manager or a mentor) that the trainee works at or above
the standard; the provider (the trainee's lecturer) the qualifications; the mentor that the portfolio is
submitted. A workforce lead of the trainee's organisation may confirm any of them (``may_confirm``).
"""

from dataclasses import dataclass

from trainees.access import can_manage_enrolment

EMPLOYER, PROVIDER, MENTOR = "employer", "provider", "mentor"
CONFIRMED_BY = {
    EMPLOYER: "the employer (the trainee's manager or mentor)",
    PROVIDER: "the training provider (the trainee's lecturer)",
    MENTOR: "the trainee's mentor, from the portfolio,",
}


@dataclass(frozen=True)
class Requirement:
    code: str
    text: str
    confirmer: str = EMPLOYER

    @property
    def confirmed_by(self):
        """Who confirms it, in words, with "or a workforce lead" for the lead who may confirm any."""
        return f"{CONFIRMED_BY[self.confirmer]} or a workforce lead"


def may_confirm(person, enrolment, requirement):
    """Whether ``person`` may confirm ``requirement`` for the trainee: never the trainee themself."""
    if person.pk == enrolment.trainee_id:
        return False
    if can_manage_enrolment(person, enrolment):
        return True
    if requirement.confirmer == EMPLOYER:
        return enrolment.is_manager(person) or enrolment.is_mentor(person)
    if requirement.confirmer == PROVIDER:
        return enrolment.is_lecturer(person)
    return enrolment.is_mentor(person)


EMPLOYER_READY = Requirement(
    "employer_ready", "The employer is content that the apprentice works at or above the standard"
)
ENGLISH_MATHS = Requirement(
    "english_maths", "English and maths at the level the funding rules require", PROVIDER
)
ENGLISH_MATHS_LEVEL_2 = Requirement("english_maths", "Level 2 English and maths", PROVIDER)
FOUNDATION_DEGREE = Requirement(
    "foundation_degree",
    "200 credits of the Foundation Degree Assistant Practitioner "
    "(the last 40 are assigned to the end-point assessment)",
    PROVIDER,
)
OTHER_QUALIFICATIONS = Requirement(
    "other_qualifications", "Any other qualification listed in the standard passed", PROVIDER
)
CARE_CERTIFICATE = Requirement("care_certificate", "The Care Certificate's standards met")
PORTFOLIO = Requirement("portfolio", "The portfolio of evidence submitted", MENTOR)

GENERIC = (EMPLOYER_READY, ENGLISH_MATHS, PORTFOLIO)
BY_STANDARD = {
    ("ST0215", "1.1"): (EMPLOYER_READY, ENGLISH_MATHS, FOUNDATION_DEGREE, OTHER_QUALIFICATIONS, PORTFOLIO),
    ("ST0215", "1.0"): (EMPLOYER_READY, CARE_CERTIFICATE, ENGLISH_MATHS_LEVEL_2, PORTFOLIO),
}


def requirements_for(standard):
    return BY_STANDARD.get((standard.reference, standard.version), GENERIC)
