"""Sentinels for frames that reach a socket through the fan-out (deliberation/realtime/fanout.py).

The fan-out hands each receiver its frames in the order they were published, so a marker
published now arrives after everything published before it. A vote's tally is read by a
task of the fan-out after its notice: ``read_through_fan_out`` reads up to a marker,
waits for those tasks, then reads up to a second marker. After that, every frame for what
has happened so far has been read; no quiet spell decides it.
"""

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable
from typing import Any

from deliberation.events import thread_topic
from deliberation.realtime import fanout

MARKS = itertools.count(10**9)  # presence counts no thread reaches: never a real frame


async def publish_marker(thread_id: int) -> dict[str, Any]:
    """Publish a marker frame on the thread's fan-out; returns it as a socket will see it."""
    marker = {"type": "presence", "count": next(MARKS)}
    await asyncio.to_thread(
        fanout.publish, thread_topic(thread_id), fanout.FRAME, json.dumps(marker)
    )
    return marker


async def tallies_read() -> None:
    """Wait for the tally reads under way in this event loop's fan-out."""
    hub = fanout._hub()  # private: the fan-out offers no such wait to the application
    while hub.refreshers:
        await asyncio.wait(set(hub.refreshers.values()))


async def read_through_fan_out(
    thread_id: int, read_up_to: Callable[[dict[str, Any]], Awaitable[None]]
) -> None:
    """``read_up_to(marker)`` reads a socket's frames up to ``marker``: call it for a marker
    before and one after the tally reads."""
    await read_up_to(await publish_marker(thread_id))
    await tallies_read()
    await read_up_to(await publish_marker(thread_id))
