from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import access
from .todo import todo_for


@access.permit(access.is_signed_in)
def todo(request):
    return render(request, "accounts/todo.html", {"todo": todo_for(request)})


@never_cache
@access.permit(access.is_signed_in)
def todo_count(request):
    """The number in the top menu, fetched by htmx so other pages do not wait for it."""
    return render(request, "accounts/_todo_count.html", {"todo": todo_for(request)})
