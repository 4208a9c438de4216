"""A request's own database queries, for tests that bound them.

With the embedded default the cache is a database table (config/settings/test.py), so
reading the page-tree token or a rate-limit counter is a query there and a Redis command
in production. Those are not the page's queries; these helpers leave them out, so a bound
means the same on SQLite and on PostgreSQL with Redis.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _is_cache_query(sql: str) -> bool:
    cache = settings.CACHES["default"]
    return str(cache["BACKEND"]).endswith("DatabaseCache") and f'"{cache["LOCATION"]}"' in sql


@contextmanager
def own_queries() -> Iterator[list[str]]:
    """Collects the SQL of every query in the block but the cache's."""
    found: list[str] = []
    with CaptureQueriesContext(connection) as captured:
        yield found
    found.extend(q["sql"] for q in captured.captured_queries if not _is_cache_query(q["sql"]))
