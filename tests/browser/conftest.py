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
def demo(transactional_db):
    import io

    from django.core.management import call_command

    call_command("seed_demo", password="browser-demo-password", stdout=io.StringIO())
    return "browser-demo-password"


@pytest.fixture(autouse=True)
def _no_request_left_running(transactional_db, page):
    """Set up after the database and the page, so torn down before the database is flushed: the menu's to-do
    count arrives by htmx after each page, and a request still running then can deadlock the flush."""
    yield
    page.wait_for_load_state("networkidle")


_axe_lines = pytest.StashKey[list]()


@pytest.fixture
def axe_summary(request):
    """Lines the accessibility crawl shows at the end of the run, whether its tests pass or fail."""
    return request.config.stash.setdefault(_axe_lines, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_axe_lines, [])
    if lines:
        terminalreporter.section("pages checked by axe-core")
        for line in lines:
            terminalreporter.write_line(line)
