from django.core.management.base import BaseCommand

from reminders import services


class Command(BaseCommand):
    help = "Sends the reminders that are due (the same code as the scheduled task). Never sends one twice."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        count = services.send_due(dry_run=dry_run)
        self.stdout.write(
            f"{count} reminder{'' if count == 1 else 's'} {'would send' if dry_run else 'sent'}"
        )
