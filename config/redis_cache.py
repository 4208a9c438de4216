"""Django's Redis cache with one connection pool per process instead of one per request,
which acts as an empty cache while Redis is unreachable.

Django keeps a cache object per thread and per asyncio context, and its Redis client makes
its connection pool lazily per cache object. Under ASGI every request runs in a context
of its own, so every request built a new pool and opened a new Redis connection: a TCP
handshake and about a millisecond of CPU for each rate-limit check (Django ticket
#35651). redis-py's pools are thread-safe and notice a fork, so one pool per server and
options serves the whole process.

Redis holds only what can be lost here (the database holds sessions and everything people
write): Wagtail's site paths, rate-limit counters, presence counts. So while it is
unreachable (a restart) each cache call answers as an empty cache that forgets writes,
and logs a warning, instead of raising into every page, sign-in and socket: reads miss,
``incr`` finds no key, writes are dropped. Other Redis errors still raise.
"""

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

_pools: dict[tuple[str, str], Any] = {}
_pools_lock = threading.Lock()
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


def _as_empty_when_unreachable(
    method: Callable[..., Any], empty: Callable[..., Any]
) -> Callable[..., Any]:
    """``method``, answering ``empty(*args)`` when Redis cannot be reached."""

    @functools.wraps(method)
    def call(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args)
        except UNREACHABLE as error:
            log.warning("Cache %s skipped: Redis is unreachable (%s)", method.__name__, error)
            return empty(*args)

    return call


def _no_such_key(*args: Any) -> Any:
    raise ValueError("Key not found: the cache is unreachable")


# INCRBY only if the key is there, in one step on the server.
INCR_EXISTING = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end
return false
"""


class SharedPoolRedisCacheClient(RedisCacheClient):
    def _get_connection_pool(self, write: bool) -> Any:
        client: Any = self  # Django's private attributes, which its type stubs leave out
        server = client._servers[client._get_connection_pool_index(write)]
        options = client._pool_options
        key = (server, repr(sorted(options.items())))
        pool = _pools.get(key)
        if pool is None:
            with _pools_lock:
                pool = _pools.get(key)
                if pool is None:
                    pool = _pools[key] = client._pool_class.from_url(server, **options)
        return pool

    add = _as_empty_when_unreachable(RedisCacheClient.add, lambda *args: False)
    get = _as_empty_when_unreachable(RedisCacheClient.get, lambda key, default: default)
    set = _as_empty_when_unreachable(RedisCacheClient.set, lambda *args: None)
    touch = _as_empty_when_unreachable(RedisCacheClient.touch, lambda *args: False)
    delete = _as_empty_when_unreachable(RedisCacheClient.delete, lambda *args: False)
    get_many = _as_empty_when_unreachable(RedisCacheClient.get_many, lambda *args: {})
    has_key = _as_empty_when_unreachable(RedisCacheClient.has_key, lambda *args: False)

    def _incr(self, key: Any, delta: int) -> int:
        """Django's ``incr`` asks EXISTS, then INCRBY: two round trips, and a key that
        expires between them comes back from INCRBY with no expiry at all. One script
        does both, atomically; rate limits and presence counts call this on every vote
        and socket."""
        client = self.get_client(key, write=True)
        value = client.register_script(INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return int(value)

    incr = _as_empty_when_unreachable(_incr, _no_such_key)
    set_many = _as_empty_when_unreachable(RedisCacheClient.set_many, lambda *args: None)
    delete_many = _as_empty_when_unreachable(RedisCacheClient.delete_many, lambda *args: None)
    clear = _as_empty_when_unreachable(RedisCacheClient.clear, lambda *args: False)


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
