"""Demo self-assessments, made through the services: the first trust has two completed a year apart and a
revisit in progress; the second trust one completed. Dates are set from the day the demo is first seeded.
"""

import datetime

from django.utils import timezone

from . import services
from .models import Assessment, Element, PastoralSettings, Rating
from .selectors import add_months

PEOPLE_INVOLVED = (
    "Workforce development lead; deputy director of HR; clinical education lead; workforce planning manager; "
    "two support worker representatives from the staff network."
)
NOTES = {
    "green": (
        "In place and working in every area.",
        "Reviewed at the pastoral steering group; records kept.",
    ),
    "amber": ("In place in some areas, not yet in all.", "Ward visits and staff survey comments."),
    "red": ("Not in place yet.", "Gap found at the self-assessment workshop."),
}
OWNERS = ["Workforce development lead", "Deputy director of HR", "Clinical education lead", "Head of nursing"]

P1 = {"RI-1.1": "green", "RI-1.2": "amber", "RI-1.3": "red", "IR-1.1": "green", "IR-1.2": "amber"}
P1 |= {"IR-1.3": "green", "LD-1.1": "green", "LD-1.2": "green", "VR-1.1": "green", "VR-1.2": "amber"}
# Northfield, 19 months ago: phase 1 only partly in place, nothing beyond but some learning and development.
FIRST = P1 | {"LD-2.1": "amber", "IR-2.2": "amber"}
# Northfield, 7 months ago: phase 1 done everywhere, phase 2 done in two themes.
SECOND = dict.fromkeys(P1, "green") | {
    "RI-2.1": "green",
    "RI-2.2": "amber",
    "IR-2.1": "amber",
    "IR-2.2": "green",
    "LD-2.1": "green",
    "LD-2.2": "green",
    "LD-3.1": "amber",
    "VR-2.1": "green",
    "VR-2.2": "green",
    "VR-3.1": "green",
    "VR-3.2": "amber",
}
# Northfield, the revisit in progress: changes made so far; the rest is as carried from the last one.
REVISIT = {"RI-2.2": "green", "IR-2.1": "green", "VR-3.2": "green", "LD-2.2": "amber"}
# Eastbrook, 4 months ago: best practice in recruitment and induction, behind on learning and development.
EASTBROOK = dict.fromkeys(P1, "green") | {
    "LD-1.2": "amber",
    "RI-2.1": "green",
    "RI-2.2": "green",
    "RI-3.1": "green",
    "RI-3.2": "green",
    "IR-2.1": "green",
    "VR-2.1": "green",
    "VR-2.2": "green",
    "VR-3.1": "amber",
}


def _fields(rag, on, index):
    notes, evidence = NOTES[rag]
    fields = {"rag": rag, "notes": notes, "evidence": evidence}
    fields |= {"action_what": "", "action_owner": "", "action_due": None}
    if rag != Rating.RAG.GREEN:
        fields |= {
            "action_what": "Agree a plan with the area leads to put this in place everywhere.",
            "action_owner": OWNERS[index % len(OWNERS)],
            "action_due": on + datetime.timedelta(days=90),
        }
    return fields


def _rate(assessment, lead, ratings, *, everything):
    elements = Element.objects.filter(theme__version=assessment.tool_version).order_by("pk")
    for index, element in enumerate(elements):
        if element.ref in ratings or everything:
            fields = _fields(ratings.get(element.ref, "red"), assessment.assessed_on, index)
            services.rate_element(assessment=assessment, element=element, by=lead, **fields)


def _assess(organisation, lead, version, *, on, ratings, complete):
    assessment = services.create_assessment(
        organisation=organisation, by=lead, tool_version=version, assessed_on=on
    )
    services.update_assessment_details(
        assessment=assessment,
        by=lead,
        involved_clinical=True,
        involved_hr=True,
        involved_workforce_planning=True,
        other_groups="Support worker staff network",
        people_involved=PEOPLE_INVOLVED,
    )
    _rate(assessment, lead, ratings, everything=complete)
    if complete:
        services.complete_assessment(assessment=assessment, by=lead)
    return assessment


def _interval(organisation, months, lead):
    if not PastoralSettings.objects.filter(organisation=organisation).exists():
        services.set_revisit_interval(organisation=organisation, months=months, by=lead)


def seed(demo):
    """Idempotent: an organisation that already has assessments is left as it is."""
    version = services.ensure_starter_tool()
    demo["pastoral_tool"] = version
    trust, trust2 = demo["organisations"]["trust"], demo["organisations"]["trust2"]
    lead, lead2 = demo["people"]["lead"], demo["people"]["lead2"]
    today = timezone.localdate()
    _interval(trust, 6, lead)
    _interval(trust2, 12, lead2)
    if not Assessment.objects.filter(organisation=trust).exists():
        _assess(trust, lead, version, on=add_months(today, -19), ratings=FIRST, complete=True)
        _assess(trust, lead, version, on=add_months(today, -7), ratings=SECOND, complete=True)
        _assess(trust, lead, version, on=today - datetime.timedelta(days=14), ratings=REVISIT, complete=False)
    if not Assessment.objects.filter(organisation=trust2).exists():
        _assess(trust2, lead2, version, on=add_months(today, -4), ratings=EASTBROOK, complete=True)
    completed = Assessment.objects.filter(organisation=trust, status=Assessment.Status.COMPLETED)
    latest = completed.order_by("-assessed_on").values_list("pk", flat=True).first()
    demo.setdefault("report_subjects", {})["pastoral"] = latest
    return demo
