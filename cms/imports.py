"""Import a Pol.is open-data export into a consultation's discussion thread.

This lives in ``cms`` because an import is addressed to a consultation and goes through
:func:`cms.services.consultation_discussion`; ``deliberation`` knows nothing of
consultations, and ``cms`` already depends on ``deliberation`` and ``accounts``.

What is written, in one transaction:

* one pseudonymous, inactive account per Pol.is participant (voter or author), with an
  unusable password, so nobody can sign in as them;
* one statement per comment, accepted unless moderated out in Pol.is (then not accepted,
  with the reason "Moderated out in Pol.is"); meta comments stay meta;
* each participant's latest vote on each comment, including comments moderated out
  later, as Pol.is keeps them (the analysis counts those statements as passed).

Hearth statements are at most 140 characters. A longer Pol.is comment is shortened at a
word boundary with a visible "…", its whole text kept in
:class:`~deliberation.models.ImportedRecord.full_text`, and the number of such comments
is reported: shortening it silently would change what people voted on, and skipping it
would drop its votes and so change the opinion groups.

Participants and comments are created in Pol.is id order, so the vote matrix of the
thread lists them in the same order as the export's and the analysis gives the same
groups. Every record is keyed by (thread, "polis:<conversation>", kind, Pol.is id), so
a second import of the same export writes nothing.

On PostgreSQL the accounts, their import records and the votes go in through ``COPY``
(psycopg's ``cursor.copy()``), the votes in binary batches built by numpy straight from
the vote matrix, so memory stays flat however many votes there are (a 9.8-million-vote
export in about 1 GiB); everything is still one transaction, and the export is read
and checked before anything is written. Votes on statements this import creates cannot
exist yet and are copied into the vote table; votes on statements an earlier import
created go through a temporary table and ``INSERT ... ON CONFLICT DO NOTHING``, so a
re-import leaves every existing vote as it is. Other databases (SQLite in development
and tests) use ``bulk_create`` in batches.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from cms.models import ConsultationPage
from cms.services import consultation_discussion
from deliberation.models import (
    STATEMENT_MAX_LENGTH,
    ImportedRecord,
    ImportedRecordKind,
    Statement,
    StatementStatus,
    Vote,
)
from opinion_core.exceptions import ExportError
from opinion_core.matrix import VoteMatrix, canonical_ids
from opinion_core.polis_io import read_polis_export

__all__ = ["MODERATED_OUT_REASON", "PolisImportResult", "polis_import"]

MODERATED_OUT_REASON = "Moderated out in Pol.is"
VOTE_BATCH_SIZE = 5_000  # rows per INSERT where there is no COPY
COPY_BATCH_VOTES = 250_000  # votes per binary COPY block (about 10 MB)
USER_BATCH_SIZE = 2_000
DISPLAY_NAME_MAX_LENGTH = 50


@dataclass(frozen=True)
class PolisImportResult:
    conversation: str
    participants_created: int
    participants_total: int
    statements_created: int
    statements_total: int
    statements_shortened: int
    votes_created: int
    votes_total: int


def _display_name(conversation: str, pid: str) -> str:
    name = f"Pol.is participant {pid} ({conversation})"
    if len(name) <= DISPLAY_NAME_MAX_LENGTH:
        return name
    # Keep names unique across conversations that share a long prefix.
    tag = hashlib.sha256(conversation.encode()).hexdigest()[:6]
    room = DISPLAY_NAME_MAX_LENGTH - len(f"Pol.is participant {pid} (~{tag})")
    return f"Pol.is participant {pid} ({conversation[: max(room, 0)]}~{tag})"


def _shorten(text: str) -> str:
    """Fit ``text`` into a statement, cut at a word boundary and ending in "…"."""
    text = " ".join(text.split())
    if len(text) <= STATEMENT_MAX_LENGTH:
        return text
    cut = text[: STATEMENT_MAX_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def _unusable_password() -> str:
    """What ``make_password(None)`` stores, "!" and 40 random characters, drawn at once
    rather than a character at a time: 0.1 s for 100,000 participants instead of 5 s."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _uses_copy() -> bool:
    return connection.vendor == "postgresql"


def _analyze(*tables: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of what an import filled, as its manual advises
    after a bulk load ("Populating a Database"). Until autovacuum gets there, the planner
    takes a thread's 2,000 new statements for one and reads ten million votes through the
    statement index, a heap page a vote: 32 s for the analysis to read its votes, 2 s
    after this (0.4 s)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(t._meta.db_table) for t in tables))


def _copy_objects(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Write unsaved ``objects`` with one ``COPY ... FROM STDIN``; return how many.

    Every concrete field but the primary key (the table's sequence gives it) goes in, with
    the value Django would insert (``pre_save`` fills ``auto_now_add`` dates), so a field
    added to the model later is copied too."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.name) for f in fields)
    n = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
            n += 1
    return n


_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8  # no flags, no header extension
_BINARY_TRAILER = b"\xff\xff"
_INT_CODES = {"bigint": ">i8", "integer": ">i4", "smallint": ">i2"}


def _vote_copy_rows(
    voters: npt.NDArray[np.int64], statements: npt.NDArray[np.int64], values: npt.NDArray[np.int8]
) -> bytes:
    """Votes as rows of PostgreSQL's binary COPY format, built by numpy in one go.

    Columns: statement, voter, value, created, modified (the supporter is NULL)."""
    types = [
        _INT_CODES[Vote._meta.get_field(name).db_type(connection) or ""]
        for name in ("statement", "voter", "value")
    ]
    stamp = int((timezone.now() - _PG_EPOCH).total_seconds() * 1_000_000)
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("statement_len", ">i4"),
            ("statement", types[0]),
            ("voter_len", ">i4"),
            ("voter", types[1]),
            ("value_len", ">i4"),
            ("value", types[2]),
            ("created_len", ">i4"),
            ("created", ">i8"),
            ("modified_len", ">i4"),
            ("modified", ">i8"),
        ]
    )
    out = np.empty(len(values), dtype=row)
    out["fields"] = 5
    for name in ("statement", "voter", "value"):
        out[f"{name}_len"] = row[name].itemsize
    out["created_len"] = out["modified_len"] = 8
    out["statement"], out["voter"], out["value"] = statements, voters, values
    out["created"] = out["modified"] = stamp
    return out.tobytes()


def _vote_batches(
    matrix: VoteMatrix,
    row_user: npt.NDArray[np.int64],
    col_statement: npt.NDArray[np.int64],
    batch: int,
) -> Iterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]]:
    """The matrix's votes as (voters, statements, values) of about ``batch`` votes each,
    without ever holding them all as Python objects: statement by statement, each
    statement's voters in the export's order (the order they were created in). That is the
    order of the vote table's unique index, ``(statement, voter)``: PostgreSQL then adds to
    the end of that index, its largest, instead of all over it, which a participant at a
    time made it do."""
    votes = matrix.votes.tocsc()
    indptr = votes.indptr
    start = 0
    n_columns = votes.shape[1]
    while start < n_columns:
        stop = int(np.searchsorted(indptr, indptr[start] + batch, side="right"))
        stop = min(max(stop - 1, start + 1), n_columns)
        a, b = int(indptr[start]), int(indptr[stop])
        counts = np.diff(indptr[start : stop + 1])
        yield (
            row_user[votes.indices[a:b]],
            np.repeat(col_statement[start:stop], counts),
            votes.data[a:b],
        )
        start = stop


VoteBatches = Iterable[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]]


def _copy_vote_rows(
    cursor: Any, table: str, columns: str, batches: VoteBatches, keep: npt.NDArray[np.int64]
) -> int:
    """Binary ``COPY`` of the votes on the statements in ``keep``, one per batch (so the
    foreign-key checks PostgreSQL queues for each statement stay a batch long); return
    how many."""
    n = 0
    for voters, statements, values in batches:
        mask = np.isin(statements, keep)
        if not mask.any():
            continue
        rows = _vote_copy_rows(voters[mask], statements[mask], values[mask])
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_BINARY_SIGNATURE + rows + _BINARY_TRAILER)
        n += int(mask.sum())
    return n


def _copy_votes(
    batches: Callable[[], VoteBatches], *, new_statements: list[int], old_statements: list[int]
) -> int:
    """Copy the votes in; return how many were created.

    Votes on ``new_statements`` (created by this import, so nobody has voted on them yet)
    go straight into the vote table; votes on ``old_statements`` through a temporary
    table, skipping any vote that is already there."""
    quote = connection.ops.quote_name
    table = quote(Vote._meta.db_table)
    column = {f.name: f.column or f.name for f in Vote._meta.concrete_fields}
    columns = ", ".join(
        quote(column[name]) for name in ("statement", "voter", "value", "created", "modified")
    )
    with connection.cursor() as cursor:
        # Django's foreign keys are deferred to the commit: checked there, ten million votes
        # queue twenty million checks in the server's memory. Checked as each batch goes
        # in, the queue stays a batch long; the last statement restores Django's default.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        raw = cursor.cursor
        created = _copy_vote_rows(raw, table, columns, batches(), np.asarray(new_statements))
        if old_statements:
            cursor.execute(
                f"CREATE TEMPORARY TABLE hearth_vote_import AS SELECT {columns}"  # noqa: S608
                f" FROM {table} WITH NO DATA"  # names from the model's metadata, quoted
            )
            _copy_vote_rows(
                raw, "hearth_vote_import", columns, batches(), np.asarray(old_statements)
            )
            cursor.execute(
                # Names from the model's metadata, quoted; no value is in the text.
                f"INSERT INTO {table} ({columns}) SELECT {columns}"  # noqa: S608
                " FROM hearth_vote_import ON CONFLICT DO NOTHING"
            )
            created += cursor.rowcount
            cursor.execute("DROP TABLE hearth_vote_import")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return created


def polis_import(
    *,
    consultation: ConsultationPage,
    directory: str | Path,
    progress: Callable[[str], None] | None = None,
) -> PolisImportResult:
    """Import the Pol.is export in ``directory`` into ``consultation``'s discussion.

    Raises
    ------
    opinion_core.exceptions.ExportError
        The export cannot be read; the message names the file and line. Nothing has
        been written then.
    """
    say = progress or (lambda _: None)
    root = Path(directory)
    export = read_polis_export(root)  # raises before anything is written
    authors = export.authors
    matrix = export.matrix
    conversation = root.resolve().name
    source = f"polis:{conversation}"

    pids = canonical_ids([*matrix.participant_ids.tolist(), *authors.values()]).tolist()
    sids = matrix.statement_ids.tolist()
    meta = set(matrix.statement_ids[matrix.is_meta].tolist())
    if not pids:
        raise ExportError(export.source, "no votes and no comment authors: nothing to import")
    moderated_out = set(matrix.statement_ids[matrix.moderated_out & ~matrix.is_meta].tolist())

    with transaction.atomic():
        thread = consultation_discussion(consultation=consultation)
        records = ImportedRecord.objects.filter(thread=thread, source=source)

        # Participants -----------------------------------------------------------
        prefix = f"polis-{conversation}-".lower()
        emails = {pid: f"{prefix}{pid}@import.invalid".lower() for pid in pids}

        def user_pks() -> dict[str, int]:
            # By prefix, not by a list of 100,000 addresses.
            return {
                email: pk
                for email, pk in User.objects.filter(email__startswith=prefix).values_list(
                    "email", "pk"
                )
                if email in wanted
            }

        wanted = set(emails.values())
        existing = user_pks()
        new_users = (
            User(
                email=emails[pid],
                display_name=_display_name(conversation, pid),
                password=_unusable_password(),
                is_active=False,
            )
            for pid in pids
            if emails[pid] not in existing
        )
        if _uses_copy():
            users_created = _copy_objects(User, new_users)
        else:
            users_created = len(User.objects.bulk_create(new_users, batch_size=USER_BATCH_SIZE))
        user_ids = user_pks()
        known = set(
            records.filter(kind=ImportedRecordKind.PARTICIPANT).values_list(
                "external_id", flat=True
            )
        )
        new_records = (
            ImportedRecord(
                thread=thread,
                source=source,
                kind=ImportedRecordKind.PARTICIPANT,
                external_id=pid,
                user_id=user_ids[emails[pid]],
            )
            for pid in pids
            if pid not in known
        )
        if _uses_copy():
            _copy_objects(ImportedRecord, new_records)
        else:
            ImportedRecord.objects.bulk_create(new_records, batch_size=USER_BATCH_SIZE)
        say(f"Participants: {users_created} created, {len(pids)} in the export.")

        # Statements -------------------------------------------------------------
        known = set(
            records.filter(kind=ImportedRecordKind.STATEMENT).values_list("external_id", flat=True)
        )
        now = timezone.now()
        fallback_author = user_ids[emails[pids[0]]]
        new_statements: list[tuple[str, Statement, str]] = []
        shortened = 0
        for sid in sids:
            if sid in known:
                continue
            original = export.statements.get(sid, "")
            text = _shorten(original) or f"Pol.is comment {sid} (no text in the export)"
            full_text = original if len(" ".join(original.split())) > STATEMENT_MAX_LENGTH else ""
            shortened += bool(full_text)
            author = authors.get(sid)
            out = sid in moderated_out
            statement = Statement(
                thread=thread,
                author_id=user_ids[emails[author]] if author else fallback_author,
                text=text,
                status=StatementStatus.REJECTED if out else StatementStatus.ACCEPTED,
                rejection_reason=MODERATED_OUT_REASON if out else "",
                is_meta=sid in meta,
                moderated_at=now,
            )
            new_statements.append((sid, statement, full_text))
        Statement.objects.bulk_create([s for _, s, _ in new_statements])
        ImportedRecord.objects.bulk_create(
            ImportedRecord(
                thread=thread,
                source=source,
                kind=ImportedRecordKind.STATEMENT,
                external_id=sid,
                statement=statement,
                full_text=full_text,
            )
            for sid, statement, full_text in new_statements
        )
        say(
            f"Statements: {len(new_statements)} created, {len(sids)} in the export"
            f" ({len(moderated_out)} moderated out, {shortened} longer than"
            f" {STATEMENT_MAX_LENGTH} characters shortened, full text kept)."
        )

        # Votes ------------------------------------------------------------------
        statement_pk = dict(
            records.filter(kind=ImportedRecordKind.STATEMENT).values_list(
                "external_id", "statement_id"
            )
        )
        row_user = np.asarray(
            [user_ids[emails[pid]] for pid in matrix.participant_ids.tolist()], dtype=np.int64
        )
        col_statement = np.asarray([statement_pk[sid] for sid in sids], dtype=np.int64)
        n_votes = int(matrix.votes.nnz)
        if _uses_copy():
            created_now = {s.pk for _, s, _ in new_statements}
            votes_created = _copy_votes(
                lambda: _vote_batches(matrix, row_user, col_statement, COPY_BATCH_VOTES),
                new_statements=sorted(created_now),
                old_statements=sorted(set(statement_pk.values()) - created_now),
            )
        else:
            votes = Vote.objects.filter(statement__thread=thread)
            before = votes.count()
            for voters, statements, values in _vote_batches(
                matrix, row_user, col_statement, VOTE_BATCH_SIZE
            ):
                Vote.objects.bulk_create(
                    [
                        Vote(statement_id=s, voter_id=v, value=x)
                        for v, s, x in zip(
                            voters.tolist(), statements.tolist(), values.tolist(), strict=True
                        )
                    ],
                    ignore_conflicts=True,  # a re-import leaves every existing vote as it is
                )
            votes_created = votes.count() - before
        say(f"Votes: {votes_created} created, {n_votes} latest votes in the export.")

    if _uses_copy() and votes_created:
        _analyze(Vote, Statement, User, ImportedRecord)
    return PolisImportResult(
        conversation=conversation,
        participants_created=users_created,
        participants_total=len(pids),
        statements_created=len(new_statements),
        statements_total=len(sids),
        statements_shortened=shortened,
        votes_created=votes_created,
        votes_total=n_votes,
    )
