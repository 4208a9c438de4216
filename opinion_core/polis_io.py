"""Read Pol.is open-data exports (``comments.csv``, ``votes.csv``, ``participants-votes.csv``).

Exports use agree = +1, disagree = -1, pass = 0, the convention of this package, so
votes are read as they are. Every problem is reported as an
:class:`~opinion_core.exceptions.ExportError` naming the file and the physical line where
the offending record starts.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from opinion_core.exceptions import ExportError
from opinion_core.matrix import VoteMatrix

__all__ = ["PolisExport", "read_polis_export", "read_polis_groups"]

_VOTE = {"1": 1, "-1": -1, "0": 0}
_TRUE = {"true", "t", "1", "yes"}
_FALSE = {"false", "f", "0", "no", ""}
# Leading columns of participants-votes.csv; every later column is a statement.
_PV_FIXED = {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}


@dataclass
class PolisExport:
    """A Pol.is conversation read from disk.

    Attributes
    ----------
    matrix : VoteMatrix
        Latest votes, with moderated-out and meta statements flagged.
    statements : dict of str to str
        Statement text by id.
    source : str
        The file the votes came from (``votes.csv`` or ``participants-votes.csv``).
    polis_groups : dict of str to int or None
        Pol.is's own ``group-id`` per participant, when ``participants-votes.csv``
        exists (``None`` = not clustered by Pol.is).
    """

    matrix: VoteMatrix
    statements: dict[str, str] = field(default_factory=dict)
    source: str = ""
    polis_groups: dict[str, int | None] = field(default_factory=dict)


def iter_records(path: Path, label: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every record, header included (line 1)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ExportError(label, "file not found") from None
    except OSError as exc:
        raise ExportError(label, f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle, strict=True)
        start = 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ExportError(label, f"malformed CSV ({exc})", start) from None
        except UnicodeDecodeError:
            raise ExportError(label, "is not UTF-8 text", start) from None


def _header(
    records: Iterator[tuple[int, list[str]]], label: str, required: tuple[str, ...]
) -> dict[str, int]:
    try:
        _, header = next(records)
    except StopIteration:
        raise ExportError(label, "empty file, expected a header row", 1) from None
    columns = {name.strip(): i for i, name in enumerate(header)}
    for name in required:
        if name not in columns:
            raise ExportError(label, f"missing column {name!r} in the header", 1)
    return columns


def _check_width(row: list[str], width: int, label: str, line: int) -> None:
    if len(row) != width:
        raise ExportError(label, f"expected {width} fields, got {len(row)}", line)


def _parse_vote(text: str, label: str, line: int) -> int:
    value = _VOTE.get(text.strip())
    if value is None:
        raise ExportError(label, f"vote must be -1, 0 or 1, got {text!r}", line)
    return value


def _read_comments(
    path: Path, label: str
) -> tuple[list[str], dict[str, str], list[str], list[str]]:
    records = iter_records(path, label)
    cols = _header(records, label, ("comment-id", "moderated"))
    width = len(cols)
    ids: list[str] = []
    texts: dict[str, str] = {}
    mod_out: list[str] = []
    meta: list[str] = []
    for line, row in records:
        if not row:
            continue
        _check_width(row, width, label, line)
        cid = row[cols["comment-id"]].strip()
        if not cid:
            raise ExportError(label, "empty comment-id", line)
        moderated = row[cols["moderated"]].strip()
        if moderated not in ("-1", "0", "1"):
            raise ExportError(label, f"moderated must be -1, 0 or 1, got {moderated!r}", line)
        is_meta = False
        if "is-meta" in cols:
            flag = row[cols["is-meta"]].strip().lower()
            if flag not in _TRUE | _FALSE:
                raise ExportError(label, f"is-meta must be true or false, got {flag!r}", line)
            is_meta = flag in _TRUE
        ids.append(cid)
        if "comment-body" in cols:
            texts[cid] = row[cols["comment-body"]]
        if moderated == "-1":
            mod_out.append(cid)
        if is_meta:
            meta.append(cid)
    return ids, texts, mod_out, meta


def _read_votes(path: Path, label: str) -> tuple[list[str], list[str], list[int], list[float]]:
    records = iter_records(path, label)
    cols = _header(records, label, ("comment-id", "voter-id", "vote"))
    width = len(cols)
    c_i, v_i, vote_i = cols["comment-id"], cols["voter-id"], cols["vote"]
    t_i = cols.get("timestamp")
    voters: list[str] = []
    comments: list[str] = []
    votes: list[int] = []
    times: list[float] = []
    for line, row in records:
        if not row:
            continue
        _check_width(row, width, label, line)
        voter, comment = row[v_i].strip(), row[c_i].strip()
        if not voter:
            raise ExportError(label, "empty voter-id", line)
        if not comment:
            raise ExportError(label, "empty comment-id", line)
        votes.append(_parse_vote(row[vote_i], label, line))
        if t_i is not None:
            try:
                times.append(float(row[t_i]))
            except ValueError:
                raise ExportError(
                    label, f"timestamp must be a number, got {row[t_i]!r}", line
                ) from None
        else:
            times.append(float(len(times)))
        voters.append(voter)
        comments.append(comment)
    return voters, comments, votes, times


def _read_participants_votes(
    path: Path, label: str
) -> tuple[list[str], list[str], list[int], dict[str, int | None]]:
    records = iter_records(path, label)
    try:
        _, header = next(records)
    except StopIteration:
        raise ExportError(label, "empty file, expected a header row", 1) from None
    header = [h.strip() for h in header]
    if "participant" not in header:
        raise ExportError(label, "missing column 'participant' in the header", 1)
    first_statement = 0
    for i, name in enumerate(header):
        if name in _PV_FIXED:
            first_statement = i + 1
    statement_cols = np.asarray(header[first_statement:], dtype=str)
    p_i = header.index("participant")
    g_i = header.index("group-id") if "group-id" in header else None
    width = len(header)
    allowed = np.asarray(["", "1", "-1", "0"])
    voters: list[np.ndarray] = []
    comments: list[np.ndarray] = []
    votes: list[np.ndarray] = []
    groups: dict[str, int | None] = {}
    for line, row in records:
        if not row:
            continue
        _check_width(row, width, label, line)
        pid = row[p_i].strip()
        if not pid:
            raise ExportError(label, "empty participant", line)
        if g_i is not None:
            gid = row[g_i].strip()
            try:
                groups[pid] = int(gid) if gid else None
            except ValueError:
                raise ExportError(
                    label, f"group-id must be an integer, got {gid!r}", line
                ) from None
        cells = np.char.strip(np.asarray(row[first_statement:], dtype=str))
        bad = ~np.isin(cells, allowed)
        if bad.any():
            text = row[first_statement + int(np.argmax(bad))]
            raise ExportError(label, f"vote must be -1, 0 or 1, got {text!r}", line)
        voted = cells != ""
        n = int(voted.sum())
        voters.append(np.full(n, pid))
        comments.append(statement_cols[voted])
        votes.append(cells[voted].astype(np.int8))
    if not voters:
        return [], [], [], groups
    return (
        np.concatenate(voters).tolist(),
        np.concatenate(comments).tolist(),
        np.concatenate(votes).tolist(),
        groups,
    )


def read_polis_groups(directory: str | os.PathLike[str]) -> dict[str, int | None]:
    """Pol.is's ``group-id`` of each participant, from ``participants-votes.csv``.

    Raises
    ------
    ExportError
        When the file is missing or malformed.
    """
    path = Path(directory) / "participants-votes.csv"
    return _read_participants_votes(path, str(path))[3]


def read_polis_export(directory: str | os.PathLike[str]) -> PolisExport:
    """Read a Pol.is open-data export directory.

    Votes come from ``votes.csv`` (every vote event; the latest per participant and
    statement wins), or from ``participants-votes.csv`` (latest votes only) when
    ``votes.csv`` is absent. ``comments.csv`` gives moderation (``moderated = -1``
    and ``is-meta`` statements are moderated out) and the statement texts.

    Parameters
    ----------
    directory : path

    Returns
    -------
    PolisExport

    Raises
    ------
    ExportError
        Missing directory or file, malformed row, or a vote outside {-1, 0, 1}.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ExportError(
            str(directory), "no such directory" if not root.exists() else "not a directory"
        )
    comments_path = root / "comments.csv"
    ids, texts, mod_out, meta = _read_comments(comments_path, str(comments_path))
    votes_path = root / "votes.csv"
    pv_path = root / "participants-votes.csv"
    polis_groups: dict[str, int | None] = {}
    if votes_path.exists():
        voters, comments, votes, times = _read_votes(votes_path, str(votes_path))
        source = str(votes_path)
        order: list[float] | None = times
    elif pv_path.exists():
        voters, comments, votes, polis_groups = _read_participants_votes(pv_path, str(pv_path))
        source = str(pv_path)
        order = None
    else:
        raise ExportError(str(votes_path), "file not found (nor participants-votes.csv)")
    matrix = VoteMatrix.from_votes(
        np.asarray(voters, dtype=str),
        np.asarray(comments, dtype=str),
        np.asarray(votes, dtype=np.int8),
        order=None if order is None else np.asarray(order),
        all_statements=ids,
        moderated_out=mod_out,
        meta=meta,
    )
    return PolisExport(matrix=matrix, statements=texts, source=source, polis_groups=polis_groups)
