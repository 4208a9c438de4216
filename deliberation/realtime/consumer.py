"""The one base of Hearth's sockets: parsing and validating client frames, error frames,
close codes, and listening to a topic of the fan-out (:mod:`.fanout`).

A subclass names its ``client_frames`` (a pydantic adapter over its frame schemas, each
with a literal ``type``), opens a topic in ``connect`` with :meth:`LiveConsumer.open`,
and handles each valid frame in :meth:`LiveConsumer.handle`. A
:class:`common.errors.ServiceError` raised there becomes an ``error`` frame with its code.
"""

import asyncio
import json
from collections import deque
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import BaseModel, TypeAdapter, ValidationError

from common.errors import ServiceError
from common.i18n import own_language
from deliberation.errors import FORBIDDEN, INVALID_FRAME, INVALID_JSON, UNKNOWN_TYPE
from deliberation.realtime import fanout, presence
from deliberation.realtime.frames import ErrorEvent, PresenceEvent, frame

# Close codes. 4401: sign in first; 4403: a topic one may not see (before accepting, the
# handshake gets 403); 1012: frames may have been missed (the fan-out lost Redis):
# reconnect and resume; 1013: this worker cannot take sockets yet (not subscribed).
CLOSE_SIGN_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_RESUME = 1012
CLOSE_TRY_AGAIN = 1013


class LiveConsumer(AsyncWebsocketConsumer):
    """One socket on one topic. Frames for everyone come from the fan-out (``deliver``),
    already serialised; no consumer has a channel-layer channel."""

    client_frames: TypeAdapter[Any]
    client_frame_types: frozenset[str]  # also read by tests/security's permission matrix
    counts_presence = False  # True: a ``presence`` frame on joining, and counted while open
    user_id: int | None = None
    topic: str | None = None
    # Frames from the fan-out wait here while the socket must not be written to: before
    # it is accepted, and while :meth:`hold` is in force (a subclass sending a catch-up
    # read from the database, which a live frame must not overtake).
    held: deque[str] | None = None

    async def open(self, topic: str) -> bool:
        """Listen to ``topic`` and accept the socket; False (and closed) if this worker
        cannot take sockets yet. Live frames are held until :meth:`release`."""
        self.held = deque()
        # What this socket says to its reader (refusals, notices) is in their language: the
        # one on their account, else their cookie's. The socket's address has no prefix.
        cookie = self.scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
        chosen = getattr(self.scope.get("user"), "preferred_language", "") or cookie
        translation.activate(own_language(chosen))
        if not await fanout.join(topic, self):
            await self.close(code=CLOSE_TRY_AGAIN)
            return False
        self.topic = topic
        await self.accept()
        if self.counts_presence:
            count = presence.presence_moved(topic, +1)
            await self.send_frame(PresenceEvent(count=count))  # the newcomer, at once
        return True

    async def disconnect(self, code: int) -> None:
        if self.topic is not None:
            fanout.leave(self.topic, self)
            if self.counts_presence:
                presence.presence_moved(self.topic, -1)
            self.topic = None

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
        kind = content.get("type") if isinstance(content, dict) else None
        if kind not in self.client_frame_types:
            names = " or ".join(f'"{name}"' for name in sorted(self.client_frame_types))
            await self.send_error(UNKNOWN_TYPE, f"Unknown frame type. Send {names}.")
            return
        client_id = content.get("client_id")
        client_id = client_id if isinstance(client_id, str) else None
        try:
            parsed = self.client_frames.validate_python(content)
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"][1:]) or "frame"
            await self.send_error(
                INVALID_FRAME, f'"{kind}" frame: {where}: {problem["msg"]}.', client_id
            )
            return
        try:
            await self.handle(parsed)
        except ServiceError as error:
            await self.send_error(error.code, error.detail, client_id)
            await self.refused(error)

    async def handle(self, parsed: Any) -> None:
        """Act on one valid client frame."""
        raise NotImplementedError

    async def refused(self, error: ServiceError) -> None:
        """After a refusal's error frame: a subclass may close the socket."""

    async def send_frame(self, event: BaseModel) -> None:
        await self.send(text_data=json.dumps(frame(event)))

    async def send_error(self, code: str, detail: str, client_id: str | None = None) -> None:
        await self.send_frame(ErrorEvent(code=code, detail=detail, client_id=client_id))

    async def publish(self, event: BaseModel) -> None:
        """Send ``event`` to every socket on this socket's topic, in every process."""
        assert self.topic is not None
        await asyncio.to_thread(fanout.publish, self.topic, fanout.FRAME, json.dumps(frame(event)))

    def hold(self) -> None:
        """Hold live frames back until :meth:`release`."""
        if self.held is None:
            self.held = deque()

    async def release(self) -> None:
        """Send the frames held back, in order, then write live ones straight away."""
        held = self.held
        while held:
            await self.send(text_data=held.popleft())
        self.held = None

    # ---- fanout.Receiver ------------------------------------------------------------

    async def deliver(self, text: str) -> None:
        if self.held is not None:
            self.held.append(text)
        else:
            await self.send(text_data=text)

    async def removed(self) -> None:
        await self.send_error(FORBIDDEN, _("A facilitator has removed you from this thread."))
        await self.close(code=CLOSE_FORBIDDEN)

    async def lost(self) -> None:
        await self.close(code=CLOSE_RESUME)
