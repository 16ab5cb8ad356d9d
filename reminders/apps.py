from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check for SITE_URL
