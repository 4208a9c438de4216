"""Fault tests start their own server processes (and their own redis-server), so they run
only in CI's PostgreSQL + Redis pass; the embedded-default pass skips them and says why."""

import pytest
from django.conf import settings

needs_redis_and_processes = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason=(
        "fault tests need Redis and several server processes: they run in the "
        "PostgreSQL + Redis pass (DATABASE_URL and REDIS_URL set, as in .ci/run)"
    ),
)
needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="cutting a database connection mid-transaction needs PostgreSQL (the second CI pass)",
)
