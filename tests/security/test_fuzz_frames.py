"""Every client frame type of every socket gets arbitrary JSON and non-JSON through
WebsocketCommunicator: the answer is an ``error`` frame or a valid reply, never a crash
and never a close.

Nothing here waits for a quiet spell: after the fuzzed frame each socket gets a frame whose
answer is known (a sentinel), and every frame up to that answer is checked. A consumer
handles one socket's frames in order, so the fuzzed frame's own answers come before it; a
thread's broadcasts (a new message, a tally) come through the fan-out, which orders them
by publication instead, so they are read up to markers published there.
"""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.routing import websocket_urlpatterns
from proposals.sections import SECTION_NAMES
from tests.security.world import World, build_world
from tests.support.fanout_markers import read_through_fan_out
from tests.support.snapshot import Snapshots

application = URLRouter(websocket_urlpatterns)

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
STRINGS = st.one_of(st.text(max_size=200), SURROGATES, st.just("x" * 200_000), st.just("\x00"))
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=2**63, max_value=2**200),
    st.integers(max_value=-(2**63)),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, STRINGS)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ("body", "reply_to", "client_id", "after", "statement", "value", "section")


def frames_of(kind: str) -> st.SearchStrategy[Any]:
    """Frames that look like ``kind`` with any field of any type, and anything else."""
    near = st.fixed_dictionaries(
        {"type": st.just(kind)},
        optional={**{f: JSON for f in FIELDS}, "extra": JSON},
    )
    return st.one_of(near, JSON)


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


TEXTS = st.one_of(
    st.text(max_size=100),
    SURROGATES,
    st.just('{"type": "post", "body": "\\ud800", "client_id": "x"}'),
    st.just(deep(100_000)),
    st.just("{" * 5000),
    st.just("1" * 5000),
    st.just("NaN"),
    st.just('{"type": "resume", "after": 1e400}'),
)


def encoded(frame: Any) -> str:
    """JSON as a client would send it; surrogates stay escaped, as JSON allows."""
    return json.dumps(frame, ensure_ascii=True, allow_nan=True)


ANSWER_TIMEOUT = 10  # seconds for a frame that must arrive; only a failure waits this long
SENTINEL_AFTER = 10**9  # a message id no test thread reaches: its ``resumed`` has last=this
SENTINEL_SECTION = SECTION_NAMES[0]


def _typed(answer: Any) -> Any:
    """The ``type`` of an answer; None for one that is not even an object (checked later)."""
    return answer.get("type") if isinstance(answer, dict) else None


async def _answers_until(
    communicator: WebsocketCommunicator, answers: list[Any], is_last: Callable[[Any], bool]
) -> None:
    """Add frames to ``answers`` up to and including the first for which ``is_last`` holds.

    A frame answering the fuzzed frame that looks like the sentinel's answer is always that
    frame's only or last answer (``pong``, ``editors``, a ``resumed``), so stopping there
    misses none of them. A crash in the consumer is raised here; a close fails the test.
    """
    while True:
        output = await communicator.receive_output(timeout=ANSWER_TIMEOUT)
        assert output["type"] != "websocket.close", f"closed with {output.get('code')}"
        answer = json.loads(output["text"])
        answers.append(answer)
        if is_last(answer):
            return


async def _up_to_marker(
    communicator: WebsocketCommunicator, answers: list[Any], marker: dict[str, Any]
) -> None:
    await _answers_until(communicator, answers, lambda answer: answer == marker)
    answers.pop()  # the marker is the test's, not an answer


async def _thread_settled(
    communicator: WebsocketCommunicator, answers: list[Any], thread_id: int, name: str
) -> None:
    """``resume`` answers ``resumed`` after every answer to earlier frames. What the fuzzed
    frame published by then (a new message, a vote's tally notice) reaches the socket
    through the fan-out: a first marker comes after each such frame and notice, the
    tallies are read by a task per statement, and a second marker comes after those."""
    await communicator.send_json_to({"type": "resume", "after": SENTINEL_AFTER})
    await _answers_until(
        communicator, answers, lambda a: a == {"type": "resumed", "last": SENTINEL_AFTER}
    )
    await read_through_fan_out(
        thread_id, lambda marker: _up_to_marker(communicator, answers, marker)
    )


async def _ping_settled(
    communicator: WebsocketCommunicator, answers: list[Any], thread_id: int, name: str
) -> None:
    """Each frame gets one answer: an ``error`` at once, or a ``pong`` through the channel
    layer, which delivers a channel's messages in order."""
    await communicator.send_json_to({"type": "ping"})
    await _answers_until(communicator, answers, lambda answer: _typed(answer) == "pong")


async def _co_writing_settled(
    communicator: WebsocketCommunicator, answers: list[Any], thread_id: int, name: str
) -> None:
    """The socket answers ``editing`` only when this page's section changes: with no
    section, then ``SENTINEL_SECTION``, the second changes it whatever the fuzzed frame
    opened, and its ``editors`` frame (through the fan-out, in order) lists ``name``
    there."""
    await communicator.send_json_to({"type": "editing", "section": None})
    await communicator.send_json_to({"type": "editing", "section": SENTINEL_SECTION})
    await _answers_until(
        communicator,
        answers,
        lambda a: _typed(a) == "editors" and name in a["sections"].get(SENTINEL_SECTION, []),
    )


async def _exchange(
    url: str, user: Any, text: str | None, data: bytes | None, thread_id: int
) -> list[Any]:
    communicator = WebsocketCommunicator(application, url)
    communicator.scope["user"] = user
    connected, code = await communicator.connect(timeout=5)
    assert connected, f"{url} refused with {code}"
    answers: list[Any] = []
    try:
        # send_input, not send_to: an empty text frame is a frame too.
        if text is not None:
            await communicator.send_input({"type": "websocket.receive", "text": text})
        else:
            await communicator.send_input({"type": "websocket.receive", "bytes": data})
        settled = SETTLED[url.split("/")[2]]
        await settled(communicator, answers, thread_id, user.display_name)
    finally:
        await communicator.disconnect()
    return answers


SETTLED = {"threads": _thread_settled, "ping": _ping_settled, "proposals": _co_writing_settled}


ROUTES = {
    "post": ("/ws/threads/{thread}/", "participant"),
    "resume": ("/ws/threads/{thread}/", "participant"),
    "vote": ("/ws/threads/{thread}/", "participant"),
    "editing": ("/ws/proposals/{proposal}/", "co_author"),
    "ping": ("/ws/ping/", "participant"),
}


WORLD = "fuzz-frames-world"
_built: dict[str, World] = {}


@pytest.fixture
def world(transactional_db: None, settings: Any, _snapshots: Snapshots | None) -> World:
    """Committed, for the sockets' own threads to read. On SQLite it is built once per
    process and put back from its copy for each later test (tests/support/snapshot.py):
    building it takes seconds, putting it back milliseconds."""
    settings.DELIBERATION_POST_RATE = (100_000, 60)
    if _snapshots is None:
        return build_world()
    if _snapshots.has(WORLD):
        _snapshots.restore(WORLD)
        return _built[WORLD].fresh()
    _built[WORLD] = build_world()
    _snapshots.take(WORLD)
    return _built[WORLD]


def _check(world: World, kind: str, text: str | None, data: bytes | None = None) -> None:
    url, role = ROUTES[kind]
    values = world.values["published"]
    url = url.format(**values)
    exchange = _exchange(url, world.people[role], text, data, values["thread"])
    for answer in asyncio.run(exchange):
        assert isinstance(answer, dict)
        assert isinstance(answer.get("type"), str), answer
        if answer["type"] == "error":
            assert answer["code"], answer
            assert answer["detail"], answer


@pytest.mark.parametrize("kind", sorted(ROUTES))
def test_any_json_frame_is_answered_without_a_crash(kind: str, world: World) -> None:
    @FUZZ
    @given(frame=frames_of(kind))
    def send(frame: Any) -> None:
        _check(world, kind, encoded(frame))

    send()


@pytest.mark.parametrize("kind", ["post", "editing", "ping"])
def test_any_text_or_bytes_is_answered_without_a_crash(kind: str, world: World) -> None:
    @FUZZ
    @given(payload=st.one_of(TEXTS, st.binary(max_size=100)))
    def send(payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            _check(world, kind, None, payload)
        else:
            _check(world, kind, payload)

    send()
