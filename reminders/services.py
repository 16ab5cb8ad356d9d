"""Sending what is due: each reminder is recorded and emailed in one transaction, once."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .due import find_due
from .models import Reminder

logger = logging.getLogger(__name__)


def _already_sent(due):
    return Reminder.objects.filter(
        kind=due.kind, recipient=due.recipient, subject=due.subject, due_on=due.due_on
    ).exists()


def send_due(*, dry_run=False, today=None):
    """Sends every reminder that is due and not sent before; returns how many were (or would be) sent."""
    count = 0
    for due in find_due(today):
        if dry_run:
            count += not _already_sent(due)
            continue
        count += _send(due)
    return count


def _send(due):
    try:
        with transaction.atomic():
            # The unique constraint is the guard: a second scan, or a second worker, finds the row and stops.
            reminder = Reminder.objects.create(
                kind=due.kind,
                recipient=due.recipient,
                subject=due.subject,
                due_on=due.due_on,
                title=due.title,
                body=due.body,
                url=due.url,
            )
            if due.recipient.email:
                # In the transaction: if the mail cannot go, nothing is recorded, and it goes next time.
                send_mail(
                    due.title,
                    f"{due.body}\n\nOpen it in the portal: {absolute(due.url)}\n",
                    None,
                    [due.recipient.email],
                )
    except IntegrityError:
        return 0
    logger.info("Reminder %s sent to %s", reminder.pk, due.recipient)
    return 1


def absolute(path):
    """An email is read outside the portal, so its link names the site (SITE_URL)."""
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def mark_read(*, person):
    return Reminder.objects.filter(recipient=person, read_at__isnull=True).update(read_at=timezone.now())
