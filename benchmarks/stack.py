"""What the soak and page benchmarks share: a fresh PostgreSQL database, uvicorn workers
on it, their memory, signed-in sessions, and percentiles."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness.server import start_uvicorn

ROOT = Path(__file__).resolve().parents[1]


def django_env(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        # As production runs it: a pool of PostgreSQL connections per worker.
        "DB_POOL": os.environ.get("DB_POOL", "true"),
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }


def fresh_database(database_url: str, env: dict[str, str]) -> None:
    """Drop and recreate the benchmark's own database, migrate it and set Django up here."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()


def session_cookies(users: list[Any]) -> list[str]:
    """A signed-in session per user, as the Cookie header value a browser would send,
    stored by the session engine the workers use."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def start_worker(
    port: int, env: dict[str, str], log: Path, *options: str
) -> subprocess.Popen[bytes]:
    """A worker as the tests start one, logging warnings only."""
    return start_uvicorn(port, env, log, "--log-level", "warning", *options)


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def seed_demo(env: dict[str, str]) -> None:
    """``manage.py seed_demo`` on the benchmark's database."""
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--allow-without-debug"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def table(rows: list[dict[str, Any]]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    import platform

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"1-minute load average {load[0]:.1f}"
    )
