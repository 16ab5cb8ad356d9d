"""What the pastoral self-assessment adds to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, MenuLink, Panel

from . import demo, panels, reminders, reports

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=60)],
    report_kinds=[reports.PASTORAL],
    reminder_kinds=[reminders.PASTORAL_REVISIT],
    demo_steps=[demo.seed],
    menu_links=[MenuLink("Pastoral", panels.pastoral_link, order=30, namespace="pastoral")],
)
