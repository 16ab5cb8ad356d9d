"""Background work reaches a real worker through Redis, and runs in-process when no broker is set."""

import pytest

from apprentice_portal.celery import app
from apprentice_portal.tasks import ping


@pytest.mark.redis
def test_task_goes_through_redis_to_a_worker_and_back(celery_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.state == "SUCCESS"


def test_task_runs_in_process_when_eager():
    assert app.conf.task_always_eager
    assert ping.delay().get(timeout=1) == "pong"
