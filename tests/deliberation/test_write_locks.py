"""Checks that guard a write run again inside the write's transaction, after the thread's
row lock (the lock a pause takes): a vote, a poll answer or a suggested statement that
passed its checks a moment before a pause, or before the poll closed, is refused, and
nothing is stored."""

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from common.errors import ServiceError
from deliberation.errors import PAUSED, POLL_CLOSED
from deliberation.models import Poll, PollResponse, Statement, StatementStatus, Thread, Vote
from deliberation.services import (
    poll_answer,
    statement_submit,
    thread_pause,
    vote_cast,
)
from deliberation.services import polls as poll_services
from deliberation.services import statements as statement_services
from deliberation.services.locks import thread_locked_against_pause
from tests.factories import PollFactory, StatementFactory, UserFactory


def _refused(write: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        write()
    return refused.value


def _first_option(poll: Poll) -> int:
    return int(poll.options.values_list("pk", flat=True)[0])


@pytest.mark.django_db
def test_a_vote_is_checked_on_the_thread_as_it_is_under_the_lock(
    thread: Thread, alice: User, facilitator: User
) -> None:
    """The caller's thread was read before the pause; the vote reads it again, locked."""
    statement = StatementFactory.create(thread=thread)
    read_before = Thread.objects.get(pk=thread.pk)
    thread_pause(actor=facilitator, thread=thread, reason="A short break")
    refusal = _refused(
        lambda: vote_cast(user=alice, thread_id=read_before.pk, statement_id=statement.pk, value=1)
    )
    assert refusal.code == PAUSED
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_statement_checked_before_a_pause_is_refused_after_it(
    thread: Thread, alice: User, facilitator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_check = statement_services.refuse_unless_can_write

    def pause_once_checked(*args: Any) -> None:
        first_check(*args)
        thread_pause(actor=facilitator, thread=thread, reason="A short break")

    monkeypatch.setattr(statement_services, "refuse_unless_can_write", pause_once_checked)
    error = _refused(lambda: statement_submit(user=alice, thread=thread, text="Respite for all"))
    assert error.code == PAUSED
    assert not Statement.objects.filter(thread=thread, author=alice).exists()


@pytest.mark.django_db
def test_a_poll_answer_checked_before_a_pause_is_refused_after_it(
    thread: Thread, alice: User, facilitator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    poll = PollFactory.create(thread=thread)
    first_check = poll_services.check_poll_answer

    def pause_once_checked(**kwargs: Any) -> list[tuple[int, int | None]]:
        choices = first_check(**kwargs)
        thread_pause(actor=facilitator, thread=thread, reason="A short break")
        return choices

    monkeypatch.setattr(poll_services, "check_poll_answer", pause_once_checked)
    error = _refused(lambda: poll_answer(user=alice, poll=poll, ranking=[_first_option(poll)]))
    assert error.code == PAUSED
    assert not PollResponse.objects.exists()


@pytest.mark.django_db
def test_a_poll_answer_checked_just_before_the_poll_closed_is_refused(
    thread: Thread, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    poll = PollFactory.create(thread=thread)
    first_check = poll_services.check_poll_answer

    def close_once_checked(**kwargs: Any) -> list[tuple[int, int | None]]:
        choices = first_check(**kwargs)
        poll.closes_at = timezone.now() - timedelta(seconds=1)  # as time passing would
        return choices

    monkeypatch.setattr(poll_services, "check_poll_answer", close_once_checked)
    error = _refused(lambda: poll_answer(user=alice, poll=poll, ranking=[_first_option(poll)]))
    assert error.code == POLL_CLOSED
    assert "This poll closed on" in error.detail
    assert not PollResponse.objects.exists()


def _wait_until_blocked(writer: threading.Thread, timeout: float = 30) -> None:
    """Return once another database session waits for this one's locks, or ``writer`` has
    finished without waiting (the test then says what it did)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while writer.is_alive() and time.monotonic() < deadline:
            # Statistics views are a snapshot held for the transaction: take a fresh one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    assert not writer.is_alive(), "the write is stuck, but not on the thread's row lock"


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", ["vote", "poll answer", "statement"])
def test_a_write_waits_for_a_pause_being_committed_then_is_refused(
    thread: Thread, write: str
) -> None:
    """The row lock itself, which only PostgreSQL has: the write's first check passes while
    the pause is not yet committed; it then waits on the thread's row, and is refused."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks; CI runs this tier again on PostgreSQL")
    alice = UserFactory.create()  # someone new: this tier keeps what earlier tests wrote
    statement = StatementFactory.create(thread=thread)
    poll = PollFactory.create(thread=thread)
    option = _first_option(poll)
    writes: dict[str, Callable[[], object]] = {
        "vote": lambda: vote_cast(
            user=alice, thread_id=thread.pk, statement_id=statement.pk, value=1
        ),
        "poll answer": lambda: poll_answer(user=alice, poll=poll, ranking=[option]),
        "statement": lambda: statement_submit(user=alice, thread=thread, text="Respite for all"),
    }
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            writes[write]()
            outcome.append(None)
        except BaseException as error:  # reported by the test
            outcome.append(error)
        finally:
            connection.close()  # this thread's own connection

    writer = threading.Thread(target=attempt)
    with transaction.atomic():
        # A facilitator's pause, under way: the thread's row stays locked until it commits.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        locked.paused_at = timezone.now()
        locked.pause_reason = "A short break"
        locked.save(update_fields=["paused_at", "pause_reason", "modified"])
        writer.start()
        _wait_until_blocked(writer)
    writer.join(timeout=60)
    assert len(outcome) == 1
    assert outcome[0] is not None, "stored, though the pause was committed before it"
    assert isinstance(outcome[0], ServiceError), outcome[0]
    assert outcome[0].code == PAUSED
    assert not Vote.objects.filter(voter=alice).exists()
    assert not PollResponse.objects.filter(respondent=alice).exists()
    assert not Statement.objects.filter(
        author=alice, status=StatementStatus.PENDING, thread=thread
    ).exists()


@pytest.mark.concurrent
@pytest.mark.django_db(transaction=True)
def test_a_vote_does_not_wait_for_another_vote_in_the_same_thread(thread: Thread) -> None:
    """Votes share the row lock that keeps them and a pause in turn: a burst of votes in
    one thread is not made to queue on its row."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks; CI runs this tier again on PostgreSQL")
    alice = UserFactory.create()
    statement = StatementFactory.create(thread=thread)
    outcome: list[BaseException | None] = []

    def vote() -> None:
        try:
            vote_cast(user=alice, thread_id=thread.pk, statement_id=statement.pk, value=1)
            outcome.append(None)
        except BaseException as error:  # reported by the test
            outcome.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=vote)
    with transaction.atomic():
        thread_locked_against_pause(thread.pk)  # another vote, not yet committed
        writer.start()
        writer.join(timeout=20)
        assert not writer.is_alive(), "the vote waited for another vote's lock"
    assert outcome == [None]
    assert Vote.objects.filter(voter=alice, statement=statement).exists()
