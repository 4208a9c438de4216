from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.errors import ServiceError, validate_model
from common.text import clean_text
from deliberation.errors import FORBIDDEN, INVALID_ANSWER, POLL_CLOSED
from deliberation.events import poll_event, send_event_on_commit, send_poll_results_on_commit
from deliberation.lifecycle import Activity
from deliberation.models import (
    ModerationAction,
    ModerationLogEntry,
    Poll,
    PollChoice,
    PollKind,
    PollOption,
    PollResponse,
    ResultsShown,
    Thread,
)
from deliberation.rules import is_facilitator
from deliberation.selectors import poll_is_open
from deliberation.services.limits import take_vote_token
from deliberation.services.locks import thread_locked_against_pause
from deliberation.services.messages import refuse_unless_can_write, refuse_unless_still_allowed
from deliberation.services.support import resolve_author


def poll_create(
    *,
    actor: Any,
    thread: Thread,
    question: str,
    kind: PollKind | str,
    options: list[str],
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    results_shown: ResultsShown | str = ResultsShown.LIVE,
) -> Poll:
    if not is_facilitator(actor, thread):
        raise ServiceError(FORBIDDEN, _("Only a facilitator can start a poll."))
    # Translators: names the field in refusals, such as "The question has a control character…".
    question = clean_text(question, label=_("the question"), field="question", single_line=True)
    texts = [
        clean_text(
            option,
            # Translators: names one of a poll's options in refusals ("Option 2 has…").
            label=_("option %(number)d") % {"number": number},
            field="options",
            single_line=True,
        )
        for number, option in enumerate(options, start=1)
        if option.strip()
    ]
    if len(texts) < 2:
        raise ServiceError(INVALID_ANSWER, _("Give at least two options."), field="options")
    poll = Poll(
        thread=thread,
        question=question.strip(),
        kind=kind,
        opens_at=opens_at or timezone.now(),
        closes_at=closes_at,
        results_shown=results_shown,
        created_by=actor,
    )
    validate_model(poll)
    with transaction.atomic():
        poll.save()
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, text=t, position=i) for i, t in enumerate(texts)]
        )
        ModerationLogEntry.objects.create(
            thread=thread, actor=actor, action=ModerationAction.CREATE_POLL, reason=poll.question
        )
        send_event_on_commit(thread.pk, poll_event(poll))
    return poll


def check_poll_answer(*, user: Any, poll: Poll, ranking: list[int]) -> list[tuple[int, int | None]]:
    """Validate an answer; ``ranking`` lists option ids, most preferred first for ranked
    polls. Returns (option id, rank or None) pairs to store."""
    refuse_unless_can_write(user, poll.thread, Activity.ANSWER_POLL)
    _refuse_unless_open(poll)
    option_ids = set(poll.options.values_list("pk", flat=True))
    if len(set(ranking)) != len(ranking) or not set(ranking) <= option_ids:
        raise ServiceError(INVALID_ANSWER, _("Choose from the options given."), field="choice")
    if poll.kind == PollKind.SINGLE and len(ranking) != 1:
        raise ServiceError(INVALID_ANSWER, _("Choose one option."), field="choice")
    if poll.kind == PollKind.MULTIPLE and not ranking:
        raise ServiceError(INVALID_ANSWER, _("Choose at least one option."), field="choice")
    if poll.kind == PollKind.RANKED and set(ranking) != option_ids:
        raise ServiceError(
            INVALID_ANSWER, _("Give every option a different place."), field="choice"
        )
    take_vote_token(user_id=user.pk, field="choice")
    if poll.kind == PollKind.RANKED:
        return [(option_id, place) for place, option_id in enumerate(ranking, start=1)]
    return [(option_id, None) for option_id in ranking]


def _refuse_unless_open(poll: Poll) -> None:
    now = timezone.now()
    if poll_is_open(poll, now):
        return
    if poll.opens_at > now:
        raise ServiceError(POLL_CLOSED, _("This poll has not opened yet."))
    assert poll.closes_at is not None
    when = date_format(timezone.localtime(poll.closes_at), "j F Y, H:i")
    raise ServiceError(
        POLL_CLOSED,
        _("This poll closed on %(when)s. Answers can no longer be changed.") % {"when": when},
    )


def poll_answer(
    *, user: Any, poll: Poll, ranking: list[int], on_behalf_of: Any = None
) -> PollResponse:
    """Record or replace a person's answer. One response row per person, by an upsert on
    (poll, respondent): of parallel answers, the last one wins.
    With ``on_behalf_of`` a supporter answers for that person, if their consent allows.

    The discussion's lifecycle and the poll's closing time are checked again under the
    thread's row lock, the lock a pause takes: an answer checked a moment before a pause
    or a closing time is refused."""
    user, supporter = resolve_author(user=user, on_behalf_of=on_behalf_of, thread=poll.thread)
    choices = check_poll_answer(user=user, poll=poll, ranking=ranking)
    with transaction.atomic():
        locked = thread_locked_against_pause(poll.thread_id)
        refuse_unless_still_allowed(user, locked, Activity.ANSWER_POLL)
        _refuse_unless_open(poll)
        PollResponse.objects.bulk_create(
            [PollResponse(poll=poll, respondent=user, supporter=supporter)],
            update_conflicts=True,
            unique_fields=["poll", "respondent"],
            update_fields=["modified", "supporter"],
        )
        response = PollResponse.objects.get(poll=poll, respondent=user)
        response.choices.all().delete()
        PollChoice.objects.bulk_create(
            [PollChoice(response=response, option_id=o, rank=r) for o, r in choices]
        )
        send_poll_results_on_commit(poll)
    return response
