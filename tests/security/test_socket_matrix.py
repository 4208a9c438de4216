"""The socket half of the permission matrix: every WebSocket route and client frame type
of tests/security/matrix.py, by role and state, through WebsocketCommunicator.

Its own module: it needs committed data (consumers read the database from other threads),
while the HTTP half shares one world in a transaction that is rolled back. Every row runs
in one event loop, as a worker serves its sockets: one fan-out subscription for the lot.

No answer is decided by a quiet spell: after the frame under test each socket gets a
sentinel, a frame whose answer is known, and the frame's answer is what came before it (a
consumer handles one socket's frames in order, so its own answers to the frame come
first)."""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from config.routing import websocket_urlpatterns
from proposals.sections import SECTION_NAMES
from tests.security.matrix import PING, PROPOSAL, SOCKET_ROWS, THREAD, SocketRow
from tests.security.test_permission_matrix import fill
from tests.security.world import World, build_world

application = URLRouter(websocket_urlpatterns)
ANSWER_TIMEOUT = 10  # seconds for a frame that must arrive; only a failure waits this long
SENTINEL_AFTER = 10**9  # a message id no test thread reaches: its ``resumed`` has last=this
SENTINEL_SECTION = SECTION_NAMES[0]
# What each route sends at once on connecting, before any frame of the client's.
GREETINGS: dict[str, list[str]] = {THREAD: ["presence"], PROPOSAL: ["editors"], PING: []}


def _sentinel(route: str, name: str) -> tuple[list[dict[str, Any]], Callable[[Any], bool]]:
    """Frames to send after the frame under test, and a test for the last of their answers.

    Thread: ``resume`` from past every message answers ``resumed`` with that id. Ping: a
    ``ping`` answers ``pong`` through the fan-out, after a ``pong`` for the frame under
    test (each frame gets one answer). Co-writing: the socket answers ``editing``
    only when the page's section changes; no section, then ``SENTINEL_SECTION``, changes
    it whatever the frame under test opened, and the ``editors`` frame for it (through the
    fan-out, in order) lists ``name`` there. An answer to the frame under test that
    passes the test is its only answer, so stopping at it decides the same.
    """
    if route == THREAD:
        resumed = {"type": "resumed", "last": SENTINEL_AFTER}
        return [{"type": "resume", "after": SENTINEL_AFTER}], lambda frame: frame == resumed
    if route == PING:
        return [{"type": "ping"}], lambda frame: frame["type"] == "pong"

    def lists_name(frame: dict[str, Any]) -> bool:
        return frame["type"] == "editors" and name in frame["sections"].get(SENTINEL_SECTION, [])

    return [{"type": "editing", "section": s} for s in (None, SENTINEL_SECTION)], lists_name


async def _socket_answer(
    row: SocketRow, url: str, person: Any, frame: dict[str, Any] | None
) -> str:
    communicator = WebsocketCommunicator(application, url)
    communicator.scope["user"] = person or AnonymousUser()
    connected, _ = await communicator.connect(timeout=5)
    if not connected:
        return "refused"
    try:
        for greeting in GREETINGS[row.route]:
            received = json.loads(await communicator.receive_from(timeout=ANSWER_TIMEOUT))
            assert received["type"] == greeting, f"{url} greeted with {received}"
        if frame is None:
            return "ok"
        await communicator.send_to(text_data=json.dumps(frame))
        sentinels, is_sentinels_answer = _sentinel(row.route, getattr(person, "display_name", ""))
        for sentinel in sentinels:
            await communicator.send_to(text_data=json.dumps(sentinel))
        # Refusals come before the sentinel's answer; anything else (a message, a tally,
        # a pong, editors, or no answer of its own) is the frame being taken: "ok".
        while True:
            output = await communicator.receive_output(timeout=ANSWER_TIMEOUT)
            if output["type"] == "websocket.close":
                return f"closed:{output.get('code')}"
            received = json.loads(output["text"])
            if received["type"] == "error":
                return f"err:{received['code']}"
            if is_sentinels_answer(received):
                return "ok"
    finally:
        await communicator.disconnect()


async def _wrong_answers(world: World) -> list[str]:
    wrong = []
    for row in SOCKET_ROWS:
        values = world.values[row.state]
        url = fill(row.url, values)
        frame = None if row.frame is None else {k: fill(v, values) for k, v in row.frame.items()}
        for role, expected in row.expected().items():
            await cache.aclear()  # no rate limit carried from one row to the next
            got = await _socket_answer(row, url, world.people[role], frame)
            if got != expected:
                wrong.append(
                    f"{url} {frame or 'connect'} [{row.state}] as {role}: "
                    f"expected {expected}, got {got}"
                )
    return wrong


@pytest.mark.django_db(transaction=True)
def test_socket_answers() -> None:
    world = build_world()
    wrong = asyncio.run(_wrong_answers(world))
    assert not wrong, "\n".join(wrong)
