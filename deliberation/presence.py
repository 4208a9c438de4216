"""How many sockets are open on something (a thread, a proposal's edit page), counted in the
shared cache so that every worker process sees the same number.

With Redis (``REDIS_URL``) the counter is one atomic INCR/DECR shared by all workers. The
embedded default is one process, where the local cache is exact. A worker that dies
without running ``disconnect`` leaves its sockets counted until the key expires (a day).
While Redis is unreachable the cache keeps nothing (config/redis_cache.py), so presence
reads as 0; losing Redis closes every thread socket, and the count rebuilds as clients
return.
"""

from django.core.cache import cache

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
