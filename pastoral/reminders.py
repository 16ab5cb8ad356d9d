"""Reminders about the pastoral self-assessment: a revisit due, to the organisation's workforce leads."""

import datetime

from django.urls import reverse

from accounts.models import Membership
from reminders.kinds import Due, ReminderKind

from .selectors import next_revisit

PASTORAL_NOTICE_DAYS = 30


def pastoral_revisits(today):
    leads = Membership.objects.filter(role=Membership.Role.WORKFORCE_LEAD).select_related(
        "user", "organisation"
    )
    by_org = {}
    for m in leads:
        by_org.setdefault(m.organisation, []).append(m.user)
    for organisation, people in by_org.items():
        revisit = next_revisit(organisation, today=today)
        if revisit is None or revisit.due_on is None:
            continue
        if revisit.due_on - datetime.timedelta(days=PASTORAL_NOTICE_DAYS) > today:
            continue
        when = "was due" if revisit.due_on < today else "is due"
        for person in people:
            yield Due(
                PASTORAL_REVISIT.name,
                person,
                f"organisation:{organisation.pk}",
                revisit.due_on,
                f"Pastoral self-assessment {when} on {revisit.due_on:%-d %B %Y}",
                f"{organisation}'s pastoral support self-assessment {when} on {revisit.due_on:%-d %B %Y}. "
                "Start the revisit from the last assessment's ratings.",
                reverse("pastoral:organisation", args=[organisation.pk]),
            )


PASTORAL_REVISIT = ReminderKind("pastoral_revisit", "Pastoral self-assessment due", pastoral_revisits)
