"""Demo data for the catalogue: the first trust's locally made duty mapping for ST0215 and a local progression
link, and two trusts' frameworks."""

from .models import Competency, Framework, Progression
from .services import load_st0215, propose_duty_mapping, propose_progression, save_competency, save_framework

# Proposed by the first trust's workforce lead for the demo, so that progress by duty can be shown: the
# Institute's file publishes no duty-to-KSB mapping for ST0215. Only that trust's trainees use it, and every
# page labels it as locally made. The second trust has none, so its lead sees what to do.
ST0215_LOCAL_MAPPING = {
    1: "K1 K2 K3 K4 K13 K15 S1 S2 S3 S4 B1 B2 B3",
    2: "K5 K6 K7 K8 K9 K18 K34 K35 K36 S5 S6 S7 S8 S9 S18",
    3: "K10 K11 K34 S10 S11 B3",
    4: "K14 K15 S14 S15 B2",
    5: "K12 K13 K16 K17 S12 S13 S16 S17 B1",
    6: "K19 K20 K21 S19 S20 S21",
    7: "K22 K23 K24 S22 S23 S24",
    8: "K25 K26 S25 S26",
    9: "K27 K28 K29 K30 S27 S28 S29 S30",
    10: "K31 K32 K33 S31 S32 S33",
}

# (code, kind, role, title, KSB codes, (scheme, reference code, reference title))
INPATIENT_FRAMEWORK = (
    "Inpatient assistant practitioner competencies",
    "Core and role-specific competencies for assistant practitioners on inpatient mental health wards, "
    "chosen by clinicians from the Skills for Health national occupational standards and Roth and "
    "Pilling's competence frameworks (seed 000). Demo content.",
    [
        (
            "PH1",
            "core",
            "",
            "Physical health observations and early warning scores",
            "K5 K8 S5 S8",
            ("nos", "CHS19", ""),
        ),
        ("PH2", "core", "", "Physical health assessment on admission", "K6 K34 S6 S8", ("nos", "CHS1", "")),
        ("PH3", "core", "", "Nutrition and hydration monitoring", "K9 S9", ("", "", "")),
        ("PH4", "core", "", "Recording and sharing care information", "K12 K13 S12 S13", ("", "", "")),
        (
            "MH1",
            "role",
            "Inpatient mental health",
            "Engaging service users in therapeutic relationships",
            "K16 K18 S16 S18 B1 B2",
            ("roth_pilling", "Generic", "Generic therapeutic competences"),
        ),
        (
            "MH2",
            "role",
            "Inpatient mental health",
            "Supporting service users with physical health promotion",
            "K25 K26 S25 S26",
            ("", "", ""),
        ),
    ],
)
REHAB_FRAMEWORK = (
    "Therapies assistant practitioner competencies",
    "Competencies for a band 4 occupational therapy assistant practitioner in discharge to assess (D2A), "
    "stroke and rehabilitation medicine (seed 004). Demo content.",
    [
        ("C1", "core", "", "Safe moving and handling of people and equipment", "K30 S30", ("", "", "")),
        ("C2", "core", "", "Risk assessment within own scope", "K27 S27", ("", "", "")),
        (
            "R1",
            "role",
            "D2A",
            "Functional assessment at home after discharge",
            "K6 S6 S8",
            ("hcpc", "SOP 4", ""),
        ),
        (
            "R2",
            "role",
            "Stroke",
            "Equipment prescribed by the OT: order, fit and review",
            "K10 S10 S11",
            ("", "", ""),
        ),
        (
            "R3",
            "role",
            "Rehabilitation medicine",
            "Goal-based rehabilitation sessions",
            "K10 K11 S10 S11",
            ("", "", ""),
        ),
    ],
)


def seed(demo):
    # The data migration loads ST0215; loading the same file again changes nothing, and brings it back if
    # someone has removed it (as a test database flush does).
    st0215 = load_st0215()
    ksbs = {k.code: k for k in st0215.ksbs.all()}
    trust, lead = demo["organisations"]["trust"], demo["people"]["lead"]
    for duty in st0215.duties.all():
        propose_duty_mapping(
            organisation=trust,
            duty=duty,
            ksbs=[ksbs[c] for c in ST0215_LOCAL_MAPPING[duty.number].split()],
            by=lead,
        )
    # REFERENCE.md's "Related standards": ST0216 → ST0217 → ST0215; the Institute's map has ST0217 only.
    if not Progression.objects.filter(organisation=trust, from_reference="ST0216").exists():
        propose_progression(
            organisation=trust,
            standard=st0215,
            direction="into",
            reference="ST0216",
            title="Healthcare support worker",
            level=2,
            note="Some of our healthcare support workers start their assistant practitioner training here.",
            by=lead,
        )
    for org_key, (name, description, competencies) in (
        ("trust", INPATIENT_FRAMEWORK),
        ("trust2", REHAB_FRAMEWORK),
    ):
        organisation = demo["organisations"][org_key]
        framework = Framework.objects.filter(organisation=organisation, name=name).first() or Framework(
            organisation=organisation, standard=st0215
        )
        framework = save_framework(framework=framework, name=name, description=description)
        for code, kind, role, title, codes, (scheme, ref_code, ref_title) in competencies:
            competency = Competency.objects.filter(framework=framework, code=code).first()
            save_competency(
                competency=competency or Competency(framework=framework),
                ksbs=[ksbs[c] for c in codes.split()],
                code=code,
                kind=kind,
                role=role,
                title=title,
                reference_scheme=scheme,
                reference_code=ref_code,
                reference_title=ref_title,
            )
    demo["standard"] = st0215
