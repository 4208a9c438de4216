"""How each worker process connects to PostgreSQL."""

from typing import Any

from config.env import env_int


def use_connection_pool(database: Any, *, enabled: bool) -> None:
    """Give PostgreSQL a pool of open connections per worker process (psycopg_pool),
    changing the ``DATABASES`` entry ``database`` in place.

    Without one, every request and every socket frame that touches the database opens a
    new connection: several milliseconds of both servers' CPU, which under a burst of
    votes costs more than the vote itself. Django hands a pooled connection back at the
    end of each request and each ``database_sync_to_async`` call, so it is safe under
    ASGI, where persistent connections (``CONN_MAX_AGE``) are not; the two exclude each
    other.
    """
    if not enabled or database["ENGINE"] != "django.db.backends.postgresql":
        return
    database["CONN_MAX_AGE"] = 0
    database["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "pool": {
            "min_size": env_int("DB_POOL_MIN_SIZE", 2),
            "max_size": env_int("DB_POOL_MAX_SIZE", 20),
            # A request waits at most this long for a free connection, then fails (a
            # clear 503 page) instead of hanging.
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        },
    }
