"""Tests: inherits base (not dev) so tests see production behaviour, with fast hashing.

This is the in-process tier's settings: without ``DATABASE_URL`` the test database is
SQLite in memory, one per pytest-xdist worker; the live tiers (a real server in a
subprocess) use ``config.settings.test_live``. With ``REDIS_URL`` each xdist worker takes
a Redis database of its own (1 + its number), so that one worker emptying its cache or
publishing a frame never reaches another; servers a test starts inherit it.
"""

import os
from urllib.parse import urlsplit, urlunsplit

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("REDIS_URL") and _worker.startswith("gw"):
    _redis = urlsplit(os.environ["REDIS_URL"])
    os.environ["REDIS_URL"] = urlunsplit(_redis._replace(path=f"/{1 + int(_worker[2:])}"))

from config.env import env_str  # noqa: E402 - after the worker's Redis is chosen

from .base import *  # noqa: E402, F403 - settings modules extend the base namespace
from .base import DATABASES  # noqa: E402

SQLITE_ENGINES = {"django.db.backends.sqlite3", "harness.sqlite_template"}
if DATABASES["default"]["ENGINE"] in SQLITE_ENGINES:
    # Test databases start as a copy of a migrated template (harness/sqlite_template), in
    # memory (named so, as pytest-django recognises only Django's own engine as SQLite).
    DATABASES["default"]["ENGINE"] = "harness.sqlite_template"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

SECRET_KEY = env_str("SECRET_KEY", "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Keeping the search index up to date costs about a tenth of the in-process tier: every
# page save indexes the page again. Tests that search ask for it (``@pytest.mark.search``,
# tests/conftest.py); the live tiers, which crawl and search the seeded demo, keep it on.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
