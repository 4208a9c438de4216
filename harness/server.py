"""A real ASGI server (uvicorn, HTTP and WebSockets) in a subprocess, on the test database."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class LiveServer:
    host: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL naming the test database that pytest-django created."""
    engine = settings_dict["ENGINE"]
    if engine in ("django.db.backends.sqlite3", "harness.sqlite_template"):
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    if engine == "django.db.backends.postgresql":
        user = settings_dict.get("USER") or "postgres"
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
    raise RuntimeError(f"No live-server support for database engine {engine}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 90
) -> None:
    """Return once ``url`` answers; raise with the server's log if it exits or is late."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            probe = f"{url}/static/hearth/js/js-enabled.js"
            with urllib.request.urlopen(probe, timeout=2):  # noqa: S310 - our own http:// URL
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"uvicorn did not start within {timeout} s:\n{log_path.read_text()}")


def start_uvicorn(
    port: int, env: dict[str, str], log_path: Path, *options: str
) -> subprocess.Popen[bytes]:
    """uvicorn serving ``config.asgi`` on 127.0.0.1:``port`` with ``env``, its output
    appended to ``log_path`` (a restarted server adds to its log); returns once it serves.
    Tests and benchmarks both start their servers here."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                *options,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, log_path)
    except RuntimeError:
        stop_server(process)
        raise
    return process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process: politely, then for good after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def run_uvicorn(
    db_url: str, log_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    port = free_port()
    # The test process relaxes Django's async-safety check for Playwright; the server must not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.test_live",
        "DATABASE_URL": db_url,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    process = start_uvicorn(port, env, log_path)
    try:
        yield LiveServer("127.0.0.1", port, process)
    finally:
        stop_server(process)
