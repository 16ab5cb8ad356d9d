from django.core.management.base import BaseCommand, CommandError

from integrity import fingerprints, services
from integrity.models import FingerprintCheck


class Command(BaseCommand):
    help = (
        "Recomputes every stored fingerprint (signatures, sign-offs, declarations) and every stored file's "
        "SHA-256, prints any record that no longer matches, and keeps the result for the workforce leads' "
        "page. Exits with status 1 if anything does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-record", action="store_true", help="Check and print only; keep no result for the page."
        )

    def handle(self, *args, no_record=False, **options):
        if no_record:
            result = fingerprints.check_fingerprints()
            kinds, checked, mismatches = result.kinds, result.checked, result.mismatches
        else:
            check = services.run_check(trigger=FingerprintCheck.Trigger.COMMAND)
            kinds, checked, mismatches = check.kinds, check.checked, check.mismatches
        totals = dict.fromkeys(kinds, 0)
        for row in checked:
            totals[row["kind"]] += row["count"]
        for kind, n in totals.items():
            self.stdout.write(f"{kind}: {n} checked")
        for m in mismatches:
            signed = f", {m['party'] or 'by'} {m['by']}" if m["by"] else ""
            when = f" on {m['at']}" if m["at"] else ""
            self.stdout.write(
                f"MISMATCH {m['model']} #{m['id']} ({m['record']}, {m['record_model']} #{m['record_id']}"
                f"{signed}{when}): {m['what']}"
            )
        total = sum(totals.values())
        if mismatches:
            raise CommandError(
                f"{len(mismatches)} of {total} stored fingerprints do not match their records."
            )
        self.stdout.write(f"All {total} stored fingerprints match their records.")
