"""The Redis cache shares one connection pool per process, whichever thread or request
context asks (Django's own client made one per context, so one connection per request)."""

import threading
from typing import Any

import pytest
from django.core.cache.backends.redis import RedisCache

from config.redis_cache import SharedPoolRedisCache
from harness.server import free_port

URL = "redis://127.0.0.1:6379/9"


def pools_seen_from_threads(backend: type[RedisCache]) -> set[int]:
    """Like Django's cache handler under ASGI: a new cache object in each thread."""
    pools: list[object] = []  # kept alive, so no two can share an id

    def ask() -> None:
        client: Any = backend(URL, {})._cache
        pools.append(client._get_connection_pool(write=True))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {id(pool) for pool in pools}


def test_every_thread_gets_the_same_pool() -> None:
    assert len(pools_seen_from_threads(SharedPoolRedisCache)) == 1


def test_djangos_own_client_would_make_one_pool_per_cache_object() -> None:
    # The reason for the subclass: if Django starts sharing pools, this fails and the
    # subclass can go.
    assert len(pools_seen_from_threads(RedisCache)) == 4


def test_different_servers_keep_different_pools() -> None:
    first: Any = SharedPoolRedisCache(URL, {})._cache
    other: Any = SharedPoolRedisCache("redis://127.0.0.1:6379/10", {})._cache
    assert other._get_connection_pool(write=True) is not first._get_connection_pool(write=True)


def test_an_unreachable_redis_answers_as_an_empty_cache_that_forgets_writes() -> None:
    dead: Any = SharedPoolRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    dead.set("key", "value")
    assert dead.get("key", "missing") == "missing"
    assert dead.add("key", 1) is False
    assert dead.get_many(["key"]) == {}
    assert dead.has_key("key") is False
    with pytest.raises(ValueError, match="not found"):
        dead.incr("key")


def test_incr_adds_to_a_key_that_is_there_and_keeps_its_expiry() -> None:
    cache: Any = SharedPoolRedisCache(URL, {})
    cache.delete("counter")
    cache.add("counter", 0, timeout=60)
    assert cache.incr("counter") == 1
    assert cache.incr("counter", 5) == 6
    assert cache.get("counter") == 6
    client = cache._cache.get_client(cache.make_key("counter"))
    assert 0 < client.ttl(cache.make_key("counter")) <= 60


def test_incr_of_a_missing_key_raises_and_creates_nothing() -> None:
    cache: Any = SharedPoolRedisCache(URL, {})
    cache.delete("absent")
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")
    assert cache.get("absent", "still absent") == "still absent"
