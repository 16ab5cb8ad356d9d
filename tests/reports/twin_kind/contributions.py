from core.plugins import Contributions
from reports.kinds import Kind
from trainees.models import Cohort

TWIN = Kind(
    name="cohort",
    label="Another cohort report",
    model=Cohort,
    can_view=lambda user, cohort: True,
    build=lambda cohort, viewer=None: {},
    template="reports/no-such-template.html",
    filename=lambda cohort: "twin",
)
contributions = Contributions(report_kinds=[TWIN])
