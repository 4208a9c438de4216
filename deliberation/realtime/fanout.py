"""The one transport of live frames: fan-out to the sockets of each worker process.

Every socket listens to one *topic* (``thread:12``, ``proposal:5``, ``ping:<id>``). A
frame is serialised once, by the code that committed the change, and published on one
channel. Each worker process holds one subscription to it and writes the text straight to
its own sockets of that topic: no channel-layer message, consumer dispatch or JSON
encoding per socket. With ``REDIS_URL`` the channel is Redis pub/sub shared by every
worker; without it (the embedded default, one process) it stays in the process.

What this keeps of protocol v1 (DESIGN.md §5.3):

* Callers publish only after the commit (``transaction.on_commit``).
* One subscriber task per process hands frames, in the order they were published, to
  each socket's outbox; a task per socket writes its outbox in order, so a socket sees
  one publisher's frames in order and a client that reads slowly holds up only itself.
  A socket that falls ``OUTBOX_LIMIT`` frames behind is closed with 1012, like a lost
  subscription, and its client resumes from the database.
* A socket joins only once its process is subscribed, and before its client can send
  ``resume``: whatever commits after the resume's database read reaches it live.
* If the subscription drops (Redis restarts), every socket of the process is closed with
  1012 (service restart). Clients reconnect and ``resume`` from the last id they saw, so
  what was committed meanwhile comes from the database; nothing acknowledged is lost.
* A change that many writes repeat (a vote changes a statement's tally) publishes only a
  *refresh* notice: ``refresh:<reader>:<key>``. Each process with sockets on that topic
  asks the registered reader for the frame itself, at most once per ``REFRESH_INTERVAL``
  per key, and always once more after the last notice: the last frame a socket gets
  counts every committed write. The writer's request does no counting and takes no
  lock, and processes with no listener on the topic do nothing at all.

Redis pub/sub ignores database numbers, so the channel name carries the one in
``REDIS_URL``: deployments (and test runs) on different numbers do not hear each other.
"""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlparse

import redis
import redis.asyncio as aredis
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 0.025  # seconds: at most one read and frame per refreshed key per process
READY_TIMEOUT = 10.0  # seconds a new socket waits for its process to be subscribed
RECONNECT_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0)  # seconds between subscription attempts
PING_AFTER_QUIET = 15.0  # seconds of silence before the subscription checks Redis is there
OUTBOX_LIMIT = 500  # frames one socket may fall behind before it is closed to resume

FRAME = "frame"
REMOVED = "removed"
REFRESH = "refresh:"


class Receiver(Protocol):
    """A socket of this process, as the fan-out sees it."""

    user_id: int | None

    async def deliver(self, text: str) -> None:
        """Send one serialised frame."""

    async def removed(self) -> None:
        """This person was removed from the topic (a thread): tell them and close."""

    async def lost(self) -> None:
        """Frames may have been missed: close so that the client resumes."""


# ---- readers of refreshed frames (registered by the apps that publish them) ---------------

_readers: dict[str, Callable[[str], str]] = {}


def register_reader(name: str, read: Callable[[str], str]) -> None:
    """``read(key)`` returns the serialised frame that ``refresh:<name>:<key>`` stands for,
    as the database has it now. It runs in a worker thread, beside the sockets' own
    database work (it needs no request state)."""
    _readers[name] = read


def _read(name: str, key: str) -> str:
    return _readers[name](key)


read_refreshed = database_sync_to_async(_read, thread_sensitive=False)


# ---- publishing (any thread, after the commit) -------------------------------------------


def channel_name() -> str:
    database = urlparse(settings.REDIS_URL).path.strip("/") or "0"
    return f"hearth:{database}:live-frames"


_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def _redis() -> redis.Redis:
    """One client (a thread-safe connection pool) per Redis URL, made on first use."""
    url = settings.REDIS_URL
    with _clients_lock:
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        return _clients[url]


def publish(topic: str, kind: str, text: str = "") -> None:
    """Send ``text`` (a serialised frame, or a user id for ``removed``) to every socket of
    the topic in every process. ``topic`` has no spaces."""
    if settings.REDIS_URL:
        try:
            _redis().publish(channel_name(), f"{topic} {kind} {text}")
        except redis.RedisError:
            # Redis is down: every subscription has dropped too, so every socket is being
            # closed and its client will resume from the database.
            log.exception("Could not publish a %s frame for %s", kind, topic)
        return
    for loop, hub in list(_hubs.items()):
        try:
            loop.call_soon_threadsafe(hub.queue.put_nowait, (topic, kind, text))
        except RuntimeError:  # that loop has closed (a finished test's loop)
            _hubs.pop(loop, None)


def publish_on_commit(topic: str, kind: str, text: str = "") -> None:
    """:func:`publish` once the current transaction commits; at once outside one."""
    transaction.on_commit(lambda: publish(topic, kind, text), robust=True)


def refresh_on_commit(topic: str, reader: str, key: str) -> None:
    """Once committed, have every process with sockets on ``topic`` read the frame that
    ``reader`` makes for ``key`` and send it to them (at most every ``REFRESH_INTERVAL``)."""
    publish_on_commit(topic, f"{REFRESH}{reader}:{key}")


# ---- receiving (one hub per event loop, in practice one per worker process) -------------


class _Outbox:
    """Frames on their way to one socket, written in order by a task of its own."""

    def __init__(self, receiver: Receiver, loop: asyncio.AbstractEventLoop) -> None:
        self.receiver = receiver
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_LIMIT)
        self.task = loop.create_task(self._run())

    def put(self, text: str) -> bool:
        """Queue a frame; False if the socket is already ``OUTBOX_LIMIT`` frames behind."""
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            return False
        return True

    async def _run(self) -> None:
        while True:
            text = await self.queue.get()
            try:
                await self.receiver.deliver(text)
            except Exception:  # a socket closing under us; its disconnect tidies up
                log.debug("Could not write to a closing socket", exc_info=True)

    def close(self) -> None:
        self.task.cancel()


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.receivers: dict[str, dict[Receiver, _Outbox]] = {}
        self.closing: set[asyncio.Task[None]] = set()  # sockets being closed as too slow
        self.queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
        self.ready = asyncio.Event()
        self.stale: set[str] = set()  # refresh notices (``reader:key``) not read since
        self.refreshers: dict[str, asyncio.Task[None]] = {}
        self.tasks = {loop.create_task(self._pump())}
        if settings.REDIS_URL:
            self.tasks.add(loop.create_task(self._subscribe()))
        else:
            self.ready.set()

    async def _pump(self) -> None:
        while True:
            topic, kind, text = await self.queue.get()
            try:
                await self._dispatch(topic, kind, text)
            except Exception:
                log.exception("Fan-out of a %s frame for %s failed", kind, topic)
            # Let the sockets' writers take this frame before the next: only a socket
            # that cannot take frames, not a burst of them, fills its outbox.
            await asyncio.sleep(0)

    async def _dispatch(self, topic: str, kind: str, text: str) -> None:
        receivers = self.receivers.get(topic)
        if not receivers:
            return
        elif kind.startswith(REFRESH):
            self._refresh(topic, kind.removeprefix(REFRESH))
        elif kind == FRAME:
            self._write(topic, text)
        elif kind == REMOVED:
            for receiver in [r for r in receivers if r.user_id == int(text)]:
                await receiver.removed()

    def _write(self, topic: str, text: str) -> None:
        for receiver, outbox in list(self.receivers.get(topic, {}).items()):
            if not outbox.put(text):
                log.info("A socket of %s fell too far behind; closing it", topic)
                self.forget(topic, receiver)
                closing = self.loop.create_task(receiver.lost())
                self.closing.add(closing)
                closing.add_done_callback(self.closing.discard)

    def forget(self, topic: str, receiver: Receiver) -> None:
        outboxes = self.receivers.get(topic)
        if outboxes is None:
            return
        outbox = outboxes.pop(receiver, None)
        if outbox is not None:
            outbox.close()
        if not outboxes:
            del self.receivers[topic]

    def _refresh(self, topic: str, notice: str) -> None:
        self.stale.add(notice)
        if notice not in self.refreshers:
            self.refreshers[notice] = self.loop.create_task(self._read_while_stale(topic, notice))

    async def _read_while_stale(self, topic: str, notice: str) -> None:
        """Read and send the notice's frame while it is stale, pausing
        ``REFRESH_INTERVAL`` after each read; a notice that arrives during a read or a
        pause leads to one more read, so the last frame sent counts every committed write."""
        reader, key = notice.split(":", 1)
        try:
            while notice in self.stale:
                self.stale.discard(notice)
                try:
                    text = await read_refreshed(reader, key)
                except Exception:
                    log.exception("Could not read %s for %s", notice, topic)
                else:
                    self._write(topic, text)
                await asyncio.sleep(REFRESH_INTERVAL)
        finally:
            self.refreshers.pop(notice, None)

    async def _subscribe(self) -> None:
        attempt = 0
        while True:
            client = aredis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5)
            pubsub = client.pubsub()
            try:
                await pubsub.subscribe(channel_name())
                quiet = 0.0
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None:
                        quiet += 1.0
                        if quiet >= PING_AFTER_QUIET:
                            await pubsub.ping()  # a dead connection raises here
                            quiet = 0.0
                        continue
                    quiet = 0.0
                    if message["type"] == "subscribe":
                        attempt = 0
                        self.ready.set()
                    elif message["type"] == "message":
                        topic, kind, text = message["data"].decode().split(" ", 2)
                        self.queue.put_nowait((topic, kind, text))
            except (redis.RedisError, OSError) as error:
                log.warning("Thread frames: lost the Redis subscription (%s); reconnecting", error)
            finally:
                self.ready.clear()
                for closing in (pubsub.aclose, client.aclose):
                    with contextlib.suppress(redis.RedisError, OSError):
                        await closing()
            await self._drop_everyone()
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1

    async def _drop_everyone(self) -> None:
        """Close every socket: frames may have been published while unsubscribed."""
        everyone = [o for outboxes in self.receivers.values() for o in outboxes.values()]
        self.receivers.clear()
        for outbox in everyone:
            outbox.close()
        for receiver in (outbox.receiver for outbox in everyone):
            try:
                await receiver.lost()
            except Exception:
                log.debug("Could not close a socket", exc_info=True)


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def _hub() -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        for old in [old for old in _hubs if old.is_closed()]:
            _hubs.pop(old, None)
        hub = _hubs[loop] = Hub(loop)
    return hub


async def join(topic: str, receiver: Receiver) -> bool:
    """Start sending the topic's frames to ``receiver``; False if this process could not
    subscribe in time (the caller refuses the socket and the client retries)."""
    hub = _hub()
    try:
        await asyncio.wait_for(hub.ready.wait(), READY_TIMEOUT)
    except TimeoutError:
        return False
    if not hub.ready.is_set():  # dropped again while this task waited to run
        return False
    # No await between the check above and this line: a drop after it closes the receiver.
    hub.receivers.setdefault(topic, {})[receiver] = _Outbox(receiver, hub.loop)
    return True


def leave(topic: str, receiver: Receiver) -> None:
    _hub().forget(topic, receiver)
