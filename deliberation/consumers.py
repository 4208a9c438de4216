"""The live thread socket, protocol v1 (DESIGN.md §5.3). It parses frames and calls the
check/do services; it holds no rules of its own."""

import asyncio
import datetime
import json
from collections import deque
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from pydantic import ValidationError

from common.errors import ServiceError
from deliberation import fanout, selectors
from deliberation.errors import FORBIDDEN, INVALID_FRAME, INVALID_JSON, UNKNOWN_TYPE
from deliberation.events import (
    CLIENT_FRAME_TYPES,
    DiscussionEvent,
    ErrorEvent,
    PostFrame,
    PresenceEvent,
    ResumeFrame,
    VoteFrame,
    client_frame,
    discussion_event,
    frame,
)
from deliberation.lifecycle import discussion_state
from deliberation.presence import presence_moved
from deliberation.services import check_post_message, check_vote, do_post_message, do_vote

# Close codes: 4403 a thread one may not see (before accepting: the handshake gets 403);
# 1012 frames may have been missed (the fan-out lost Redis): reconnect and resume;
# 1013 this worker cannot take sockets yet (not subscribed): try again later.
CLOSE_FORBIDDEN = 4403
CLOSE_RESUME = 1012
CLOSE_TRY_AGAIN = 1013


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
    )
    message, created = do_post_message(plan=plan)
    return None if created else frame(selectors.message_event(message))


def _vote(user: Any, thread_id: int, vote: VoteFrame) -> None:
    thread = selectors.thread_for(user, thread_id)
    do_vote(
        plan=check_vote(user=user, thread=thread, statement_id=vote.statement, value=vote.value)
    )


def _resume(user: Any, thread_id: int, after: int) -> list[dict[str, Any]]:
    """The frames that bring a client current: missed messages, ``hidden`` for messages
    it may hold, every tally, then ``resumed`` (:func:`deliberation.selectors.resume_events`)."""
    thread = selectors.thread_for(user, thread_id)  # still allowed to see it?
    return [frame(event) for event in selectors.resume_events(thread=thread, after=after)]


def _next_change(user: Any, thread_id: int) -> datetime.datetime | None:
    """When the discussion's state next changes by the clock alone (a consultation's
    opening or closing time); checks the person may still see the thread."""
    return discussion_state(selectors.thread_for(user, thread_id)).next_change


def _state_now(user: Any, thread_id: int) -> tuple[DiscussionEvent, datetime.datetime | None]:
    thread = selectors.thread_for(user, thread_id)
    return discussion_event(thread), discussion_state(thread).next_change


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    """One socket on one thread. Frames for everyone come from :mod:`deliberation.fanout`
    (``deliver``), already serialised; this consumer has no channel-layer channel."""

    channel_layer_alias = "none"  # no such layer is configured, so the consumer has none
    client_frame_types = CLIENT_FRAME_TYPES  # read by tests/security's permission matrix
    thread_id: int
    user_id: int | None = None
    joined = False
    # Frames from the fan-out wait here while the socket must not be written to: before
    # it is accepted, and while a resume is being sent (so a live frame never overtakes
    # the database read it may depend on, as with a ``hidden`` for a resumed message).
    # A held frame may have been read before the resume's read (an older ``tally``), but
    # the socket joined before the resume, so every change committed since has its own
    # frame after it: the last frame a client gets about anything is current.
    held: deque[str] | None = None
    # Sleeps until the discussion's next change by the clock, then tells this socket.
    clock: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.user = self.scope.get("user")
        self.user_id = getattr(self.user, "pk", None)
        try:
            next_change = await database_sync_to_async(_next_change)(self.user, self.thread_id)
        except ServiceError:
            # Refused before accepting: the handshake fails with 403, nothing is revealed.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.held = deque()
        if not await fanout.join(self.thread_id, self):
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        self.joined = True
        await self.accept()
        count = presence_moved(self.thread_id, +1)
        await self.send_json(frame(PresenceEvent(count=count)))  # the newcomer, at once
        await self._release()
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
        if self.joined:
            self.joined = False
            fanout.leave(self.thread_id, self)
            presence_moved(self.thread_id, -1)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            await self.send_error(INVALID_FRAME, "Send JSON text frames, not binary ones.")
            return
        try:
            content = json.loads(text_data)
            # JSON may spell lone surrogates (\ud800), which are not text and cannot be stored.
            json.dumps(content, ensure_ascii=False).encode()
        except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
            await self.send_error(INVALID_JSON, "That frame is not valid JSON.")
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind not in CLIENT_FRAME_TYPES:
            await self.send_error(
                UNKNOWN_TYPE, 'Unknown frame type. Send "post", "resume" or "vote".'
            )
            return
        client_id = content.get("client_id") if kind == "post" else None
        client_id = client_id if isinstance(client_id, str) else None
        try:
            parsed = client_frame.validate_python(content)
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"][1:]) or "frame"
            await self.send_error(
                INVALID_FRAME, f'"{kind}" frame: {where}: {problem["msg"]}.', client_id
            )
            return
        try:
            if isinstance(parsed, PostFrame):
                retry = await database_sync_to_async(_post)(self.user, self.thread_id, parsed)
                if retry is not None:
                    await self.send_json(retry)
            elif isinstance(parsed, ResumeFrame):
                await self._resume(parsed.after)
            else:
                await database_sync_to_async(_vote)(self.user, self.thread_id, parsed)
        except ServiceError as error:
            await self.send_error(error.code, error.detail, client_id)
            if error.code == FORBIDDEN and not await database_sync_to_async(self._can_view)():
                await self.close(code=CLOSE_FORBIDDEN)

    async def _resume(self, after: int) -> None:
        if self.held is None:
            self.held = deque()
        try:
            for resumed in await database_sync_to_async(_resume)(self.user, self.thread_id, after):
                await self.send_json(resumed)
        finally:
            await self._release()

    async def _release(self) -> None:
        """Send the frames held back, in order, then write live ones straight away."""
        held = self.held
        while held:
            await self.send(text_data=held.popleft())
        self.held = None

    def _can_view(self) -> bool:
        try:
            selectors.thread_for(self.user, self.thread_id)
        except ServiceError:
            return False
        return True

    async def send_error(self, code: str, detail: str, client_id: str | None = None) -> None:
        await self.send_json(frame(ErrorEvent(code=code, detail=detail, client_id=client_id)))

    # ---- deliberation.fanout.Receiver ---------------------------------------------

    async def deliver(self, text: str) -> None:
        if self.held is not None:
            self.held.append(text)
        else:
            await self.send(text_data=text)

    async def removed(self) -> None:
        await self.send_error(FORBIDDEN, "A facilitator has removed you from this thread.")
        await self.close(code=CLOSE_FORBIDDEN)

    async def lost(self) -> None:
        await self.close(code=CLOSE_RESUME)
