"""What the evidence portfolio adds to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, MenuLink, Panel, ToDoSource

from . import demo, panels, reminders, reports, selectors, todo

contributions = Contributions(
    dashboard_panels=[Panel(panels.dashboard_panel, order=30)],
    todo_sources=[ToDoSource(todo.KINDS, todo.items, order=30)],
    report_kinds=[reports.COHORT, reports.PORTFOLIO, reports.GATEWAY_BUNDLE],
    reminder_kinds=[reminders.EVIDENCE_WAITING],
    demo_steps=[demo.seed],
    review_snapshots=[selectors.review_snapshot],
    menu_links=[
        MenuLink("Portfolio", panels.portfolio_link, order=10, namespace="competencies", url_name="portfolio")
    ],
)
