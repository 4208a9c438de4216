"""Refuse a WebSocket handshake at once while a worker's handshakes queue too long.

Each handshake loads the session and the person, checks what the socket may see and
joins the fan-out: a few milliseconds on the one thread a worker's sockets share for
database calls. When a crowd reconnects at once on an overloaded machine, handshakes
queue there; the ones at the back outlive their clients' patience, the worker spends its
time on handshakes nobody waits for any more, and the clients' retries add to the queue.

So while the oldest handshake under way in this worker has waited more than
``max_wait`` seconds, a new one is answered at once with 503 and ``Retry-After`` (or
closed with 1013, "try again later", where the server cannot answer in HTTP): its client
backs off with jitter and comes back, and the worker's time goes to handshakes that will
be used. A quiet worker drains even a crowd of a thousand well within that, and refuses
no one: a limit on the number under way instead slowed such a crowd's return (measured
in benchmarks/README.md).
"""

from __future__ import annotations

import itertools
import time
from typing import Any

REFUSED_BODY = b"Too many people are connecting to this server at once. Try again soon."
RETRY_AFTER_SECONDS = 2
CLOSE_TRY_AGAIN = 1013
SETTLING = {"websocket.accept", "websocket.close", "websocket.http.response.start"}


class HandshakeLimit:
    """ASGI middleware for the WebSocket side of the application (one per process)."""

    def __init__(self, app: Any, *, max_wait: float) -> None:
        self.app = app
        self.max_wait = max_wait
        self.under_way: dict[int, float] = {}  # handshake number -> when it began, oldest first
        self.numbers = itertools.count()

    def queue_too_long(self) -> bool:
        oldest = next(iter(self.under_way.values()), None)
        return oldest is not None and time.monotonic() - oldest > self.max_wait

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.queue_too_long():
            await self.refuse(scope, receive, send)
            return
        number = next(self.numbers)
        self.under_way[number] = time.monotonic()

        async def send_and_settle(message: dict[str, Any]) -> None:
            if message["type"] in SETTLING:  # accepted or refused: the handshake is over
                self.under_way.pop(number, None)
            await send(message)

        try:
            await self.app(scope, receive, send_and_settle)
        finally:
            self.under_way.pop(number, None)

    async def refuse(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()  # websocket.connect
        if "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN})
            return
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 503,
                "headers": [
                    (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                    (b"content-type", b"text/plain; charset=utf-8"),
                ],
            }
        )
        await send({"type": "websocket.http.response.body", "body": REFUSED_BODY})
