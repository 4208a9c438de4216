"""What a discussion allows at this moment, decided in one place and checked at every write.

A thread stands alone: it does not know the consultation or proposal it belongs to. The
app that owns a thread says what its lifecycle allows by registering a *governor* in its
``AppConfig.ready()`` (cms for consultations, proposals for proposals): a function from a
thread and a moment to a :class:`Governance`, or None when the thread is not its own.
Governors read dates and stages, never a stored "closed" flag, so a consultation closes at
its closing time with no job to run.

On top of its owner's lifecycle, a facilitator may pause a thread (with a reason everyone
sees) or close it; facilitators themselves may still post in a thread they paused or
closed, to say why. Nobody writes into a discussion its owner's lifecycle has closed.

Services call :func:`refuse_unless_allowed` before a write and again inside the write's
transaction, after its lock (:mod:`deliberation.services`), so a write that started just
before the closing moment or a pause is refused rather than stored.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ServiceError
from deliberation.errors import CLOSED, PAUSED
from deliberation.models import Thread


class Activity(models.TextChoices):
    """Each kind of write a discussion may allow."""

    # Translators: something a discussion may allow people to do at the moment.
    POST = "post", gettext_lazy("post messages")
    REPLY = "reply", gettext_lazy("reply to messages")
    EDIT = "edit", gettext_lazy("change or delete their messages")
    VOTE = "vote", gettext_lazy("vote on statements")
    SUGGEST_STATEMENT = "suggest_statement", gettext_lazy("suggest statements")
    ANSWER_POLL = "answer_poll", gettext_lazy("answer polls")


EVERYTHING = frozenset(Activity)
# The id of the notice's heading on a thread page (templates/deliberation/_discussion_notice.html).
NOTICE_TITLE_ID = "discussion-notice-title"
NOTHING: frozenset[Activity] = frozenset()
TALK = frozenset({Activity.POST, Activity.REPLY, Activity.EDIT})


class Phase(models.TextChoices):
    """Where a discussion stands, as clients are told it (the ``discussion`` frame)."""

    # Translators: where a discussion stands: people can take part in it now.
    OPEN = "open", gettext_lazy("Open")
    NOT_OPEN_YET = "not_open_yet", gettext_lazy("Not open yet")
    LIMITED = "limited", gettext_lazy("Open for discussion only")
    # Translators: where a discussion stands: a facilitator has paused posting and voting.
    PAUSED = "paused", gettext_lazy("Paused")
    # Translators: where a discussion stands: nobody can add to it any more.
    CLOSED = "closed", gettext_lazy("Closed")


@dataclass(frozen=True)
class Governance:
    """What a thread's owner allows at one moment, what to tell people about the rest, and
    when this next changes by the clock alone (None: only a person's action changes it)."""

    phase: Phase
    allows: frozenset[Activity]
    notice: str = ""
    next_change: datetime.datetime | None = None
    # Votes and answers stored at or after this moment are kept but not counted (the
    # analysis and open data): a consultation's closing time, once it has passed.
    counted_until: datetime.datetime | None = None


Governor = Callable[[Thread, datetime.datetime], Governance | None]
_governors: list[Governor] = []

OPEN = Governance(Phase.OPEN, EVERYTHING)


def register_governor(governor: Governor) -> None:
    """Called from an owning app's ``AppConfig.ready()``; registering twice is harmless."""
    if governor not in _governors:
        _governors.append(governor)


def owner_governance(thread: Thread, now: datetime.datetime) -> Governance:
    for governor in _governors:
        governance = governor(thread, now)
        if governance is not None:
            return governance
    return OPEN


@dataclass(frozen=True)
class DiscussionState:
    """A thread's owner's lifecycle with a facilitator's pause or close on top."""

    phase: Phase
    allows: frozenset[Activity]
    notice: str
    next_change: datetime.datetime | None
    counted_until: datetime.datetime | None = None
    # A facilitator's pause or close (not the owner's lifecycle): facilitators may still
    # write, to explain it.
    by_facilitator: bool = False

    def allowed(self, activity: Activity) -> bool:
        return activity in self.allows


def discussion_state(thread: Thread, now: datetime.datetime | None = None) -> DiscussionState:
    now = now or timezone.now()
    owner = owner_governance(thread, now)
    if owner.allows and thread.paused_at is not None:
        if thread.pause_reason:
            notice = _(
                "A facilitator has paused posting and voting in this discussion. "
                "You can read everything here. Reason: %(reason)s"
            ) % {"reason": thread.pause_reason}
        else:
            notice = _(
                "A facilitator has paused posting and voting in this discussion. "
                "You can read everything here."
            )
        return DiscussionState(
            Phase.PAUSED,
            NOTHING,
            notice,
            owner.next_change,
            owner.counted_until,
            by_facilitator=True,
        )
    if owner.allows and not thread.is_open:
        return DiscussionState(
            Phase.CLOSED,
            NOTHING,
            _("A facilitator has closed this discussion. You can read it but not add to it."),
            None,
            owner.counted_until,
            by_facilitator=True,
        )
    # str(): an owner's notice may be a lazy translation, made text in the language now active.
    return DiscussionState(
        owner.phase, owner.allows, str(owner.notice), owner.next_change, owner.counted_until
    )


def permits(state: DiscussionState, activity: Activity, *, facilitator: bool) -> bool:
    """Whether one person may do ``activity`` now. Facilitators may still talk (to explain)
    in a discussion a facilitator paused or closed, never in one its lifecycle closed."""
    return state.allowed(activity) or (facilitator and state.by_facilitator and activity in TALK)


def refuse_unless_allowed(
    thread: Thread,
    activity: Activity,
    *,
    facilitator: bool,
    state: DiscussionState | None = None,
) -> None:
    """Raise a ``closed`` or ``paused`` error when the discussion does not allow ``activity``
    now, with the notice that says why."""
    state = state or discussion_state(thread)
    if permits(state, activity, facilitator=facilitator):
        return
    raise ServiceError(PAUSED if state.phase == Phase.PAUSED else CLOSED, state.notice)
