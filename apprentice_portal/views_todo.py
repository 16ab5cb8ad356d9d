"""The to-do page and the menu's count: every app's to-do sources, collected once per request (core.todo)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.access import is_signed_in, permit
from core.todo import todo_for


@permit(is_signed_in)
def todo(request):
    return render(request, "portal/todo.html", {"todo": todo_for(request)})


@never_cache
@permit(is_signed_in)
def todo_count(request):
    """The number in the top menu, fetched by htmx so other pages do not wait for it."""
    return render(request, "portal/_todo_count.html", {"todo": todo_for(request)})
