"""Contributions made with a supporter, for the person they act for.

``resolve_author`` turns (signed-in supporter, on_behalf_of) into (author, supporter):
the consent check is accounts.support.acting_for, whose ``forbidden`` refusal the form or
socket shows as it is. The person can withdraw anything done for them.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SupportArea, User
from accounts.support import acting_for
from common.errors import ServiceError
from deliberation.errors import FORBIDDEN
from deliberation.events import hidden_event, send_event_on_commit, send_tally_on_commit
from deliberation.models import Message, PollResponse, Thread, Vote
from deliberation.rules import can_write


def resolve_author(*, user: Any, on_behalf_of: Any, thread: Thread) -> tuple[Any, User | None]:
    """Who a contribution is from, and who supported it (None when it is one's own)."""
    if on_behalf_of in (None, ""):
        return user, None
    person = acting_for(supporter=user, person_id=on_behalf_of, area=SupportArea.DISCUSSIONS)
    if not can_write(user, thread):
        raise ServiceError(FORBIDDEN, _("You cannot take part in this thread."))
    return person, user


def _refuse_unless_done_for(person: User, supporter_id: int | None, author_id: int) -> None:
    if author_id != person.pk or supporter_id is None:
        raise ServiceError(FORBIDDEN, _("You can only withdraw what a supporter did for you"))


def supported_message_withdraw(*, person: User, message: Message) -> Message:
    """The person takes back a message written for them: the text goes, a tombstone
    stays, and live readers are told to hide it."""
    _refuse_unless_done_for(person, message.supporter_id, message.author_id)
    if message.deleted_at is None:
        with transaction.atomic():
            message.body = ""
            message.body_html = ""
            message.deleted_at = timezone.now()
            message.save(update_fields=["body", "body_html", "deleted_at"])
            send_event_on_commit(message.thread_id, hidden_event(message))
    return message


def supported_vote_withdraw(*, person: User, vote: Vote) -> None:
    _refuse_unless_done_for(person, vote.supporter_id, vote.voter_id)
    statement_id = vote.statement_id
    with transaction.atomic():
        vote.delete()
        send_tally_on_commit(vote.statement.thread_id, statement_id)


def supported_poll_answer_withdraw(*, person: User, response: PollResponse) -> None:
    _refuse_unless_done_for(person, response.supporter_id, response.respondent_id)
    response.delete()
