"""Browser tests: Playwright's sync API driving Debian's chromium against
pytest-django's live server.

`browser_page` is a fresh page (its own cookies) whose relative URLs go to the
live server: `browser_page.goto("/")`. Tests that use it get a transactional
database, and a page tree root to build on (`tests.factories.make_group()`).
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse database access from the test code while it runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_tree_root(transactional_db):
    """The tree's root page and default locale: a transactional test starts from an emptied database."""
    from tests.factories import tree_root

    return tree_root()


@pytest.fixture
def browser_page(browser, live_server, page_tree_root):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield page
    context.close()
