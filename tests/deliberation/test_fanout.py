"""The fan-out when Redis goes away: a worker's sockets are closed so that their clients
resume, and what was committed meanwhile comes from the database. A Redis of the test's
own (never the shared one) is stopped and started again."""

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from asgiref.sync import sync_to_async

from accounts.models import User
from deliberation.consumers import CLOSE_RESUME
from deliberation.models import Thread
from deliberation.services import message_post
from tests.deliberation.sockets import in_own_loop, open_socket, receive, receive_until
from tests.support.server import free_port

pytestmark = pytest.mark.django_db(transaction=True)


class OwnRedis:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path, settings: Any) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    try:
        yield server
    finally:
        server.stop()


@in_own_loop
async def test_losing_redis_closes_sockets_and_a_resume_misses_nothing(
    thread: Thread, alice: User, bob: User, own_redis: OwnRedis
) -> None:
    reader = await open_socket(thread.pk, alice)
    before = await sync_to_async(message_post)(user=bob, thread=thread, body="Before")
    assert (await receive_until(reader, "message"))["message"]["id"] == before.pk

    await sync_to_async(own_redis.stop)()
    while (output := await reader.receive_output(timeout=10))["type"] != "websocket.close":
        pass  # frames sent before Redis went (presence)
    assert output["code"] == CLOSE_RESUME

    # Committed while no worker could hear of it.
    missed = await sync_to_async(message_post)(user=bob, thread=thread, body="While away")
    await sync_to_async(own_redis.start)()

    again = await open_socket(thread.pk, alice)  # accepted once subscribed again
    await again.send_json_to({"type": "resume", "after": before.pk})
    assert (await receive(again))["message"]["id"] == missed.pk
    assert await receive(again) == {"type": "resumed", "last": missed.pk}
    # And live frames flow again through the new subscription.
    after = await sync_to_async(message_post)(user=bob, thread=thread, body="Back")
    assert (await receive_until(again, "message"))["message"]["id"] == after.pk
    await again.disconnect()
