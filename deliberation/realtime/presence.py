"""The one presence: how many sockets are open on a topic, and who has what open in it,
kept in the shared cache so that every worker process sees the same.

*Counts* (a thread's "N people here"). With Redis (``REDIS_URL``) the counter is one
atomic INCRBY shared by all workers, to which each worker adds its own sockets' moves
once a second (``presence_moved``). The embedded default is one process, where the local
cache is exact. A worker that dies without running ``disconnect`` leaves its sockets
counted until the key expires (a day). While Redis is unreachable the cache keeps nothing
(config/redis_cache.py), so presence reads as 0; losing Redis closes every socket, and
the count rebuilds as clients return.

*Rosters* (co-writing's "who is editing which section"). Each socket says what it has
open and repeats it every ``HEARTBEAT`` seconds; an entry not repeated for
``STALE_AFTER`` is dropped, which also mends an update lost to a concurrent one.
"""

import asyncio
import json
import time
import weakref
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.core.cache import cache

from deliberation.realtime import fanout
from deliberation.realtime.frames import PresenceEvent, frame

PRESENCE_TTL = 60 * 60 * 24
HEARTBEAT = 20  # seconds between a page's reminders of what it has open
STALE_AFTER = 3 * HEARTBEAT  # a page silent this long no longer has anything open
ROSTER_TTL = 60 * 60


def _key(topic: str) -> str:
    return f"realtime:presence:{topic}"


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


# ---- a worker's counted sockets -----------------------------------------------------------

PRESENCE_INTERVAL = 1.0  # seconds between presence writes and broadcasts per topic per worker


@dataclass
class _TopicPresence:
    """One worker's view of who is on one topic (per event loop)."""

    pending: int = 0  # sockets joined minus sockets left, not yet in the shared count
    writing: int = 0  # the part of it being added now
    known: int = 0  # the shared count as this worker last wrote it
    due: asyncio.TimerHandle | None = None


_presence: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _TopicPresence]] = (
    weakref.WeakKeyDictionary()
)
_presence_tasks: set[asyncio.Task[None]] = set()


def _presence_write(topic: str, delta: int) -> int:
    """Add ``delta`` to the shared count, tell everyone on the topic, return the count."""
    count = presence_change(topic=topic, delta=delta) if delta else presence_count(topic=topic)
    fanout.publish(topic, fanout.FRAME, json.dumps(frame(PresenceEvent(count=count))))
    return count


def presence_moved(topic: str, delta: int) -> int:
    """Count a socket joining (+1) or leaving (-1) the topic in this worker; return how
    many are here as far as this worker knows now.

    The shared count changes once per ``PRESENCE_INTERVAL`` per topic per worker, by the
    sum of the moves since, and everyone gets the new count then. A thousand people
    joining or leaving at once cost a worker one Redis write and one broadcast, not a
    thousand of each queued on the one thread its sockets' database calls share, which
    held up the worker's other work for seconds."""
    loop = asyncio.get_running_loop()
    state = _presence.setdefault(loop, {}).setdefault(topic, _TopicPresence())
    state.pending += delta
    if state.due is None:
        state.due = loop.call_later(PRESENCE_INTERVAL, _write_presence, topic, state)
    # The newcomer's count may be a second old; everyone's next one is current.
    return max(state.known + state.writing + state.pending, 0)


def _write_presence(topic: str, state: _TopicPresence) -> None:
    state.due = None
    delta, state.pending = state.pending, 0
    state.writing += delta

    async def write() -> None:
        try:
            state.known = await database_sync_to_async(_presence_write)(topic, delta)
        finally:
            state.writing -= delta

    task = asyncio.get_running_loop().create_task(write())
    _presence_tasks.add(task)
    task.add_done_callback(_presence_tasks.discard)


# ---- rosters: who has what open -----------------------------------------------------------


def _roster_key(topic: str) -> str:
    return f"realtime:roster:{topic}"


def roster_mark(*, topic: str, member: str, name: str, place: str | None) -> bool:
    """Record that ``member`` (one socket), shown as ``name``, has ``place`` open (None:
    nothing); True when the roster people see changed.

    Updates are read-modify-write, so two at the same instant can lose one; sockets
    repeat their state every ``HEARTBEAT`` seconds, which mends that."""
    key = _roster_key(topic)
    now = time.time()
    roster: dict[str, Any] = cache.get(key) or {}
    before = _names_by_place(roster, now)
    if place is None:
        roster.pop(member, None)
    else:
        roster[member] = {"name": name, "place": place, "seen": now}
    roster = {k: v for k, v in roster.items() if now - v["seen"] < STALE_AFTER}
    cache.set(key, roster, timeout=ROSTER_TTL)
    return _names_by_place(roster, now) != before


def roster(topic: str) -> dict[str, list[str]]:
    """The names of those who have each place open now, places and names sorted."""
    return _names_by_place(cache.get(_roster_key(topic)) or {}, time.time())


def _names_by_place(entries: dict[str, Any], now: float) -> dict[str, list[str]]:
    places: dict[str, set[str]] = {}
    for entry in entries.values():
        if now - entry["seen"] < STALE_AFTER:
            places.setdefault(entry["place"], set()).add(entry["name"])
    return {place: sorted(names) for place, names in sorted(places.items())}
