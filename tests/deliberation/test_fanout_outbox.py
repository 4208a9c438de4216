"""One socket whose client stops reading must not hold up anyone else in its thread: the
fan-out writes to each socket from an outbox of its own, and closes a socket that falls
too far behind so that its client resumes from the database."""

import asyncio
import json
import random
from collections.abc import Callable

import pytest

from deliberation.realtime import fanout


class Reader:
    user_id: int | None = None

    def __init__(self) -> None:
        self.frames: list[int] = []
        self.closed_to_resume = asyncio.Event()

    async def deliver(self, text: str) -> None:
        self.frames.append(json.loads(text)["n"])

    async def removed(self) -> None:
        raise AssertionError("nobody was removed")

    async def lost(self) -> None:
        self.closed_to_resume.set()


class StuckReader(Reader):
    """A client that stopped reading: each write waits for a send buffer that never drains."""

    async def deliver(self, text: str) -> None:
        await asyncio.Event().wait()


async def until(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait until ``condition`` holds, failing after ``seconds``. Not a fixed wait: it checks
    again every 10 ms, so a slow machine only makes it take longer."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), seconds)


async def test_a_stuck_socket_delays_nobody_and_is_closed_to_resume(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fanout, "OUTBOX_LIMIT", 5)
    thread_id = f"thread:{random.randint(10**8, 10**9)}"  # a topic no other test uses
    stuck, first, second = StuckReader(), Reader(), Reader()
    for receiver in (stuck, first, second):
        assert await fanout.join(thread_id, receiver)
    try:
        for n in range(20):
            fanout.publish(thread_id, fanout.FRAME, json.dumps({"n": n}))
        await until(lambda: len(first.frames) == 20 and len(second.frames) == 20)
        assert first.frames == second.frames == list(range(20))
        await asyncio.wait_for(stuck.closed_to_resume.wait(), 5)

        # Closed sockets get nothing more; the others carry on.
        fanout.publish(thread_id, fanout.FRAME, json.dumps({"n": 20}))
        await until(lambda: len(first.frames) == 21)
        assert not first.closed_to_resume.is_set()
        assert not second.closed_to_resume.is_set()
    finally:
        for receiver in (stuck, first, second):
            fanout.leave(thread_id, receiver)


async def test_a_socket_that_leaves_stops_its_writer() -> None:
    thread_id = f"thread:{random.randint(10**8, 10**9)}"  # a topic no other test uses
    reader = StuckReader()
    assert await fanout.join(thread_id, reader)
    fanout.publish(thread_id, fanout.FRAME, json.dumps({"n": 0}))
    hub = fanout._hub()
    await until(lambda: hub.receivers[thread_id][reader].queue.empty())
    writer = hub.receivers[thread_id][reader].task
    fanout.leave(thread_id, reader)
    await until(lambda: writer.done())
    assert writer.cancelled()
    assert thread_id not in hub.receivers
