"""The demo's data, seeded once per test process and copied back in (PostgreSQL COPY) for each test that reads
it: seed_demo takes 15 to 40 s, a copy about a second. The fixtures are `demo_data` (tests/conftest.py, in a
test's rolled-back transaction) and `demo` (tests/browser/conftest.py, committed for the live server).

Tests of seed_demo itself (tests/test_seed_demo.py, a plugin's demo step, running it twice) still run it."""

import io
import json
from dataclasses import dataclass, field

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
