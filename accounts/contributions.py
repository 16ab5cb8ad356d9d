"""What people and organisations add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions, Panel, ToDoSource

from . import demo, invitations_todo, views_people

contributions = Contributions(
    dashboard_panels=[Panel(views_people.invitations_panel, order=10)],
    todo_sources=[ToDoSource(invitations_todo.KINDS, invitations_todo.items, order=10)],
    demo_steps=[demo.seed],
)
