"""Real uvicorn processes and real `websockets` clients.

With ``REDIS_URL`` set (CI's second pass) the tests also run across two server
processes sharing Redis: a message posted through one reaches a client of the other.
Without it there is one process and the in-memory layer, so only the one-server
layout is collected: nothing is skipped. If ``REDIS_URL`` is set and Redis is down,
the second server fixture fails loudly.
"""

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from accounts.models import User
from deliberation.models import Message
from harness.server import LiveServer, database_url, run_uvicorn
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.server

LAYOUTS = ["one-server"] + (["two-servers-sharing-redis"] if settings.REDIS_URL else [])


@pytest.fixture
def second_asgi_server(asgi_server: LiveServer, tmp_path: Path) -> Iterator[LiveServer]:
    # Loud, not skipped: the second pass promised Redis.
    redis.Redis.from_url(settings.REDIS_URL).ping()
    with run_uvicorn(database_url(connection.settings_dict), tmp_path / "uvicorn-2.log") as server:
        yield server


@pytest.fixture(params=LAYOUTS)
def servers(request: pytest.FixtureRequest, asgi_server: LiveServer) -> tuple[LiveServer, ...]:
    if request.param == "one-server":
        return (asgi_server, asgi_server)
    return (asgi_server, request.getfixturevalue("second_asgi_server"))


def headers_for(user: User, server: LiveServer) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Origin": server.url}


async def next_of(socket: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        if frame["type"] == kind:
            return frame


def test_a_message_posted_through_one_server_reaches_a_client_of_the_other(
    servers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = servers
    thread = ThreadFactory.create()
    alice = UserFactory.create()
    bob = UserFactory.create()
    url = f"/ws/threads/{thread.pk}/"
    alice_headers, bob_headers = headers_for(alice, first), headers_for(bob, second)

    async def exchange() -> tuple[dict[str, Any], dict[str, Any]]:
        async with (
            connect(first.ws_url + url, additional_headers=alice_headers) as reader,
            connect(second.ws_url + url, additional_headers=bob_headers) as writer,
        ):
            await next_of(reader, "presence")
            await writer.send(
                json.dumps(
                    {"type": "post", "body": "Across workers", "reply_to": None, "client_id": "x"}
                )
            )
            return await next_of(reader, "message"), await next_of(writer, "message")

    seen, echoed = asyncio.run(exchange())
    assert seen == echoed
    assert seen["message"]["author"]["name"] == bob.display_name
    assert seen["message"]["id"] == Message.objects.get(thread=thread).pk


def test_a_client_that_disconnects_and_resumes_misses_nothing(
    servers: tuple[LiveServer, LiveServer],
) -> None:
    first, second = servers
    thread = ThreadFactory.create()
    alice = UserFactory.create()
    bob = UserFactory.create()
    url = f"/ws/threads/{thread.pk}/"
    alice_headers, bob_headers = headers_for(alice, first), headers_for(bob, second)

    async def scenario() -> tuple[int, list[int], dict[str, Any]]:
        async with (
            connect(first.ws_url + url, additional_headers=alice_headers) as reader,
            connect(second.ws_url + url, additional_headers=bob_headers) as writer,
        ):
            body = {"type": "post", "reply_to": None}
            await writer.send(json.dumps({**body, "body": "Before", "client_id": "0"}))
            last = (await next_of(reader, "message"))["message"]["id"]
        # Alice is away; Bob writes five more through the other server.
        async with connect(second.ws_url + url, additional_headers=bob_headers) as w:
            for n in range(1, 6):
                await w.send(json.dumps({**body, "body": f"While away {n}", "client_id": str(n)}))
                await next_of(w, "message")
        async with connect(first.ws_url + url, additional_headers=alice_headers) as reader:
            await reader.send(json.dumps({"type": "resume", "after": last}))
            got = []
            while (frame := await next_of_any(reader))["type"] != "resumed":
                if frame["type"] == "message":
                    got.append(frame["message"]["id"])
            return last, got, frame

    last, got, resumed = asyncio.run(scenario())
    expected = list(
        Message.objects.filter(thread=thread, id__gt=last)
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert len(expected) == 5
    assert got == expected
    assert resumed == {"type": "resumed", "last": expected[-1]}


async def next_of_any(socket: ClientConnection) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(socket.recv(), timeout=10))


def test_a_thread_one_may_not_see_refuses_the_handshake(asgi_server: LiveServer) -> None:
    private = ThreadFactory.create(members_only=True)
    alice_headers = headers_for(UserFactory.create(), asgi_server)

    async def attempt() -> None:
        async with connect(
            f"{asgi_server.ws_url}/ws/threads/{private.pk}/", additional_headers=alice_headers
        ):
            pass

    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(attempt())
    assert refused.value.response.status_code == 403


def test_a_socket_idle_longer_than_a_redis_read_timeout_still_receives(
    servers: tuple[LiveServer, LiveServer],
) -> None:
    """redis-py 8 reads with a 5 s socket timeout by default; a quiet subscription must
    outlive it (an earlier transport's idle consumers died of it and missed messages)."""
    first, second = servers
    thread = ThreadFactory.create()
    alice = UserFactory.create()
    bob = UserFactory.create()
    url = f"/ws/threads/{thread.pk}/"
    alice_headers, bob_headers = headers_for(alice, first), headers_for(bob, second)

    async def idle_then_receive() -> dict[str, Any]:
        async with connect(first.ws_url + url, additional_headers=alice_headers) as r:
            await next_of(r, "presence")
            # The scenario itself, not a wait for quiet: longer than the 5 s read timeout.
            await asyncio.sleep(7)
            async with connect(second.ws_url + url, additional_headers=bob_headers) as w:
                await w.send(
                    json.dumps(
                        {
                            "type": "post",
                            "body": "Still there?",
                            "reply_to": None,
                            "client_id": "idle",
                        }
                    )
                )
                return await next_of(r, "message")

    assert asyncio.run(idle_then_receive())["message"]["client_id"] == "idle"
