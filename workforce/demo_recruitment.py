"""The recruitment demo: a vacancy of the demo trust on seed 004's role profile, with a panel (the mentor and
the ward manager) and three candidates scored against its person specification: one who meets every
essential criterion and is shortlisted, one who partly meets one and is shortlisted to explore it at
interview, and one not shortlisted, with the reason drawn from their application scores. Idempotent: what is
there already is left as it is."""

import datetime

from django.utils import timezone

from . import services_recruitment as services
from .models import Candidate, RoleProfile, Stage, Vacancy

PROFILE = "Occupational therapy assistant practitioner"
REFERENCE = "ZZ1-OT-AP-0412"
# first name, last name, email, phone, notes
CANDIDATES = [
    (
        "Amara",
        "Osei",
        "amara.osei@example.invalid",
        "07700 900412",
        "Rehabilitation support worker on the stroke unit for four years; NVQ level 3.",
    ),
    (
        "Jamie",
        "Rowe",
        "jamie.rowe@example.invalid",
        "07700 900518",
        "Healthcare assistant in the community team; qualification still in progress.",
    ),
    (
        "Morgan",
        "Ellis",
        "morgan.ellis@example.invalid",
        "07700 900733",
        "Applying from retail; no care experience yet.",
    ),
]
PARTLY_REASON = (
    "Partly meets one essential criterion at application; strong clinical experience otherwise: "
    "shortlisted to explore it at interview."
)
Result = services.Result


def seed(demo):
    trust, people = demo["organisations"]["trust"], demo["people"]
    profile = RoleProfile.objects.filter(organisation=trust, name=PROFILE).first()
    version = profile and services.usable_versions(trust).filter(profile=profile).first()
    if version is None:
        return  # the profiles step makes seed 004's profile; without it there is nothing to recruit against
    lead, panel = people["lead"], [people["mentor"], people["manager"]]
    today = timezone.localdate()
    vacancy = Vacancy.objects.filter(organisation=trust, reference=REFERENCE).first()
    if vacancy is None:
        vacancy = services.save_vacancy(
            vacancy=Vacancy(organisation=trust),
            by=lead,
            panel=panel,
            title=f"{version.job_title}, band {version.band}",
            reference=REFERENCE,
            profile_version=version,
            closing_date=today - datetime.timedelta(days=21),
            status=Vacancy.Status.CLOSED,
        )
    demo["vacancy"] = vacancy
    made = {}
    for first, last, email, phone, notes in CANDIDATES:
        candidate = Candidate.objects.filter(vacancy=vacancy, email=email).first()
        made[first] = candidate or services.add_candidate(
            vacancy=vacancy, by=lead, first_name=first, last_name=last, email=email, phone=phone, notes=notes
        )
    if made["Amara"].shortlisted is None:
        _meets_everything(made["Amara"], lead=lead, panel=panel)
    if made["Jamie"].shortlisted is None:
        _partly(made["Jamie"], lead=lead, panel=panel)
    if made["Morgan"].shortlisted is None:
        _not_shortlisted(made["Morgan"], lead=lead)


def _results(criteria, pick):
    return {criterion: pick(n, criterion) for n, criterion in enumerate(criteria)}


def _score(candidate, stage, by, pick):
    criteria = list(services.criteria_of(candidate.vacancy.profile_version_id, stage))
    if criteria:
        services.score_stage(candidate=candidate, stage=stage, by=by, results=_results(criteria, pick))


def _meets_everything(candidate, *, lead, panel):
    def application(n, criterion):
        if criterion.essential or n % 2 == 0:
            return Result.MET, ""
        return Result.NOT_MET, "Not shown in the application."

    _score(candidate, Stage.APPLICATION, lead, application)
    services.decide_shortlist(candidate=candidate, by=lead, shortlisted=True)
    _score(candidate, Stage.INTERVIEW, panel[0], lambda n, c: (Result.MET, "Clear examples from the ward."))
    _score(candidate, Stage.REFERENCES, panel[1], lambda n, c: (Result.MET, ""))
    _score(candidate, Stage.TESTING, panel[0], lambda n, c: (Result.MET, ""))


def _partly(candidate, *, lead, panel):
    state = {"partly": False}

    def application(n, criterion):
        if criterion.essential and not state["partly"]:
            state["partly"] = True
            return Result.PARTLY, "Working towards it: due to finish in the spring."
        if criterion.essential or n % 3 == 0:
            return Result.MET, ""
        return Result.NOT_MET, ""

    _score(candidate, Stage.APPLICATION, lead, application)
    services.decide_shortlist(candidate=candidate, by=lead, shortlisted=True, reason=PARTLY_REASON)


def _not_shortlisted(candidate, *, lead):
    state = {"missed": 0}

    def application(n, criterion):
        if criterion.essential and state["missed"] < 2:
            state["missed"] += 1
            return Result.NOT_MET, "Not shown in the application."
        return (Result.MET, "") if criterion.essential or n % 4 == 0 else (Result.NOT_MET, "")

    _score(candidate, Stage.APPLICATION, lead, application)
    services.decide_shortlist(candidate=candidate, by=lead, shortlisted=False)
