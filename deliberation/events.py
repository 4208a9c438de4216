"""Everything that goes over a thread socket: one typed schema per frame, and the one
helper that broadcasts, always after the transaction commits.

Frames follow DESIGN.md §5.3 (WebSocket protocol v1), plus additions that v1 clients can
ignore: the ``edited`` frame, ``supporter`` in a message (who wrote it with the author, or
null), ``language`` in a message (the language it is written in), and an optional
``language`` in a post. Every v1 field is as the contract lists it. Every schema has a literal
``type`` and forbids extra fields; tests check each emitted frame against its schema.
"""

import json
from typing import Annotated, Literal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from pydantic import ConfigDict, Field, TypeAdapter

from deliberation.lifecycle import discussion_state
from deliberation.models import Message, Poll, ResultsShown, Thread
from deliberation.realtime import fanout
from deliberation.realtime.frames import ErrorEvent, PresenceEvent, frame
from deliberation.realtime.frames import Frame as _Frame

# The readers of refreshes, registered with the fan-out by the app's ready().
TALLY_READER = "tally"
POLL_RESULTS_READER = "poll_results"


def thread_topic(thread_id: int) -> str:
    """The fan-out topic of a thread's sockets."""
    return f"thread:{thread_id}"


# ---- client -> server -------------------------------------------------------------


class PostFrame(_Frame):
    type: Literal["post"]
    body: str
    reply_to: int | None = None
    client_id: str
    # Not in protocol v1 as first written: added alongside it (README's protocol note).
    # The language the message is written in, a code of settings.LANGUAGES ("cy"); left
    # out, the socket's language. An unknown one gets an ``invalid_language`` error.
    language: str | None = None


class ResumeFrame(_Frame):
    type: Literal["resume"]
    after: int


class VoteFrame(_Frame):
    type: Literal["vote"]
    statement: int
    value: int


ClientFrame = Annotated[PostFrame | ResumeFrame | VoteFrame, Field(discriminator="type")]
client_frame = TypeAdapter[PostFrame | ResumeFrame | VoteFrame](ClientFrame)
CLIENT_FRAME_TYPES = frozenset({"post", "resume", "vote"})

# ---- server -> client -------------------------------------------------------------


class Author(_Frame):
    """A person named in a frame: the author of a message, or its supporter."""

    id: int
    name: str


class WrittenIn(_Frame):
    """The language a message is written in: its code in settings.LANGUAGES ("en-gb"),
    its BCP 47 tag for ``lang`` ("en-GB") and its name in itself ("English")."""

    code: str
    tag: str
    name: str


class MessagePayload(_Frame):
    id: int
    thread: int
    author: Author
    body_html: str
    reply_to: int | None
    created: str
    client_id: str | None
    # Not in protocol v1 as first written: added alongside it (README's protocol note).
    # The person who wrote the message with the author, on their behalf and with their
    # consent; the thread page shows "written with support from <name>".
    supporter: Author | None = None
    # Not in protocol v1 as first written: added alongside it. The page marks the text
    # with ``tag`` and, where it is not the page's language, shows ``name`` beside it.
    language: WrittenIn
    # Not in protocol v1 as first written: added alongside it. Who wrote the message this
    # one replies to, for "In reply to <name>" as the page says it (null with no reply_to).
    reply_to_author: Author | None = None


class MessageEvent(_Frame):
    type: Literal["message"] = "message"
    message: MessagePayload


class ResumedEvent(_Frame):
    type: Literal["resumed"] = "resumed"
    last: int


class HiddenEvent(_Frame):
    """``notice`` is not in protocol v1 as first written: added alongside it (README's
    protocol note). The words the page shows in the message's place, as
    :func:`tombstone` gives them; v1 clients ignore it."""

    type: Literal["hidden"] = "hidden"
    id: int
    notice: str = ""


class EditedEvent(_Frame):
    """Not in protocol v1 as first written: added alongside it (README's protocol note).
    Clients that do not know it ignore it and see the edit on their next page load."""

    type: Literal["edited"] = "edited"
    id: int
    body_html: str
    edited: str


class DiscussionEvent(_Frame):
    """Not in protocol v1 as first written: added alongside it (README's protocol note).
    What the discussion allows now, sent when that changes: at a consultation's opening
    or closing time, or when a facilitator pauses or resumes it. ``phase`` is one of
    deliberation.lifecycle.Phase; ``allows`` lists the writes still open (``post``,
    ``reply``, ``edit``, ``vote``, ``suggest_statement``, ``answer_poll``); ``notice`` says
    it in words for people. Clients that do not know the frame get ``error`` frames with
    code ``closed`` or ``paused`` for refused writes."""

    type: Literal["discussion"] = "discussion"
    phase: str
    allows: list[str]
    notice: str


class StatementEvent(_Frame):
    """Not in protocol v1 as first written: added alongside it (README's protocol note).
    A statement a facilitator has just accepted for voting; pages add it to the ones they
    show. Clients that do not know it see it on their next page load."""

    type: Literal["statement"] = "statement"
    id: int
    text: str


class PollEvent(_Frame):
    """Not in protocol v1 as first written: added alongside it (README's protocol note).
    A poll a facilitator has just started, with where to answer it and when it closes
    (ISO 8601, or null for no closing time)."""

    type: Literal["poll"] = "poll"
    id: int
    question: str
    url: str
    closes_at: str | None


class PollResultsEvent(_Frame):
    """Not in protocol v1 as first written: added alongside it (README's protocol note).
    A poll's results as its page shows them (``html``, rendered by the server from
    escaped text), sent as answers come in while the results are shown to everyone."""

    type: Literal["poll_results"] = "poll_results"
    poll: int
    html: str


class TallyEvent(_Frame):
    type: Literal["tally"] = "tally"
    statement: int
    agree: int = Field(ge=0)
    disagree: int = Field(ge=0)
    # "pass" is a Python keyword: the field is ``pass_`` and travels as "pass".
    pass_: int = Field(ge=0, alias="pass")

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


ServerEvent = (
    MessageEvent
    | ResumedEvent
    | ErrorEvent
    | HiddenEvent
    | EditedEvent
    | DiscussionEvent
    | PresenceEvent
    | TallyEvent
    | StatementEvent
    | PollEvent
    | PollResultsEvent
)
server_event = TypeAdapter[ServerEvent](Annotated[ServerEvent, Field(discriminator="type")])


def poll_event(poll: Poll) -> PollEvent:
    return PollEvent(
        id=poll.pk,
        question=poll.question,
        url=reverse("deliberation:poll", args=[poll.thread_id, poll.pk]),
        closes_at=poll.closes_at.isoformat(timespec="seconds") if poll.closes_at else None,
    )


def tombstone(message: Message) -> str:
    """What a reader sees in place of a hidden or deleted message, on the page and live
    (templates/deliberation/_message.html says the same)."""
    if message.hidden_at is not None:
        return _("A facilitator hid this message. Reason: %(reason)s") % {
            "reason": message.hidden_reason
        }
    return _("%(name)s deleted this message.") % {"name": message.author.display_name}


def hidden_event(message: Message) -> HiddenEvent:
    return HiddenEvent(id=message.pk, notice=tombstone(message))


# ---- broadcasting -----------------------------------------------------------------


def publish_event(thread_id: int, event: ServerEvent) -> None:
    """Serialise ``event`` once and send it to every socket of the thread, now. Callers in
    a transaction use :func:`send_event_on_commit` instead."""
    fanout.publish(thread_topic(thread_id), fanout.FRAME, json.dumps(frame(event)))


def send_tally_on_commit(thread_id: int, statement_id: int) -> None:
    """Once the current transaction commits, tell every process that the statement's
    tally changed; each reads it for its own sockets (:mod:`deliberation.realtime.fanout`)."""
    fanout.refresh_on_commit(thread_topic(thread_id), TALLY_READER, str(statement_id))


def send_poll_results_on_commit(poll: Poll) -> None:
    """Once committed, send the poll's results to every socket of its thread, if everyone
    may see them while it is open (each process reads them at most every 25 ms)."""
    if poll.results_shown == ResultsShown.LIVE:
        fanout.refresh_on_commit(thread_topic(poll.thread_id), POLL_RESULTS_READER, str(poll.pk))


def send_event_on_commit(thread_id: int, event: ServerEvent) -> None:
    """Tell everyone connected to a thread about ``event`` once the current transaction
    commits; at once when no transaction is open."""
    transaction.on_commit(lambda: publish_event(thread_id, event), robust=True)


def discussion_event(thread: Thread) -> DiscussionEvent:
    state = discussion_state(thread)
    return DiscussionEvent(
        phase=state.phase.value,
        allows=sorted(activity.value for activity in state.allows),
        notice=state.notice,
    )


def send_state_on_commit(thread: Thread) -> None:
    """Tell everyone connected what the discussion allows now, once the change commits."""
    transaction.on_commit(lambda: publish_event(thread.pk, discussion_event(thread)), robust=True)


def send_removal_on_commit(thread_id: int, user_id: int) -> None:
    """Ask every socket of a removed person in this thread to close (not a client frame)."""
    fanout.publish_on_commit(thread_topic(thread_id), fanout.REMOVED, str(user_id))
