from .models import Reminder


def dashboard_panel(request):
    unread = Reminder.objects.filter(recipient=request.user, read_at__isnull=True)
    items = list(unread[:5])
    if not items:
        return None
    return {"template": "reminders/_dashboard_panel.html", "items": items, "count": unread.count()}
