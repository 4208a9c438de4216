"""A WebSocket health check: proves the socket stack, the session and the fan-out work."""

import uuid
from typing import Any, Literal

from pydantic import TypeAdapter

from deliberation.realtime.consumer import CLOSE_SIGN_IN, LiveConsumer
from deliberation.realtime.frames import Frame


class PingFrame(Frame):
    type: Literal["ping"]


class PongEvent(Frame):
    type: Literal["pong"] = "pong"
    user: str


class PingConsumer(LiveConsumer):
    """Answers ``{"type": "ping"}`` with ``{"type": "pong", "user": <display name>}``.

    The answer travels through the fan-out on a topic of this socket's own, so with Redis
    configured a pong proves a Redis pub/sub round trip too.
    """

    client_frames = TypeAdapter(PingFrame)
    client_frame_types = frozenset({"ping"})

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_SIGN_IN)
            return
        self.display_name = user.display_name
        if await self.open(f"ping:{uuid.uuid4().hex}"):
            await self.release()

    async def handle(self, parsed: Any) -> None:
        await self.publish(PongEvent(user=self.display_name))
