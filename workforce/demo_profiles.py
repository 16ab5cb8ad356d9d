"""The profiles part's demo step: seed 004 as the demo trust's occupational therapy assistant practitioner
profile, published, and its job description agreement signed by the job holder and their line manager."""

from accounts.demo import organisation_of

from . import seed_004, services_profiles
from .models import RoleProfile, WorkforceRole

PROFILE_NAME = "Occupational therapy assistant practitioner"
WORKFORCE_ROLE = "Assistant practitioner"


def seed(demo):
    lead = demo["people"]["lead"]
    trust = organisation_of("lead")
    profile = RoleProfile.objects.filter(organisation=trust, name=PROFILE_NAME).first()
    if profile is None:
        profile = seed_profile(organisation=trust, by=lead)
    demo["profile"] = profile
    demo["profile_version"] = profile.current_version()
    demo.setdefault("report_subjects", {})
    return demo


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
