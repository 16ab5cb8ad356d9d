import os
from json import dumps

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import import_string

from accounts.demo import ADMINISTRATOR, ORGANISATIONS, PEOPLE, seed_people

# After the people: each app's demo data, in order. Each step takes and may add to the dict that
# accounts.demo.seed_people returns ({"region", "organisations", "people"}), and must be idempotent.
DEMO_STEPS: list[str] = [
    "standards.demo.seed",
    "trainees.demo.seed",
    "competencies.demo.seed",
    "pastoral.demo.seed",
]

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
        with transaction.atomic():
            demo = seed_people(password=password)
            for step in DEMO_STEPS:
                import_string(step)(demo)
        self.print_sign_ins(password)
        if json:
            self.stdout.write(dumps(report_subjects(demo)))

    def print_sign_ins(self, password):
        orgs = {key: fields["name"] for key, fields in ORGANISATIONS.items()}
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        width = max(len(u) for u in PEOPLE)
        for username, (first, last, _job_title, roles) in PEOPLE.items():
            where = "; ".join(f"{role.label}, {orgs[org]}" for org, role in roles)
            self.stdout.write(f"  {username.ljust(width)}  {first} {last}: {where}")
        admin, first, last, _job_title = ADMINISTRATOR
        self.stdout.write(f"  {admin.ljust(width)}  {first} {last}: site administrator, the admin at /admin/")
        self.stdout.write(f"Password for all of them: {password}")
        if connection.vendor == "sqlite":
            self.stdout.write(f"Database: SQLite file {connection.settings_dict['NAME']}.")
        else:
            self.stdout.write(f"Database: {connection.vendor}.")
        if not settings.REDIS_URL:
            self.stdout.write(
                "No REDIS_URL set: make demo runs a worker and beat beside the web server on a folder queue."
            )


def report_subjects(demo):
    """The demo's subject for each report kind, for render_report KIND ID."""
    from pastoral.models import Assessment
    from trainees.models import Enrolment

    trust = demo["organisations"]["trust"]
    assessments = Assessment.objects.filter(organisation=trust, status=Assessment.Status.COMPLETED)
    return {
        "cohort": demo["cohort"].pk,
        "portfolio": Enrolment.objects.get(cohort=demo["cohort"], trainee=demo["people"]["trainee"]).pk,
        "pastoral": assessments.order_by("-assessed_on").values_list("pk", flat=True).first(),
    }
