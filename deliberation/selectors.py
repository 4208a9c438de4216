"""Reads for pages and sockets. Nothing here writes."""

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ServiceError
from deliberation.errors import FORBIDDEN, NOT_FOUND
from deliberation.events import (
    Author,
    MessageEvent,
    MessagePayload,
    ResumedEvent,
    ServerEvent,
    TallyEvent,
    WrittenIn,
    hidden_event,
)
from deliberation.languages import written_in
from deliberation.lifecycle import discussion_state
from deliberation.models import (
    Flag,
    Message,
    Poll,
    PollChoice,
    PollKind,
    ResultsShown,
    Statement,
    StatementStatus,
    Thread,
    Vote,
)
from deliberation.realtime.frames import frame
from deliberation.rules import can_view, membership
from opinion_core.priority import statement_priority

RESUME_BATCH = 200
# What message_event reads besides the message: load these with it (select_related), so
# that building a frame makes no query.
MESSAGE_EVENT_RELATED = ("author", "supporter", "reply_to__author")


def thread_for(user: Any, thread_id: int) -> Thread:
    """The thread, if this person may see it; otherwise a ServiceError."""
    thread = Thread.objects.filter(pk=thread_id).first()
    if thread is None:
        raise ServiceError(NOT_FOUND, _("There is no thread with that number."))
    if not can_view(user, thread):
        raise ServiceError(FORBIDDEN, _("You cannot see this thread."))
    return thread


def visible_messages(thread: Thread) -> QuerySet[Message]:
    return thread.messages.filter(hidden_at__isnull=True, deleted_at__isnull=True)


def message_event(message: Message) -> MessageEvent:
    """The ``message`` frame of a message, with its ``MESSAGE_EVENT_RELATED`` loaded."""
    supporter = message.supporter
    replied = message.reply_to
    language = written_in(message.language)
    return MessageEvent(
        message=MessagePayload(
            id=message.pk,
            thread=message.thread_id,
            author=Author(id=message.author_id, name=message.author.display_name),
            body_html=message.body_html,
            reply_to=message.reply_to_id,
            reply_to_author=(
                Author(id=replied.author_id, name=replied.author.display_name) if replied else None
            ),
            created=message.created.isoformat(timespec="milliseconds"),
            client_id=message.client_id or None,
            supporter=Author(id=supporter.pk, name=supporter.display_name) if supporter else None,
            language=WrittenIn(code=language.code, tag=language.tag, name=language.name),
        )
    )


def messages_after(*, thread_id: int, after: int) -> Iterator[Message]:
    """Every visible message with an id above ``after``, oldest first, in bounded batches."""
    last = after
    while True:
        batch = list(
            Message.objects.filter(
                thread_id=thread_id, id__gt=last, hidden_at__isnull=True, deleted_at__isnull=True
            )
            .select_related(*MESSAGE_EVENT_RELATED)
            .order_by("id")[:RESUME_BATCH]
        )
        yield from batch
        if len(batch) < RESUME_BATCH:
            return
        last = batch[-1].pk


def gone_up_to(*, thread_id: int, upto: int) -> list[Message]:
    """The messages up to ``upto`` that are hidden or deleted, oldest first, with what
    their tombstones need: one query."""
    return list(
        Message.objects.filter(thread_id=thread_id, id__lte=upto)
        .filter(Q(hidden_at__isnull=False) | Q(deleted_at__isnull=False))
        .select_related("author")
        .only("id", "hidden_at", "hidden_reason", "author__display_name")
        .order_by("id")
    )


def resume_events(*, thread: Thread, after: int) -> list[ServerEvent]:
    """Everything a client that holds the thread up to message ``after`` needs to be
    current (``resume``, DESIGN.md §5.3): every visible message it missed, in order; a
    ``hidden`` for each message it may hold (id up to ``after``) that is now hidden or
    deleted; the tally of every accepted statement; then ``resumed``.

    Bounded: the messages in batches of ``RESUME_BATCH``, the rest in one query each,
    whatever the number of messages, statements and votes.
    """
    events: list[ServerEvent] = []
    last = after
    for message in messages_after(thread_id=thread.pk, after=after):
        events.append(message_event(message))
        last = message.pk
    events.extend(hidden_event(gone) for gone in gone_up_to(thread_id=thread.pk, upto=after))
    events.extend(thread_tallies(thread))
    events.append(ResumedEvent(last=last))
    return events


#: Messages a thread page shows at once; older and newer ones are a link away.
MESSAGES_PER_PAGE = 50


@dataclass
class MessageWindow:
    """A run of consecutive messages, tombstones and hidden ones included (shown with
    their reason), oldest first, and whether there are messages before and after it."""

    messages: list[Message]
    earlier: bool
    later: bool

    @property
    def is_latest(self) -> bool:
        return not self.later


def message_window(
    thread: Thread, *, before: int | None = None, after: int | None = None
) -> MessageWindow:
    """The latest :data:`MESSAGES_PER_PAGE` messages; or those just before message
    ``before``; or those just after message ``after`` (catching up from a last visit).
    At most two queries whatever the size of the thread."""
    messages = thread.messages.select_related("author", "supporter", "reply_to__author")
    size = MESSAGES_PER_PAGE
    if after is not None:
        rows = list(messages.filter(id__gt=after).order_by("id")[: size + 1])
        earlier = thread.messages.filter(id__lte=after).exists()
        return MessageWindow(rows[:size], earlier=earlier, later=len(rows) > size)
    if before is not None:
        messages = messages.filter(id__lt=before)
    rows = list(messages.order_by("-id")[: size + 1])
    return MessageWindow(rows[:size][::-1], earlier=len(rows) > size, later=before is not None)


@dataclass(frozen=True)
class Unread:
    count: int
    first_id: int | None


def unread(thread: Thread, user: Any, last_seen_id: int) -> Unread:
    """Visible messages by other people since this person's last visit: one query."""
    found = visible_messages(thread).filter(id__gt=last_seen_id).exclude(author_id=user.pk)
    counts = found.aggregate(count=Count("id"), first_id=Min("id"))
    return Unread(count=counts["count"], first_id=counts["first_id"])


def latest_message_id(thread: Thread) -> int:
    return thread.messages.aggregate(latest=Max("id"))["latest"] or 0


def _tally_event(statement_id: int, agree: int, disagree: int, passes: int) -> TallyEvent:
    return TallyEvent.model_validate(
        {"statement": statement_id, "agree": agree, "disagree": disagree, "pass": passes}
    )


def tally(statement_id: int) -> TallyEvent:
    counts = Vote.objects.filter(statement_id=statement_id).aggregate(
        agree=Count("id", filter=Q(value=1)),
        disagree=Count("id", filter=Q(value=-1)),
        passes=Count("id", filter=Q(value=0)),
    )
    return _tally_event(statement_id, counts["agree"], counts["disagree"], counts["passes"])


def tally_text(statement_id: str) -> str:
    """The serialised ``tally`` frame of a statement, for the fan-out's refreshes."""
    return json.dumps(frame(tally(int(statement_id))))


def thread_tallies(thread: Thread) -> list[TallyEvent]:
    """The tally of every accepted statement of the thread, in statement order: one query
    (:func:`statement_rows` for nobody in particular)."""
    return [
        _tally_event(row.statement.pk, row.agree, row.disagree, row.passes)
        for row in statement_rows(thread, None)
    ]


@dataclass
class StatementRow:
    statement: Statement
    agree: int
    disagree: int
    passes: int
    my_vote: int | None

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passes


def statement_rows(thread: Thread, user: Any) -> list[StatementRow]:
    """Accepted statements with their tallies and this person's vote: two queries."""
    statements = (
        thread.statements.filter(status=StatementStatus.ACCEPTED)
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=1)),
            n_disagree=Count("votes", filter=Q(votes__value=-1)),
            n_pass=Count("votes", filter=Q(votes__value=0)),
        )
        .order_by("id")
    )
    mine: dict[int, int] = {}
    if getattr(user, "is_authenticated", False):
        mine = dict(
            Vote.objects.filter(statement__thread=thread, voter=user).values_list(
                "statement_id", "value"
            )
        )
    return [StatementRow(s, s.n_agree, s.n_disagree, s.n_pass, mine.get(s.pk)) for s in statements]


def next_statement(
    rows: list[StatementRow], *, rng: random.Random | None = None
) -> Statement | None:
    """The next statement this person has not voted on, drawn by Pol.is priority
    (POLIS_MATH.md §7, ``opinion_core.priority.statement_priority``).

    Counts are summed over everyone who voted, because opinion groups are not stored
    yet; extremity is 0 for every statement until the analysis core's projection is
    wired in, so routing favours new statements and those people agree with rather than
    those that split the groups.
    """
    candidates = [row for row in rows if row.my_vote is None]
    if not candidates:
        return None
    priority = statement_priority(
        np.array([row.agree for row in candidates], dtype=np.float64),
        np.array([row.passes for row in candidates], dtype=np.float64),
        np.array([row.seen for row in candidates], dtype=np.float64),
        np.zeros(len(candidates)),
        is_meta=np.array([row.statement.is_meta for row in candidates]),
    )
    chooser = rng or random.Random()  # noqa: S311 - routing, not security
    if float(priority.sum()) <= 0:
        return chooser.choice(candidates).statement
    [row] = chooser.choices(candidates, weights=priority.tolist(), k=1)
    return row.statement


def counted_votes(thread: Thread) -> QuerySet[Vote]:
    """The thread's votes that count: every vote, or for a consultation that has closed,
    those last changed before its closing time. Votes stored later (before the lifecycle
    refused them) are kept, but neither the analysis nor the open data counts them."""
    votes = Vote.objects.filter(statement__thread_id=thread.pk)
    until = discussion_state(thread).counted_until
    return votes if until is None else votes.filter(modified__lt=until)


def poll_is_open(poll: Poll, now: Any = None) -> bool:
    now = now or timezone.now()
    return poll.opens_at <= now and (poll.closes_at is None or now < poll.closes_at)


def poll_is_closed(poll: Poll, now: Any = None) -> bool:
    now = now or timezone.now()
    return poll.closes_at is not None and now >= poll.closes_at


def poll_results_visible(poll: Poll, user: Any, *, facilitator: bool = False) -> bool:
    return facilitator or poll.results_shown == ResultsShown.LIVE or poll_is_closed(poll)


@dataclass
class OptionResult:
    option_id: int
    text: str
    count: int
    points: int
    percent: int


@dataclass
class PollResults:
    poll: Poll
    respondents: int
    options: list[OptionResult] = field(default_factory=list)

    @property
    def ranked(self) -> bool:
        return self.poll.kind == PollKind.RANKED


def poll_results(poll: Poll) -> PollResults:
    """Per option: how many chose it (ranked: how many put it first) and, for ranked polls,
    Borda points (n for a first place down to 1 for last)."""
    options = list(poll.options.all())
    n = len(options)
    respondents = poll.responses.count()
    count = dict.fromkeys((o.pk for o in options), 0)
    points = dict.fromkeys((o.pk for o in options), 0)
    for option_id, rank in PollChoice.objects.filter(response__poll=poll).values_list(
        "option_id", "rank"
    ):
        if poll.kind == PollKind.RANKED:
            points[option_id] += n - (rank or n) + 1
            if rank == 1:
                count[option_id] += 1
        else:
            count[option_id] += 1
    results = PollResults(poll=poll, respondents=respondents)
    for option in options:
        if poll.kind == PollKind.RANKED:
            # Share of the points the option could have had (first place from everyone).
            share = round(100 * points[option.pk] / (respondents * n)) if respondents else 0
        else:
            share = round(100 * count[option.pk] / respondents) if respondents else 0
        results.options.append(
            OptionResult(option.pk, option.text, count[option.pk], points[option.pk], share)
        )
    return results


def my_poll_choices(poll: Poll, user: Any) -> dict[int, int | None]:
    """option id -> rank (None for unranked) of this person's current answer."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        PollChoice.objects.filter(response__poll=poll, response__respondent=user).values_list(
            "option_id", "rank"
        )
    )


def reported_messages(thread: Thread) -> list[tuple[Message, list[Flag]]]:
    """Messages someone has reported and no facilitator has dealt with yet, oldest first,
    each with its open reports. A message nobody reported is not here."""
    flags = (
        Flag.objects.filter(message__thread=thread, resolved_at__isnull=True)
        .select_related("message__author", "flagged_by")
        .order_by("message_id", "id")
    )
    reported: dict[int, tuple[Message, list[Flag]]] = {}
    for flag in flags:
        reported.setdefault(flag.message_id, (flag.message, []))[1].append(flag)
    return list(reported.values())


def last_seen(thread: Thread, user: Any) -> int:
    member = membership(user, thread)
    return member.last_seen_message_id if member else 0


def discussion_participants(thread_id: int) -> list[Any]:
    """Everyone who posted a message or voted on a statement in a thread, once each."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    return list(
        User.objects.filter(
            Q(thread_messages__thread_id=thread_id)
            | Q(statement_votes__statement__thread_id=thread_id)
        ).distinct()
    )
