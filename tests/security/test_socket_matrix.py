"""The socket half of the permission matrix: every WebSocket route and client frame type
of tests/security/matrix.py, by role and state, through WebsocketCommunicator.

Its own module: it needs committed data (consumers read the database from other threads),
while the HTTP half shares one world in a transaction that is rolled back."""

import json
from typing import Any

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from config.routing import websocket_urlpatterns
from tests.security.matrix import SOCKET_ROWS, SocketRow
from tests.security.test_permission_matrix import fill
from tests.security.world import build_world
from tests.support.aio import run_in_own_loop

application = URLRouter(websocket_urlpatterns)
NOISE = {"presence", "editors", "tally"}


async def _socket_answer(
    row: SocketRow, url: str, person: Any, frame: dict[str, Any] | None
) -> str:
    communicator = WebsocketCommunicator(application, url)
    communicator.scope["user"] = person or AnonymousUser()
    connected, _ = await communicator.connect(timeout=5)
    if not connected:
        return "refused"
    try:
        while not await communicator.receive_nothing(timeout=0.2):
            await communicator.receive_from()  # greetings: presence, editors
        if frame is None:
            return "ok"
        await communicator.send_to(text_data=json.dumps(frame))
        while True:
            if await communicator.receive_nothing(timeout=1):
                return "ok"
            output = await communicator.receive_output()
            if output["type"] == "websocket.close":
                return f"closed:{output.get('code')}"
            received = json.loads(output["text"])
            if received["type"] == "error":
                return f"err:{received['code']}"
            if received["type"] not in NOISE or row.frame_type == "editing":
                return "ok"
    finally:
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
def test_socket_answers() -> None:
    world = build_world()
    wrong = []
    for row in SOCKET_ROWS:
        values = world.values[row.state]
        url = fill(row.url, values)
        frame = None if row.frame is None else {k: fill(v, values) for k, v in row.frame.items()}
        for role, expected in row.expected().items():
            cache.clear()
            got = run_in_own_loop(_socket_answer(row, url, world.people[role], frame))
            if got != expected:
                wrong.append(
                    f"{url} {frame or 'connect'} [{row.state}] as {role}: "
                    f"expected {expected}, got {got}"
                )
    assert not wrong, "\n".join(wrong)
