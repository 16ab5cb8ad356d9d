import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import kinds, services, tasks
from reports.models import ReportJob
from reports.rendering import render


class Command(BaseCommand):
    help = (
        "Renders a report to a file, in this process or (--via-worker) on a Celery worker through the broker."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"One of: {', '.join(kinds.by_name())}.")
        parser.add_argument(
            "id", type=int, help="The id of the report's subject (seed_demo --json prints them)."
        )
        parser.add_argument("--out", required=True, help="Where to write the file.")
        parser.add_argument(
            "--format",
            dest="fmt",
            default=None,
            choices=ReportJob.Format.values,
            help="The kind's first format (PDF, or zip for a bundle) unless given.",
        )
        parser.add_argument("--via-worker", action="store_true", help="Queue it and wait for a worker.")
        parser.add_argument("--timeout", type=int, default=300, help="Seconds to wait for the worker.")

    def handle(self, *args, kind, id, out, fmt, via_worker, timeout, **options):  # noqa: A002
        try:
            report = kinds.get(kind)
        except kinds.UnknownKind as exc:
            raise CommandError(str(exc)) from None
        fmt = fmt or report.formats[0]
        subject = report.subject(id)
        if subject is None:
            raise CommandError(f"No {report.model._meta.verbose_name} with id {id}.")
        try:
            if via_worker:
                content, name = self.via_worker(report, subject, fmt, timeout)
            else:
                rendered = render(report, subject, fmt)
                content, name = rendered.content, rendered.filename
        except kinds.UnsupportedFormat as exc:
            raise CommandError(str(exc)) from None
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {name} ({len(content):,} bytes) to {out}")

    def via_worker(self, report, subject, fmt, timeout):
        try:
            job = services.request_report(kind=report, subject=subject, fmt=fmt, by=None)
        except services.QueueUnavailable as exc:
            raise CommandError(str(exc)) from None
        tasks.render_after_commit(job)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == ReportJob.Status.DONE:
                with job.file.open("rb") as stored:
                    return stored.read(), job.filename
            if job.status == ReportJob.Status.FAILED:
                raise CommandError(f"The worker could not make the report: {job.error}")
            time.sleep(0.5)
        raise CommandError(
            f"No worker finished the report within {timeout} s "
            f"(job {job.pk} is {job.get_status_display().lower()}). "
            "Is a worker running? celery -A apprentice_portal worker"
        )
