"""Vote matrices from Hearth's deliberation threads: the Django adapter of the analysis.

The only module of ``analysis`` that imports Django. It reads votes with one query and
hands plain arrays to the Django-free core, so a thread's report is the same JSON that
``python -m analysis polis`` gives for a Pol.is export with the same votes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from deliberation.models import Statement, StatementStatus, Thread
from deliberation.selectors import counted_votes
from opinion_core.matrix import VoteMatrix
from opinion_core.report import opinion_groups_report

__all__ = ["thread_opinion_groups", "thread_vote_matrix", "thread_vote_triples"]


def thread_vote_triples(
    thread: Thread, *, include_rejected: bool = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]:
    """Latest votes in a thread as ``(participant_ids, statement_ids, values)``.

    One ``values_list`` query, of the votes that count
    (:func:`deliberation.selectors.counted_votes`: none stored after a consultation
    closed). A person has at most one vote per statement (a unique
    constraint), so these are already the latest votes. Values use the analysis
    convention: agree = +1, disagree = -1, pass = 0.

    Parameters
    ----------
    thread : Thread
    include_rejected : bool, default False
        Also return votes on statements that were later not accepted (for example
        moderated out in Pol.is after people had voted on them). Pending statements
        can have no votes and are never included.

    Returns
    -------
    participant_ids, statement_ids : ndarray of int64
        User and statement primary keys.
    values : ndarray of int8
    """
    statuses = [StatementStatus.ACCEPTED]
    if include_rejected:
        statuses.append(StatementStatus.REJECTED)
    rows = list(
        counted_votes(thread)
        .filter(statement__status__in=statuses)
        .order_by()
        .values_list("voter_id", "statement_id", "value")
    )
    if not rows:
        return (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int8))
    table = np.asarray(rows, dtype=np.int64)
    return table[:, 0], table[:, 1], table[:, 2].astype(np.int8)


def thread_vote_matrix(thread: Thread) -> VoteMatrix:
    """The thread's :class:`~opinion_core.matrix.VoteMatrix`, moderation included.

    Accepted and rejected statements are columns; rejected ones are moderated out, as
    Pol.is's ``moderated = -1`` comments are: the votes cast on them before they were
    rejected still count towards who has voted enough to be clustered, but the
    statements themselves count as passed by everyone. Meta statements are flagged as
    meta. Pending statements are left out.
    """
    participants, statements, values = thread_vote_triples(thread, include_rejected=True)
    columns = list(
        Statement.objects.filter(
            thread=thread, status__in=[StatementStatus.ACCEPTED, StatementStatus.REJECTED]
        )
        .order_by("id")
        .values_list("id", "status", "is_meta")
    )
    return VoteMatrix.from_votes(
        participants.astype(str),
        statements.astype(str),
        values,
        all_statements=[str(pk) for pk, _, _ in columns],
        moderated_out=[str(pk) for pk, status, _ in columns if status == StatementStatus.REJECTED],
        meta=[str(pk) for pk, _, is_meta in columns if is_meta],
    )


def thread_opinion_groups(thread: Thread, **params: Any) -> dict[str, Any]:
    """Opinion groups of a thread, as the JSON report of ``python -m analysis polis``.

    Parameters
    ----------
    thread : Thread
    **params
        ``max_groups``, ``min_votes``, ``random_state``, as the command line's options.

    Returns
    -------
    dict
        See :func:`opinion_core.report.opinion_report`; participant ids are user primary
        keys and statement ids statement primary keys, as strings.
    """
    return opinion_groups_report(thread_vote_matrix(thread), **params)
