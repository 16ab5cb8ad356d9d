"""Invitations waiting for the person's answer, as items of their to-do list (core.todo)."""

from django.urls import reverse

from core.todo import Item

from .services import pending_invitations

KINDS = {"invitation": "Invitations to answer"}


def items(user, today):
    return [
        Item(
            kind="invitation",
            title=f"{invitation.get_role_display()} at {invitation.organisation}",
            url=reverse("invitations"),
            since=invitation.created_at.date(),
            note=f"Open until {invitation.expires_at:%-d %B %Y}.",
        )
        for invitation in pending_invitations(user)
    ]
