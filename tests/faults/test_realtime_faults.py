"""Nothing acknowledged is lost when Redis restarts or a worker dies mid-conversation.

Real processes only: two uvicorn workers on the test database, a redis-server of the
test's own (never the shared one), and `websockets` clients speaking protocol v1 that
reconnect with jittered backoff and ``resume`` (tests/support/resuming_client.py). The
assertions are what people would notice: every post they were told was sent is in the
database, and every client ends up showing exactly the database's messages, in order.
"""

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User
from deliberation.models import Message, Thread
from harness.redis_server import OwnRedis
from harness.resuming_client import Backoff, ResumingClient
from harness.server import LiveServer, database_url, run_uvicorn
from tests.factories import ThreadFactory, UserFactory
from tests.faults.marks import needs_redis_and_processes

pytestmark = [pytest.mark.server, needs_redis_and_processes]

CLIENTS = 6
POSTS_EACH = 6  # under the default limit of 10 messages a minute per person per thread
SETTLE_SECONDS = 30


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    with OwnRedis(tmp_path / "redis.log") as server:
        yield server


@pytest.fixture
def two_workers(
    transactional_db: None, own_redis: OwnRedis, tmp_path: Path
) -> Iterator[tuple[LiveServer, LiveServer]]:
    db = database_url(connection.settings_dict)
    with ExitStack() as stack:
        workers = tuple(
            stack.enter_context(
                run_uvicorn(db, tmp_path / f"uvicorn-{n}.log", {"REDIS_URL": own_redis.url})
            )
            for n in (1, 2)
        )
        yield workers  # type: ignore[misc]


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def clients_across(workers: tuple[LiveServer, LiveServer], thread: Thread) -> list[ResumingClient]:
    """Half the people on each worker; each falls back to the other worker."""
    people = []
    for n in range(CLIENTS):
        user = UserFactory.create()
        cookie = session_cookie(user)
        home, other = workers[n % 2], workers[(n + 1) % 2]
        path = f"/ws/threads/{thread.pk}/"

        def headers(url: str, cookie: str = cookie) -> dict[str, str]:
            origin = "http://" + url.removeprefix("ws://").split("/", 1)[0]
            return {"Cookie": cookie, "Origin": origin}

        people.append(
            ResumingClient(
                name=f"p{n}",
                urls=[home.ws_url + path, other.ws_url + path],
                headers=headers,
                backoff=Backoff(base=0.1, cap=1.0, rng=random.Random(n)),
            )
        )
    return people


async def settled(clients: list[ResumingClient]) -> bool:
    """Every post acknowledged and every client showing the same messages, and still so
    once each has resumed on its socket from its last message. A ``resumed`` comes after
    every answer to what its socket sent before, and the resume brings the client every
    message committed before it: nothing still in flight can change what anyone shows."""

    def agreed() -> bool:
        views = {tuple(c.ordered()) for c in clients}
        return len(views) == 1 and not any(c.pending for c in clients)

    if not agreed():
        return False
    if not all(await asyncio.gather(*(c.resume_here() for c in clients))):
        return False
    return agreed()


async def converse_through(
    clients: list[ResumingClient], fault: Callable[[], Awaitable[None]]
) -> None:
    """Everyone connects and posts steadily; ``fault`` strikes a second in; then wait
    until every post is acknowledged and every client holds the same messages."""
    stop = asyncio.Event()
    runners = [asyncio.create_task(c.run(stop)) for c in clients]
    try:
        async with asyncio.timeout(20):
            while not all(c.connected for c in clients):
                await asyncio.sleep(0.05)

        async def talk(client: ResumingClient, rng: random.Random) -> None:
            for n in range(POSTS_EACH):
                await client.post(f"{client.name} message {n}")
                await asyncio.sleep(rng.uniform(0.3, 0.8))

        async def strike() -> None:
            await asyncio.sleep(1.0)
            await fault()

        await asyncio.gather(strike(), *(talk(c, random.Random(i)) for i, c in enumerate(clients)))
        # Past the deadline the assertions say what never settled.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SETTLE_SECONDS):
                while not await settled(clients):
                    await asyncio.sleep(0.2)  # between checks of a state that must come
    finally:
        stop.set()
        await asyncio.gather(*runners, return_exceptions=True)


def assert_nothing_lost(clients: list[ResumingClient], thread: Thread) -> None:
    stored = list(
        Message.objects.filter(thread=thread).order_by("id").values_list("id", "body_html")
    )
    acknowledged = {mid for c in clients for mid in c.acked.values()}
    assert acknowledged, "no post was ever acknowledged"
    assert acknowledged <= {mid for mid, _ in stored}, "an acknowledged message is not stored"
    for client in clients:
        assert not client.pending, f"{client.name} still waits for {client.pending}"
        assert client.ordered() == stored, f"{client.name} shows other messages than stored"
    assert len(stored) == CLIENTS * POSTS_EACH  # every post stored once, retries included


def test_a_redis_restart_loses_no_acknowledged_message(
    two_workers: tuple[LiveServer, LiveServer], own_redis: OwnRedis
) -> None:
    thread = ThreadFactory.create()
    clients = clients_across(two_workers, thread)

    async def restart_redis() -> None:
        await asyncio.to_thread(own_redis.kill)
        await asyncio.sleep(2.0)
        await asyncio.to_thread(own_redis.start)

    asyncio.run(converse_through(clients, restart_redis))

    assert_nothing_lost(clients, thread)
    assert sum(c.reconnects for c in clients) >= 1, "Redis went away and nobody noticed"


def test_a_killed_worker_loses_no_acknowledged_message(
    two_workers: tuple[LiveServer, LiveServer],
) -> None:
    thread = ThreadFactory.create()
    clients = clients_across(two_workers, thread)
    doomed = two_workers[1]

    async def kill_worker() -> None:
        doomed.process.kill()  # SIGKILL: no disconnect handlers, no goodbye
        await asyncio.to_thread(doomed.process.wait)

    asyncio.run(converse_through(clients, kill_worker))

    assert_nothing_lost(clients, thread)
    moved = [c for c in clients if c.urls[0].startswith(doomed.ws_url)]
    assert all(c.reconnects >= 1 for c in moved), "clients of the killed worker never moved"
