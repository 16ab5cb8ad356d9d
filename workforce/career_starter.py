"""The national starter career framework: seed 000's "clear career pathway to both assistant practitioner
roles and nursing careers" for the bands 1 to 4 workforce, as steps between the national catalogue's roles.
A lead copies it into their organisation's framework and changes it there; the administrator keeps this one.

Loaded by a migration for every installation and again by the demo (idempotent), like the catalogue. Models
are passed in so a migration can use its own.
"""

# from role, to role, route, entry requirements, the outcome destination that records it ("" if none)
STARTER_STEPS = [
    (
        "Healthcare support worker",
        "Senior healthcare support worker",
        "Apprenticeship",
        "In post as a healthcare support worker, with the employer's support for the apprenticeship.",
        "",
    ),
    (
        "Senior healthcare support worker",
        "Assistant practitioner",
        "Apprenticeship with a foundation degree",
        "In post in a band 3 support role, with the employer's support and a place on the university "
        "partner's foundation degree.",
        "",
    ),
    (
        "Assistant practitioner",
        "Nursing associate",
        "Apprenticeship",
        "Qualified as an assistant practitioner, with the employer's support for the apprenticeship.",
        "nursing_associate",
    ),
    (
        "Assistant practitioner",
        "Registered nurse",
        "Abbreviated degree in nursing",
        "Qualified as an assistant practitioner with the foundation degree, and a place on the university's "
        "abbreviated degree in nursing under a progression agreement.",
        "nursing_degree",
    ),
]


def ensure_national_starter(CareerStep, WorkforceRole):
    """Creates the starter steps that are missing, and links each to its destination role's standard where
    it has none (a standard installed after the step was made)."""
    roles = {role.name: role for role in WorkforceRole.objects.filter(organisation=None)}
    for order, (start, end, route, requirements, destination) in enumerate(STARTER_STEPS, start=1):
        if start not in roles or end not in roles:
            continue  # the administrator renamed or removed a catalogue role: leave the starter to them
        step, _ = CareerStep.objects.get_or_create(
            organisation=None,
            from_role=roles[start],
            to_role=roles[end],
            defaults={
                "route": route,
                "entry_requirements": requirements,
                "standard_id": roles[end].standard_id,
                "outcome_destination": destination,
                "order": order,
            },
        )
        if step.standard_id is None and roles[end].standard_id is not None:
            step.standard_id = roles[end].standard_id
            step.save(update_fields=["standard"])
