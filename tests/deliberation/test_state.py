"""Frames applied to a client-side state equal a fresh read of the database.

No test waits for a quiet spell to decide that every frame is in. A client's own frames are
handled in order, so a frame with a known answer (a sentinel) is answered after them. The
frames everyone gets come through the fan-out, which hands them to each socket in the
order they were published, so a marker published after them arrives after them; a tally
is read by a task of the fan-out after its notice, so those tasks are awaited before a
second marker. (A ``resume`` marks neither: it holds fan-out frames back until after its
``resumed``, and its own tallies and ``hidden`` frames would bring the client current from
the database, the very thing these tests check the frames do.)
"""

import asyncio
import itertools
import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import User
from deliberation import selectors
from deliberation.events import thread_topic
from deliberation.models import Message, Thread
from deliberation.realtime import fanout
from deliberation.services import (
    message_delete,
    message_edit,
    message_hide,
    message_post,
    person_remove,
    vote_cast,
)
from tests.deliberation.sockets import open_socket, receive, receive_until
from tests.factories import StatementFactory
from tests.support.fanout_markers import read_through_fan_out

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


SENTINELS = itertools.count()


async def answered(socket: WebsocketCommunicator, state: ClientState | None = None) -> None:
    """Return once the consumer has handled every frame sent on ``socket`` so far (and so
    committed and published what they change), applying frames read meanwhile to ``state``.

    The sentinel is a post with no body under a client_id of its own: its only answer is
    an ``error`` carrying that id, and it changes nothing a client state holds.
    """
    client_id = f"sentinel-{next(SENTINELS)}"
    await socket.send_json_to({"type": "post", "client_id": client_id})
    while (received := await receive(socket))["type"] != "error" or (
        received["client_id"] != client_id
    ):
        if state is not None:
            state.apply(received)
    assert received["code"] == "invalid_frame", received


async def up_to_marker(
    socket: WebsocketCommunicator, state: ClientState, marker: dict[str, Any]
) -> None:
    """Apply every frame up to the fan-out ``marker``."""
    while (received := await receive(socket)) != marker:
        state.apply(received)


async def drain(
    socket: WebsocketCommunicator,
    state: ClientState,
    thread: int,
    senders: tuple[WebsocketCommunicator, ...] = (),
) -> None:
    """Apply to ``state`` every frame ``socket`` gets for what has happened so far: the
    ``senders``' frames are handled, then everything published and every tally read since
    has been read from the socket."""
    for sender in senders:
        await answered(sender, state if sender is socket else None)
    await read_through_fan_out(thread, lambda marker: up_to_marker(socket, state, marker))


class Marker:
    """A fan-out receiver on a thread of its own, told when a marker reaches it."""

    user_id: int | None = None

    def __init__(self, text: str) -> None:
        self.text = text
        self.reached = asyncio.Event()

    async def deliver(self, text: str) -> None:
        if text == self.text:
            self.reached.set()

    async def removed(self) -> None:
        raise AssertionError("not a person")

    async def lost(self) -> None:
        raise AssertionError("the fan-out lost its subscription")


async def fan_out_dispatched() -> None:
    """Return once the fan-out has dispatched every frame published so far. It dispatches
    them in publication order, whatever their thread, so a marker published now on a
    thread no socket is on reaches its one receiver after all of them."""
    nobodys = -1 - next(SENTINELS)  # no thread has a negative id
    marker = Marker(json.dumps({"marker": nobodys}))
    assert await fanout.join(thread_topic(nobodys), marker)
    try:
        await asyncio.to_thread(fanout.publish, thread_topic(nobodys), fanout.FRAME, marker.text)
        await asyncio.wait_for(marker.reached.wait(), timeout=10)
    finally:
        fanout.leave(thread_topic(nobodys), marker)


def database_state(thread: Thread, statement_ids: list[int]) -> tuple[Any, Any]:
    messages = {m.pk: m.body_html for m in selectors.visible_messages(thread)}
    tallies = {}
    for sid in statement_ids:
        t = selectors.tally(sid)
        tallies[sid] = (t.agree, t.disagree, t.pass_)
    return messages, tallies


# Votes from two sockets commit while the fan-out reads tallies on its own thread: SQLite
# in memory refuses such a second writer at once, so this runs on a database file.
@pytest.mark.concurrent
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
    await drain(watcher, watcher_state, thread.pk, (alice_socket, bob_socket))

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
    await drain(watcher, watcher_state, thread.pk, (alice_socket,))

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
    await drain(socket, state, thread.pk, (socket,))
    assert len(state.messages) == 3
    assert state.tallies == {ids[0]: (1, 0, 0)}
    last = max(state.messages)
    had = min(state.messages)
    await socket.disconnect()

    def away() -> None:
        message_hide(actor=facilitator, message=Message.objects.get(pk=had), reason="Off topic")
        vote_cast(user=bob, thread_id=thread.pk, statement_id=ids[0], value=-1)
        vote_cast(user=bob, thread_id=thread.pk, statement_id=ids[1], value=0)
        message_post(user=bob, thread=thread, body="Posted while Alice was away")

    await sync_to_async(away)()
    await fan_out_dispatched()  # handed to nobody: what Alice gets now, resume must send
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
