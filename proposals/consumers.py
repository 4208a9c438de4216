"""The co-writing socket: thin, like the thread socket; rules live in proposals.rules."""

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from pydantic import ValidationError

from proposals.live import editing_frame, editors_now, proposal_group, roster_set
from proposals.models import ProposalPage
from proposals.rules import can

CLOSE_FORBIDDEN = 4403


def _may_co_write(user: Any, proposal_id: int) -> str | None:
    """The person's display name if they may edit this proposal now, else None."""
    proposal = ProposalPage.objects.filter(pk=proposal_id).first()
    if proposal is None or not can(user, "proposals.edit", proposal):
        return None
    return str(user.display_name)


class CoWritingConsumer(AsyncJsonWebsocketConsumer):
    client_frame_types = frozenset({"editing"})  # read by tests/security's permission matrix

    async def connect(self) -> None:
        self.proposal_id = int(self.scope["url_route"]["kwargs"]["proposal_id"])
        name = await database_sync_to_async(_may_co_write)(self.scope.get("user"), self.proposal_id)
        if name is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.display_name = name
        self.group = proposal_group(self.proposal_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(
            (await database_sync_to_async(editors_now)(self.proposal_id)).model_dump()
        )

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self._set_section(None)
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # Binary or empty frames get the error frame too, instead of ending the socket.
        await self.receive_json(await self.decode_json(text_data) if text_data else None)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        try:
            editing = editing_frame.validate_python(content)
            await self._set_section(editing.section)
        except (ValidationError, ValueError):
            await self.send_json(
                {
                    "type": "error",
                    "code": "invalid_frame",
                    "detail": 'Send {"type": "editing", "section": <a section name or null>}.',
                    "client_id": None,
                }
            )

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
            return None

    async def _set_section(self, section: str | None) -> None:
        changed = await database_sync_to_async(roster_set)(
            proposal_id=self.proposal_id,
            channel=self.channel_name,
            name=self.display_name,
            section=section,
        )
        if changed:
            editors = await database_sync_to_async(editors_now)(self.proposal_id)
            await self.channel_layer.group_send(
                self.group, {"type": "proposal.event", "event": editors.model_dump()}
            )

    async def proposal_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
