import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ServiceError
from common.text import clean_text
from deliberation.errors import (
    EDIT_WINDOW_PASSED,
    FORBIDDEN,
    INVALID_FRAME,
    INVALID_REPLY,
    SLOW_MODE,
)
from deliberation.events import EditedEvent, hidden_event, send_event_on_commit
from deliberation.languages import language_written_in
from deliberation.lifecycle import Activity, discussion_state, refuse_unless_allowed
from deliberation.markdown import render_markdown
from deliberation.models import CLIENT_ID_MAX_LENGTH, MESSAGE_MAX_LENGTH, Message, Thread
from deliberation.rules import can_view, current_state, is_facilitator, is_removed
from deliberation.selectors import MESSAGE_EVENT_RELATED, message_event
from deliberation.services.limits import seconds, take_post_token
from deliberation.services.support import resolve_author

EDIT_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class PostPlan:
    """A post that passed every check; ``existing`` is set when it is a retry."""

    thread: Thread
    author: Any
    body: str
    reply_to_id: int | None
    client_id: str
    existing: Message | None = None
    supporter: Any = None
    # The message replied to, with its author: the frame names them (MessagePayload).
    replying_to: Message | None = None
    language: str = ""  # as checked by deliberation.languages.language_written_in


def refuse_unless_can_write(user: Any, thread: Thread, activity: Activity) -> None:
    """Refuse a person who may not write here, then a write the discussion's lifecycle
    does not allow now (error code ``closed`` or ``paused``)."""
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(FORBIDDEN, _("Sign in to take part in this thread."))
    if is_removed(user, thread):
        raise ServiceError(FORBIDDEN, _("A facilitator has removed you from this thread."))
    if not can_view(user, thread):
        raise ServiceError(FORBIDDEN, _("You cannot take part in this thread."))
    refuse_unless_allowed(
        thread, activity, facilitator=is_facilitator(user, thread), state=current_state(thread)
    )


def refuse_unless_still_allowed(user: Any, thread: Thread, activity: Activity) -> None:
    """The lifecycle check again, inside the write's transaction, on ``thread`` as just read
    (locked, where the write locks it): a pause committed, or a closing time passed, since
    the first check wins."""
    refuse_unless_allowed(
        thread, activity, facilitator=is_facilitator(user, thread), state=discussion_state(thread)
    )


def refuse_if_too_soon(user: Any, thread: Thread) -> None:
    """Slow mode: one message per person every ``slow_mode_seconds``; facilitators are free."""
    if not thread.slow_mode_seconds or is_facilitator(user, thread):
        return
    last = (
        Message.objects.filter(thread=thread, author=user)
        .order_by("-id")
        .values_list("created", flat=True)
        .first()
    )
    if last is None:
        return
    ready = last + timedelta(seconds=thread.slow_mode_seconds)
    wait = math.ceil((ready - timezone.now()).total_seconds())
    if wait > 0:
        raise ServiceError(
            SLOW_MODE,
            _(
                "Slow mode is on: one message every %(every)s. "
                "Wait %(wait)s, then send your message."
            )
            % {"every": seconds(thread.slow_mode_seconds), "wait": seconds(wait)},
            field="body",
        )


def clean_body(body: str) -> str:
    # Translators: names the field in refusals, such as "Your message has a control character…".
    return clean_text(body, label=_("your message"), field="body", max_length=MESSAGE_MAX_LENGTH)


def check_post_message(
    *,
    user: Any,
    thread: Thread,
    body: str,
    reply_to_id: int | None,
    client_id: str = "",
    on_behalf_of: Any = None,
    language: str | None = None,
) -> PostPlan:
    """Authorise and validate a post, counting it against the rate limit. Writes nothing
    to the database. A retry (same person, thread and ``client_id``) passes at once.
    With ``on_behalf_of`` a supporter posts for that person, if their consent allows.
    ``language`` is the one the author says they wrote in; without it, the one they are
    reading Hearth in (the request's, or the socket's)."""
    user, supporter = resolve_author(user=user, on_behalf_of=on_behalf_of, thread=thread)
    activity = Activity.POST if reply_to_id is None else Activity.REPLY
    refuse_unless_can_write(user, thread, activity)
    if len(client_id) > CLIENT_ID_MAX_LENGTH:
        raise ServiceError(
            INVALID_FRAME, f"client_id can be up to {CLIENT_ID_MAX_LENGTH} characters."
        )
    language = language_written_in(language)
    if client_id:
        existing = (
            Message.objects.filter(author=user, thread=thread, client_id=client_id)
            .select_related(*MESSAGE_EVENT_RELATED)
            .first()
        )
        if existing is not None:
            return PostPlan(thread, user, existing.body, existing.reply_to_id, client_id, existing)
    body = clean_body(body)
    if reply_to_id is not None:
        replied = (
            Message.objects.filter(pk=reply_to_id, thread=thread).select_related("author").first()
        )
        if replied is None or not replied.is_visible:
            raise ServiceError(
                INVALID_REPLY, _("The message you are replying to is not in this thread any more.")
            )
    else:
        replied = None
    refuse_if_too_soon(user, thread)
    take_post_token(thread_id=thread.pk, user_id=user.pk)
    return PostPlan(
        thread,
        user,
        body,
        reply_to_id,
        client_id,
        supporter=supporter,
        language=language,
        replying_to=replied,
    )


def do_post_message(*, plan: PostPlan) -> tuple[Message, bool]:
    """Write the message and broadcast it once committed. Returns (message, created).

    The thread row is locked while the message is inserted, so ids within a thread are
    committed in increasing order (``resume`` relies on it), and the checks that guard the
    write run again under that lock: two parallel posts cannot both pass slow mode, and
    none lands after a pause or the closing time. A concurrent retry with the same
    ``client_id`` loses on the unique constraint and gets the first message back.
    """
    if plan.existing is not None:
        return plan.existing, False
    activity = Activity.POST if plan.reply_to_id is None else Activity.REPLY
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=plan.thread.pk)
        refuse_unless_still_allowed(plan.author, locked, activity)
        refuse_if_too_soon(plan.author, locked)
        message = Message(
            thread=plan.thread,
            author=plan.author,
            supporter=plan.supporter,
            body=plan.body,
            body_html=render_markdown(plan.body),
            language=plan.language or language_written_in(None),
            reply_to=plan.replying_to,
            client_id=plan.client_id,
        )
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            if not plan.client_id:
                raise
            first = Message.objects.select_related(*MESSAGE_EVENT_RELATED).get(
                author=plan.author, thread=plan.thread, client_id=plan.client_id
            )
            return first, False
        send_event_on_commit(plan.thread.pk, message_event(message))
    return message, True


def message_post(
    *,
    user: Any,
    thread: Thread,
    body: str,
    reply_to_id: int | None = None,
    client_id: str = "",
    on_behalf_of: Any = None,
    language: str | None = None,
) -> Message:
    """Check and post in one call (the no-JavaScript form)."""
    plan = check_post_message(
        user=user,
        thread=thread,
        body=body,
        reply_to_id=reply_to_id,
        client_id=client_id,
        on_behalf_of=on_behalf_of,
        language=language,
    )
    message, _created = do_post_message(plan=plan)
    return message


def _refuse_unless_own_visible_message(user: Any, message: Message) -> None:
    if message.author_id != getattr(user, "pk", None):
        raise ServiceError(FORBIDDEN, _("Only the person who wrote a message can change it."))
    if not message.is_visible:
        raise ServiceError(FORBIDDEN, _("This message has been deleted or hidden."))


def message_edit(*, user: Any, message: Message, body: str) -> Message:
    """Change one's own message within the edit window; it is marked as edited, and live
    clients are sent ``edited`` (an addition to protocol v1) to update it in place."""
    _refuse_unless_own_visible_message(user, message)
    refuse_unless_can_write(user, message.thread, Activity.EDIT)
    if timezone.now() - message.created > EDIT_WINDOW:
        raise ServiceError(
            EDIT_WINDOW_PASSED,
            _(
                "Messages can be changed for 15 minutes after sending. "
                "Post a new message to add to it."
            ),
            field="body",
        )
    body = clean_body(body)
    with transaction.atomic():
        message.body = body
        message.body_html = render_markdown(body)
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "body_html", "edited_at"])
        send_event_on_commit(
            message.thread_id,
            EditedEvent(
                id=message.pk, body_html=message.body_html, edited=message.edited_at.isoformat()
            ),
        )
    return message


def message_delete(*, user: Any, message: Message) -> Message:
    """Delete one's own message: the text goes, a tombstone stays so replies keep their
    place. Live clients are sent ``hidden`` so the text leaves their screens too. People
    may take back what they wrote even after the discussion has closed."""
    _refuse_unless_own_visible_message(user, message)
    if is_removed(user, message.thread) or not can_view(user, message.thread):
        raise ServiceError(FORBIDDEN, _("You cannot take part in this thread."))
    with transaction.atomic():
        message.body = ""
        message.body_html = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["body", "body_html", "deleted_at"])
        send_event_on_commit(message.thread_id, hidden_event(message))
    return message
