import os
from json import dumps

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.plugins import collected

# Used only with DEBUG (the demo on a laptop); anywhere else DEMO_PASSWORD must be given.
DEFAULT_DEMO_PASSWORD = "portal-demo-2026"  # noqa: S105


class Command(BaseCommand):
    help = "Creates or refreshes the demo organisations, people and data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo sign-in (default: $DEMO_PASSWORD).")
        parser.add_argument(
            "--json",
            action="store_true",
            help="End with a JSON line of subject ids for render_report: cohort, portfolio, pastoral.",
        )

    def handle(self, *args, password=None, json=False, **options):
        password = password or os.environ.get("DEMO_PASSWORD")
        if not password:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing to create demo sign-ins with the default password outside DEBUG: "
                    "set DEMO_PASSWORD or pass --password."
                )
            password = DEFAULT_DEMO_PASSWORD
        # Each app's demo step (core.plugins), lower layers first: the people, then the standards, the
        # cohort on them, its evidence, the pastoral self-assessments. One namespace carries what each made.
        demo = {"password": password, "sign_ins": {}, "report_subjects": {}}
        with transaction.atomic():
            for step in collected("demo_steps"):
                step(demo)
        self.print_sign_ins(demo["sign_ins"], password)
        if json:
            # The demo's subject for each report kind, for render_report KIND ID.
            self.stdout.write(dumps(demo["report_subjects"]))

    def print_sign_ins(self, sign_ins, password):
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        width = max(map(len, sign_ins), default=0)
        for username, who in sign_ins.items():
            self.stdout.write(f"  {username.ljust(width)}  {who}")
        self.stdout.write(f"Password for all of them: {password}")
        if connection.vendor == "sqlite":
            self.stdout.write(f"Database: SQLite file {connection.settings_dict['NAME']}.")
        else:
            self.stdout.write(f"Database: {connection.vendor}.")
        if not settings.REDIS_URL:
            self.stdout.write(
                "No REDIS_URL set: make demo runs a worker and beat beside the web server on a folder queue."
            )
