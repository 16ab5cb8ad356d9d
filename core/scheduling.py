"""Each app's scheduled tasks (core.plugins.Scheduled) made in django-celery-beat's tables after `migrate`.

A task missing from the database is created with its schedule; one already there keeps the schedule and
the enabled flag the administrator gave it in the admin (Periodic tasks), and only follows a renamed Celery
task. So every `migrate` (production runs it at each start) brings a new app's tasks in, idempotently.
"""

from django.conf import settings
from django.db import connections
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from .plugins import collected


def sync_scheduled_tasks(*, using="default", plan=None, **kwargs):
    """post_migrate receiver. flush (tests) sends post_migrate with no plan: the tables were emptied on
    purpose, as a data migration's rows would be, so only `migrate` makes them."""
    if plan is None or PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return
    for scheduled in collected("scheduled_tasks"):
        ensure(scheduled, using=using)


def ensure(scheduled, *, using="default"):
    task = PeriodicTask.objects.using(using).filter(name=scheduled.name).first()
    if task is None:
        PeriodicTask.objects.using(using).create(
            name=scheduled.name, task=scheduled.task, **_schedule(scheduled, using)
        )
    elif task.task != scheduled.task:
        task.task = scheduled.task
        task.save(update_fields=["task"])


def _schedule(scheduled, using):
    if scheduled.every_minutes is not None:
        every, _ = IntervalSchedule.objects.using(using).get_or_create(
            every=scheduled.every_minutes, period=IntervalSchedule.MINUTES
        )
        return {"interval": every}
    minute, hour, day_of_month, month_of_year, day_of_week = scheduled.crontab.split()
    crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
        timezone=settings.CELERY_TIMEZONE,
    )
    return {"crontab": crontab}
