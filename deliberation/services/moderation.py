"""Facilitators' actions. Each one writes an entry in the moderation log in the same
transaction, so the log cannot miss an action that happened."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notifications_send_on_commit
from common.errors import ServiceError
from common.text import clean_text
from deliberation.errors import EMPTY, FORBIDDEN, INVALID_FRAME, PAUSED
from deliberation.events import (
    StatementEvent,
    hidden_event,
    send_event_on_commit,
    send_removal_on_commit,
    send_state_on_commit,
)
from deliberation.models import (
    Flag,
    Message,
    ModerationAction,
    ModerationLogEntry,
    Role,
    Statement,
    StatementStatus,
    Thread,
    ThreadMember,
)
from deliberation.rules import can_view, is_facilitator, is_signed_in


def _refuse_unless_facilitator(actor: Any, thread: Thread) -> None:
    if not is_facilitator(actor, thread):
        raise ServiceError(FORBIDDEN, _("Only a facilitator of this thread can do that."))


def _reason(reason: str, empty: str) -> str:
    """The cleaned reason; ``empty`` is the refusal when none is given ("Give a reason…")."""
    try:
        # Translators: names the field in refusals, such as "The reason has a control character…".
        return clean_text(reason, label=_("the reason"), field="reason", max_length=500)
    except ServiceError as error:
        if error.code == EMPTY:
            raise ServiceError(EMPTY, empty, field="reason") from None
        raise


def _resolve_flags(message: Message, actor: Any, outcome: Callable[[], str], now: datetime) -> None:
    """Close the open reports of a message and tell each person who made one what became
    of it, once that is committed. Each is told only of their own report: not who else
    made one, nor how many did. A report made meanwhile stays open for a facilitator."""
    open_flags = dict(
        message.flags.filter(resolved_at__isnull=True).values_list("pk", "flagged_by_id")
    )
    Flag.objects.filter(pk__in=open_flags).update(resolved_at=now)
    notifications_send_on_commit(
        users=User.objects.filter(pk__in=set(open_flags.values())).exclude(pk=actor.pk),
        message=lambda: (
            _("You reported a message in ‘%(title)s’. %(outcome)s")
            % {"title": message.thread.title, "outcome": outcome()}
        ),
        url=f"{message.thread.get_absolute_url()}#message-{message.pk}",
    )


def message_flag(*, user: Any, message: Message, reason: str) -> Flag:
    """Ask facilitators to look at a message. Flagging twice updates the reason."""
    if not (is_signed_in(user) and can_view(user, message.thread)):
        raise ServiceError(FORBIDDEN, _("Sign in to report a message."))
    reason = _reason(reason, _("Give a reason for reporting this message."))
    with transaction.atomic():
        flag, _created = Flag.objects.update_or_create(
            message=message, flagged_by=user, defaults={"reason": reason, "resolved_at": None}
        )
    return flag


def message_hide(*, actor: Any, message: Message, reason: str) -> Message:
    """Hide a message; everyone sees that it was hidden and why. Connected clients get
    ``hidden`` after the commit."""
    _refuse_unless_facilitator(actor, message.thread)
    reason = _reason(reason, _("Give a reason people will see for hiding it."))
    now = timezone.now()
    with transaction.atomic():
        message.hidden_at = now
        message.hidden_reason = reason
        message.hidden_by = actor
        message.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        _resolve_flags(
            message,
            actor,
            lambda: (
                _("A facilitator has hidden it. The reason everyone sees in its place: %(reason)s")
                % {"reason": reason}
            ),
            now,
        )
        ModerationLogEntry.objects.create(
            thread_id=message.thread_id,
            actor=actor,
            action=ModerationAction.HIDE_MESSAGE,
            message=message,
            person_id=message.author_id,
            reason=reason,
        )
        send_event_on_commit(message.thread_id, hidden_event(message))
    return message


def flags_dismiss(*, actor: Any, message: Message, reason: str = "") -> None:
    """Keep a flagged message as it is and clear it from the queue."""
    _refuse_unless_facilitator(actor, message.thread)
    with transaction.atomic():
        _resolve_flags(
            message,
            actor,
            lambda: _(
                "A facilitator has looked at it and kept it: they found it within the "
                "discussion's rules. Thank you for reporting it."
            ),
            timezone.now(),
        )
        ModerationLogEntry.objects.create(
            thread_id=message.thread_id,
            actor=actor,
            action=ModerationAction.DISMISS_FLAGS,
            message=message,
            person_id=message.author_id,
            reason=reason.strip()[:500],
        )


def person_remove(*, actor: Any, thread: Thread, person: Any, reason: str) -> ThreadMember:
    """Remove a person from a thread: they can no longer see it or write in it, and any
    socket they have open on it is closed."""
    _refuse_unless_facilitator(actor, thread)
    if person.pk == actor.pk:
        raise ServiceError(FORBIDDEN, _("You cannot remove yourself."))
    if person.is_staff:
        raise ServiceError(FORBIDDEN, _("Staff cannot be removed from a thread."))
    reason = _reason(reason, _("Give a reason for removing this person."))
    with transaction.atomic():
        member, _created = ThreadMember.objects.get_or_create(thread=thread, user=person)
        member.removed_at = timezone.now()
        member.removal_reason = reason
        member.role = Role.PARTICIPANT
        member.save(update_fields=["removed_at", "removal_reason", "role"])
        ModerationLogEntry.objects.create(
            thread=thread,
            actor=actor,
            action=ModerationAction.REMOVE_PERSON,
            person=person,
            reason=reason,
        )
        send_removal_on_commit(thread.pk, person.pk)
    thread.__dict__.pop("_membership_cache", None)
    return member


def statement_moderate(
    *, actor: Any, statement: Statement, accept: bool, reason: str = ""
) -> Statement:
    """Accept a statement for voting, or reject it with a reason its author will see."""
    _refuse_unless_facilitator(actor, statement.thread)
    if not accept:
        reason = _reason(reason, _("Give a reason for not accepting this statement."))
    with transaction.atomic():
        statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
        statement.rejection_reason = "" if accept else reason
        statement.moderated_at = timezone.now()
        statement.save(update_fields=["status", "rejection_reason", "moderated_at"])
        ModerationLogEntry.objects.create(
            thread_id=statement.thread_id,
            actor=actor,
            action=ModerationAction.ACCEPT_STATEMENT
            if accept
            else ModerationAction.REJECT_STATEMENT,
            statement=statement,
            person_id=statement.author_id,
            reason=statement.rejection_reason,
        )
        if accept:
            event = StatementEvent(id=statement.pk, text=statement.text)
            send_event_on_commit(statement.thread_id, event)
    return statement


def slow_mode_set(*, actor: Any, thread: Thread, seconds: int) -> Thread:
    _refuse_unless_facilitator(actor, thread)
    if not 0 <= seconds <= 3600:
        raise ServiceError(
            "invalid_slow_mode", _("Choose between 0 (off) and 3,600 seconds."), field="seconds"
        )
    # Translators: the moderation log's note of a new slow mode: seconds between messages.
    every = _("%(count)d seconds") % {"count": seconds}
    # Translators: the moderation log's note of slow mode turned off.
    logged = every if seconds else _("off")
    with transaction.atomic():
        thread.slow_mode_seconds = seconds
        thread.save(update_fields=["slow_mode_seconds", "modified"])
        ModerationLogEntry.objects.create(
            thread=thread,
            actor=actor,
            action=ModerationAction.SET_SLOW_MODE,
            reason=logged,
        )
    return thread


def thread_pause(*, actor: Any, thread: Thread, reason: str) -> Thread:
    """Stop posting and voting for everyone but facilitators, saying why. Connected
    clients are sent the new ``discussion`` state once it is committed."""
    _refuse_unless_facilitator(actor, thread)
    reason = _reason(reason, _("Give a reason for pausing, so people know why and for how long."))
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.paused_at is not None:
            raise ServiceError(PAUSED, _("This discussion is already paused."))
        locked.paused_at = timezone.now()
        locked.pause_reason = reason
        locked.save(update_fields=["paused_at", "pause_reason", "modified"])
        ModerationLogEntry.objects.create(
            thread=locked, actor=actor, action=ModerationAction.PAUSE, reason=reason
        )
        send_state_on_commit(locked)
    return locked


def thread_resume(*, actor: Any, thread: Thread, reason: str = "") -> Thread:
    """Let people post and vote again (as far as the discussion's lifecycle allows)."""
    _refuse_unless_facilitator(actor, thread)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.paused_at is None:
            raise ServiceError(INVALID_FRAME, _("This discussion is not paused."))
        locked.paused_at = None
        locked.pause_reason = ""
        locked.save(update_fields=["paused_at", "pause_reason", "modified"])
        ModerationLogEntry.objects.create(
            thread=locked,
            actor=actor,
            action=ModerationAction.RESUME,
            reason=clean_text(
                reason,
                # Translators: names the field in refusals ("The note has a control character…").
                label=_("the note"),
                field="reason",
                max_length=500,
                required=False,
            ),
        )
        send_state_on_commit(locked)
    return locked
