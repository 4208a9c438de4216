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


@pytest.fixture(scope="session")
def asgi_server_process(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """One uvicorn process for the session, serving the test database."""
    from django.db import connection

    log_path = Path(tmp_path_factory.mktemp("uvicorn")) / "uvicorn.log"
    with run_uvicorn(database_url(connection.settings_dict), log_path) as server:
        yield server


@pytest.fixture
def asgi_server(asgi_server_process: LiveServer, transactional_db: None) -> LiveServer:
    """The real server, with this test's writes committed so the server can see them."""
    ensure_site_tree()
    return asgi_server_process


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }
