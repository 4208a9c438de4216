"""Vote matrices from Hearth's deliberation threads: the Django adapter of the analysis.

The only module of ``analysis`` that imports Django. It reads votes with one query and
hands plain arrays to the Django-free core, so a thread's report is the same JSON that
``python -m analysis polis`` gives for a Pol.is export with the same votes.

On PostgreSQL that query runs as ``COPY (...) TO STDOUT (FORMAT BINARY)`` through
psycopg, and numpy reads the fixed-width rows straight into arrays: ten million votes
in a few seconds and about 17 bytes each, where rows as Python tuples took over a
hundred. Other databases use the ORM's ``values_list``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import numpy.typing as npt
import psycopg
from django.db import DatabaseError, connections
from django.db.models import QuerySet
from psycopg import pq

from deliberation.models import Statement, StatementStatus, Thread, Vote
from deliberation.selectors import counted_votes
from opinion_core.matrix import VoteMatrix
from opinion_core.report import opinion_groups_report

__all__ = ["thread_opinion_groups", "thread_vote_matrix", "thread_vote_triples"]

Triples = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]

# PostgreSQL's binary COPY: an 11-byte signature, flags and header extension length
# (4 bytes each), then per row a field count and each field as length + big-endian value;
# a field count of -1 ends the data.
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_COPY_HEADER = len(_COPY_SIGNATURE) + 8
_COPY_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("voter_len", ">i4"),
        ("voter", ">i8"),
        ("statement_len", ">i4"),
        ("statement", ">i8"),
        ("value_len", ">i4"),
        ("value", ">i2"),
    ]
)
_COPY_PARSE_BYTES = 8 << 20  # parse the stream in blocks of about this size


def _copy_out(
    raw: psycopg.Connection[Any], statement: str, params: Any
) -> Generator[memoryview, None, None]:
    """The rows of a ``COPY ... TO STDOUT``, as libpq hands them over (each valid until
    the next is asked for).

    psycopg's own ``Copy`` reads a row per call through its wait loop, about 2 µs a row:
    20 s for ten million votes. libpq's ``PQgetCopyData`` (``psycopg.pq``) called in a
    plain loop reads them in a tenth of that. The query is sent as psycopg's client-side
    cursor composes it; whatever happens, the connection is read to the end of the
    command, so that it can take the next one, and an error from the server is raised.
    """
    pgconn = raw.pgconn
    pgconn.send_query(psycopg.ClientCursor(raw).mogrify(statement, params).encode())
    result = pgconn.get_result()
    copying = result is not None and result.status == pq.ExecStatus.COPY_OUT
    try:
        while copying:
            size, data = pgconn.get_copy_data(0)
            if size == -1:
                copying = False
            else:
                yield data  # read before the next call reuses it
    finally:
        while copying and pgconn.get_copy_data(0)[0] != -1:
            pass  # left early (an error in the caller): read the rest
        errors = []
        while result is not None:
            if result.status == pq.ExecStatus.FATAL_ERROR:
                errors.append((result.error_message or b"").decode(errors="replace"))
            result = pgconn.get_result()
    if errors:
        raise DatabaseError(errors[0].strip())


def _copy_triples(votes: QuerySet[Vote]) -> Triples:
    """``(voter, statement, value)`` of ``votes`` through a binary ``COPY ... TO STDOUT``."""
    sql, params = votes.values_list("voter_id", "statement_id", "value").query.sql_with_params()
    # The casts fix each row at 32 bytes whatever the key columns' types.
    statement = (
        "COPY (SELECT v.voter_id::int8, v.statement_id::int8, v.value::int2"  # noqa: S608
        f" FROM ({sql}) AS v) TO STDOUT (FORMAT BINARY)"  # Django's SQL; values are params
    )
    voters: list[npt.NDArray[np.int64]] = []
    statements: list[npt.NDArray[np.int64]] = []
    values: list[npt.NDArray[np.int8]] = []
    pending = bytearray()
    started = False

    def parse(final: bool) -> None:
        nonlocal pending
        n = len(pending) // _COPY_ROW.itemsize
        if final and (not started or pending[n * _COPY_ROW.itemsize :] != b"\xff\xff"):
            raise RuntimeError("COPY ended without its trailer")
        if n:
            rows = np.frombuffer(bytes(pending[: n * _COPY_ROW.itemsize]), dtype=_COPY_ROW)
            if not (rows["fields"] == 3).all():
                raise RuntimeError("COPY sent a row of an unexpected shape")
            voters.append(rows["voter"].astype(np.int64))
            statements.append(rows["statement"].astype(np.int64))
            values.append(rows["value"].astype(np.int8))
            del pending[: n * _COPY_ROW.itemsize]

    with connections[votes.db].cursor() as cursor:
        for block in _copy_out(cursor.cursor.connection, statement, params):
            pending += block
            if not started and len(pending) >= _COPY_HEADER:
                if pending[: len(_COPY_SIGNATURE)] != _COPY_SIGNATURE:
                    raise RuntimeError("COPY did not start with PostgreSQL's binary signature")
                del pending[:_COPY_HEADER]
                started = True
            if started and len(pending) >= _COPY_PARSE_BYTES:
                parse(final=False)
    parse(final=True)
    if not values:
        return (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int8))
    return np.concatenate(voters), np.concatenate(statements), np.concatenate(values)


def thread_vote_triples(thread: Thread, *, include_rejected: bool = False) -> Triples:
    """Latest votes in a thread as ``(participant_ids, statement_ids, values)``.

    One query (a binary ``COPY`` on PostgreSQL), of the votes that count
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
    votes = counted_votes(thread).filter(statement__status__in=statuses).order_by()
    if connections[votes.db].vendor == "postgresql":
        return _copy_triples(votes)
    rows = list(votes.values_list("voter_id", "statement_id", "value"))
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
        participants,  # integer keys: the same ids as their text, without 10 million strings
        statements,
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
