"""The suite runs in three tiers, each its own pytest run (see the Makefile and README):

* in-process (``config.settings.test``): SQLite in memory, local-memory cache, the fan-out
  in the process, spread over the cores by pytest-xdist; tests marked neither ``server``
  nor ``browser``. Django's async-safety check is on: an ORM call from async code fails.
* server (``config.settings.test_live``, ``-m "(server or concurrent) and not browser"``):
  a real uvicorn per process, started once, on a SQLite file (or PostgreSQL); and the
  races between threads, which SQLite in memory cannot hold (its shared cache refuses a
  second writer at once instead of waiting).
* browser (``config.settings.test_live``, ``-m browser``): the same, with Chromium.

The settings module decides which tests a run may hold: a test of another tier is
deselected, so ``pytest`` alone is the in-process tier.
"""

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.test import Client, TransactionTestCase
from django.utils import translation
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import validate_django_db

from accounts.models import User
from cms.models import HomePage, StandardPage
from cms.site_tree import ensure_site_tree
from common import page_tree
from harness.server import LiveServer, database_url, run_uvicorn
from tests.factories import UserFactory
from tests.support.aio import run_in_thread
from tests.support.headings import checking_headings
from tests.support.snapshot import Snapshots

LIVE_SETTINGS = "config.settings.test_live"
LIVE_MARKS = ("server", "browser", "concurrent")
# pytest-playwright's fixtures: a test that asks for one drives Chromium.
BROWSER_FIXTURES = {"page", "context", "browser", "new_context"}
SERVER_FIXTURES = {"asgi_server"}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def live_tier() -> bool:
    return os.environ.get("DJANGO_SETTINGS_MODULE") == LIVE_SETTINGS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its tier from the fixtures it uses, then keep this run's tier."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if names & (BROWSER_FIXTURES | SERVER_FIXTURES) and not item.get_closest_marker("server"):
            item.add_marker(pytest.mark.server)
    live = live_tier()
    kept: list[pytest.Item] = []
    other_tier: list[pytest.Item] = []
    for item in items:
        is_live = any(item.get_closest_marker(mark) for mark in LIVE_MARKS)
        (kept if is_live == live else other_tier).append(item)
    if other_tier:
        config.hook.pytest_deselected(items=other_tier)
        items[:] = kept


if live_tier():

    @pytest.fixture
    def _django_db_helper(
        request: pytest.FixtureRequest,
        django_db_setup: None,
        django_db_blocker: DjangoDbBlocker,
        _snapshots: Snapshots | None,
    ) -> Iterator[None]:
        """In the live tiers a test's writes are committed at once, for its server to read.
        Nothing is emptied afterwards, so the server started once keeps its caches (content
        type ids, the page tree) valid: a server-tier test makes data of its own, and a
        browser test starts from a copy of the database restored before it
        (tests/support/snapshot.py). This replaces pytest-django's (4.14) helper behind
        ``db``, ``transactional_db`` and the ``django_db`` mark, which would wrap each test
        in a transaction or empty the database after it."""
        with django_db_blocker.unblock():
            if _snapshots is not None and request.node.get_closest_marker("browser"):
                _snapshots.restore("site")
            yield


@pytest.fixture(scope="session")
def _snapshots(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshots | None:
    """Copies of the SQLite test database (a file in the live tiers, in memory in the
    in-process tier), the first as the site tree left it."""
    if connection.vendor != "sqlite":
        return None
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        if SQLiteCreation.is_in_memory_db(name):
            snapshots = Snapshots(str(name), uri=True)
        else:
            snapshots = Snapshots(Path(name))
        snapshots.take("site")
    return snapshots


@pytest.fixture(scope="session")
def _flush_puts_back_the_site_tree(_snapshots: Snapshots | None) -> Iterator[None]:
    """For the rest of the run, Django's flush after a test that commits is replaced by
    putting back the database as the site tree left it (tests/support/snapshot.py): the
    flush empties every table and makes content types and permissions again, and the next
    test built the site tree again, about a quarter of a second in all each time."""
    if _snapshots is None:
        yield
        return
    snapshots = _snapshots

    def put_back(test_case: TransactionTestCase) -> None:
        snapshots.restore("site")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", put_back)
        yield


@pytest.fixture(autouse=True)
def _committed_tests_restore_the_site_tree(request: pytest.FixtureRequest) -> None:
    """In the in-process tier (SQLite in memory), a test that commits (``transaction=True``)
    is followed by the database as it was before it, not an empty one."""
    if not live_tier() and _commits(request):
        request.getfixturevalue("_flush_puts_back_the_site_tree")


def _commits(request: pytest.FixtureRequest) -> bool:
    """Whether pytest-django runs this test as a TransactionTestCase (its own rule, as in its
    ``_django_db_helper``: the mark's arguments, or a fixture that asks for it)."""
    marker = request.node.get_closest_marker("django_db")
    transactional, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    return bool(transactional or reset_sequences) or bool(
        {"transactional_db", "django_db_reset_sequences", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture
def demo_database(db: None, _snapshots: Snapshots | None) -> None:
    """The demo (``seed_demo``), built once per process and restored for each test."""
    if _snapshots is None:
        raise RuntimeError("The demo snapshot needs the browser tier's SQLite database")
    if _snapshots.has("demo"):
        _snapshots.restore("demo")
        return
    # On a thread: Playwright's sync API keeps an event loop in this one.
    run_in_thread(call_command, "seed_demo", allow_without_debug=True, stdout=io.StringIO())
    _snapshots.take("demo")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The Wagtail site tree, built once per process on the new test database: tests in a
    transaction roll back to it; a test that empties the database builds it again through
    ``site_tree``."""
    with django_db_blocker.unblock():
        ensure_site_tree()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language: LocaleMiddleware activates each
    request's language in the test's own thread and nothing resets it, so a page read in
    Welsh would make every later ``reverse()`` give a Welsh address."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _search_index(request: pytest.FixtureRequest) -> None:
    """A test marked ``search`` has pages indexed as they are saved, as in production
    (config/settings/test.py turns that off for the rest). Autouse, so it comes before the
    fixtures that make the pages."""
    if request.node.get_closest_marker("search"):
        backends = settings.WAGTAILSEARCH_BACKENDS
        request.getfixturevalue("settings").WAGTAILSEARCH_BACKENDS = {
            name: {**params, "AUTO_UPDATE": True} for name, params in backends.items()
        }


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters and cached pages must not leak from one test into the next."""
    # A test without database access cannot reach the live tiers' database cache, and
    # has nothing in it to leak.
    with contextlib.suppress(RuntimeError, DatabaseError):
        cache.clear()
    # Nor what this process remembers of the page tree: its token counts committed changes,
    # which a rolled-back test leaves as it found them, so the next test's tree would match.
    page_tree._memo.clear()


@pytest.fixture(autouse=True)
def _pages_keep_their_heading_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page a test renders through the test client is checked for a skipped heading
    level (an h2 followed by an h4): screen reader users move by headings and take a gap
    for missing content. The test that rendered it fails, naming the page."""
    monkeypatch.setattr(Client, "request", checking_headings(Client.request))


@pytest.fixture
def site_tree(db: None) -> HomePage:
    return ensure_site_tree()


@pytest.fixture
def about(site_tree: HomePage) -> StandardPage:
    """A published page under the home page, at /about/ (and /cy/about/ in Welsh)."""
    page = StandardPage(title="About Hearth", slug="about", summary="Who we are.")
    site_tree.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def _uvicorn(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Path]]:
    """One real uvicorn per test process, serving the test database."""
    log_path = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    with run_uvicorn(database_url(connection.settings_dict), log_path) as server:
        yield server, log_path


@pytest.fixture
def asgi_server(_uvicorn: tuple[LiveServer, Path], db: None) -> Iterator[LiveServer]:
    """The process's uvicorn, on the test database with this test's writes committed."""
    server, log_path = _uvicorn
    start = log_path.stat().st_size
    yield server
    # Captured output: pytest shows what the server logged during this test beside a
    # failure, with any server traceback.
    with log_path.open(errors="replace") as log:
        log.seek(start)
        print(f"--- {log_path} (this test) ---\n{log.read()}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }
