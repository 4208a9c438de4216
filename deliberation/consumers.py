"""The live thread socket, protocol v1 (DESIGN.md §5.3). It parses frames and calls the
check/do services (through :class:`deliberation.realtime.consumer.LiveConsumer`); it
holds no rules of its own."""

import asyncio
import datetime
import json
from typing import Any

from channels.db import database_sync_to_async

from common.errors import ServiceError
from deliberation import selectors
from deliberation.errors import FORBIDDEN
from deliberation.events import (
    CLIENT_FRAME_TYPES,
    DiscussionEvent,
    PostFrame,
    ResumeFrame,
    VoteFrame,
    client_frame,
    discussion_event,
    thread_topic,
)
from deliberation.lifecycle import discussion_state
from deliberation.realtime.consumer import CLOSE_FORBIDDEN, LiveConsumer
from deliberation.realtime.frames import frame
from deliberation.services import check_post_message, do_post_message, vote_cast


def _post(user: Any, thread_id: int, post: PostFrame) -> dict[str, Any] | None:
    """Returns the message frame for a retry (sent to the poster only), else None: the new
    message reaches everyone, the poster included, by the broadcast after commit."""
    thread = selectors.thread_for(user, thread_id)
    plan = check_post_message(
        user=user,
        thread=thread,
        body=post.body,
        reply_to_id=post.reply_to,
        client_id=post.client_id,
        language=post.language,
    )
    message, created = do_post_message(plan=plan)
    return None if created else frame(selectors.message_event(message))


def _vote(user: Any, thread_id: int, vote: VoteFrame) -> None:
    # vote_cast checks that this person may still see the thread, under its lock.
    vote_cast(user=user, thread_id=thread_id, statement_id=vote.statement, value=vote.value)


def _resume(user: Any, thread_id: int, after: int) -> list[dict[str, Any]]:
    """The frames that bring a client current: missed messages, ``hidden`` for messages
    it may hold, every tally, then ``resumed`` (:func:`deliberation.selectors.resume_events`)."""
    thread = selectors.thread_for(user, thread_id)  # still allowed to see it?
    return [frame(event) for event in selectors.resume_events(thread=thread, after=after)]


def _state_now(user: Any, thread_id: int) -> tuple[DiscussionEvent, datetime.datetime | None]:
    """What the discussion allows now, and when that next changes by the clock alone (a
    consultation's opening or closing time); checks the person may still see the thread."""
    thread = selectors.thread_for(user, thread_id)
    return discussion_event(thread), discussion_state(thread).next_change


def _can_view(user: Any, thread_id: int) -> bool:
    try:
        selectors.thread_for(user, thread_id)
    except ServiceError:
        return False
    return True


class ThreadConsumer(LiveConsumer):
    """One socket on one thread. A resume holds live frames back while it sends what the
    database has, so a live frame never overtakes the read it may depend on (a ``hidden``
    for a resumed message). A held frame may have been read before the resume's read (an
    older ``tally``), but the socket joined before the resume, so every change committed
    since has its own frame after it: the last frame a client gets about anything is
    current."""

    client_frames = client_frame
    client_frame_types = CLIENT_FRAME_TYPES
    counts_presence = True
    thread_id: int
    # Sleeps until the discussion's next change by the clock, then tells this socket.
    clock: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.user = self.scope.get("user")
        self.user_id = getattr(self.user, "pk", None)
        try:
            _, next_change = await database_sync_to_async(_state_now)(self.user, self.thread_id)
        except ServiceError:
            # Refused before accepting: the handshake fails with 403, nothing is revealed.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await self.open(thread_topic(self.thread_id)):
            return
        await self.release()
        if next_change is not None:
            self.clock = asyncio.create_task(self._follow_the_clock(next_change))

    async def _follow_the_clock(self, next_change: datetime.datetime | None) -> None:
        """Tell this socket when its discussion opens or closes: nothing else marks the
        moment, as the lifecycle follows from the dates (deliberation.lifecycle)."""
        while next_change is not None:
            wait = (next_change - datetime.datetime.now(datetime.UTC)).total_seconds()
            await asyncio.sleep(max(wait, 0) + 0.01)
            try:
                event, next_change = await database_sync_to_async(_state_now)(
                    self.user, self.thread_id
                )
            except ServiceError:
                return
            await self.deliver(json.dumps(frame(event)))

    async def disconnect(self, code: int) -> None:
        if self.clock is not None:
            self.clock.cancel()
        await super().disconnect(code)

    async def handle(self, parsed: Any) -> None:
        if isinstance(parsed, PostFrame):
            retry = await database_sync_to_async(_post)(self.user, self.thread_id, parsed)
            if retry is not None:
                await self.send(text_data=json.dumps(retry))
        elif isinstance(parsed, ResumeFrame):
            await self._resume(parsed.after)
        else:
            await database_sync_to_async(_vote)(self.user, self.thread_id, parsed)

    async def refused(self, error: ServiceError) -> None:
        if error.code == FORBIDDEN and not await database_sync_to_async(_can_view)(
            self.user, self.thread_id
        ):
            await self.close(code=CLOSE_FORBIDDEN)

    async def _resume(self, after: int) -> None:
        self.hold()
        try:
            for resumed in await database_sync_to_async(_resume)(self.user, self.thread_id, after):
                await self.send(text_data=json.dumps(resumed))
        finally:
            await self.release()
