"""The cross-site scripting corpus through the thread socket: each frame carries sanitised
HTML and names as plain text. Apart from tests/security/test_xss.py, whose tests share one
world in a transaction: the socket's consumer writes from its own thread, so this test
needs its writes committed."""

import asyncio
from typing import Any

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from accounts.models import User
from deliberation.routing import websocket_urlpatterns
from tests.factories import ThreadFactory, UserFactory
from tests.security.html_checks import introduced
from tests.security.payloads import PAYLOADS

application = URLRouter(websocket_urlpatterns)


async def _frames_for(thread_id: int, user: User, payloads: list[str]) -> list[dict[str, Any]]:
    communicator = WebsocketCommunicator(application, f"/ws/threads/{thread_id}/")
    communicator.scope["user"] = user
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    frames = []
    try:
        for i, payload in enumerate(payloads):
            await communicator.send_json_to(
                {"type": "post", "body": payload, "reply_to": None, "client_id": f"c{i}"}
            )
            while True:
                received = await communicator.receive_json_from(timeout=5)
                if received["type"] in {"message", "error"}:
                    frames.append(received)
                    break
        await communicator.send_json_to({"type": "resume", "after": 0})
        while (received := await communicator.receive_json_from(timeout=5))["type"] != "resumed":
            if received["type"] == "message":
                frames.append(received)
    finally:
        await communicator.disconnect()
    return frames


@pytest.mark.django_db(transaction=True)
def test_socket_frames_carry_sanitised_html_and_plain_names(settings: Any) -> None:
    settings.DELIBERATION_POST_RATE = (10_000, 60)
    thread = ThreadFactory.create()
    name = "<img src=x onerror=alert('XSS')>"
    writer = UserFactory.create(display_name=name)
    frames = asyncio.run(_frames_for(thread.pk, writer, PAYLOADS))
    errors = [f for f in frames if f["type"] == "error"]
    assert not errors, errors[:3]
    messages = [f["message"] for f in frames]
    assert len(messages) == 2 * len(PAYLOADS)  # live, then again on resume
    for message in messages:
        assert not introduced(message["body_html"]), message["body_html"]
        assert message["author"]["name"] == name  # JSON text: the page inserts it as text
