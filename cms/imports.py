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
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
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
from opinion_core.matrix import canonical_ids
from opinion_core.polis_io import iter_records, read_polis_export

__all__ = ["MODERATED_OUT_REASON", "PolisImportResult", "polis_import"]

MODERATED_OUT_REASON = "Moderated out in Pol.is"
VOTE_BATCH_SIZE = 5_000
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


def _authors(directory: Path) -> dict[str, str]:
    """Pol.is author id of each comment (the export was already validated)."""
    path = directory / "comments.csv"
    records = iter_records(path, str(path))
    _, header = next(records)
    columns = {name.strip(): i for i, name in enumerate(header)}
    if "author-id" not in columns:
        return {}
    c_i, a_i = columns["comment-id"], columns["author-id"]
    return {row[c_i].strip(): row[a_i].strip() for _, row in records if row and row[a_i].strip()}


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
    authors = _authors(root)
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
        emails = {pid: f"polis-{conversation}-{pid}@import.invalid".lower() for pid in pids}
        existing = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
        new_users = [
            User(
                email=emails[pid],
                display_name=_display_name(conversation, pid),
                password=make_password(None),
                is_active=False,
            )
            for pid in pids
            if emails[pid] not in existing
        ]
        User.objects.bulk_create(new_users)
        user_ids = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
        known = set(
            records.filter(kind=ImportedRecordKind.PARTICIPANT).values_list(
                "external_id", flat=True
            )
        )
        ImportedRecord.objects.bulk_create(
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
        say(f"Participants: {len(new_users)} created, {len(pids)} in the export.")

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
        cells = matrix.votes.tocoo()
        voters = row_user[cells.row].tolist()
        statements = col_statement[cells.col].tolist()
        values = cells.data.astype(int).tolist()
        votes = Vote.objects.filter(statement__thread=thread)
        before = votes.count()
        Vote.objects.bulk_create(
            (
                Vote(statement_id=s, voter_id=v, value=x)
                for v, s, x in zip(voters, statements, values, strict=True)
            ),
            batch_size=VOTE_BATCH_SIZE,
            ignore_conflicts=True,  # a re-import leaves every existing vote as it is
        )
        after = votes.count()
        say(f"Votes: {after - before} created, {len(values)} latest votes in the export.")

    return PolisImportResult(
        conversation=conversation,
        participants_created=len(new_users),
        participants_total=len(pids),
        statements_created=len(new_statements),
        statements_total=len(sids),
        statements_shortened=shortened,
        votes_created=after - before,
        votes_total=len(values),
    )
