"""What the reports pipeline adds to the rest of the product (see core/plugins.py): the nightly deletion of
reports older than REPORT_RETENTION_DAYS. The kinds of report are the other apps' contributions."""

from core.plugins import Contributions, Scheduled

from . import tasks

contributions = Contributions(
    scheduled_tasks=[Scheduled(name="Delete expired reports", task=tasks.PURGE, crontab="30 3 * * *")],
)
