import json

from django.core.management.base import BaseCommand, CommandError

from standards.ifate import to_document
from standards.models import Standard


class Command(BaseCommand):
    help = (
        "Writes a standard as the Institute's JSON to standard output (the latest version unless --version)."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (of the standard) replaces Django's --version (of Django).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("reference", help="For example ST0215.")
        parser.add_argument("--version", dest="standard_version", help="For example 1.1.")

    def handle(self, *args, reference, standard_version=None, **options):
        versions = Standard.objects.filter(reference__iexact=reference)
        if standard_version:
            versions = versions.filter(version=standard_version)
        standard = max(versions, key=lambda s: _version_key(s.version), default=None)
        if standard is None:
            known = ", ".join(s.label for s in Standard.objects.all()) or "none"
            wanted = f"{reference} v{standard_version}" if standard_version else reference
            raise CommandError(f"No standard {wanted} in the catalogue (it holds: {known}).")
        self.stdout.write(json.dumps(to_document(standard), indent=2, ensure_ascii=False))


def _version_key(version):
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))
