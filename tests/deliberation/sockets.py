"""Helpers for driving the thread consumer in-process with WebsocketCommunicator."""

import functools
import json
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from deliberation.events import server_event
from deliberation.routing import websocket_urlpatterns
from tests.support.aio import run_in_own_loop

P = ParamSpec("P")

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


def in_own_loop(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test in a fresh loop on a worker thread. Playwright's sync API keeps
    an event loop running in the test thread once a browser test has run in the session,
    which would stop pytest-asyncio from running the test there."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        run_in_own_loop(test(*args, **kwargs))

    return run
