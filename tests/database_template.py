"""Test databases on PostgreSQL copied from a migrated template instead of migrated each time.

Migrating an empty database takes 13 s or more (the migration state of some 150 models is rendered again and
again), and every test process did it: each pytest-xdist worker, then the Celery worker pass, then every
focused run. The first process to need it migrates a template database, named after a digest of everything
the migrations can run (the code outside tests/, the fixtures it reads, the installed packages, some with
migrations of their own); every process then copies it (CREATE DATABASE ... TEMPLATE), which takes about a
second. A change to the code makes a new template (the old ones are dropped); a change to tests only does
not. Data migrations (ST0215, the workforce catalogue) are in the template as migrating leaves them.
"""

import contextlib
import functools
import hashlib
import importlib.metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
copied = {}  # this process's test database came from: {"template": name, "database": the configured one}
SKIP_DIRS = {".git", ".venv", "node_modules", "static", "staticfiles", "tests", "private", "media", "docs"}


@functools.cache
def digest():
    """Of every Python file and fixture outside tests/ (the migrations and whatever they import and read) and
    of the installed packages' versions."""
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    found = hashlib.sha256("\n".join(packages).encode())
    for path in sorted(_sources(ROOT)):
        found.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()[:12]


def _sources(folder):
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in SKIP_DIRS and not path.name.startswith("."):
                yield from _sources(path)
        elif path.suffix == ".py" or "fixtures" in path.parts[len(ROOT.parts) :]:
            yield path


def create_test_database(connection, verbosity):
    """Makes the connection's test database as a copy of the template (building the template first if no
    process has), points the connection at it, and returns the name it had before, for destroy_test_db."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    test_name = creation._get_test_db_name()
    template = f"test_{old_name}"[:40] + f"_template_{digest()}"
    quote = connection.ops.quote_name
    # One process at a time builds or copies this template; other databases' runs go on meanwhile.
    lock = int.from_bytes(hashlib.sha256(template.encode()).digest()[:8], "big", signed=True)
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                _build(connection, template, verbosity)
                _drop_older(cursor, f"test_{old_name}"[:40] + "_template_", template)
            connection.close()
            if verbosity >= 1:
                creation.log(f"Copying test database {test_name} from {template}...")
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            suffix = creation._get_database_create_suffix(template=template)
            cursor.execute(f"CREATE DATABASE {quote(test_name)} {suffix}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])
    _point(connection, test_name)
    copied.update(template=template, database=old_name)
    return old_name


def _build(connection, template, verbosity):
    """Migrates a new database (Django's own create_test_db) under a passing name, renamed to the template's
    only once complete: a run stopped half way leaves no half-migrated template."""
    from django.conf import settings

    test_settings = connection.settings_dict["TEST"]
    old_name, old_test_name = connection.settings_dict["NAME"], test_settings.get("NAME")
    building = template + "_new"
    test_settings["NAME"] = building
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
    finally:
        connection.close()
        test_settings["NAME"] = old_test_name
        settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = old_name
    with connection.creation._nodb_cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")


def _drop_older(cursor, prefix, keep):
    """Templates of this database made from other code: unused now. One in use by another run is left."""
    cursor.execute(
        "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s", [prefix, keep]
    )
    from django.db import DatabaseError

    for (name,) in cursor.fetchall():
        with contextlib.suppress(DatabaseError):  # in use by another run: a later run drops it
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _point(connection, name):
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name
    connection.ensure_connection()
