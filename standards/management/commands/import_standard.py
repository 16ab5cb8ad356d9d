import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from standards.ifate import StandardFileError
from standards.services import import_standards


class Command(BaseCommand):
    help = (
        "Imports standards from the Institute for Apprenticeships' JSON (one object or a list); all or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file, or - to read standard input.")

    def handle(self, *args, path, **options):
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file ({exc})") from None
        try:
            outcomes = import_standards(text=text)
        except StandardFileError as exc:
            raise CommandError(
                f"{path}: nothing imported; fix these and try again:\n"
                + "\n".join(f"  {p}" for p in exc.problems)
            ) from None
        for outcome in outcomes:
            verb = "imported" if outcome.created else "already in the catalogue, unchanged:"
            s = outcome.standard
            counts = f"{s.ksbs.count()} KSBs, {s.duties.count()} duties"
            self.stdout.write(f"{verb} {s.reference} v{s.version} {s.title} ({counts})")
