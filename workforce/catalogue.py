"""The national catalogue of workforce roles: loaded by a migration for every installation, and again by the
demo (idempotent), since tests that flush the database remove what migrations loaded.

Bands are the usual Agenda for Change band of each role; the standard is the apprenticeship that trains for
it where one is installed (ST0215 comes with the portal; the others when a lead's administrator imports them).
Variants by setting are seed 000's: the inpatient assistant practitioner first, then "further work to develop
roles in community settings, forensic settings, early interventions services, crisis and home treatment
services and assertive outreach services".
"""

ALL_SETTINGS = (
    "inpatient",
    "community",
    "forensic",
    "early_intervention",
    "crisis_home_treatment",
    "assertive_outreach",
)

# name: (band, standard reference or "", description, settings)
NATIONAL_ROLES = {
    "Healthcare support worker": (
        "2",
        "ST0216",
        "Delivers high quality, compassionate care under the supervision of a registered practitioner.",
        (),
    ),
    "Senior healthcare support worker": (
        "3",
        "ST0217",
        "Supports registered practitioners with a wider range of clinical tasks; the step towards assistant "
        "practitioner.",
        (),
    ),
    "Assistant practitioner": (
        "4",
        "ST0215",
        "Works alongside registered professionals, with knowledge and skill beyond the traditional "
        "healthcare support worker.",
        ALL_SETTINGS,
    ),
    "Support, time and recovery worker": (
        "3",
        "",
        "A frontline mental health worker without professional affiliation, from the NHS Plan (seed 003).",
        ("community", "inpatient", "assertive_outreach", "crisis_home_treatment"),
    ),
    "Primary care graduate mental health worker": (
        "5",
        "",
        "A graduate worker in primary care mental health, from the NHS Plan (seed 003).",
        (),
    ),
    "Nursing associate": (
        "4",
        "ST0508",
        "A registered role (Nursing and Midwifery Council) between healthcare support workers and registered "
        "nurses.",
        (),
    ),
    "Registered nurse": (
        "5",
        "ST0781",
        "A registered nurse; reached from assistant practitioner through a shortened (abbreviated) degree.",
        (),
    ),
}


def ensure_catalogue(WorkforceRole, RoleVariant, Standard):
    """Creates the national roles and variants that are missing, and links each to the newest installed
    version of its standard where it has none. Models are passed in so a migration can use its own."""
    for name, (band, reference, description, role_settings) in NATIONAL_ROLES.items():
        standard = (
            Standard.objects.filter(reference=reference).order_by("-version").first() if reference else None
        )
        role, _ = WorkforceRole.objects.get_or_create(
            name=name,
            organisation=None,
            defaults={"band": band, "standard": standard, "description": description},
        )
        if role.standard_id is None and standard is not None:
            role.standard = standard
            role.save(update_fields=["standard"])
        for setting in role_settings:
            RoleVariant.objects.get_or_create(role=role, setting=setting)
