"""The server and browser tiers: tests whose requests reach a real uvicorn in a subprocess.

The test database is a SQLite file (a subprocess cannot open another process's memory),
and without Redis the cache lives in that database, so that the server and the test see
the same rate-limit counters and memos. The servers these tests start use these settings
too.
"""

from .test import *  # noqa: F403 - settings modules extend the base namespace
from .test import BASE_DIR, DATABASES, REDIS_URL, SQLITE_ENGINES

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

if DATABASES["default"]["ENGINE"] in SQLITE_ENGINES:
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db-live.sqlite3")}

if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hearth_test_cache",
        }
    }
