"""A redis-server of our own on a free port, which a fault test or benchmark may kill and
restart without touching the shared Redis that other work relies on."""

import shutil
import subprocess
import time
from pathlib import Path

import redis

from harness.server import free_port


class OwnRedis:
    """``start`` it, point workers at ``url``, ``kill`` (SIGKILL) and ``start`` it again on
    the same port. It keeps nothing on disk, like a Redis that lost its memory."""

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (Debian package redis-server)")
        self.binary = binary
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--maxclients",
                    "10000",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError as error:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    output = self.log_path.read_text()
                    raise RuntimeError(f"redis-server did not start:\n{output}") from error
                time.sleep(0.05)
            finally:
                client.close()

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def __enter__(self) -> "OwnRedis":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
