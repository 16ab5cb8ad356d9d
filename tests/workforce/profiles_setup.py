"""Role profiles for the profiles part's tests (tests/workforce/test_profiles*.py, test_access_profiles.py):
made through the services, as the pages make them."""

from workforce import services_profiles
from workforce.models import ProfileSection

SECTIONS = {
    "responsibilities": [
        {
            "heading": "KEY RESPONSIBILITIES",
            "style": "numbered",
            "items": ["Assess patients", "Keep records"],
        },
        {
            "heading": "COMMUNICATIONS",
            "subheading": "With teams",
            "style": "bulleted",
            "items": ["Talk clearly"],
        },
    ],
    "effort": [{"heading": "Physical effort", "style": "bulleted", "items": ["Moving and handling"]}],
    "general": [
        {"heading": "Policies", "style": "paragraphs", "items": ["Abide by the policies."]},
        {"heading": "", "style": "bulleted", "items": ["People", "Partnership"]},
    ],
}
CRITERIA = [
    {"category": "qualifications", "text": "NVQ III", "essential": True, "by_application": True},
    {"category": "experience", "text": "Lone working", "essential": False, "by_interview": True},
    {
        "category": "personal",
        "text": "IT skills",
        "essential": True,
        "by_application": True,
        "by_testing": True,
    },
]


def draft_profile(organisation, role, by, name="Community assistant practitioner"):
    """A profile whose version 1 is a draft with a little of everything."""
    profile = services_profiles.create_profile(
        organisation=organisation,
        workforce_role=role,
        name=name,
        by=by,
        hours="37.5 hours",
        job_purpose="First paragraph.\n\nSecond paragraph.",
        organisational_structure="Clinical Lead\nAssistant Practitioners",
    )
    version = profile.draft()
    for part in ProfileSection.Part.values:
        services_profiles.save_sections(version=version, part=part, sections=SECTIONS[part])
    services_profiles.save_criteria(version=version, criteria=CRITERIA)
    return profile


def published_profile(organisation, role, by, **kwargs):
    profile = draft_profile(organisation, role, by, **kwargs)
    services_profiles.publish(version=profile.draft(), by=by)
    return profile
