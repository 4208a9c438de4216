"""The co-writing socket: thin, like the thread socket; rules live in proposals.rules."""

import uuid
from typing import Any

from channels.db import database_sync_to_async

from common.errors import ServiceError
from deliberation.errors import INVALID_FRAME
from deliberation.realtime.consumer import CLOSE_FORBIDDEN, LiveConsumer
from proposals.live import EditingFrame, editing_frame, editors_now, mark_editing, proposal_topic
from proposals.models import ProposalPage
from proposals.rules import can


def _may_co_write(user: Any, proposal_id: int) -> str | None:
    """The person's display name if they may edit this proposal now, else None."""
    proposal = ProposalPage.objects.filter(pk=proposal_id).first()
    if proposal is None or not can(user, "proposals.edit", proposal):
        return None
    return str(user.display_name)


class CoWritingConsumer(LiveConsumer):
    client_frames = editing_frame
    client_frame_types = frozenset({"editing"})

    async def connect(self) -> None:
        self.proposal_id = int(self.scope["url_route"]["kwargs"]["proposal_id"])
        name = await database_sync_to_async(_may_co_write)(self.scope.get("user"), self.proposal_id)
        if name is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.display_name = name
        self.member = uuid.uuid4().hex  # this page, in the roster of who has what open
        if not await self.open(proposal_topic(self.proposal_id)):
            return
        # The roster as it is now, before any change that arrives live.
        await self.send_frame(await database_sync_to_async(editors_now)(self.proposal_id))
        await self.release()

    async def disconnect(self, code: int) -> None:
        if self.topic is not None:
            await self._set_section(None)
        await super().disconnect(code)

    async def handle(self, parsed: EditingFrame) -> None:
        try:
            await self._set_section(parsed.section)
        except ValueError as error:
            raise ServiceError(
                INVALID_FRAME, 'Send {"type": "editing", "section": <a section name or null>}.'
            ) from error

    async def _set_section(self, section: str | None) -> None:
        changed = await database_sync_to_async(mark_editing)(
            proposal_id=self.proposal_id,
            member=self.member,
            name=self.display_name,
            section=section,
        )
        if changed:
            await self.publish(await database_sync_to_async(editors_now)(self.proposal_id))
