"""What standards and frameworks add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, MenuLink, Panel

from . import demo, panels

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=50)],
    demo_steps=[demo.seed],
    menu_links=[MenuLink("Standards", panels.standards_link, order=40, namespace="standards")],
)
