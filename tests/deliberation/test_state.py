"""Frames applied to a client-side state equal a fresh read of the database."""

import asyncio
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import User
from deliberation import selectors
from deliberation.models import Message, Thread
from deliberation.services import (
    message_delete,
    message_edit,
    message_hide,
    message_post,
    person_remove,
    vote_cast,
)
from tests.deliberation.sockets import in_own_loop, open_socket, receive, receive_until
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db(transaction=True)


class ClientState:
    """What a client knows, built only from frames (as thread.js does)."""

    def __init__(self) -> None:
        self.messages: dict[int, str] = {}
        self.tallies: dict[int, tuple[int, int, int]] = {}
        self.hidden: set[int] = set()

    def apply(self, frame: dict[str, Any]) -> None:
        if frame["type"] == "message":
            if frame["message"]["id"] not in self.hidden:
                self.messages[frame["message"]["id"]] = frame["message"]["body_html"]
        elif frame["type"] == "edited":
            if frame["id"] not in self.hidden:
                self.messages[frame["id"]] = frame["body_html"]
        elif frame["type"] == "hidden":
            self.hidden.add(frame["id"])
            self.messages.pop(frame["id"], None)
        elif frame["type"] == "tally":
            self.tallies[frame["statement"]] = (frame["agree"], frame["disagree"], frame["pass"])


async def drain(socket: WebsocketCommunicator, state: ClientState) -> None:
    while not await socket.receive_nothing(timeout=0.3):
        state.apply(await receive(socket))


def database_state(thread: Thread, statement_ids: list[int]) -> tuple[Any, Any]:
    messages = {m.pk: m.body_html for m in selectors.visible_messages(thread)}
    tallies = {}
    for sid in statement_ids:
        t = selectors.tally(sid)
        tallies[sid] = (t.agree, t.disagree, t.pass_)
    return messages, tallies


@in_own_loop
async def test_frames_applied_to_a_client_equal_a_fresh_read(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    statements = [await sync_to_async(StatementFactory.create)(thread=thread) for _ in range(3)]
    ids = [s.pk for s in statements]
    watcher_state = ClientState()
    watcher = await open_socket(thread.pk, facilitator)
    alice_socket = await open_socket(thread.pk, alice)
    bob_socket = await open_socket(thread.pk, bob)

    for n in range(6):
        await alice_socket.send_json_to(
            {"type": "post", "body": f"Alice **{n}**", "reply_to": None, "client_id": f"a{n}"}
        )
        await bob_socket.send_json_to(
            {"type": "post", "body": f"Bob _{n}_", "reply_to": None, "client_id": f"b{n}"}
        )
    for value, sid in [(1, ids[0]), (-1, ids[1]), (0, ids[2]), (-1, ids[0])]:
        await alice_socket.send_json_to({"type": "vote", "statement": sid, "value": value})
        await bob_socket.send_json_to({"type": "vote", "statement": sid, "value": 1})
    await receive_until(alice_socket, "tally")
    await drain(watcher, watcher_state)

    def moderate() -> int:
        visible = list(selectors.visible_messages(thread))
        alices = [m for m in visible if m.author_id == alice.pk]
        bobs = [m for m in visible if m.author_id == bob.pk]
        message_hide(actor=facilitator, message=bobs[0], reason="Off topic")
        message_delete(user=alice, message=alices[0])
        message_edit(user=alice, message=alices[1], body="Alice *changed* her mind")
        message_edit(user=bob, message=bobs[1], body="Bob thought again")
        message_post(user=facilitator, thread=thread, body="Let us keep to care.")
        return alices[1].pk

    alices_second = await sync_to_async(moderate)()
    await alice_socket.send_json_to({"type": "vote", "statement": ids[1], "value": 0})
    await drain(watcher, watcher_state)

    messages, tallies = await sync_to_async(database_state)(thread, ids)
    assert watcher_state.messages == messages
    assert watcher_state.tallies == tallies
    assert len(messages) == 11
    assert "<em>changed</em>" in watcher_state.messages[alices_second]
    assert tallies[ids[0]] == (1, 1, 0)

    # A client that joins late and resumes from 0 reaches the same state.
    late = ClientState()
    late_socket = await open_socket(thread.pk, bob)
    await late_socket.send_json_to({"type": "resume", "after": 0})
    while (frame := await receive(late_socket))["type"] != "resumed":
        late.apply(frame)
    assert late.messages == messages
    assert late.tallies == tallies

    await sync_to_async(person_remove)(actor=facilitator, thread=thread, person=bob, reason="x")
    for socket in (watcher, alice_socket, bob_socket, late_socket):
        await socket.disconnect()


@in_own_loop
async def test_a_client_that_resumes_catches_up_on_what_changed_while_it_was_away(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    statements = [await sync_to_async(StatementFactory.create)(thread=thread) for _ in range(2)]
    ids = [s.pk for s in statements]
    state = ClientState()
    socket = await open_socket(thread.pk, alice)

    def before() -> None:
        for n in range(3):
            message_post(user=bob, thread=thread, body=f"Bob {n}")

    await sync_to_async(before)()
    await socket.send_json_to({"type": "vote", "statement": ids[0], "value": 1})
    await drain(socket, state)
    assert len(state.messages) == 3
    assert state.tallies == {ids[0]: (1, 0, 0)}
    last = max(state.messages)
    had = min(state.messages)
    await socket.disconnect()

    def away() -> None:
        message_hide(actor=facilitator, message=Message.objects.get(pk=had), reason="Off topic")
        vote_cast(user=bob, thread=thread, statement_id=ids[0], value=-1)
        vote_cast(user=bob, thread=thread, statement_id=ids[1], value=0)
        message_post(user=bob, thread=thread, body="Posted while Alice was away")

    await sync_to_async(away)()
    await asyncio.sleep(0.1)  # the fan-out has handed those frames to nobody
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "resume", "after": last})
    while (frame := await receive(socket))["type"] != "resumed":
        state.apply(frame)

    messages, tallies = await sync_to_async(database_state)(thread, ids)
    assert state.messages == messages
    assert state.tallies == tallies
    assert had not in state.messages
    assert tallies == {ids[0]: (1, 1, 0), ids[1]: (0, 0, 1)}
    await socket.disconnect()
