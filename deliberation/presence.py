"""How many sockets are open on something (a thread, a proposal's edit page), counted in the
shared cache so that every worker process sees the same number.

With Redis (``REDIS_URL``) the counter is one atomic INCRBY shared by all workers, to
which each worker adds its own thread sockets' moves once a second (``presence_moved``). The
embedded default is one process, where the local cache is exact. A worker that dies
without running ``disconnect`` leaves its sockets counted until the key expires (a day).
While Redis is unreachable the cache keeps nothing (config/redis_cache.py), so presence
reads as 0; losing Redis closes every thread socket, and the count rebuilds as clients
return.
"""

import asyncio
import weakref
from dataclasses import dataclass

from channels.db import database_sync_to_async
from django.core.cache import cache

from deliberation.events import PresenceEvent, send_event_on_commit

PRESENCE_TTL = 60 * 60 * 24


def _key(topic: str) -> str:
    return f"deliberation:presence:{topic}"


def presence_change(*, topic: str, delta: int) -> int:
    """Add ``delta`` (+1 on connect, -1 on disconnect) and return the new count, never < 0."""
    key = _key(topic)
    cache.add(key, 0, timeout=PRESENCE_TTL)
    try:
        count = int(cache.incr(key, delta))
    except ValueError:  # expired between add and incr
        count = max(delta, 0)
        cache.set(key, count, timeout=PRESENCE_TTL)
    if count < 0:
        cache.set(key, 0, timeout=PRESENCE_TTL)
        count = 0
    return count


def presence_count(*, topic: str) -> int:
    return max(int(cache.get(_key(topic), 0)), 0)


# ---- a worker's thread sockets ------------------------------------------------------------

PRESENCE_INTERVAL = 1.0  # seconds between presence writes and broadcasts per thread per worker


@dataclass
class _ThreadPresence:
    """One worker's view of who is in one thread (per event loop)."""

    pending: int = 0  # sockets joined minus sockets left, not yet in the shared count
    writing: int = 0  # the part of it being added now
    known: int = 0  # the shared count as this worker last wrote it
    due: asyncio.TimerHandle | None = None


_presence: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _ThreadPresence]] = (
    weakref.WeakKeyDictionary()
)
_presence_tasks: set[asyncio.Task[None]] = set()


def _presence_write(thread_id: int, delta: int) -> int:
    """Add ``delta`` to the shared count, tell everyone in the thread, return the count."""
    topic = f"thread.{thread_id}"
    count = presence_change(topic=topic, delta=delta) if delta else presence_count(topic=topic)
    send_event_on_commit(thread_id, PresenceEvent(count=count))
    return count


def presence_moved(thread_id: int, delta: int) -> int:
    """Count a socket joining (+1) or leaving (-1) the thread in this worker; return how
    many people are here as far as this worker knows now.

    The shared count changes once per ``PRESENCE_INTERVAL`` per thread per worker, by the
    sum of the moves since, and everyone gets the new count then. A thousand people
    joining or leaving at once cost a worker one Redis write and one broadcast, not a
    thousand of each queued on the one thread its sockets' database calls share, which
    held up the worker's other work for seconds."""
    loop = asyncio.get_running_loop()
    state = _presence.setdefault(loop, {}).setdefault(thread_id, _ThreadPresence())
    state.pending += delta
    if state.due is None:
        state.due = loop.call_later(PRESENCE_INTERVAL, _write_presence, thread_id, state)
    # The newcomer's count may be a second old; everyone's next one is current.
    return max(state.known + state.writing + state.pending, 0)


def _write_presence(thread_id: int, state: _ThreadPresence) -> None:
    state.due = None
    delta, state.pending = state.pending, 0
    state.writing += delta

    async def write() -> None:
        try:
            state.known = await database_sync_to_async(_presence_write)(thread_id, delta)
        finally:
            state.writing -= delta

    task = asyncio.get_running_loop().create_task(write())
    _presence_tasks.add(task)
    task.add_done_callback(_presence_tasks.discard)
