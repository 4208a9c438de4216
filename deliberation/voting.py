"""Reads for voting one statement at a time, as Pol.is does: how far a person has got,
and which statement they see next.

Every read here is a fixed number of queries whatever the size of the conversation, so
the voting page of a conversation with a thousand statements costs what a small one
does. The tallies are counted in the database (one grouped query over the votes); only
the statements this person has not voted on, nor skipped, come back as rows.
"""

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from deliberation.models import Statement, StatementStatus, Thread, Vote
from opinion_core.priority import statement_priority

# A session keeps at most this many skipped statements per thread: enough for anyone
# working through a conversation, small enough for a cookie-backed session.
MAX_SKIPPED = 500
#: Votes a person needs before "where you stand" has something to say (Pol.is places
#: nobody with fewer than seven).
VOTES_TO_STAND = 7


@dataclass(frozen=True)
class Progress:
    """How many of the thread's statements open for voting this person has voted on."""

    voted: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.voted

    @property
    def may_see_where_they_stand(self) -> bool:
        return self.voted >= VOTES_TO_STAND

    @property
    def votes_to_stand(self) -> int:
        return max(0, VOTES_TO_STAND - self.voted)

    votes_to_stand_total = VOTES_TO_STAND


def accepted_statements(thread: Thread) -> QuerySet[Statement]:
    return Statement.objects.filter(thread=thread, status=StatementStatus.ACCEPTED)


def progress(thread: Thread, user: Any) -> Progress:
    """Two counts, one query."""
    mine = Vote.objects.filter(statement_id=OuterRef("pk"), voter_id=user.pk)
    counts = accepted_statements(thread).aggregate(
        total=Count("id"), voted=Count("id", filter=Q(Exists(mine)))
    )
    return Progress(voted=counts["voted"], total=counts["total"])


@dataclass(frozen=True)
class Candidate:
    statement_id: int
    is_meta: bool
    extremity: float
    agree: int
    passes: int
    seen: int


def candidates(thread: Thread, user: Any, skipped: set[int]) -> list[Candidate]:
    """The accepted statements this person has neither voted on nor skipped, with their
    tallies: two queries (the statements, then every statement's counts grouped)."""
    mine = Vote.objects.filter(statement_id=OuterRef("pk"), voter_id=user.pk)
    open_ = (
        accepted_statements(thread)
        .exclude(Exists(mine))
        .exclude(pk__in=skipped)
        .values_list("pk", "is_meta", "extremity")
    )
    rows = list(open_)
    if not rows:
        return []
    tallies = {
        row["statement_id"]: row
        for row in Vote.objects.filter(
            statement__thread=thread, statement__status=StatementStatus.ACCEPTED
        )
        .values("statement_id")
        .annotate(
            agree=Count("id", filter=Q(value=1)),
            passes=Count("id", filter=Q(value=0)),
            seen=Count("id"),
        )
        .order_by()
    }
    empty = {"agree": 0, "passes": 0, "seen": 0}
    return [
        Candidate(
            statement_id=pk,
            is_meta=is_meta,
            extremity=extremity,
            agree=tallies.get(pk, empty)["agree"],
            passes=tallies.get(pk, empty)["passes"],
            seen=tallies.get(pk, empty)["seen"],
        )
        for pk, is_meta, extremity in rows
    ]


def choose(candidates: list[Candidate], *, rng: random.Random | None = None) -> int | None:
    """The id of the statement to show next, drawn with Pol.is priority (POLIS_MATH.md
    §7): statements few people have seen get their first votes, those most people pass
    on sink, and those that set the groups of the latest analysis apart
    (``Statement.extremity``) rise."""
    if not candidates:
        return None
    priority = statement_priority(
        np.array([c.agree for c in candidates], dtype=np.float64),
        np.array([c.passes for c in candidates], dtype=np.float64),
        np.array([c.seen for c in candidates], dtype=np.float64),
        np.array([c.extremity for c in candidates], dtype=np.float64),
        is_meta=np.array([c.is_meta for c in candidates]),
    )
    chooser = rng or random.Random()  # noqa: S311 - routing, not security
    if float(priority.sum()) <= 0:
        return chooser.choice(candidates).statement_id
    [picked] = chooser.choices(candidates, weights=priority.tolist(), k=1)
    return picked.statement_id


def next_statement(
    thread: Thread, user: Any, skipped: set[int], *, rng: random.Random | None = None
) -> Statement | None:
    statement_id = choose(candidates(thread, user, skipped), rng=rng)
    return None if statement_id is None else Statement.objects.get(pk=statement_id)
