from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from core.tabular import ImportRefused
from pastoral import services


class Command(BaseCommand):
    help = (
        "Loads a version of the pastoral self-assessment tool from a JSON, CSV or Excel file (all or none). "
        "Without a file, loads the portal team's starter set (example content)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Path of the file; one row per element of practice.")
        parser.add_argument("--label", default="", help="Name of the version, e.g. 'NHS England PRN00840'.")
        parser.add_argument(
            "--organisation", help="ODS code: only this organisation uses it (default: shared)."
        )
        parser.add_argument("--example", action="store_true", help="Mark it as example content.")

    def handle(self, *args, file=None, label="", organisation=None, example=False, **options):
        path = Path(file) if file else services.STARTER_TOOL
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        owner = None
        if organisation:
            owner = Organisation.objects.filter(ods_code=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation with ODS code {organisation}.")
        try:
            version = services.load_tool_version(
                name=path.name, content=path.read_bytes(), organisation=owner, label=label, is_example=example
            )
        except ImportRefused as exc:
            raise CommandError("Nothing was loaded:\n" + "\n".join(str(p) for p in exc.problems)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded “{version}” (version {version.pk})."))
