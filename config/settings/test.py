"""Tests: inherits base (not dev) so tests see production behaviour, with fast hashing."""

from config.env import env_str

from .base import *  # noqa: F403 - settings modules extend the base namespace
from .base import BASE_DIR, DATABASES, REDIS_URL

SECRET_KEY = env_str("SECRET_KEY", "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file, not :memory:, so a real ASGI server in a subprocess can share the test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

if not REDIS_URL:
    # The database cache is shared with the ASGI server that browser and socket tests start
    # in a subprocess, and is emptied with the rest of the test database.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hearth_test_cache",
        }
    }
