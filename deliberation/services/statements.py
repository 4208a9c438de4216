from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ServiceError, validate_model
from common.text import clean_text
from deliberation.errors import INVALID_VOTE, NOT_FOUND, TOO_LONG
from deliberation.events import send_tally_on_commit
from deliberation.languages import language_written_in
from deliberation.lifecycle import Activity
from deliberation.models import (
    STATEMENT_MAX_LENGTH,
    Statement,
    StatementStatus,
    Thread,
    Vote,
    VoteValue,
)
from deliberation.rules import is_facilitator
from deliberation.services.limits import take_vote_token
from deliberation.services.locks import thread_locked_against_pause
from deliberation.services.messages import refuse_unless_can_write, refuse_unless_still_allowed
from deliberation.services.support import resolve_author

VOTE_VALUES = {v.value for v in VoteValue}


def statement_submit(
    *, user: Any, thread: Thread, text: str, is_meta: bool = False, language: str | None = None
) -> Statement:
    """A participant's statement waits for a facilitator; a facilitator's is accepted.
    ``language`` is the one its author says they wrote it in; without it, the one they
    are reading Hearth in.

    The lifecycle is checked again under the thread's row lock, as posts are
    (:func:`deliberation.services.messages.do_post_message`): none lands after a pause or
    the closing time."""
    refuse_unless_can_write(user, thread, Activity.SUGGEST_STATEMENT)
    # Translators: names the field in refusals, such as "Your statement has a control character…".
    text = " ".join(clean_text(text, label=_("your statement"), field="text").split())
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ServiceError(
            TOO_LONG,
            _(
                "Statements can be up to %(most)d characters. "
                "Yours has %(length)d: keep to one idea."
            )
            % {"most": STATEMENT_MAX_LENGTH, "length": len(text)},
            field="text",
        )
    language = language_written_in(language)
    facilitator = is_facilitator(user, thread)
    statement = Statement(
        thread=thread,
        author=user,
        text=text,
        language=language,
        is_seed=facilitator,
        is_meta=is_meta and facilitator,
        status=StatementStatus.ACCEPTED if facilitator else StatementStatus.PENDING,
        moderated_at=timezone.now() if facilitator else None,
    )
    validate_model(statement)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        refuse_unless_still_allowed(user, locked, Activity.SUGGEST_STATEMENT)
        statement.save()
    return statement


def vote_cast(
    *, user: Any, thread_id: int, statement_id: int, value: Any, on_behalf_of: Any = None
) -> None:
    """Record a vote on an accepted statement of thread ``thread_id`` (for the person
    ``on_behalf_of`` names, when a supporter votes with their consent), replacing the
    person's earlier one.

    Every check runs once, on the thread as read under its row lock, the lock a pause
    takes (:mod:`deliberation.services.locks`): a pause or a closing time is either
    before the vote, which is refused, or after it. One check, not a check and a
    re-check, keeps a burst of votes to a few queries each: the thread is asked for by
    its number, not as an object read before, so a vote reads it and the voter's place
    in it once (a thread one may not see is refused here, ``forbidden``). The vote is one upsert,
    ``INSERT ... ON CONFLICT (statement, voter) DO UPDATE`` on SQLite and PostgreSQL, so
    parallel votes by one person leave one row; listening processes read the tally after
    the commit.
    """
    if isinstance(value, bool) or value not in VOTE_VALUES:
        raise ServiceError(
            INVALID_VOTE,
            _("A vote must be 1 (agree), -1 (disagree) or 0 (pass)."),
            field="value",
        )
    with transaction.atomic():
        locked = thread_locked_against_pause(thread_id)
        voter, supporter = resolve_author(user=user, on_behalf_of=on_behalf_of, thread=locked)
        refuse_unless_can_write(voter, locked, Activity.VOTE)
        statement = Statement.objects.filter(
            pk=statement_id, thread=locked, status=StatementStatus.ACCEPTED
        ).first()
        if statement is None:
            raise ServiceError(
                NOT_FOUND, _("There is no statement with that number to vote on here.")
            )
        take_vote_token(user_id=voter.pk)
        Vote.objects.bulk_create(
            [Vote(statement=statement, voter=voter, value=int(value), supporter=supporter)],
            update_conflicts=True,
            unique_fields=["statement", "voter"],
            update_fields=["value", "modified", "supporter"],
        )
        send_tally_on_commit(locked.pk, statement.pk)
