from celery import shared_task


@shared_task(name="portal.ping")
def ping():
    """Answers from a worker; used by the integration tests and by operators (celery call portal.ping)."""
    return "pong"
