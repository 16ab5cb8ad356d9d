"""The profiles part's demo step: seed 004 as the demo trust's occupational therapy assistant practitioner
profile, published, and its job description agreement signed by the job holder and their line manager."""

from accounts.demo import organisation_of

from . import seed_004, services_profiles
from .models import JobDescriptionAgreement, RoleProfile, WorkforceRole

PROFILE_NAME = "Occupational therapy assistant practitioner"
WORKFORCE_ROLE = "Assistant practitioner"
# The demo trust's people who sign the agreement (accounts/demo.py): a trainee assistant practitioner holds
# the job, the ward manager is their line manager.
JOB_HOLDER, LINE_MANAGER = "trainee", "manager"


def seed(demo):
    lead = demo["people"]["lead"]
    trust = organisation_of("lead")
    profile = RoleProfile.objects.filter(organisation=trust, name=PROFILE_NAME).first()
    if profile is None:
        profile = seed_profile(organisation=trust, by=lead)
    version = profile.current_version()
    agreement = seed_agreement(version=version, people=demo["people"], by=lead)
    demo["profile"] = profile
    demo["profile_version"] = version
    demo["profile_agreement"] = agreement
    demo.setdefault("report_subjects", {})["role_profile"] = version.pk
    return demo


def seed_agreement(*, version, people, by):
    """The job description agreement of the published version, signed by the job holder and line manager."""
    holder, manager = people[JOB_HOLDER], people[LINE_MANAGER]
    agreement = version.agreements.filter(job_holder=holder).first()
    if agreement is None:
        agreement = services_profiles.name_signers(
            version=version, job_holder=holder, line_manager=manager, by=by
        )
    signed = set(agreement.signatures.values_list("party", flat=True))
    Party = JobDescriptionAgreement.Party
    for party, person in (
        (Party.JOB_HOLDER, agreement.job_holder),
        (Party.LINE_MANAGER, agreement.line_manager),
    ):
        if party not in signed:
            services_profiles.sign_agreement(agreement=agreement, party=party, by=person)
    return agreement


def seed_profile(*, organisation, by):
    """Seed 004 entered through the services a lead's pages use, then published."""
    role = WorkforceRole.objects.get(organisation=None, name=WORKFORCE_ROLE)
    details = dict(seed_004.VERSION)
    profile = services_profiles.create_profile(
        organisation=organisation, workforce_role=role, name=PROFILE_NAME, by=by, **details
    )
    version = profile.draft()
    for part in ("responsibilities", "effort", "general"):
        services_profiles.save_sections(
            version=version, part=part, sections=[s for s in seed_004.sections() if s["part"] == part]
        )
    services_profiles.save_criteria(version=version, criteria=seed_004.criteria())
    services_profiles.publish(version=version, by=by)
    return profile
