"""Every client frame type of every socket gets arbitrary JSON and non-JSON through
WebsocketCommunicator: the answer is an ``error`` frame or a valid reply, never a crash
and never a close."""

import json
from typing import Any

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.routing import websocket_urlpatterns
from tests.security.world import World, build_world
from tests.support.aio import run_in_own_loop

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


async def _exchange(url: str, user: Any, text: str | None, data: bytes | None) -> list[Any]:
    communicator = WebsocketCommunicator(application, url)
    communicator.scope["user"] = user
    connected, code = await communicator.connect(timeout=5)
    assert connected, f"{url} refused with {code}"
    answers = []
    try:
        # send_input, not send_to: an empty text frame is a frame too.
        if text is not None:
            await communicator.send_input({"type": "websocket.receive", "text": text})
        else:
            await communicator.send_input({"type": "websocket.receive", "bytes": data})
        # A crash in the consumer is raised here; a close shows up as an output.
        while not await communicator.receive_nothing(timeout=0.3):
            output = await communicator.receive_output()
            assert output["type"] != "websocket.close", f"closed with {output.get('code')}"
            answers.append(json.loads(output["text"]))
    finally:
        await communicator.disconnect()
    return answers


ROUTES = {
    "post": ("/ws/threads/{thread}/", "participant"),
    "resume": ("/ws/threads/{thread}/", "participant"),
    "vote": ("/ws/threads/{thread}/", "participant"),
    "editing": ("/ws/proposals/{proposal}/", "co_author"),
    "ping": ("/ws/ping/", "participant"),
}


@pytest.fixture
def world(transactional_db: None, settings: Any) -> World:
    settings.DELIBERATION_POST_RATE = (100_000, 60)
    return build_world()


def _check(world: World, kind: str, text: str | None, data: bytes | None = None) -> None:
    url, role = ROUTES[kind]
    url = url.format(**world.values["published"])
    for answer in run_in_own_loop(_exchange(url, world.people[role], text, data)):
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
