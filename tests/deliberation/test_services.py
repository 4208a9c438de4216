"""Services: what a person can write, what they are refused, and what is broadcast."""

import asyncio
import itertools
import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from common.errors import ServiceError
from deliberation import selectors
from deliberation.events import server_event, thread_topic
from deliberation.models import (
    Message,
    ModerationAction,
    ModerationLogEntry,
    PollKind,
    PollResponse,
    Statement,
    StatementStatus,
    Thread,
    Vote,
)
from deliberation.realtime import fanout
from deliberation.services import (
    flags_dismiss,
    message_delete,
    message_edit,
    message_flag,
    message_hide,
    message_post,
    person_remove,
    poll_answer,
    poll_create,
    slow_mode_set,
    statement_moderate,
    statement_submit,
    vote_cast,
)
from tests.factories import MessageFactory, PollFactory, StatementFactory
from tests.support.fanout_markers import tallies_read

pytestmark = pytest.mark.django_db


class Listener:
    """A receiver joined to the thread's fan-out in its own event loop, as a socket is."""

    def __init__(self, thread: Thread) -> None:
        self.thread_id = thread.pk
        self.received: list[dict[str, Any]] = []
        self.user_id: int | None = None
        self.markers = itertools.count()
        self.marker: str | None = None
        self.marked = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.runner = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner.start()
        joined = asyncio.run_coroutine_threadsafe(
            fanout.join(thread_topic(thread.pk), self), self.loop
        )
        assert joined.result(timeout=15)

    async def deliver(self, text: str) -> None:
        if text == self.marker:
            self.marked.set()
        else:
            self.received.append(json.loads(text))

    async def removed(self) -> None:
        raise AssertionError("not a person")

    async def lost(self) -> None:
        raise AssertionError("the fan-out lost its subscription")

    def frames(self) -> list[dict[str, Any]]:
        """Everything the fan-out sends for what has been published so far.

        No quiet spell decides that: the fan-out hands a receiver frames in the order they
        were published, so a marker published now arrives after all of them. A tally is
        read by a task of the fan-out after its notice, so those tasks are awaited, and a
        second marker comes after the tallies they sent.
        """
        self._through_marker()
        asyncio.run_coroutine_threadsafe(tallies_read(), self.loop).result(timeout=15)
        self._through_marker()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.runner.join(timeout=5)
        return self.received

    def _through_marker(self) -> None:
        self.marked.clear()
        self.marker = json.dumps({"marker": next(self.markers)})
        fanout.publish(thread_topic(self.thread_id), fanout.FRAME, self.marker)
        assert self.marked.wait(timeout=15), "the fan-out never delivered the marker"


def refused(code: str, call: Any, **kwargs: Any) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    assert error.value.code == code, error.value.detail
    return error.value


# ---- messages ---------------------------------------------------------------------


def test_a_message_is_stored_with_safe_markdown_and_broadcast_after_commit(
    thread: Thread, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    listener = Listener(thread)
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(
            user=alice,
            thread=thread,
            body="We need **fair pay**. <script>alert(1)</script> [x](javascript:alert(1))",
            client_id="c-1",
        )
    assert "<strong>fair pay</strong>" in message.body_html
    assert "<script" not in message.body_html
    assert "javascript:" not in message.body_html.replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in message.body_html
    [event] = listener.frames()
    server_event.validate_python(event)
    assert event["type"] == "message"
    assert event["message"]["id"] == message.pk
    assert event["message"]["client_id"] == "c-1"
    assert event["message"]["author"] == {"id": alice.pk, "name": "Alice"}


def test_nothing_is_broadcast_when_the_transaction_rolls_back(
    thread: Thread, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    listener = Listener(thread)

    def post_then_fail() -> None:
        with transaction.atomic():
            message_post(user=alice, thread=thread, body="Rolled back")
            raise RuntimeError("undo")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        post_then_fail()
    assert listener.frames() == []
    assert not Message.objects.exists()


def test_a_retried_post_with_the_same_client_id_returns_the_first_message(
    thread: Thread, alice: User
) -> None:
    first = message_post(user=alice, thread=thread, body="Once only", client_id="abc")
    again = message_post(user=alice, thread=thread, body="Once only", client_id="abc")
    assert again.pk == first.pk
    assert Message.objects.count() == 1


def test_the_same_client_id_from_two_people_makes_two_messages(
    thread: Thread, alice: User, bob: User
) -> None:
    message_post(user=alice, thread=thread, body="Mine", client_id="same")
    message_post(user=bob, thread=thread, body="Mine too", client_id="same")
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ("", "empty", "Enter your message"),
        ("   \n", "empty", "Enter your message"),
        ("x" * 4001, "too_long", "Your message must be 4,000 characters or fewer. It has 4,001"),
    ],
)
def test_empty_or_oversized_messages_are_refused_and_nothing_is_written(
    thread: Thread, alice: User, body: str, code: str, words: str
) -> None:
    error = refused(code, message_post, user=alice, thread=thread, body=body)
    assert words in error.detail
    assert not Message.objects.exists()


def test_a_message_of_exactly_the_limit_is_accepted(thread: Thread, alice: User) -> None:
    message_post(user=alice, thread=thread, body="y" * 4000)
    assert Message.objects.count() == 1


@override_settings(DELIBERATION_POST_RATE=(3, 60))
def test_posting_too_fast_is_rate_limited_per_person_per_thread(
    thread: Thread, alice: User, bob: User
) -> None:
    for n in range(3):
        message_post(user=alice, thread=thread, body=f"Quick {n}")
    error = refused("rate_limited", message_post, user=alice, thread=thread, body="One more")
    assert ("Wait " in error.detail and "seconds" in error.detail) or "1 second" in error.detail
    message_post(user=bob, thread=thread, body="Bob is not limited by Alice")
    assert Message.objects.count() == 4


def test_slow_mode_makes_a_person_wait_but_not_the_facilitator(
    thread: Thread, alice: User, facilitator: User
) -> None:
    slow_mode_set(actor=facilitator, thread=thread, seconds=30)
    message_post(user=alice, thread=thread, body="First")
    error = refused("slow_mode", message_post, user=alice, thread=thread, body="Second")
    assert "Wait 30 seconds" in error.detail or "Wait 29 seconds" in error.detail
    message_post(user=facilitator, thread=thread, body="Facilitators are not slowed")
    message_post(user=facilitator, thread=thread, body="Still not")
    assert ModerationLogEntry.objects.filter(action=ModerationAction.SET_SLOW_MODE).count() == 1


def test_slow_mode_can_only_be_set_by_a_facilitator(thread: Thread, alice: User) -> None:
    refused("forbidden", slow_mode_set, actor=alice, thread=thread, seconds=30)
    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 0


def test_a_reply_must_be_to_a_visible_message_in_the_same_thread(
    thread: Thread, alice: User
) -> None:
    elsewhere = MessageFactory.create()
    refused(
        "invalid_reply",
        message_post,
        user=alice,
        thread=thread,
        body="Hi",
        reply_to_id=elsewhere.pk,
    )
    parent = message_post(user=alice, thread=thread, body="Parent")
    reply = message_post(user=alice, thread=thread, body="Child", reply_to_id=parent.pk)
    assert reply.reply_to_id == parent.pk


def test_an_author_can_edit_within_the_window_and_it_is_marked_edited(
    thread: Thread, alice: User, bob: User
) -> None:
    message = message_post(user=alice, thread=thread, body="Frist")
    refused("forbidden", message_edit, user=bob, message=message, body="Bob's words")
    message_edit(user=alice, message=message, body="First")
    message.refresh_from_db()
    assert message.body_html == "<p>First</p>"
    assert message.edited_at is not None
    Message.objects.filter(pk=message.pk).update(created=timezone.now() - timedelta(minutes=16))
    message.refresh_from_db()
    refused("edit_window_passed", message_edit, user=alice, message=message, body="Later")


def test_deleting_leaves_a_tombstone_and_tells_live_clients(
    thread: Thread, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    message = message_post(user=alice, thread=thread, body="Regret this")
    listener = Listener(thread)
    with django_capture_on_commit_callbacks(execute=True):
        message_delete(user=alice, message=message)
    message.refresh_from_db()
    assert message.deleted_at is not None
    assert message.body == ""
    assert message.body_html == ""
    assert Message.objects.filter(pk=message.pk).exists()
    assert listener.frames() == [
        {
            "type": "hidden",
            "id": message.pk,
            "notice": f"{alice.display_name} deleted this message.",
        }
    ]
    assert list(selectors.visible_messages(thread)) == []


def test_a_closed_thread_can_be_read_but_not_written(thread: Thread, alice: User) -> None:
    thread.is_open = False
    thread.save()
    error = refused("closed", message_post, user=alice, thread=thread, body="Hello")
    assert "A facilitator has closed this discussion" in error.detail
    assert not Message.objects.exists()


# ---- statements and votes ---------------------------------------------------------


def test_participants_statements_wait_for_a_facilitator(
    thread: Thread, alice: User, facilitator: User
) -> None:
    mine = statement_submit(user=alice, thread=thread, text="Carers need   respite")
    assert mine.status == StatementStatus.PENDING
    assert mine.text == "Carers need respite"
    seeded = statement_submit(user=facilitator, thread=thread, text="Pay should rise")
    assert seeded.status == StatementStatus.ACCEPTED
    assert seeded.is_seed
    refused("too_long", statement_submit, user=alice, thread=thread, text="z" * 141)
    refused("empty", statement_submit, user=alice, thread=thread, text="  ")
    assert Statement.objects.count() == 2


def test_rejecting_a_statement_needs_a_reason_and_is_logged(
    thread: Thread, alice: User, facilitator: User
) -> None:
    statement = statement_submit(user=alice, thread=thread, text="Off topic")
    refused("forbidden", statement_moderate, actor=alice, statement=statement, accept=True)
    refused("empty", statement_moderate, actor=facilitator, statement=statement, accept=False)
    statement_moderate(
        actor=facilitator,
        statement=statement,
        accept=False,
        reason="This is about housing, not care",
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED
    assert statement.rejection_reason == "This is about housing, not care"
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationAction.REJECT_STATEMENT
    assert entry.actor == facilitator


@pytest.mark.django_db(transaction=True)
def test_a_vote_can_be_changed_and_stays_one_row_and_tallies_are_broadcast(
    thread: Thread, alice: User
) -> None:
    # Committed for real: each listening process reads the tally from the database itself.
    statement = StatementFactory.create(thread=thread)
    listener = Listener(thread)
    vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=1)
    vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=-1)
    assert Vote.objects.get().value == -1
    frames = listener.frames()
    assert frames[-1] == {
        "type": "tally",
        "statement": statement.pk,
        "agree": 0,
        "disagree": 1,
        "pass": 0,
    }
    for event in frames:
        server_event.validate_python(event)


@pytest.mark.parametrize("value", [2, -2, "1", True, None, 0.5])
def test_a_vote_outside_agree_disagree_pass_is_refused(
    thread: Thread, alice: User, value: Any
) -> None:
    statement = StatementFactory.create(thread=thread)
    refused(
        "invalid_vote",
        vote_cast,
        user=alice,
        thread_id=thread.pk,
        statement_id=statement.pk,
        value=value,
    )
    assert not Vote.objects.exists()


def test_pending_statements_and_other_threads_statements_cannot_be_voted_on(
    thread: Thread, alice: User
) -> None:
    pending = StatementFactory.create(thread=thread, status=StatementStatus.PENDING)
    other = StatementFactory.create()
    for statement in (pending, other):
        refused(
            "not_found",
            vote_cast,
            user=alice,
            thread_id=thread.pk,
            statement_id=statement.pk,
            value=1,
        )
    assert not Vote.objects.exists()


def test_the_next_statement_is_one_not_yet_voted_on_and_follows_priority(
    thread: Thread, alice: User, bob: User
) -> None:
    import random

    agreed = StatementFactory.create(thread=thread, text="Everyone agrees")
    passed = StatementFactory.create(thread=thread, text="Everyone passes")
    voters = [
        bob,
        *(
            User.objects.create_user(f"v{n}@example.org", "x" * 12, display_name=f"V{n}")
            for n in range(5)
        ),
    ]
    for voter in voters:
        vote_cast(user=voter, thread_id=thread.pk, statement_id=agreed.pk, value=1)
        vote_cast(user=voter, thread_id=thread.pk, statement_id=passed.pk, value=0)
    rows = selectors.statement_rows(thread, alice)
    rng = random.Random(1)
    picks = [selectors.next_statement(rows, rng=rng) for _ in range(200)]
    # Agreed statements outrank passed ones by a wide margin (POLIS_MATH.md §7).
    assert picks.count(agreed) > 190
    vote_cast(user=alice, thread_id=thread.pk, statement_id=agreed.pk, value=1)
    vote_cast(user=alice, thread_id=thread.pk, statement_id=passed.pk, value=1)
    assert selectors.next_statement(selectors.statement_rows(thread, alice)) is None


# ---- polls ------------------------------------------------------------------------


def test_a_poll_answer_can_be_changed_until_close(thread: Thread, alice: User) -> None:
    poll = PollFactory.create(thread=thread)
    pay, training, _ = poll.options.all()
    poll_answer(user=alice, poll=poll, ranking=[pay.pk])
    poll_answer(user=alice, poll=poll, ranking=[training.pk])
    assert PollResponse.objects.count() == 1
    assert selectors.my_poll_choices(poll, alice) == {training.pk: None}
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.opens_at = poll.closes_at - timedelta(days=1)
    poll.save()
    error = refused("poll_closed", poll_answer, user=alice, poll=poll, ranking=[pay.pk])
    assert "closed on" in error.detail
    assert selectors.my_poll_choices(poll, alice) == {training.pk: None}


def test_single_multiple_and_ranked_answers_are_checked(thread: Thread, alice: User) -> None:
    single = PollFactory.create(thread=thread)
    a, b, _c = (o.pk for o in single.options.all())
    refused("invalid_answer", poll_answer, user=alice, poll=single, ranking=[a, b])
    refused("invalid_answer", poll_answer, user=alice, poll=single, ranking=[])
    refused("invalid_answer", poll_answer, user=alice, poll=single, ranking=[999999])
    multiple = PollFactory.create(thread=thread, kind=PollKind.MULTIPLE)
    ma, mb, _ = (o.pk for o in multiple.options.all())
    poll_answer(user=alice, poll=multiple, ranking=[ma, mb])
    ranked = PollFactory.create(thread=thread, kind=PollKind.RANKED)
    ra, rb, rc = (o.pk for o in ranked.options.all())
    refused("invalid_answer", poll_answer, user=alice, poll=ranked, ranking=[ra, rb])
    poll_answer(user=alice, poll=ranked, ranking=[rc, ra, rb])
    results = selectors.poll_results(ranked)
    assert [(o.text, o.count, o.points) for o in results.options] == [
        ("Pay", 0, 2),
        ("Training", 0, 1),
        ("Respite breaks", 1, 3),
    ]
    assert selectors.my_poll_choices(ranked, alice) == {rc: 1, ra: 2, rb: 3}


def test_only_facilitators_create_polls_and_it_is_logged(
    thread: Thread, alice: User, facilitator: User
) -> None:
    refused(
        "forbidden",
        poll_create,
        actor=alice,
        thread=thread,
        question="Q?",
        kind=PollKind.SINGLE,
        options=["a", "b"],
    )
    refused(
        "invalid_answer",
        poll_create,
        actor=facilitator,
        thread=thread,
        question="Q?",
        kind=PollKind.SINGLE,
        options=["only one", " "],
    )
    poll = poll_create(
        actor=facilitator, thread=thread, question="Q?", kind=PollKind.SINGLE, options=["a", "b"]
    )
    assert [o.text for o in poll.options.all()] == ["a", "b"]
    assert ModerationLogEntry.objects.get().action == ModerationAction.CREATE_POLL


# ---- moderation -------------------------------------------------------------------


def test_flag_then_hide_with_a_reason_is_broadcast_resolved_and_logged(
    thread: Thread,
    alice: User,
    bob: User,
    facilitator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    message = message_post(user=bob, thread=thread, body="Something unkind")
    refused("empty", message_flag, user=alice, message=message, reason=" ")
    flag = message_flag(user=alice, message=message, reason="Unkind to carers")
    refused("forbidden", message_hide, actor=alice, message=message, reason="I say so")
    listener = Listener(thread)
    with django_capture_on_commit_callbacks(execute=True):
        message_hide(actor=facilitator, message=message, reason="Breaks the house rules")
    message.refresh_from_db()
    flag.refresh_from_db()
    assert message.hidden_reason == "Breaks the house rules"
    assert flag.resolved_at is not None
    assert listener.frames() == [
        {
            "type": "hidden",
            "id": message.pk,
            "notice": "A facilitator hid this message. Reason: Breaks the house rules",
        }
    ]
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.message, entry.person) == (
        ModerationAction.HIDE_MESSAGE,
        facilitator,
        message,
        bob,
    )


def test_dismissing_flags_keeps_the_message_and_is_logged(
    thread: Thread, alice: User, facilitator: User
) -> None:
    message = message_post(user=alice, thread=thread, body="Fine really")
    message_flag(user=facilitator, message=message, reason="Check this")
    flags_dismiss(actor=facilitator, message=message)
    assert not message.flags.filter(resolved_at__isnull=True).exists()
    assert ModerationLogEntry.objects.get().action == ModerationAction.DISMISS_FLAGS


def test_a_removed_person_can_no_longer_see_or_write(
    thread: Thread, alice: User, bob: User, facilitator: User
) -> None:
    refused("forbidden", person_remove, actor=alice, thread=thread, person=bob, reason="x")
    person_remove(actor=facilitator, thread=thread, person=bob, reason="Repeated abuse")
    thread = Thread.objects.get(pk=thread.pk)
    refused("forbidden", message_post, user=bob, thread=thread, body="Let me back")
    refused("forbidden", selectors.thread_for, user=bob, thread_id=thread.pk)
    assert ModerationLogEntry.objects.get().person == bob
    assert not Message.objects.exists()
