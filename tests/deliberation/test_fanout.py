"""The fan-out when Redis goes away: a worker's sockets are closed so that their clients
resume, and what was committed meanwhile comes from the database. A Redis of the test's
own (never the shared one) is killed and started again."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async

from accounts.models import User
from deliberation.models import Thread
from deliberation.realtime.consumer import CLOSE_RESUME
from deliberation.services import message_post
from harness.redis_server import OwnRedis
from tests.deliberation.sockets import open_socket, receive, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_redis(tmp_path: Path, settings: Any) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path / "redis.log")
    server.start()
    settings.REDIS_URL = server.url
    try:
        yield server
    finally:
        server.kill()


async def test_losing_redis_closes_sockets_and_a_resume_misses_nothing(
    thread: Thread, alice: User, bob: User, own_redis: OwnRedis
) -> None:
    reader = await open_socket(thread.pk, alice)
    before = await sync_to_async(message_post)(user=bob, thread=thread, body="Before")
    assert (await receive_until(reader, "message"))["message"]["id"] == before.pk

    await sync_to_async(own_redis.kill)()
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
