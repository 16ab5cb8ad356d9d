"""What the record integrity check adds to the rest of the product (see core/plugins.py): the daily check of
every stored fingerprint, at 02:15 (before the 07:00 reminder scan, which tells the leads of any mismatch);
the workforce lead's dashboard panel with the last check; and the reminder."""

from core.plugins import Contributions, Panel, Scheduled

from . import access, reminders, services, tasks

ORDER = 75  # after pastoral (60), evaluation (65) and the test plug-in app (70)


def dashboard_panel(request):
    if not access.can_view_fingerprint_checks(request.user):
        return None
    led = access.led_organisations(request.user)
    check = services.latest()
    return {
        "template": "integrity/_dashboard_panel.html",
        "check": check,
        "mismatches": len(check.mismatches_for(led)) if check else 0,
    }


contributions = Contributions(
    dashboard_panels=[Panel(dashboard_panel, order=ORDER)],
    reminder_kinds=[reminders.FINGERPRINT_MISMATCH],
    scheduled_tasks=[Scheduled(name="Check stored fingerprints", task=tasks.CHECK, crontab="15 2 * * *")],
)
