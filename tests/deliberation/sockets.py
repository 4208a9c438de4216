"""Helpers for driving the thread consumer in-process with WebsocketCommunicator."""

import json
from typing import Any

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from deliberation.events import server_event
from deliberation.routing import websocket_urlpatterns

application = URLRouter(websocket_urlpatterns)


async def open_socket(thread_id: int, user: Any = None) -> WebsocketCommunicator:
    """A connected socket for ``user`` (anonymous if None), presence frame consumed."""
    communicator = WebsocketCommunicator(application, f"/ws/threads/{thread_id}/")
    communicator.scope["user"] = user or AnonymousUser()
    connected, code = await communicator.connect(timeout=5)
    assert connected, f"refused with {code}"
    presence = await receive(communicator)
    assert presence["type"] == "presence"
    return communicator


async def receive(communicator: WebsocketCommunicator, timeout: float = 5) -> dict[str, Any]:
    """The next frame, checked against its schema (DESIGN.md §5.3)."""
    received = json.loads(await communicator.receive_from(timeout=timeout))
    server_event.validate_python(received)
    return received


async def receive_until(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 5
) -> dict[str, Any]:
    """Skip frames (presence of others joining) until one of ``kind`` arrives."""
    while True:
        received = await receive(communicator, timeout)
        if received["type"] == kind:
            return received
