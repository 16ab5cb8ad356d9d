"""What the evidence portfolio adds to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import demo, panels, reports, todo

contributions = Contributions(
    dashboard_panels=[panels.dashboard_panel],
    todo_sources=[todo],
    report_kinds=[reports.PORTFOLIO],
    demo_steps=[demo.seed],
)
