"""What standards and frameworks add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, Panel

from . import demo, panels

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=50)],
    demo_steps=[demo.seed],
)
