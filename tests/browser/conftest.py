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


@pytest.fixture
def demo(transactional_db, demo_snapshot):
    """The demo's data, committed for the live server: copied in from the process's snapshot
    (tests/demo_snapshot.py; the flush after every browser test empties the tables), seeded where there is
    none. Returns the sign-ins' password."""
    from django.db import connection

    from tests.demo_snapshot import PASSWORD, copy_in, seed

    if demo_snapshot is None:
        seed()
    else:
        copy_in(connection, demo_snapshot)
    return PASSWORD


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
