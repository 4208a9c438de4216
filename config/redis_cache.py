"""Django's Redis cache with one connection pool per process instead of one per request.

Django keeps a cache object per thread and per asyncio context, and its Redis client makes
its connection pool lazily per cache object. Under ASGI every request runs in a context
of its own, so every request built a new pool and opened a new Redis connection: a TCP
handshake and about a millisecond of CPU for each rate-limit check (Django ticket
#35651). redis-py's pools are thread-safe and notice a fork, so one pool per server and
options serves the whole process.
"""

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_pools: dict[tuple[str, str], Any] = {}
_pools_lock = threading.Lock()


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


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
