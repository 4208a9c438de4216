"""Text a page cannot show, or that shows nothing, is refused by the thread page and the
socket alike, with a message that says what to change; nothing is stored."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.models import User
from deliberation.models import Message, Statement, Thread
from tests.deliberation.sockets import open_socket, receive_until

BAD_TEXT = {
    "a control character": ("Carers\x07need breaks", "invalid_character", "U+0007"),
    "an escape sequence": ("\x1b[2JCarers need breaks", "invalid_character", "U+001B"),
    "a noncharacter": ("Carers need breaks \ufffe", "invalid_character", "U+FFFE"),
    "only zero-width characters": (
        "\u200b\u200c\u200d\u2060",
        "empty",
        "only invisible characters",
    ),
    "only a byte order mark": ("\ufeff", "empty", "only invisible characters"),
}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_TEXT))
def test_the_page_refuses_a_message_with(case: str, thread: Thread, alice: User) -> None:
    text, _, hint = BAD_TEXT[case]
    response = signed_in(alice).post(f"/threads/{thread.pk}/", {"body": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert hint in html
    assert not Message.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_TEXT))
def test_the_page_refuses_a_statement_with(case: str, thread: Thread, alice: User) -> None:
    text, _, hint = BAD_TEXT[case]
    response = signed_in(alice).post(f"/threads/{thread.pk}/statements/", {"text": text})
    assert response.status_code == 400
    assert hint in response.content.decode()
    assert not Statement.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", list(BAD_TEXT))
async def test_the_socket_refuses_a_message_with(case: str, thread: Thread, alice: User) -> None:
    text, code, hint = BAD_TEXT[case]
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "post", "body": text, "client_id": "bad-1"})
    error = await receive_until(socket, "error")
    await socket.disconnect()
    assert (error["code"], error["client_id"]) == (code, "bad-1")
    assert hint in error["detail"]
    assert not await sync_to_async(Message.objects.exists)()


@pytest.mark.django_db(transaction=True)
async def test_the_socket_refuses_a_lone_surrogate(thread: Thread, alice: User) -> None:
    """JSON can spell a lone surrogate (\\ud800), which is not text: refused before parsing."""
    socket = await open_socket(thread.pk, alice)
    await socket.send_to(text_data='{"type": "post", "body": "Hello \\ud800", "client_id": "s-1"}')
    error: dict[str, Any] = await receive_until(socket, "error")
    await socket.disconnect()
    assert error["code"] == "invalid_json"
    assert not await sync_to_async(Message.objects.exists)()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["Ann\u202eevil", "\u2067Ann", "Ann\u202dBob", "\u200b\u200b", "Ann\x07"],
)
def test_a_display_name_that_misleads_or_shows_nothing_is_refused(name: str) -> None:
    client = Client()
    response = client.post(
        "/account/sign-up/",
        {
            "email": "ann@example.org",
            "display_name": name,
            "password": "a long and unusual passphrase 42",
            "password_confirmation": "a long and unusual passphrase 42",
        },
    )
    assert response.status_code in (200, 400)
    assert "There is a problem" in response.content.decode()
    assert not User.objects.filter(email="ann@example.org").exists()


@pytest.mark.django_db
def test_changing_ones_display_name_to_a_reversed_one_is_refused(alice: User) -> None:
    client = signed_in(alice)
    response = client.post(
        "/account/details/",
        {"display_name": "Alice\u202eecilA", "email": alice.email, "relationship_to_care": ""},
    )
    assert "text direction control" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"
