"""A thread-socket client (protocol v1, DESIGN.md §5.3) that survives its server going away.

It does what a browser tab should: when the socket closes or cannot be opened it waits
with jittered exponential backoff (so a thousand clients do not all come back in the same
millisecond), tries the next server address, sends ``resume`` with the last message id
it holds, and sends again every post not yet acknowledged, under the same ``client_id``
(the server returns the first copy of a retried post instead of writing a second).

A post is *acknowledged* when a ``message`` frame carrying its ``client_id`` arrives,
whether live or through ``resume``. Messages are kept by id, so duplicates drop out.
"""

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake


@dataclass
class Backoff:
    """Full-jitter exponential backoff: a random wait in [base, min(cap, base * 2**n)]."""

    base: float = 0.1
    cap: float = 3.0
    attempt: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2**self.attempt)
        self.attempt += 1
        return self.rng.uniform(self.base, max(self.base, ceiling))

    def reset(self) -> None:
        self.attempt = 0


@dataclass
class ResumingClient:
    """One person's socket on one thread. ``urls`` are tried in turn, starting at the
    first; ``headers`` gives the handshake headers (session cookie, Origin) for a URL."""

    name: str
    urls: list[str]
    headers: Callable[[str], dict[str, str]]
    backoff: Backoff = field(default_factory=Backoff)
    # Generous: under a reconnect storm a handshake queues behind hundreds of others, and
    # giving up early only makes the client come back and queue again.
    open_timeout: float = 30
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    arrived: dict[int, float] = field(default_factory=dict)  # id -> perf_counter on arrival
    acked: dict[str, int] = field(default_factory=dict)  # client_id -> message id
    ack_latency: list[float] = field(default_factory=list)  # seconds, first send -> ack
    errors: list[dict[str, Any]] = field(default_factory=list)
    connects: int = 0
    reconnects: int = 0
    failed_attempts: int = 0
    _pending: dict[str, tuple[str, float]] = field(default_factory=dict)  # cid -> body, sent
    _socket: ClientConnection | None = None
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _resumed: asyncio.Event = field(default_factory=asyncio.Event)
    _next_url: int = 0
    _posts: int = 0

    @property
    def last_id(self) -> int:
        return max(self.messages, default=0)

    @property
    def connected(self) -> bool:
        return self._ready.is_set()

    @property
    def pending(self) -> list[str]:
        return list(self._pending)

    def ordered(self) -> list[tuple[int, str]]:
        """(id, body_html) of every message held, in id order: what the person sees."""
        return [(i, self.messages[i]["body_html"]) for i in sorted(self.messages)]

    async def post(self, body: str) -> str:
        """Queue a post and send it now if connected; returns its client_id."""
        self._posts += 1
        client_id = f"{self.name}-{self._posts}"
        self._pending[client_id] = (body, time.perf_counter())
        if self.connected:
            await self._send_post(client_id)
        return client_id

    async def resume_here(self) -> bool:
        """Send ``resume`` after the last message held and wait for ``resumed``: the
        sentinel by which a test knows nothing is still in flight to this client. False
        if the socket closed first (its reconnect then resumed on its own; ask again)."""
        socket = self._socket
        if socket is None or not self.connected:
            return False
        self._resumed.clear()
        try:
            await socket.send(json.dumps({"type": "resume", "after": self.last_id}))
        except ConnectionClosed:
            return False
        await self._resumed.wait()  # a reconnect's own resume sets it too
        return self._socket is socket

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until ``stop`` is set, reconnecting and resuming as needed."""
        while not stop.is_set():
            url = self.urls[self._next_url % len(self.urls)]
            try:
                async with connect(
                    url,
                    additional_headers=self.headers(url),
                    open_timeout=self.open_timeout,
                    max_queue=None,
                ) as socket:
                    self._socket = socket
                    if self.connects:
                        self.reconnects += 1
                    self.connects += 1
                    await self._resume(socket)
                    self.backoff.reset()
                    await self._read_until(socket, stop)
            except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed):
                self.failed_attempts += 1
            finally:
                self._ready.clear()
                self._socket = None
            if stop.is_set():
                break
            # The other address next: the worker this one reached may be gone.
            self._next_url += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.backoff.next_delay())

    async def _resume(self, socket: ClientConnection) -> None:
        await socket.send(json.dumps({"type": "resume", "after": self.last_id}))
        while True:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=self.open_timeout))
            self._take(frame)
            if frame["type"] == "resumed":
                break
        self._ready.set()
        for client_id in list(self._pending):
            await self._send_post(client_id)

    async def _read_until(self, socket: ClientConnection, stop: asyncio.Event) -> None:
        stopping = asyncio.create_task(stop.wait())
        try:
            while True:
                receiving = asyncio.create_task(socket.recv())
                done, _ = await asyncio.wait(
                    {receiving, stopping}, return_when=asyncio.FIRST_COMPLETED
                )
                if receiving not in done:
                    receiving.cancel()
                    return
                self._take(json.loads(receiving.result()))
        finally:
            stopping.cancel()

    async def _send_post(self, client_id: str) -> None:
        body, _ = self._pending[client_id]
        if self._socket is None:
            return
        frame = {"type": "post", "body": body, "reply_to": None, "client_id": client_id}
        with contextlib.suppress(ConnectionClosed):  # if closed: sent again after resume
            await self._socket.send(json.dumps(frame))

    def _take(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "message":
            message = frame["message"]
            if message["id"] not in self.messages:
                self.messages[message["id"]] = message
                self.arrived[message["id"]] = time.perf_counter()
            client_id = message.get("client_id")
            if client_id in self._pending:
                _, sent = self._pending.pop(client_id)
                self.acked[client_id] = message["id"]
                self.ack_latency.append(time.perf_counter() - sent)
        elif kind == "resumed":
            self._resumed.set()
        elif kind == "hidden":
            self.messages.pop(frame["id"], None)
        elif kind == "error":
            self.errors.append(frame)
