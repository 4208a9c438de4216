"""/ws/ping/ through a real uvicorn with a real `websockets` client (and Redis when configured)."""

import asyncio
import json

import pytest
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from accounts.models import User
from harness.server import LiveServer
from tests.factories import UserFactory

pytestmark = pytest.mark.server


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _ping(url: str, headers: dict[str, str]) -> dict[str, object]:
    async with connect(url, additional_headers=headers, open_timeout=10) as socket:
        await socket.send(json.dumps({"type": "ping"}))
        return json.loads(await asyncio.wait_for(socket.recv(), timeout=10))


def test_ping_answers_a_signed_in_person_with_their_display_name(asgi_server: LiveServer) -> None:
    user = UserFactory.create(display_name="Morgan")
    headers = {"Cookie": _session_cookie(user), "Origin": asgi_server.url}
    answer = asyncio.run(_ping(f"{asgi_server.ws_url}/ws/ping/", headers))
    assert answer == {"type": "pong", "user": "Morgan"}


def test_ping_refuses_an_anonymous_visitor(asgi_server: LiveServer) -> None:
    # Closing before accepting makes the server refuse the handshake itself.
    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(_ping(f"{asgi_server.ws_url}/ws/ping/", {"Origin": asgi_server.url}))
    assert refused.value.response.status_code == 403


def test_ping_refuses_a_foreign_origin(asgi_server: LiveServer) -> None:
    user = UserFactory.create()
    headers = {"Cookie": _session_cookie(user), "Origin": "https://attacker.example"}
    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(_ping(f"{asgi_server.ws_url}/ws/ping/", headers))
    assert refused.value.response.status_code == 403


def test_ping_answers_an_unknown_frame_with_an_error(asgi_server: LiveServer) -> None:
    user = UserFactory.create()
    headers = {"Cookie": _session_cookie(user), "Origin": asgi_server.url}

    async def send_rubbish() -> list[dict[str, object]]:
        async with connect(f"{asgi_server.ws_url}/ws/ping/", additional_headers=headers) as socket:
            answers = []
            for rubbish in ("not json", json.dumps({"type": "pong"})):
                await socket.send(rubbish)
                answers.append(json.loads(await asyncio.wait_for(socket.recv(), timeout=10)))
            return answers

    # The same codes as every socket's: one base socket parses every route's frames.
    not_json, unknown = asyncio.run(send_rubbish())
    assert (not_json["type"], not_json["code"]) == ("error", "invalid_json")
    assert (unknown["type"], unknown["code"]) == ("error", "unknown_type")
    assert unknown["detail"] == 'Unknown frame type. Send "ping".'
