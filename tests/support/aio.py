import asyncio
import concurrent.futures
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


SHUTDOWN_SECONDS = 5.0


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion in a fresh event loop on a worker thread.

    Playwright's sync API keeps an event loop running in the test thread for the whole
    session, so plain ``asyncio.run`` there would refuse. Tasks the coroutine leaves
    behind (the fan-out's Redis subscription, a consumer's last database call on its
    thread) are cancelled and given ``SHUTDOWN_SECONDS`` to end: ``asyncio.run`` would
    wait for them without limit, and one blocked on the database hung a whole test run.
    """

    def run() -> T:
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(coroutine)
        finally:
            left = asyncio.all_tasks(loop)
            for task in left:
                task.cancel()
            if left:
                loop.run_until_complete(asyncio.wait(left, timeout=SHUTDOWN_SECONDS))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


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
