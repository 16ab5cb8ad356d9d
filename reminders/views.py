from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import is_signed_in, permit

from . import services
from .models import Reminder


@permit(is_signed_in)
def notifications(request):
    items = Reminder.objects.filter(recipient=request.user)[:50]
    return render(request, "reminders/notifications.html", {"items": items})


@require_POST
@permit(is_signed_in)
def mark_read(request):
    services.mark_read(person=request.user)
    return redirect("reminders:notifications")
