"""What reminders add to the rest of the product (see core/plugins.py)."""

from core.plugins import Contributions

from . import panels

contributions = Contributions(
    dashboard_panels=[panels.dashboard_panel],
)
