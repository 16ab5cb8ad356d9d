from django.core.management.base import BaseCommand, CommandError

from reminders import services
from reminders.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Sends the reminders that are due (the same code as the scheduled task). Never sends one twice."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")
        parser.add_argument(
            "--queue", action="store_true", help="Queue the scan for a worker, as beat does, instead."
        )

    def handle(self, *args, dry_run=False, queue=False, **options):
        if queue:
            return self.queue()
        count = services.send_due(dry_run=dry_run)
        self.stdout.write(
            f"{count} reminder{'' if count == 1 else 's'} {'would send' if dry_run else 'sent'}"
        )

    def queue(self):
        try:
            send_due_reminders.apply_async(retry=False)
        except Exception as exc:  # noqa: BLE001 - any failure to queue: say so, as a page would
            raise CommandError(f"The reminder scan could not be queued: {exc}") from None
        self.stdout.write("Reminder scan queued for a worker.")
