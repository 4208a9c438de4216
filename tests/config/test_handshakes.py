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
from harness.server import database_url, run_uvicorn
from tests.factories import ThreadFactory

HTTP_ANSWER: dict[str, Any] = {"websocket.http.response": {}}


class HeldHandshakes:
    """A socket application whose handshakes wait until the test lets them finish."""

    def __init__(self) -> None:
        self.reached = 0
        self.arrived = asyncio.Event()  # set as each handshake reaches the application
        self.finish = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()
        self.reached += 1
        self.arrived.set()
        await self.finish.wait()
        if scope["path"] == "/broken/":
            raise RuntimeError("a handshake that fails")
        answer = "websocket.close" if scope["path"] == "/refused/" else "websocket.accept"
        await send({"type": answer})


async def handshake(
    app: Any, held: HeldHandshakes, path: str = "/", extensions: dict[str, Any] = HTTP_ANSWER
) -> Any:
    """Start a handshake; return, with its task, what the server sent once it has sent
    something, or None once the handshake is held (it reached ``held`` and waits there)
    or its task ended without sending.

    No timeout decides "held": a refusal sends at once, and a handshake let through sends
    in the same step as it reaches ``held``, unless ``held`` holds it.
    """
    sent: list[dict[str, Any]] = []
    answered = asyncio.Event()
    messages = [{"type": "websocket.connect"}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client says nothing more
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        answered.set()

    scope = {"type": "websocket", "path": path, "extensions": extensions}
    held.arrived.clear()
    task = asyncio.create_task(app(scope, receive, send))
    signals = {asyncio.create_task(answered.wait()), asyncio.create_task(held.arrived.wait())}
    await asyncio.wait({task, *signals}, return_when=asyncio.FIRST_COMPLETED)
    for signal in signals:
        signal.cancel()
    return list(sent) or None, task


def test_while_a_handshake_has_waited_too_long_new_ones_are_refused_with_retry_after() -> None:
    async def scenario() -> None:
        held = HeldHandshakes()
        limited = HandshakeLimit(held, max_wait=0.5)
        first, first_task = await handshake(limited, held)
        assert first is None  # under way, and not yet waiting too long:
        second, second_task = await handshake(limited, held)
        assert second is None  # this one is let in
        # The scenario itself, not a wait for something to happen: the first handshake must
        # be under way for longer than max_wait. A slow machine only makes that longer.
        await asyncio.sleep(0.6)
        refused, _ = await handshake(limited, held)

        start, body = refused
        assert start["status"] == 503
        assert (b"retry-after", b"2") in start["headers"]
        assert b"Try again soon" in body["body"]
        assert held.reached == 2  # the refused one cost the application nothing

        held.finish.set()
        await asyncio.gather(first_task, second_task)
        accepted, _ = await handshake(limited, held)
        assert accepted == [{"type": "websocket.accept"}]
        assert held.reached == 3

    asyncio.run(scenario())


def test_a_server_that_cannot_answer_in_http_closes_with_try_again() -> None:
    async def scenario() -> None:
        held = HeldHandshakes()
        limited = HandshakeLimit(held, max_wait=0)
        _, waiting = await handshake(limited, held)
        refused, _ = await handshake(limited, held, extensions={})
        assert refused == [{"type": "websocket.close", "code": CLOSE_TRY_AGAIN}]
        waiting.cancel()

    asyncio.run(scenario())


def test_handshakes_refused_or_failed_by_the_application_end_their_wait() -> None:
    async def scenario() -> None:
        held = HeldHandshakes()
        limited = HandshakeLimit(held, max_wait=60)
        _, refused_task = await handshake(limited, held, "/refused/")
        _, broken_task = await handshake(limited, held, "/broken/")
        held.finish.set()
        await refused_task
        with pytest.raises(RuntimeError):
            await broken_task
        assert limited.under_way == {}
        accepted, _ = await handshake(limited, held)
        assert accepted == [{"type": "websocket.accept"}]

    asyncio.run(scenario())


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

        outcomes = asyncio.run(crowd())
    refusals = [o for o in outcomes if o != "connected"]
    assert "connected" in outcomes  # nobody was waiting when the first arrived
    assert refusals
    assert {(r.status_code, r.headers["Retry-After"]) for r in refusals} == {(503, "2")}
