"""What people and organisations add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import invitations_todo, views_people

contributions = Contributions(
    dashboard_panels=[views_people.invitations_panel],
    todo_sources=[invitations_todo],
)
