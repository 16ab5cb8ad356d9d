"""What standards and frameworks add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import demo, panels

contributions = Contributions(
    dashboard_panels=[panels.dashboard_panel],
    demo_steps=[demo.seed],
)
