from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate

from . import checks as core_checks


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Toolkit"

    def ready(self):
        from . import scheduling  # here: it imports django_celery_beat's models, loadable only once apps are

        checks.register(core_checks.contributions)
        # Sent for django_celery_beat once its tables are migrated (core has no models, so gets none itself).
        post_migrate.connect(
            scheduling.sync_scheduled_tasks,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="core.scheduling",
        )
