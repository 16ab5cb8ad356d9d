import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tabular import ImportRefused
from standards.ifate import MAX_FILE_BYTES, decode_file
from standards.services import import_standards


class Command(BaseCommand):
    help = (
        "Imports standards from the Institute for Apprenticeships' JSON (one object or a list); all or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file, or - to read standard input.")

    def handle(self, *args, path, **options):
        try:
            if path == "-":
                text = sys.stdin.read(MAX_FILE_BYTES + 1)
            else:
                with Path(path).open("rb") as file:
                    text = decode_file(file.read(MAX_FILE_BYTES + 1))  # no more than it may be
            outcomes = import_standards(text=text)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file ({exc})") from None
        except ImportRefused as exc:
            raise CommandError(refusal(path, exc.problems)) from None
        for outcome in outcomes:
            verb = "imported" if outcome.created else "already in the catalogue, unchanged:"
            s = outcome.standard
            counts = f"{s.ksbs.count()} KSBs, {s.duties.count()} duties"
            self.stdout.write(f"{verb} {s.reference} v{s.version} {s.title} ({counts})")


def refusal(path, problems):
    """One line for one problem (a file that is not JSON at all); a line for each when there are more."""
    if len(problems) == 1:
        return f"{path}: nothing imported: {problems[0]}"
    return f"{path}: nothing imported; fix these and try again:\n" + "\n".join(f"  {p}" for p in problems)
