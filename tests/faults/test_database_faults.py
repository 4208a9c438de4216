"""PostgreSQL unreachable: a clear "service unavailable" page, and no half-writes."""

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.db import DatabaseError, connection

from accounts.models import User
from deliberation.models import ModerationLogEntry, Poll, PollOption, Role, Thread
from deliberation.services import member_add, poll_create
from harness.server import LiveServer, free_port, run_uvicorn
from tests.factories import ThreadFactory, UserFactory
from tests.faults.marks import needs_postgresql


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose PostgreSQL is not there: nothing listens on its port."""
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/hearth"
    log = tmp_path_factory.mktemp("no-database") / "uvicorn.log"
    with run_uvicorn(nowhere, log) as server:
        yield server


@pytest.mark.server
@pytest.mark.parametrize("path", ["/", "/threads/", "/account/sign-in/", "/decisions/"])
def test_pages_say_the_service_is_unavailable_when_the_database_is_gone(
    server_without_database: LiveServer, path: str
) -> None:
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(server_without_database.url + path, timeout=30)  # noqa: S310
    response = answer.value
    body = response.read().decode()
    assert response.code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "<h1>Sorry, the service is unavailable</h1>" in body
    assert "Try again in a few minutes" in body
    for leak in ("Traceback", "OperationalError", "psycopg", "connection refused", "5432"):
        assert leak.lower() not in body.lower()


@pytest.fixture
def facilitated_thread(transactional_db: None) -> tuple[Thread, User]:
    thread = ThreadFactory.create()
    facilitator = UserFactory.create()
    member_add(thread=thread, user=facilitator, role=Role.FACILITATOR)
    return thread, facilitator


def cut_connection_before(table: str) -> Callable[..., Any]:
    """An execute wrapper that, when the service first writes to ``table``, has another
    connection terminate this one's backend: the database goes away mid-transaction."""
    settings = connection.settings_dict
    dsn = (
        f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} "
        f"user={settings['USER'] or 'postgres'} dbname={settings['NAME']}"
    )

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if f'INSERT INTO "{table}"' in sql:
            pid = connection.connection.info.backend_pid
            with psycopg.connect(dsn, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, *args)

    return wrapper


@needs_postgresql
def test_a_write_cut_off_inside_its_transaction_leaves_nothing_behind(
    facilitated_thread: tuple[Thread, User],
) -> None:
    thread, facilitator = facilitated_thread
    with (
        pytest.raises(DatabaseError),
        connection.execute_wrapper(cut_connection_before("deliberation_polloption")),
    ):
        poll_create(
            actor=facilitator,
            thread=thread,
            question="Which day suits the next meeting?",
            kind="single",
            options=["Monday", "Wednesday", "Friday"],
        )
    connection.close()  # the next query opens a fresh connection

    assert not Poll.objects.filter(thread=thread).exists()
    assert not PollOption.objects.filter(poll__thread=thread).exists()
    assert not ModerationLogEntry.objects.filter(thread=thread).exists()
