from django.apps import AppConfig
from django.core import checks

from . import checks as report_checks


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        checks.register(report_checks.report_kinds)
