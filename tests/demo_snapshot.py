"""The demo's data, seeded once and copied back in (PostgreSQL COPY) for each test that reads it: seed_demo
takes 10 to 40 s, a copy a fraction of a second. The fixtures are `demo_data` (tests/conftest.py, in a test's
rolled-back transaction) and `demo` (tests/browser/conftest.py, committed for the live server).

The snapshot is taken before the first test, on the test database as copied from its migrated template
(tests/database_template.py), so it is the same in every test process that day with that code; the first
process to take it leaves it in a cache for the others (the other pytest-xdist workers, the Celery worker
pass, later runs), named after the template's digest, this file's and the date.

Tests of seed_demo itself (tests/test_seed_demo.py, a plugin's demo step, running it twice) still run it."""

import base64
import datetime
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "demo-test-password-1"  # every demo sign-in's, in the copy


@dataclass(frozen=True)
class Snapshot:
    tables: dict  # table name: its rows as PostgreSQL COPY text
    output: str  # what seed_demo --json printed: the sign-ins, the password, then the subjects
    files: dict = field(default_factory=dict)  # stored file's name: its bytes (evidence attachments)
    password: str = PASSWORD

    @property
    def subjects(self):
        """seed_demo --json: the demo's subject for each report kind."""
        return json.loads(self.output.strip().splitlines()[-1])


def seed():
    """Runs seed_demo --json, returning what it printed."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", "--json", password=PASSWORD, stdout=out)
    return out.getvalue()


def take(connection):
    """seed_demo in a transaction rolled back at once, its tables kept as COPY text: what the database holds
    now (the migrations' data) plus the demo."""
    from django.db import transaction

    with transaction.atomic():
        output = seed()
        tables = copy_out(connection)
        files = stored_files()
        transaction.set_rollback(True)
    return Snapshot(tables=tables, output=output, files=files)


def cached(connection):
    """The snapshot from the cache, or taken now and left there; taken, and not cached, where the test
    database is not a fresh copy of the template (--reuse-db, SQLite)."""
    from .database_template import copied

    if not copied:
        return take(connection)
    try:
        path = _cache_folder() / _cache_name(copied["database"])
    except OSError:
        return take(connection)
    try:
        return _read(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    snapshot = take(connection)
    _write(path, snapshot)
    return snapshot


def _cache_name(database):
    from .database_template import digest

    key = hashlib.sha256(Path(__file__).read_bytes())
    key.update(f"{digest()} {datetime.date.today().isoformat()}".encode())
    return f"demo-{database}-{key.hexdigest()[:16]}.json"


def _cache_folder():
    folder = Path(tempfile.gettempdir()) / f"apprentice-portal-tests-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid() or folder.stat().st_mode & 0o077:
        raise OSError(f"{folder} is not this user's alone")
    return folder


def _read(path):
    data = json.loads(path.read_text())
    decoded = {part: {k: base64.b64decode(v) for k, v in data[part].items()} for part in ("tables", "files")}
    return Snapshot(output=data["output"], **decoded)


def _write(path, snapshot):
    """Written whole under another name, then renamed: a process reading it never sees half of it."""
    data = {
        "output": snapshot.output,
        **{
            part: {k: base64.b64encode(v).decode() for k, v in getattr(snapshot, part).items()}
            for part in ("tables", "files")
        },
    }
    partial = path.with_suffix(f".{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(data))
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        return
    prefix = path.name.rsplit("-", 1)[0] + "-"  # this database's, for other code or days
    for older in path.parent.glob(f"{prefix}*.json"):
        if older != path:
            older.unlink(missing_ok=True)


def stored_files():
    """The bytes of every file the database's rows name (the demo's evidence attachments): a test may store
    files somewhere else (tests/integrity/conftest.py), and fingerprints check them."""
    from django.apps import apps
    from django.db import models

    files = {}
    for model in apps.get_models():
        for file_field in (f for f in model._meta.concrete_fields if isinstance(f, models.FileField)):
            names = model.objects.exclude(**{file_field.name: ""}).values_list(file_field.name, flat=True)
            for name in names:
                with file_field.storage.open(name, "rb") as stored:
                    files[name] = stored.read()
    return files


def copy_out(connection):
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    copied = {}
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                copied[table] = b"".join(bytes(block) for block in copy)
    return copied


def copy_in(connection, snapshot):
    """Empties every table and copies the snapshot's rows back in, as committed or in the test's transaction
    (rolled back with it) depending on where it is called; puts its files in storage where they are not."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management.color import no_style

    tables = snapshot.tables
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # rows go back in any order
        # DELETE, not TRUNCATE: a few milliseconds where TRUNCATE makes some 400 files anew (0.3-0.9 s).
        cursor.execute("; ".join(f"DELETE FROM {quote(t)}" for t in tables))  # noqa: S608 - table names
        for table, rows in tables.items():
            if rows:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(rows)
        cursor.execute("SET session_replication_role = DEFAULT")
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()  # a flush may have made them again with other ids; the copy's are back
    for name, content in snapshot.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
