"""Demo targets and headcount returns, made through the services; idempotent.

Seed 003's national targets (3,000 support, time and recovery workers in post by December 2006; 1,000 primary
care graduate mental health workers by December 2004), with quarterly returns from the demo region's two
trusts up to the quarter before each target date, so the trend is projected to it (the second trust has not
returned support, time and recovery workers for the quarter ending September 2006: its figure is carried
forward and it is listed as not returned);
the regional lead's target for the region; and the demo trust's own target for assistant practitioners with
monthly returns up to the month before its latest trainee completed, so that completion shows as a suggested
change to the next return.
"""

import datetime

from accounts.models import Region

from . import services_targets as services
from .models import HeadcountReturn, Target, WorkforceRole

STR = "Support, time and recovery worker"
PCGMHW = "Primary care graduate mental health worker"
AP = "Assistant practitioner"
# Seed 003's words (its text runs "primarycare" together, as extracted from the PDF).
SOURCE = (
    "The Department of Health set specific targets of 3000 STR workers in post by December 2006, and 1000 "
    "primary care graduate mental health workers in post by December 2004 (seed 003, from the NHS Plan)."
)
NATIONAL = [(STR, 3000, datetime.date(2006, 12, 31)), (PCGMHW, 1000, datetime.date(2004, 12, 31))]
REGIONAL = (
    STR,
    60,
    datetime.date(2006, 12, 31),
    "The region's share of the national target of 3000 STR workers.",
)


def _quarters(first_year, count):
    ends = []
    year, month = first_year, 3
    for _ in range(count):
        ends.append(services.month_end(datetime.date(year, month, 1)))
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    return ends


# Quarterly returns: (in post, in training, vacancies, starters, leavers) per quarter; None: not returned.
STR_QUARTERS = _quarters(2005, 7)  # March 2005 to September 2006: the target date is projected to
STR_RETURNS = {
    "trust": [(8, 4, 6, 8, 0), (12, 3, 5, 5, 1), (17, 2, 4, 6, 1), (21, 3, 4, 5, 1),
              (26, 2, 3, 6, 1), (30, 2, 3, 5, 1), (33, 1, 2, 4, 1)],
    "trust2": [(5, 2, 5, 5, 0), (7, 2, 4, 3, 1), (10, 1, 4, 3, 0), (12, 2, 3, 3, 1),
               (15, 1, 3, 4, 1), (17, 1, 2, 3, 1), None],
}  # fmt: skip
PCGMHW_QUARTERS = _quarters(2003, 7)  # March 2003 to September 2004
PCGMHW_RETURNS = {
    "trust": [(1, 0, 2, 1, 0), (2, 0, 1, 1, 0), (2, 0, 1, 0, 0), (3, 0, 1, 1, 0),
              (3, 0, 1, 0, 0), (3, 0, 0, 0, 0), (4, 0, 0, 1, 0)],
    "trust2": [(2, 0, 3, 2, 0), (3, 0, 2, 1, 0), (5, 0, 1, 2, 0), (6, 0, 1, 1, 0),
               (6, 0, 1, 0, 0), (7, 0, 0, 1, 0), (7, 0, 1, 1, 1)],
}  # fmt: skip
# The demo trust's assistant practitioners, monthly, oldest first.
AP_MONTHS = [(6, 14, 4, 0, 0), (6, 14, 4, 0, 0), (7, 13, 3, 1, 0), (8, 13, 3, 1, 0),
             (8, 13, 3, 0, 0), (9, 13, 2, 1, 0), (10, 12, 2, 1, 0), (10, 12, 2, 0, 0)]  # fmt: skip
AP_TARGET = 20
AP_SOURCE = "The trust's workforce plan: an assistant practitioner on every inpatient ward."


def _target(*, by, role, number, due_on, source, region=None, organisation=None):
    found = Target.objects.filter(
        workforce_role=role, region=region, organisation=organisation, due_on=due_on
    )
    if found.exists():
        return found.get()
    return services.save_target(
        by=by, workforce_role=role, number=number, due_on=due_on, source=source, region=region,
        organisation=organisation,
    )  # fmt: skip


def _returns(organisation, role, by, periods, figures):
    for period_end, values in zip(periods, figures, strict=True):
        if (
            values is None
            or HeadcountReturn.objects.filter(
                organisation=organisation, workforce_role=role, period_end=period_end
            ).exists()
        ):
            continue
        services.save_return(
            organisation=organisation,
            by=by,
            workforce_role=role,
            period_end=period_end,
            **dict(zip(services.FIGURE_LABELS, values, strict=True)),
        )


def _last_month_end_before(day):
    return day.replace(day=1) - datetime.timedelta(days=1)


def _ap_months(trust, role, today):
    """Month ends up to the one before the trust's latest completion (else before today), oldest first."""
    latest = services.completions(trust, role, after=datetime.date.min, until=today)
    last = _last_month_end_before(latest[-1].completed_on if latest else today)
    months = [last]
    while len(months) < len(AP_MONTHS):
        months.insert(0, _last_month_end_before(months[0]))
    return months


def seed(demo):
    organisations, people = demo["organisations"], demo["people"]
    trust = organisations["trust"]
    administrator, regional, lead = people["admin"], people["regional"], people["lead"]
    roles = {role.name: role for role in WorkforceRole.objects.filter(organisation=None)}
    for name, number, due_on in NATIONAL:
        _target(by=administrator, role=roles[name], number=number, due_on=due_on, source=SOURCE)
    for key, figures in STR_RETURNS.items():
        by = people["lead" if key == "trust" else "lead2"]
        _returns(organisations[key], roles[STR], by, STR_QUARTERS, figures)
    for key, figures in PCGMHW_RETURNS.items():
        by = people["lead" if key == "trust" else "lead2"]
        _returns(organisations[key], roles[PCGMHW], by, PCGMHW_QUARTERS, figures)
    region = Region.objects.get(pk=trust.region_id)
    name, number, due_on, source = REGIONAL
    _target(by=regional, role=roles[name], number=number, due_on=due_on, source=source, region=region)

    ap = roles[AP]
    today = datetime.date.today()
    if not Target.objects.filter(workforce_role=ap, organisation=trust).exists():
        _returns(trust, ap, lead, _ap_months(trust, ap, today), AP_MONTHS)
        due_on = datetime.date(today.year + 1, 3, 31)
        _target(by=lead, role=ap, number=AP_TARGET, due_on=due_on, source=AP_SOURCE, organisation=trust)
    demo["workforce_targets"] = list(Target.objects.values_list("pk", flat=True))
