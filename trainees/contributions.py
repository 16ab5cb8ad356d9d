"""What trainees add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import demo, panels, reports, todo

contributions = Contributions(
    dashboard_panels=[panels.dashboard_panel],
    todo_sources=[todo],
    report_kinds=[reports.COHORT],
    demo_steps=[demo.seed],
)
