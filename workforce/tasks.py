"""Celery's autodiscovery imports <app>.tasks: each part's tasks module is imported here so its tasks are
registered in the worker."""

from . import tasks_recruitment  # noqa: F401
