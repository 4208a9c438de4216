"""A WebSocket health check: proves the socket stack, the session and the channel layer work."""

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers ``{"type": "ping"}`` with ``{"type": "pong", "user": <display name>}``.

    The answer travels through the channel layer (a group of one), so with Redis
    configured a pong proves Redis round-trips too.
    """

    client_frame_types = frozenset({"ping"})  # read by tests/security's permission matrix

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.display_name = user.display_name
        self.group_name = f"ping.{self.channel_name.replace('!', '.')}"
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        """Anything that is not JSON (or nests too deep to parse) gets the error frame."""
        try:
            return await super().decode_json(text_data)
        except (ValueError, RecursionError):
            return None

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # Binary or empty frames get the error frame too, instead of ending the socket.
        await self.receive_json(await self.decode_json(text_data) if text_data else None)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "ping":
            await self.send_json(
                {"type": "error", "code": "unknown_type", "detail": 'Send {"type": "ping"}.'}
            )
            return
        await self.channel_layer.group_send(
            self.group_name, {"type": "pong.send", "user": self.display_name}
        )

    async def pong_send(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "pong", "user": event["user"]})
