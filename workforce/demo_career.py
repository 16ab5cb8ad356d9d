"""The career part's demo data, made through its services after the catalogue (demo.seed): the national
starter framework; the first trust's framework copied from it, with a progression agreement with the
University of Northfield (ZZU) into the abbreviated degree in nursing; its code of practice, version 1
published when the pilot cohort was under way and version 2 published four weeks ago, acknowledged by some
of the trust's trainees and not by others. The counts come from the demo's cohorts and outcomes as the
trainees and evaluation steps made them (the pilot cohort's seven completed, two into nursing). Idempotent.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from trainees.models import Cohort

from . import selectors_career, services_career
from .models import CareerStep, CodeVersion, ProgressionAgreement, ScopeStatement, WorkforceRole

AGREEMENT = (
    "Assistant practitioners who complete the FdSc Mental Health are guaranteed an interview for the "
    "university's abbreviated degree in nursing (mental health), and enter it with credit for the foundation "
    "degree, so the degree takes two years instead of three."
)
AP_ROUTE = "Apprenticeship with the FdSc Mental Health (two years) at the University of Northfield"

CODE_V1 = """This code of practice sets out the standards of conduct and practice the trust expects of its staff in unregulated roles, and what each of those roles may and may not do.

It was developed from the employer-led regulation model piloted by the Scottish Executive, with the support of the local joint staff partnership (made up of trust management and local representatives of staff side organisations) and colleagues at the Royal College of Nursing.

Its aim is enhanced multi-disciplinary team working based on clarity of role responsibilities and levels of accountability. Work only within the scope of practice of your role, ask when you are unsure, and raise any concern about safety with the person you are accountable to.

Keep what you learn about service-users confidential, treat everyone with dignity and respect, and keep your training and competency records up to date."""  # noqa: E501

CODE_V2_ADDED = """Version 2 extends the assistant practitioner's scope of practice beyond the inpatient setting, to the community roles developed around the principles of recovery."""  # noqa: E501

# role name: (may do, may not do, accountable to), version 1
SCOPES = {
    "Assistant practitioner": (
        "Carry out and record physical health observations and assessments delegated by a registered nurse, "
        "and report any change at once\n"
        "Support service-users' physical healthcare needs and wellbeing to suit individual needs\n"
        "Plan and run therapeutic activities with service-users\n"
        "Contribute to care plans and reviews with the multi-disciplinary team\n"
        "Support and guide healthcare support workers in the tasks delegated to them",
        "Administer medicines, unless the trust's medicines policy and a signed competency allow it\n"
        "Take charge of a ward or a shift\n"
        "Accept a task they have not been trained and assessed as competent to do\n"
        "Change a care plan without the registered nurse responsible for it",
        "The registered nurse who delegated the task, for the task; the ward manager, for their practice "
        "and conduct.",
    ),
    "Senior healthcare support worker": (
        "Carry out the clinical tasks a registered practitioner delegates, within their competency\n"
        "Take and record routine observations, and report any change\n"
        "Help service-users with personal care, activities and daily living",
        "Carry out a physical health assessment on their own\nAdminister medicines\nDelegate work to others",
        "The registered nurse in charge of the shift.",
    ),
    "Healthcare support worker": (
        "Give personal care and support to service-users under supervision\n"
        "Take routine observations once trained and assessed as competent",
        "Carry out a clinical task they have not been trained and assessed for\nAdminister medicines",
        "The registered nurse in charge of the shift.",
    ),
}
AP_V2_ADDED = (
    "In the community: support service-users' recovery in their own homes, to the care plan agreed with the "
    "care coordinator"
)

# Who acknowledged: version 1 (weeks after it was published), version 2 (weeks ago). The demo trainee Sam
# Taylor acknowledged version 1 only, so version 2 waits on their to-do list; Jordan Lee acknowledged both.
ACKNOWLEDGED_V1 = ["pilot.clarke", "pilot.doyle", "pilot.iqbal", "pilot.jones", "pilot.kowalski", "trainee"]
ACKNOWLEDGED_V2 = ["pilot.clarke", "pilot.doyle", "pilot.jones", "trainee2", "ap.patel", "ap.brown"]


def seed(demo):
    services_career.ensure_national_starter()
    trust = demo["organisations"]["trust"]
    lead = demo["people"]["lead"]
    if not CareerStep.objects.filter(organisation=trust).exists():
        _framework(trust, lead, demo["organisations"]["university"])
    if not CodeVersion.objects.filter(organisation=trust).exists():
        _code(trust, lead)
    demo["career_framework"] = trust


def _framework(trust, lead, university):
    services_career.copy_national_framework(organisation=trust, by=lead)
    steps = {
        (s.from_role.name, s.to_role.name): s
        for s in CareerStep.objects.filter(organisation=trust).select_related("from_role", "to_role")
    }
    into_ap = steps[("Senior healthcare support worker", "Assistant practitioner")]
    services_career.save_career_step(
        step=into_ap,
        organisation=trust,
        by=lead,
        from_role=into_ap.from_role,
        to_role=into_ap.to_role,
        route=AP_ROUTE,
        entry_requirements=into_ap.entry_requirements,
        standard=into_ap.standard,
        outcome_destination=into_ap.outcome_destination,
    )
    into_nursing = steps[("Assistant practitioner", "Registered nurse")]
    pilot = Cohort.objects.filter(organisation=trust, name="Pilot cohort").first()
    starts = pilot.start_date if pilot else timezone.localdate() - datetime.timedelta(weeks=170)
    if not ProgressionAgreement.objects.filter(step=into_nursing).exists():
        services_career.save_agreement(
            agreement=ProgressionAgreement(),
            step=into_nursing,
            by=lead,
            partner=university,
            partner_name="",
            gives=AGREEMENT,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=5 * 365),
        )


def _code(trust, lead):
    today = timezone.now()
    first = services_career.start_code_version(organisation=trust, by=lead)
    services_career.save_code_text(
        version=first, title="Code of practice for unregulated roles", text=CODE_V1
    )
    roles = {r.name: r for r in WorkforceRole.objects.filter(organisation=None, name__in=SCOPES)}
    for name, (may, may_not, accountable) in SCOPES.items():
        services_career.save_scope_statement(
            statement=ScopeStatement(),
            version=first,
            workforce_role=roles[name],
            may_do=may,
            may_not_do=may_not,
            accountable_to=accountable,
        )
    published = today - datetime.timedelta(weeks=150)
    services_career.publish_code_version(version=first, by=lead, at=published)
    _acknowledge(first, ACKNOWLEDGED_V1, published, weeks=114)

    second = services_career.start_code_version(organisation=trust, by=lead)
    services_career.save_code_text(version=second, title=second.title, text=f"{CODE_V1}\n\n{CODE_V2_ADDED}")
    ap = second.scope_statements.get(workforce_role=roles["Assistant practitioner"])
    services_career.save_scope_statement(
        statement=ap,
        version=second,
        workforce_role=ap.workforce_role,
        may_do=f"{ap.may_do}\n{AP_V2_ADDED}",
        may_not_do=ap.may_not_do,
        accountable_to=ap.accountable_to,
    )
    published = today - datetime.timedelta(weeks=4)
    services_career.publish_code_version(version=second, by=lead, at=published)
    _acknowledge(second, ACKNOWLEDGED_V2, published, weeks=0)


def _acknowledge(version, usernames, published, *, weeks):
    """Each one a day after the last, from ``published``; ``weeks`` later for the trainees of cohorts that
    started after it (Cohort 1 acknowledged version 1 when they joined)."""
    holders = set(selectors_career.code_holders(version).values_list("username", flat=True))
    for day, username in enumerate(usernames, start=1):
        if username not in holders:
            continue
        later = weeks if not username.startswith("pilot.") else 0
        services_career.acknowledge_code(
            version=version,
            person=User.objects.get(username=username),
            at=published + datetime.timedelta(weeks=later, days=day),
        )
