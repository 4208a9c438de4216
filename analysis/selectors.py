"""Reads of analysis runs, and of what a run records about the people it grouped."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db.models import Count, QuerySet
from django.db.models.fields.json import KeyTransform

from accounts.models import User
from analysis.models import AnalysisRun, RunStatus
from analysis.votes import thread_vote_triples
from deliberation.models import Message, Statement, StatementStatus, Thread, Vote, VoteValue
from deliberation.selectors import counted_votes

# A vote's value as a column of ``[agree, disagree, pass]``.
VALUE_COLUMN = {1: 0, -1: 1, 0: 2}

# Both take the thread's id: a page that links a thread need not load it to ask.


#: What a run finds of each person and each statement, kept in its ``details`` rather than
#: its ``result``: megabytes for a national conversation, which pages read only in part.
DETAIL_KEYS = ("participants", "projection", "placement", "statements")


def _good_runs(thread_id: int) -> QuerySet[AnalysisRun]:
    """The thread's runs that succeeded, newest first, without their ``details``."""
    return (
        AnalysisRun.objects.filter(thread_id=thread_id, status=RunStatus.SUCCEEDED)
        .defer("details")
        .order_by("-finished_at", "-pk")
    )


def analysis_latest_good(thread_id: int) -> AnalysisRun | None:
    """The newest run that succeeded: shown even when a later run failed. Without its
    ``details`` (:func:`run_details` reads the parts a page needs)."""
    return _good_runs(thread_id).first()


def latest_good_with_details(
    thread_id: int, *keys: str
) -> tuple[AnalysisRun, dict[str, Any]] | None:
    """The newest run that succeeded with only these parts of its ``details`` (those it
    lacks left out): one query."""
    run = (
        _good_runs(thread_id)
        .annotate(**{f"detail_{key}": KeyTransform(key, "details") for key in keys})
        .first()
    )
    if run is None:
        return None
    parts = {key: getattr(run, f"detail_{key}") for key in keys}
    return run, {key: value for key, value in parts.items() if value is not None}


def run_details(run_id: int, *keys: str) -> dict[str, Any]:
    """Only these parts of the run's ``details`` (:data:`DETAIL_KEYS`; those it lacks left
    out)."""
    row = (
        AnalysisRun.objects.filter(pk=run_id)
        .values(**{key: KeyTransform(key, "details") for key in keys})
        .first()
    )
    return {key: value for key, value in (row or {}).items() if value is not None}


def analysis_latest(thread_id: int) -> AnalysisRun | None:
    """The newest run whatever its status, to say whether one is under way or failed."""
    return (
        AnalysisRun.objects.filter(thread_id=thread_id)
        .select_related("requested_by")
        .defer("result", "details")
        .order_by("-created", "-pk")
        .first()
    )


def voters_relationships(thread_id: int) -> dict[int, str]:
    """How each person who voted in the thread describes their relationship to care."""
    voters = Vote.objects.filter(statement__thread_id=thread_id).values("voter_id")
    return dict(User.objects.filter(pk__in=voters).values_list("pk", "relationship_to_care"))


def relationship_mix(
    participants: dict[str, int | None], relationships: dict[int, str]
) -> dict[str, dict[str, int]]:
    """For each opinion group (its id as a string, as in JSON), how many of its people give
    each relationship to care ("" for those who do not say)."""
    mix: dict[str, Counter[str]] = {}
    for person, group in participants.items():
        if group is not None and str(person).isdigit():
            mix.setdefault(str(group), Counter())[relationships.get(int(person)) or ""] += 1
    return {group: dict(counts) for group, counts in mix.items()}


def people_relationships(people: Iterable[int]) -> dict[int, str]:
    """How each of ``people`` describes their relationship to care."""
    return dict(User.objects.filter(pk__in=list(people)).values_list("pk", "relationship_to_care"))


def people_mix(people: Iterable[int], relationships: dict[int, str]) -> dict[str, int]:
    """How many of ``people`` give each relationship to care ("" for those who do not
    say), keyed in sorted order so that the same people give the same JSON."""
    counts = Counter(relationships.get(int(person)) or "" for person in people)
    return {key: counts[key] for key in sorted(counts)}


def theme_statements(thread_id: int) -> list[tuple[int, str, str]]:
    """The statements people voted on, as themes read them: accepted, not about the
    conversation itself, in the order they were written; each with its language."""
    return list(
        Statement.objects.filter(
            thread_id=thread_id, status=StatementStatus.ACCEPTED, is_meta=False
        )
        .exclude(text="")
        .order_by("id")
        .values_list("pk", "text", "language")
    )


def contributions_by_language(thread_id: int) -> dict[str, dict[str, int]]:
    """For each language (its code), how many messages still shown and statements
    accepted for voting were written in it: what the report reads. Two queries."""
    counts: dict[str, dict[str, int]] = {}
    messages = (
        Message.objects.filter(thread_id=thread_id, deleted_at__isnull=True, hidden_at__isnull=True)
        .order_by()
        .values_list("language")
        .annotate(n=Count("id"))
    )
    statements = (
        Statement.objects.filter(thread_id=thread_id, status=StatementStatus.ACCEPTED)
        .order_by()
        .values_list("language")
        .annotate(n=Count("id"))
    )
    for kind, rows in (("messages", messages), ("statements", statements)):
        for language, n in rows:
            counts.setdefault(language, {"messages": 0, "statements": 0})[kind] = n
    return counts


def agreed_with(thread: Thread, statement_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each of ``statement_ids`` (accepted statements), the people whose vote that
    counts agrees with it, in order of their id.

    Read with the analysis's own vote query (a binary ``COPY`` on PostgreSQL) and sorted
    in numpy: a query ordered by statement walked the vote table in the unique index's
    order and built a tuple per vote, 34 s for the four million agreements of a national
    conversation."""
    voters, statements, values = thread_vote_triples(thread)
    wanted = np.fromiter(statement_ids, dtype=np.int64)
    keep = (values == VoteValue.AGREE) & np.isin(statements, wanted)
    voters, statements = voters[keep], statements[keep]
    order = np.lexsort((voters, statements))
    voters, statements = voters[order], statements[order]
    found, starts = np.unique(statements, return_index=True)
    if not len(found):
        return {}
    return {
        statement: people.tolist()
        for statement, people in zip(found.tolist(), np.split(voters, starts[1:]), strict=True)
    }


def votes_by_relationship(
    thread: Thread,
    statement_ids: set[str],
    participants: dict[str, int | None],
    relationships: dict[int, str],
) -> dict[str, dict[str, list[int]]]:
    """For each of ``statement_ids``, the ``[agree, disagree, pass]`` votes that count of the
    people placed in a group, by the relationship to care each gives ("" for those who do not
    say): kept with the run, so the report reweights them without reading votes again."""
    counted = {int(p) for p, group in participants.items() if group is not None and p.isdigit()}
    wanted = [int(pk) for pk in statement_ids if str(pk).isdigit()]
    tallies: dict[str, dict[str, list[int]]] = {}
    votes = (
        counted_votes(thread)
        .filter(statement_id__in=wanted)
        .order_by()
        .values_list("voter_id", "statement_id", "value")
    )
    for voter, statement, value in votes.iterator():
        if voter not in counted:
            continue
        row = tallies.setdefault(str(statement), {}).setdefault(
            relationships.get(voter) or "", [0, 0, 0]
        )
        row[VALUE_COLUMN[value]] += 1
    return tallies
