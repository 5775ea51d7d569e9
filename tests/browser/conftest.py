"""Real Chromium (Debian's package) driven by Playwright against Django's live server.

One browser per test session; each test gets a fresh context (cookies, settings)
and a database restored to the state the migrations left (home page, locales).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in this thread; Django would
# otherwise refuse the ORM calls that fixtures make while the browser is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing_reason():
    # In CI the browser must be there: a missing one fails loudly instead.
    if os.environ.get("CI"):
        return None
    if not CHROMIUM.exists():
        return "no Chromium at /usr/bin/chromium (run `make browser-deps`)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _browser_missing_reason()
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """The test database as the migrations left it (home page, locales, site).

    Captured before the browser starts: once Playwright's event loop runs in this
    thread, asgiref hands Django a fresh connection object, which no longer
    carries the copy that pytest-django's serialized rollback restores from.
    """
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(migrated_state):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server, django_db_serialized_rollback, migrated_state):
    """The live server's base URL, over a database holding what migrations made."""
    from django.db import connection

    yield live_server.url
    # pytest-django empties the database after each transactional test and
    # restores it from the copy on the connection object: put the copy on the
    # connection the test ended with (see `migrated_state`).
    if migrated_state:
        connection._test_serialized_contents = migrated_state


@pytest.fixture
def home(site):
    """The English home page, once the database is back to its migrated state."""
    from intranet.models import english_home

    return english_home()


@pytest.fixture
def open_context(browser):
    """Open browser contexts for one test (`open_context(**options)`), closed after."""
    contexts = []

    def open_(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context):
    """A page in a plain context: JavaScript on, the CSP enforced."""
    return open_context().new_page()


@pytest.fixture
def axe_page(open_context):
    """A page whose context bypasses the CSP, only so that axe-core can be injected.

    The pages' own scripts are checked under the policy in test_csp.py.
    """
    return open_context(bypass_csp=True).new_page()


def publish(page):
    """Publish through a revision, as an editor would (search indexing listens)."""
    page.save_revision().publish()
    return page
