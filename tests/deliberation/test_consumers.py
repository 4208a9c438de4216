"""The thread socket, every frame type and its malformed versions, in-process."""

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.test.utils import override_settings

from accounts.models import User
from deliberation import selectors
from deliberation.events import thread_topic
from deliberation.models import Message, StatementStatus, Thread, Vote
from deliberation.realtime.frames import frame
from deliberation.realtime.presence import presence_count
from deliberation.services import (
    member_add,
    message_delete,
    message_edit,
    message_hide,
    message_post,
    person_remove,
    vote_cast,
)
from tests.deliberation.sockets import application, open_socket, receive, receive_until
from tests.factories import StatementFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def post(body: Any = "Hello", client_id: Any = "c1", reply_to: Any = None) -> dict[str, Any]:
    return {"type": "post", "body": body, "reply_to": reply_to, "client_id": client_id}


async def count(model: Any, **filters: Any) -> int:
    return await sync_to_async(model.objects.filter(**filters).count)()


async def test_connecting_announces_presence_and_leaving_lowers_it(
    thread: Thread, alice: User, bob: User
) -> None:
    first = await open_socket(thread.pk, alice)
    second = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/")
    second.scope["user"] = bob
    await second.connect()
    assert await receive(second) == {"type": "presence", "count": 2}
    assert await receive(first) == {"type": "presence", "count": 2}
    await second.disconnect()
    assert await receive(first) == {"type": "presence", "count": 1}
    await first.disconnect()


async def test_many_joining_and_leaving_at_once_end_with_the_right_count(thread: Thread) -> None:
    crowd = [await open_socket(thread.pk) for _ in range(30)]
    for leaving in crowd[10:]:
        await leaving.disconnect()
    stayed = crowd[:10]
    for communicator in stayed:
        last = await receive_until(communicator, "presence")
        while last["count"] != 10:  # an earlier broadcast may still be on its way
            last = await receive_until(communicator, "presence", timeout=3)
    assert await sync_to_async(presence_count)(topic=thread_topic(thread.pk)) == 10
    latecomer = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/")
    latecomer.scope["user"] = AnonymousUser()
    await latecomer.connect()
    assert await receive(latecomer) == {"type": "presence", "count": 11}
    for communicator in [*stayed, latecomer]:
        await communicator.disconnect()


async def test_a_post_is_stored_then_sent_back_with_its_client_id_and_to_others(
    thread: Thread, alice: User, bob: User
) -> None:
    mine = await open_socket(thread.pk, alice)
    theirs = await open_socket(thread.pk, bob)
    await receive(mine)  # Bob's arrival
    await mine.send_json_to(post("Pay care workers *properly*", client_id="a-1"))
    echoed = await receive_until(mine, "message")
    seen = await receive_until(theirs, "message")
    assert echoed == seen
    message = await sync_to_async(Message.objects.get)()
    assert echoed["message"] == {
        "id": message.pk,
        "thread": thread.pk,
        "author": {"id": alice.pk, "name": "Alice"},
        "body_html": "<p>Pay care workers <em>properly</em></p>",
        "reply_to": None,
        "reply_to_author": None,
        "created": message.created.isoformat(timespec="milliseconds"),
        "client_id": "a-1",
        "supporter": None,
        "language": {"code": "en-gb", "tag": "en-GB", "name": "English"},
    }
    await mine.disconnect()
    await theirs.disconnect()


async def test_a_message_written_with_a_supporter_names_them_live_and_on_resume(
    thread: Thread, alice: User, jo: User, bob: User
) -> None:
    socket = await open_socket(thread.pk, bob)
    message = await sync_to_async(message_post)(
        user=jo, thread=thread, body="Alice wants Sunday opening.", on_behalf_of=alice.pk
    )
    live = (await receive_until(socket, "message"))["message"]
    assert live["id"] == message.pk
    assert live["author"] == {"id": alice.pk, "name": "Alice"}
    assert live["supporter"] == {"id": jo.pk, "name": "Jo the advocate"}
    await socket.send_json_to({"type": "resume", "after": 0})
    assert await receive(socket) == {"type": "message", "message": live}
    assert await receive(socket) == {"type": "resumed", "last": message.pk}
    await socket.disconnect()


async def test_a_retried_post_gets_the_first_message_back_and_writes_nothing(
    thread: Thread, alice: User
) -> None:
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to(post("Once", client_id="retry-me"))
    first = await receive_until(socket, "message")
    await socket.send_json_to(post("Once", client_id="retry-me"))
    second = await receive_until(socket, "message")
    assert second["message"]["id"] == first["message"]["id"]
    assert await count(Message) == 1
    await socket.disconnect()


async def test_a_reply_carries_reply_to_and_who_wrote_it_live_and_on_resume(
    thread: Thread, alice: User, bob: User
) -> None:
    parent = await sync_to_async(message_post)(user=bob, thread=thread, body="Parent")
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to(post("Child", client_id="r", reply_to=parent.pk))
    live = (await receive_until(socket, "message"))["message"]
    assert live["reply_to"] == parent.pk
    assert live["reply_to_author"] == {"id": bob.pk, "name": bob.display_name}
    await socket.send_json_to({"type": "resume", "after": parent.pk})
    assert await receive(socket) == {"type": "message", "message": live}
    assert await receive(socket) == {"type": "resumed", "last": live["id"]}
    await socket.send_json_to(post("Lost", client_id="r2", reply_to=10**9))
    error = await receive(socket)
    assert error["type"] == "error"
    assert error["code"] == "invalid_reply"
    assert error["client_id"] == "r2"
    await socket.disconnect()


OFF_TOPIC = "A facilitator hid this message. Reason: Off topic"


async def test_resume_sends_every_visible_missed_message_in_order_then_resumed(
    thread: Thread, alice: User, facilitator: User
) -> None:
    def write() -> list[Message]:
        made = [message_post(user=facilitator, thread=thread, body=f"m{n}") for n in range(5)]
        message_hide(actor=facilitator, message=made[2], reason="Off topic")
        return made

    made = await sync_to_async(write)()
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "resume", "after": made[0].pk})
    ids = [(await receive(socket))["message"]["id"] for _ in range(3)]
    assert ids == [made[1].pk, made[3].pk, made[4].pk]
    assert await receive(socket) == {"type": "resumed", "last": made[4].pk}
    # A client that already has them all may still show the hidden one: it is told.
    await socket.send_json_to({"type": "resume", "after": made[4].pk})
    assert await receive(socket) == {"type": "hidden", "id": made[2].pk, "notice": OFF_TOPIC}
    assert await receive(socket) == {"type": "resumed", "last": made[4].pk}
    # Nothing more: a sentinel resume's answer comes next, with nothing before it. Its
    # ``after`` is past every message, so it answers only the hidden one and that ``after``.
    await socket.send_json_to({"type": "resume", "after": 10**9})
    assert await receive(socket) == {"type": "hidden", "id": made[2].pk, "notice": OFF_TOPIC}
    assert await receive(socket) == {"type": "resumed", "last": 10**9}
    await socket.disconnect()


async def test_resume_brings_hidden_and_deleted_messages_and_every_tally_current(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    def write() -> tuple[list[Message], list[int]]:
        made = [message_post(user=alice, thread=thread, body=f"m{n}") for n in range(5)]
        message_hide(actor=facilitator, message=made[1], reason="Off topic")
        message_delete(user=alice, message=made[2])
        message_delete(user=alice, message=made[4])  # after ``after``: simply not sent
        accepted = [StatementFactory.create(thread=thread) for _ in range(2)]
        StatementFactory.create(thread=thread, status=StatementStatus.PENDING)
        StatementFactory.create(thread=thread, status=StatementStatus.REJECTED)
        vote_cast(user=alice, thread_id=thread.pk, statement_id=accepted[0].pk, value=1)
        vote_cast(user=bob, thread_id=thread.pk, statement_id=accepted[0].pk, value=-1)
        vote_cast(user=facilitator, thread_id=thread.pk, statement_id=accepted[0].pk, value=0)
        vote_cast(user=bob, thread_id=thread.pk, statement_id=accepted[1].pk, value=1)
        return made, [s.pk for s in accepted]

    made, statements = await sync_to_async(write)()
    socket = await open_socket(thread.pk, bob)
    await socket.send_json_to({"type": "resume", "after": made[2].pk})
    frames = []
    while (received := await receive(socket))["type"] != "resumed":
        frames.append(received)
    assert received == {"type": "resumed", "last": made[3].pk}
    assert frames[0]["type"] == "message"
    assert frames[0]["message"]["id"] == made[3].pk
    assert frames[1:] == [
        {
            "type": "hidden",
            "id": made[1].pk,
            "notice": "A facilitator hid this message. Reason: Off topic",
        },
        {"type": "hidden", "id": made[2].pk, "notice": "Alice deleted this message."},
        {"type": "tally", "statement": statements[0], "agree": 1, "disagree": 1, "pass": 1},
        {"type": "tally", "statement": statements[1], "agree": 1, "disagree": 0, "pass": 0},
    ]
    await socket.disconnect()


@override_settings(DELIBERATION_POST_RATE=(1000, 60), DELIBERATION_VOTE_RATE=(1000, 60))
def test_resume_reads_the_same_few_queries_however_much_it_sends(
    thread: Thread,
    alice: User,
    jo: User,
    bob: User,
    facilitator: User,
    django_assert_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    message_post(user=jo, thread=thread, body="For Alice", on_behalf_of=alice.pk)
    statement = StatementFactory.create(thread=thread)
    vote_cast(user=bob, thread_id=thread.pk, statement_id=statement.pk, value=1)
    with CaptureQueriesContext(connection) as small:
        events = selectors.resume_events(thread=thread, after=0)
    assert len(events) == 3  # message, tally, resumed

    for n in range(40):
        message_post(user=jo, thread=thread, body=f"For Alice {n}", on_behalf_of=alice.pk)
        message_post(user=bob, thread=thread, body=f"Bob {n}")
    for message in Message.objects.filter(author=bob).order_by("id")[:10]:
        message_hide(actor=facilitator, message=message, reason="Off topic")
    ids = list(Message.objects.order_by("id").values_list("id", flat=True))
    for _ in range(10):
        extra = StatementFactory.create(thread=thread)
        for voter in (alice, bob, facilitator):
            vote_cast(user=voter, thread_id=thread.pk, statement_id=extra.pk, value=1)
    with django_assert_num_queries(len(small)):
        events = selectors.resume_events(thread=thread, after=ids[50])
    frames = [frame(event) for event in events]
    messages = [f["message"] for f in frames if f["type"] == "message"]
    assert len(messages) == 30
    # Alice's (written with Jo) and Bob's alternate.
    assert [m["supporter"] for m in messages[::2]] == [
        {"id": jo.pk, "name": "Jo the advocate"}
    ] * 15
    assert [m["supporter"] for m in messages[1::2]] == [None] * 15
    assert sum(f["type"] == "hidden" for f in frames) == 10
    assert sum(f["type"] == "tally" for f in frames) == 11


async def test_a_vote_is_stored_and_the_tally_broadcast(thread: Thread, alice: User) -> None:
    statement = await sync_to_async(StatementFactory.create)(thread=thread)
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "vote", "statement": statement.pk, "value": 0})
    assert await receive_until(socket, "tally") == {
        "type": "tally",
        "statement": statement.pk,
        "agree": 0,
        "disagree": 0,
        "pass": 1,
    }
    await socket.send_json_to({"type": "vote", "statement": statement.pk, "value": 1})
    assert (await receive_until(socket, "tally"))["agree"] == 1
    assert await count(Vote) == 1
    await socket.disconnect()


async def test_hiding_a_message_is_broadcast(
    thread: Thread, alice: User, facilitator: User
) -> None:
    message = await sync_to_async(message_post)(user=alice, thread=thread, body="Rude")
    socket = await open_socket(thread.pk, alice)
    await sync_to_async(message_hide)(actor=facilitator, message=message, reason="Rude")
    # Live, as on the page: the reason in the message's place.
    assert await receive(socket) == {
        "type": "hidden",
        "id": message.pk,
        "notice": "A facilitator hid this message. Reason: Rude",
    }
    await socket.disconnect()


async def test_an_edit_and_a_deletion_reach_connected_clients(
    thread: Thread, alice: User, bob: User
) -> None:
    message = await sync_to_async(message_post)(user=alice, thread=thread, body="Frist")
    socket = await open_socket(thread.pk, bob)
    edited = await sync_to_async(message_edit)(user=alice, message=message, body="**First**")
    assert edited.edited_at is not None
    assert await receive(socket) == {
        "type": "edited",
        "id": message.pk,
        "body_html": "<p><strong>First</strong></p>",
        "edited": edited.edited_at.isoformat(),
    }
    await sync_to_async(message_delete)(user=alice, message=message)
    assert await receive(socket) == {
        "type": "hidden",
        "id": message.pk,
        "notice": "Alice deleted this message.",
    }
    # A client resuming from before the message no longer gets it.
    await socket.send_json_to({"type": "resume", "after": 0})
    assert await receive(socket) == {"type": "resumed", "last": 0}
    await socket.disconnect()


# ---- malformed and refused frames: an error frame, nothing written ------------------

BAD_FRAMES = [
    pytest.param("not json", "invalid_json", None, id="invalid-json"),
    pytest.param("[1, 2]", "unknown_type", None, id="a-list"),
    pytest.param('"post"', "unknown_type", None, id="a-string"),
    pytest.param("{}", "unknown_type", None, id="no-type"),
    pytest.param('{"type": "shout"}', "unknown_type", None, id="unknown-type"),
    pytest.param('{"type": 7}', "unknown_type", None, id="type-not-a-string"),
    pytest.param(json.dumps(post(body=5)), "invalid_frame", "c1", id="post-body-not-text"),
    pytest.param(json.dumps(post(client_id=5)), "invalid_frame", None, id="post-client-id-int"),
    pytest.param('{"type": "post", "body": "x"}', "invalid_frame", None, id="post-no-client-id"),
    pytest.param(json.dumps(post(reply_to="1")), "invalid_frame", "c1", id="post-reply-text"),
    pytest.param(json.dumps({**post(), "extra": 1}), "invalid_frame", "c1", id="post-extra-field"),
    pytest.param(json.dumps(post(body="")), "empty", "c1", id="post-empty"),
    pytest.param(json.dumps(post(body=" \n ")), "empty", "c1", id="post-blank"),
    pytest.param(json.dumps(post(body="x" * 4001)), "too_long", "c1", id="post-too-long"),
    pytest.param(json.dumps(post(client_id="c" * 65)), "invalid_frame", "c" * 65, id="long-cid"),
    pytest.param('{"type": "resume"}', "invalid_frame", None, id="resume-no-after"),
    pytest.param('{"type": "resume", "after": "5"}', "invalid_frame", None, id="resume-text"),
    pytest.param('{"type": "vote", "statement": 1}', "invalid_frame", None, id="vote-no-value"),
    pytest.param(
        '{"type": "vote", "statement": 1, "value": "1"}', "invalid_frame", None, id="vote-text"
    ),
    pytest.param(
        '{"type": "vote", "statement": 1, "value": true}', "invalid_frame", None, id="vote-bool"
    ),
]


@pytest.mark.parametrize(("text", "code", "client_id"), BAD_FRAMES)
async def test_a_bad_frame_gets_an_error_frame_and_writes_nothing(
    thread: Thread, alice: User, text: str, code: str, client_id: str | None
) -> None:
    socket = await open_socket(thread.pk, alice)
    await socket.send_to(text_data=text)
    error = await receive(socket)
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["client_id"] == client_id
    assert error["detail"]
    assert await count(Message) == 0
    # The socket stays usable after a mistake.
    await socket.send_json_to(post("Still here", client_id="ok"))
    assert (await receive_until(socket, "message"))["message"]["client_id"] == "ok"
    await socket.disconnect()


async def test_a_binary_frame_is_refused(thread: Thread, alice: User) -> None:
    socket = await open_socket(thread.pk, alice)
    await socket.send_to(bytes_data=b"\x00\x01")
    assert (await receive(socket))["code"] == "invalid_frame"
    await socket.disconnect()


@pytest.mark.parametrize("value", [2, -2, 100])
async def test_a_vote_of_two_is_refused(thread: Thread, alice: User, value: int) -> None:
    statement = await sync_to_async(StatementFactory.create)(thread=thread)
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "vote", "statement": statement.pk, "value": value})
    error = await receive(socket)
    assert error["code"] == "invalid_vote"
    assert "1 (agree), -1 (disagree) or 0 (pass)" in error["detail"]
    assert await count(Vote) == 0
    await socket.disconnect()


async def test_a_vote_on_another_threads_statement_is_refused(thread: Thread, alice: User) -> None:
    elsewhere = await sync_to_async(StatementFactory.create)()
    socket = await open_socket(thread.pk, alice)
    await socket.send_json_to({"type": "vote", "statement": elsewhere.pk, "value": 1})
    assert (await receive(socket))["code"] == "not_found"
    assert await count(Vote) == 0
    await socket.disconnect()


@override_settings(DELIBERATION_POST_RATE=(2, 60))
async def test_posting_too_fast_gets_rate_limited_with_a_wait(thread: Thread, alice: User) -> None:
    socket = await open_socket(thread.pk, alice)
    for n in range(2):
        await socket.send_json_to(post(f"m{n}", client_id=f"c{n}"))
        await receive_until(socket, "message")
    await socket.send_json_to(post("m2", client_id="c2"))
    error = await receive(socket)
    assert error["code"] == "rate_limited"
    assert error["client_id"] == "c2"
    assert "Wait " in error["detail"]
    assert await count(Message) == 2
    await socket.disconnect()


async def test_an_anonymous_reader_may_listen_but_not_post_or_vote(thread: Thread) -> None:
    statement = await sync_to_async(StatementFactory.create)(thread=thread)
    socket = await open_socket(thread.pk, AnonymousUser())
    await socket.send_json_to(post("Hi", client_id="anon"))
    error = await receive(socket)
    assert (error["code"], error["client_id"]) == ("forbidden", "anon")
    assert "Sign in" in error["detail"]
    await socket.send_json_to({"type": "vote", "statement": statement.pk, "value": 1})
    assert (await receive(socket))["code"] == "forbidden"
    assert await count(Message) == 0
    assert await count(Vote) == 0
    await socket.disconnect()


async def test_a_thread_one_may_not_see_refuses_the_socket(alice: User) -> None:
    private = await sync_to_async(ThreadFactory.create)(members_only=True)
    for path in (f"/ws/threads/{private.pk}/", "/ws/threads/999999/"):
        communicator = WebsocketCommunicator(application, path)
        communicator.scope["user"] = alice
        connected, code = await communicator.connect()
        assert (connected, code) == (False, 4403)
    await sync_to_async(member_add)(thread=private, user=alice)
    socket = await open_socket(private.pk, alice)
    await socket.disconnect()


async def test_a_removed_person_is_told_and_disconnected_and_cannot_write(
    thread: Thread, alice: User, facilitator: User
) -> None:
    socket = await open_socket(thread.pk, alice)
    await sync_to_async(person_remove)(
        actor=facilitator, thread=thread, person=alice, reason="Abuse"
    )
    error = await receive(socket)
    assert (error["type"], error["code"]) == ("error", "forbidden")
    assert (await socket.receive_output(timeout=5))["type"] == "websocket.close"
    communicator = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/")
    communicator.scope["user"] = alice
    connected, _ = await communicator.connect()
    assert not connected
    assert await count(Message) == 0


async def test_the_real_stack_authenticates_by_session_and_checks_the_origin(
    thread: Thread,
) -> None:
    from config.asgi import application as full_application

    person = await sync_to_async(UserFactory.create)(display_name="Sam")

    def cookie() -> str:
        client = Client()
        client.force_login(person)
        return f"sessionid={client.cookies['sessionid'].value}"

    session = await sync_to_async(cookie)()
    headers = [(b"cookie", session.encode()), (b"origin", b"http://testserver")]
    socket = WebsocketCommunicator(full_application, f"/ws/threads/{thread.pk}/", headers)
    connected, _ = await socket.connect(timeout=5)  # with Redis: this loop's first subscription
    assert connected
    await receive(socket)
    await socket.send_json_to(post("By session", client_id="s"))
    assert (await receive_until(socket, "message"))["message"]["author"]["name"] == "Sam"
    await socket.disconnect()
    foreign = [(b"cookie", session.encode()), (b"origin", b"https://attacker.example")]
    refused = WebsocketCommunicator(full_application, f"/ws/threads/{thread.pk}/", foreign)
    connected, _ = await refused.connect()
    assert not connected
