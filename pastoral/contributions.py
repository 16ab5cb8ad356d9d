"""What the pastoral self-assessment adds to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, Panel

from . import demo, panels, reports

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=60)],
    report_kinds=[reports.PASTORAL],
    demo_steps=[demo.seed],
)
