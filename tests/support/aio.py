import concurrent.futures
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connections

T = TypeVar("T")


def run_in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run Django code on a worker thread, where Django allows the ORM (its async-safety check),
    away from the event loop that Playwright's sync API keeps in the test thread."""

    def call() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
