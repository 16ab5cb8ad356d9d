"""What the pastoral self-assessment adds to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import demo, panels, reports

contributions = Contributions(
    dashboard_panels=[panels.dashboard_panel],
    report_kinds=[reports.PASTORAL],
    demo_steps=[demo.seed],
)
