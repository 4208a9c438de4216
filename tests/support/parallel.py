"""Work released on several threads at the same moment, for race tests."""

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(work: Callable[[int], None], count: int) -> list[BaseException]:
    """Run ``work(n)`` for n in 0..count-1 on ``count`` threads released together by a
    barrier; returns what any of them raised, for the test to report."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as error:  # collected and reported by the test
            failures.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures
