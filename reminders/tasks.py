from celery import shared_task

from . import services


@shared_task(
    name="reminders.send_due",
    # The reminders sent are the record: no result to store, so queueing never waits on the result store.
    ignore_result=True,
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def send_due_reminders():
    """Fired by Celery beat on the schedule kept in the database (django-celery-beat, editable in admin)."""
    return services.send_due()
