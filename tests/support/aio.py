import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a fresh event loop on a worker thread.

    Playwright's sync API keeps an event loop running in the test thread for the whole
    session, so plain ``asyncio.run`` there would refuse.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run_in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run Django code that sends channel-layer events (``async_to_sync``) on a worker thread,
    away from the event loop that Playwright's sync API keeps in the test thread."""
    from django.db import connections

    def call() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
