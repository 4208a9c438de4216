import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import Client

from accounts.models import User
from cms.models import HomePage
from cms.site_tree import ensure_site_tree
from tests.factories import UserFactory
from tests.support.server import LiveServer, database_url, run_uvicorn

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters and cached pages must not leak from one test into the next."""
    # A test without database access cannot reach the test settings' database cache,
    # and has nothing in it to leak.
    with contextlib.suppress(RuntimeError, DatabaseError):
        cache.clear()


@pytest.fixture
def site_tree(db: None) -> HomePage:
    return ensure_site_tree()


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def asgi_server(transactional_db: None, tmp_path: Path) -> Iterator[LiveServer]:
    """A real uvicorn serving the test database, with this test's writes committed.

    One server per test: the database is emptied between transactional tests, which
    gives content types new ids, and a long-lived server would keep the old ones cached.
    """
    from django.db import connection

    ensure_site_tree()
    log_path = tmp_path / "uvicorn.log"
    try:
        with run_uvicorn(database_url(connection.settings_dict), log_path) as server:
            yield server
    finally:
        # Captured output: pytest shows it beside a failure, with any server traceback.
        print(f"--- {log_path} ---\n{log_path.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last: Playwright's sync API leaves an event loop running in the
    main thread for the rest of the session, where asyncio tests could no longer run."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))
