import pytest

from conftest import CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a downloaded browser; no background traffic to the outside world.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


_snapshot = {}  # table: its rows as PostgreSQL COPY text, taken once per test process


def _copy_out(connection):
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                _snapshot[table] = b"".join(bytes(block) for block in copy)


def _copy_in(connection):
    from django.apps import apps
    from django.core.management.color import no_style

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # rows go back in any order
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _snapshot)}")
        for table, rows in _snapshot.items():
            if rows:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(rows)
        cursor.execute("SET session_replication_role = DEFAULT")
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the flush made them again with other ids; the copy's are back


@pytest.fixture
def demo(transactional_db):
    """The demo's data, seeded once per test process (about half a minute) and copied back in for each
    test on PostgreSQL (the flush after every browser test empties the tables); elsewhere seeded each time."""
    import io

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        call_command("seed_demo", password="browser-demo-password", stdout=io.StringIO())
    elif _snapshot:
        _copy_in(connection)
    else:
        call_command("seed_demo", password="browser-demo-password", stdout=io.StringIO())
        _copy_out(connection)
    return "browser-demo-password"


@pytest.fixture(autouse=True)
def _no_request_left_running(transactional_db, page):
    """Set up after the database and the page, so torn down before the database is flushed: the menu's to-do
    count arrives by htmx after each page, and a request still running then can deadlock the flush."""
    yield
    page.wait_for_load_state("networkidle")


class _Summary(list):
    """Lines the accessibility crawl prints at the end of the run. Each goes on the test's report, which
    pytest-xdist carries from the process that ran it to the one that prints them (the root conftest.py)."""

    def __init__(self, node):
        super().__init__()
        self._node = node

    def append(self, line):
        super().append(line)
        self._node.user_properties.append(("axe summary", line))


@pytest.fixture
def axe_summary(request):
    """Lines the accessibility crawl shows at the end of the run, whether its tests pass or fail."""
    return _Summary(request.node)
