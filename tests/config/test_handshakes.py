"""A worker whose WebSocket handshakes queue too long refuses new ones at once, for their
clients to come back, instead of queueing them past their patience."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from config.handshakes import CLOSE_TRY_AGAIN, HandshakeLimit
from tests.factories import ThreadFactory
from tests.support.aio import run_in_own_loop
from tests.support.server import database_url, run_uvicorn

HTTP_ANSWER: dict[str, Any] = {"websocket.http.response": {}}


class HeldHandshakes:
    """A socket application whose handshakes wait until the test lets them finish."""

    def __init__(self) -> None:
        self.reached = 0
        self.finish = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()
        self.reached += 1
        await self.finish.wait()
        if scope["path"] == "/broken/":
            raise RuntimeError("a handshake that fails")
        answer = "websocket.close" if scope["path"] == "/refused/" else "websocket.accept"
        await send({"type": answer})


async def handshake(app: Any, path: str = "/", extensions: dict[str, Any] = HTTP_ANSWER) -> Any:
    """Start a handshake; return what the server sent first once it has, with the task."""
    sent: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    messages = [{"type": "websocket.connect"}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client says nothing more
        raise AssertionError

    scope = {"type": "websocket", "path": path, "extensions": extensions}
    task = asyncio.create_task(app(scope, receive, sent.put))
    try:
        first = await asyncio.wait_for(sent.get(), timeout=0.05)
    except TimeoutError:
        return None, task
    rest = [sent.get_nowait() for _ in range(sent.qsize())]
    return [first, *rest], task


def test_while_a_handshake_has_waited_too_long_new_ones_are_refused_with_retry_after() -> None:
    async def scenario() -> None:
        held = HeldHandshakes()
        limited = HandshakeLimit(held, max_wait=0.5)
        first, first_task = await handshake(limited)
        assert first is None  # under way, and not yet waiting too long:
        second, second_task = await handshake(limited)
        assert second is None  # this one is let in
        await asyncio.sleep(0.5)
        refused, _ = await handshake(limited)

        start, body = refused
        assert start["status"] == 503
        assert (b"retry-after", b"2") in start["headers"]
        assert b"Try again soon" in body["body"]
        assert held.reached == 2  # the refused one cost the application nothing

        held.finish.set()
        await asyncio.gather(first_task, second_task)
        accepted, _ = await handshake(limited)
        assert accepted == [{"type": "websocket.accept"}]
        assert held.reached == 3

    run_in_own_loop(scenario())


def test_a_server_that_cannot_answer_in_http_closes_with_try_again() -> None:
    async def scenario() -> None:
        limited = HandshakeLimit(HeldHandshakes(), max_wait=0)
        _, waiting = await handshake(limited)
        refused, _ = await handshake(limited, extensions={})
        assert refused == [{"type": "websocket.close", "code": CLOSE_TRY_AGAIN}]
        waiting.cancel()

    run_in_own_loop(scenario())


def test_handshakes_refused_or_failed_by_the_application_end_their_wait() -> None:
    async def scenario() -> None:
        held = HeldHandshakes()
        limited = HandshakeLimit(held, max_wait=60)
        _, refused_task = await handshake(limited, "/refused/")
        _, broken_task = await handshake(limited, "/broken/")
        held.finish.set()
        await refused_task
        with pytest.raises(RuntimeError):
            await broken_task
        assert limited.under_way == {}
        accepted, _ = await handshake(limited)
        assert accepted == [{"type": "websocket.accept"}]

    run_in_own_loop(scenario())


@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_a_real_server_refuses_with_503_and_its_clients_see_it(tmp_path: Path) -> None:
    thread = ThreadFactory.create()
    with run_uvicorn(
        database_url(connection.settings_dict),
        tmp_path / "uvicorn.log",
        extra_env={"WEBSOCKET_HANDSHAKE_MAX_WAIT": "0"},
    ) as server:

        async def crowd() -> list[Any]:
            async def one() -> Any:
                try:
                    socket = await connect(
                        f"{server.ws_url}/ws/threads/{thread.pk}/",
                        additional_headers={"Origin": server.url},
                    )
                except InvalidStatus as refused:
                    return refused.response
                await socket.close()
                return "connected"

            return await asyncio.gather(*(one() for _ in range(20)))

        outcomes = run_in_own_loop(crowd())
    refusals = [o for o in outcomes if o != "connected"]
    assert "connected" in outcomes  # nobody was waiting when the first arrived
    assert refusals
    assert {(r.status_code, r.headers["Retry-After"]) for r in refusals} == {(503, "2")}
