"""Read Pol.is open-data exports (``comments.csv``, ``votes.csv``, ``participants-votes.csv``).

Exports use agree = +1, disagree = -1, pass = 0, the convention of this package, so
votes are read as they are. Every problem is reported as an
:class:`~opinion_core.exceptions.ExportError` naming the file and the physical line where
the offending record starts.

Files of a megabyte or more are read by pyarrow's CSV reader (``votes.csv`` batch by
batch, so its text is never all in memory), each column dictionary-encoded and checked
with vectorised operations on its distinct values; smaller files, and any file in which
the fast reader meets something it cannot vouch for (a parse error, a value out of
range), are read by the line-by-line scan of the ``csv`` module, which names the line at
fault. The two readers give the same export: the scan is the reference, and the fast
reader only hands back what it has checked by the same rules. pyarrow is imported only
when a file is large enough to need it, so a small run starts as fast as before.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from opinion_core.exceptions import ExportError
from opinion_core.matrix import VoteMatrix

__all__ = ["PolisExport", "read_polis_export", "read_polis_groups"]

_VOTE = {"1": 1, "-1": -1, "0": 0}
_NO_VOTE = 2  # an empty cell of participants-votes.csv
_TRUE = {"true", "t", "1", "yes"}
_FALSE = {"false", "f", "0", "no", ""}
# Leading columns of participants-votes.csv; every later column is a statement.
_PV_FIXED = {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}
# Files at least this large go through pyarrow; below it the csv module is quicker than
# importing pyarrow (about 0.2 s). Tests set it to 0 to run every case through both.
ARROW_MIN_BYTES = 1 << 20
_ARROW_BLOCK_BYTES = 8 << 20
# Ids that round-trip through int64 are handed on as integers: the same canonical order as
# their text (see opinion_core.matrix), without millions of strings.
_INT_ID_LIMIT = 1 << 62

if TYPE_CHECKING:
    import pyarrow as pa

IdArray = npt.NDArray[Any]


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
    authors : dict of str to str
        Pol.is author id of each statement that names one (``author-id``).
    """

    matrix: VoteMatrix
    statements: dict[str, str] = field(default_factory=dict)
    source: str = ""
    polis_groups: dict[str, int | None] = field(default_factory=dict)
    authors: dict[str, str] = field(default_factory=dict)


def iter_records(path: Path, label: str) -> Generator[tuple[int, list[str]], None, None]:
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
            # The text layer decodes ahead of the csv reader: find the line itself.
            raise ExportError(label, "is not UTF-8 text", _undecodable_line(path)) from None


def _undecodable_line(path: Path) -> int:
    """The physical line of the first byte that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + bytes(exc.object).count(b"\n", 0, exc.start)
            line += chunk.count(b"\n")
    return line


def _header(
    records: Generator[tuple[int, list[str]], None, None], label: str, required: tuple[str, ...]
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


@dataclass
class _Comments:
    ids: list[str]
    texts: dict[str, str]
    moderated_out: list[str]
    meta: list[str]
    authors: dict[str, str]


@dataclass
class _Votes:
    voters: IdArray
    comments: IdArray
    votes: npt.NDArray[np.int8]
    times: npt.NDArray[np.float64]


@dataclass
class _ParticipantVotes:
    voters: IdArray
    comments: IdArray
    votes: npt.NDArray[np.int8]
    groups: dict[str, int | None]


class _NeedsScan(Exception):
    """The fast reader met something it cannot vouch for: the scan will say what and where."""


# ---------------------------------------------------------------- line-by-line scan
def _scan_comments(path: Path, label: str) -> _Comments:
    records = iter_records(path, label)
    cols = _header(records, label, ("comment-id", "moderated"))
    width = len(cols)
    ids: list[str] = []
    texts: dict[str, str] = {}
    mod_out: list[str] = []
    meta: list[str] = []
    authors: dict[str, str] = {}
    a_i = cols.get("author-id")
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
        if a_i is not None and row[a_i].strip():
            authors[cid] = row[a_i].strip()
    return _Comments(ids, texts, mod_out, meta, authors)


def _scan_votes(path: Path, label: str) -> _Votes:
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
    return _Votes(
        np.asarray(voters, dtype=str),
        np.asarray(comments, dtype=str),
        np.asarray(votes, dtype=np.int8),
        np.asarray(times, dtype=np.float64),
    )


def _scan_participants_votes(path: Path, label: str) -> _ParticipantVotes:
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
        empty = np.asarray([], dtype=str)
        return _ParticipantVotes(empty, empty, np.asarray([], dtype=np.int8), groups)
    return _ParticipantVotes(
        np.concatenate(voters), np.concatenate(comments), np.concatenate(votes), groups
    )


# ---------------------------------------------------------------- pyarrow
def _wants_arrow(path: Path) -> bool:
    try:
        return path.stat().st_size >= ARROW_MIN_BYTES
    except OSError:
        return False  # the scan says why it cannot be read


def _read_header(path: Path, label: str) -> list[str]:
    records = iter_records(path, label)
    try:
        _, header = next(records)
    except StopIteration:
        raise ExportError(label, "empty file, expected a header row", 1) from None
    finally:
        records.close()
    return header


def _arrow_table(
    path: Path, header: list[str], types: dict[int, pa.DataType], *, newlines: bool = False
) -> pa.Table:
    """The columns ``types`` names (by position) of every record after the header.

    Nothing is read as missing (``null_values=[]``): an empty cell stays an empty
    string, and an empty or unparsable number fails, for the scan to name its line.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        return pacsv.read_csv(path, **_arrow_options(header, types, newlines=newlines))
    except (pa.ArrowException, UnicodeDecodeError, ValueError):
        raise _NeedsScan from None


def _arrow_options(
    header: list[str], types: dict[int, pa.DataType], *, newlines: bool = False
) -> dict[str, Any]:
    import pyarrow.csv as pacsv

    names = [f"f{i}" for i in range(len(header))]
    return {
        "read_options": pacsv.ReadOptions(
            column_names=names, skip_rows=1, block_size=_ARROW_BLOCK_BYTES
        ),
        "parse_options": pacsv.ParseOptions(newlines_in_values=newlines),
        "convert_options": pacsv.ConvertOptions(
            column_types={names[i]: t for i, t in types.items()},
            include_columns=[names[i] for i in types],
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    }


def _release_arrow_memory() -> None:
    """Give back what pyarrow's allocator keeps of a table that is gone (a few hundred MiB
    after a large file), before the vote matrix is built."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _dictionary(column: pa.ChunkedArray) -> tuple[list[str], npt.NDArray[np.int32]]:
    """A dictionary-encoded column as (its distinct values, each row's index into them)."""
    column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return [], np.empty(0, np.int32)
    values = column.chunk(0).dictionary.to_pylist()
    indices = [chunk.indices.to_numpy(zero_copy_only=False) for chunk in column.chunks]
    return values, np.concatenate(indices).astype(np.int32, copy=False)


def _id_lookup(values: list[str]) -> IdArray:
    """Stripped ids, as int64 when every one is a plain integer, else as text.

    Raises ``_NeedsScan`` when an id is empty, for the scan to name the line."""
    stripped = [v.strip() for v in values]
    if not all(stripped):
        raise _NeedsScan
    try:
        as_int = [int(v) for v in stripped]
    except ValueError:
        return np.asarray(stripped, dtype=str)
    if all(
        str(i) == v and -_INT_ID_LIMIT < i < _INT_ID_LIMIT
        for i, v in zip(as_int, stripped, strict=True)
    ):
        small = all(-(1 << 31) < i < (1 << 31) for i in as_int)
        return np.asarray(as_int, dtype=np.int32 if small else np.int64)
    return np.asarray(stripped, dtype=str)


def _vote_lookup(values: list[str], *, allow_empty: bool = False) -> npt.NDArray[np.int8]:
    """Each distinct cell as its vote (``_NO_VOTE`` for an empty one, when allowed)."""
    out = np.empty(len(values), dtype=np.int8)
    for i, text in enumerate(values):
        text = text.strip()
        if text in _VOTE:
            out[i] = _VOTE[text]
        elif allow_empty and text == "":
            out[i] = _NO_VOTE
        else:
            raise _NeedsScan
    return out


def _column_positions(header: list[str]) -> dict[str, int]:
    cols = {name.strip(): i for i, name in enumerate(header)}
    if len(cols) != len(header):
        raise _NeedsScan  # a repeated column name: the scan refuses every row's width
    return cols


def _arrow_id_lookup(dictionary: pa.Array) -> IdArray:
    """``_id_lookup`` of a batch's dictionary of ids, vectorised (a hundred thousand
    voters per batch)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(dictionary) and pc.any(pc.match_substring_regex(dictionary, "[\x1c-\x1f]")).as_py():
        raise _NeedsScan  # Python's strip() takes these too; let the scan decide
    stripped = pc.utf8_trim_whitespace(dictionary)
    if len(stripped) and pc.min(pc.utf8_length(stripped)).as_py() == 0:
        raise _NeedsScan  # an empty id
    text = stripped.to_numpy(zero_copy_only=False)
    try:
        as_int = pc.cast(stripped, pa.int64())
    except pa.ArrowInvalid:  # an id that is not a whole number ("p7")
        return text.astype(str)  # the ids are text, as written
    except pa.ArrowNotImplementedError:  # a column type with no cast to int64 at all
        return text.astype(str)
    if not pc.all(pc.equal(pc.cast(as_int, pa.string()), stripped)).as_py():
        return text.astype(str)  # "07", "+7": kept as written
    values = as_int.to_numpy()
    if len(values) and (values.min() <= -_INT_ID_LIMIT or values.max() >= _INT_ID_LIMIT):
        return text.astype(str)
    small = not len(values) or (values.min() > -(1 << 31) and values.max() < (1 << 31))
    return values.astype(np.int32 if small else np.int64)


def _concatenate_ids(parts: list[IdArray]) -> IdArray:
    if not parts:
        return np.empty(0, np.int32)
    if any(not np.issubdtype(p.dtype, np.integer) for p in parts):
        parts = [p.astype(str) for p in parts]  # canonical integers print as written
    return np.concatenate(parts)


def _arrow_votes(path: Path, label: str) -> _Votes:
    """votes.csv batch by batch (pyarrow's streaming reader): the raw text of ten million
    votes is never in memory at once, only their ids, votes and times as arrays."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = _read_header(path, label)
    cols = _column_positions(header)
    for name in ("comment-id", "voter-id", "vote"):
        if name not in cols:
            raise _NeedsScan  # the scan names the missing column
    text = pa.dictionary(pa.int32(), pa.string())
    c_i, v_i, vote_i = cols["comment-id"], cols["voter-id"], cols["vote"]
    t_i = cols.get("timestamp")
    types: dict[int, pa.DataType] = {c_i: text, v_i: text, vote_i: text}
    if t_i is not None:
        types[t_i] = pa.float64()
    voters: list[IdArray] = []
    comments: list[IdArray] = []
    votes: list[npt.NDArray[np.int8]] = []
    times: list[npt.NDArray[np.float64]] = []
    try:
        with pacsv.open_csv(path, **_arrow_options(header, types)) as reader:
            for batch in reader:
                voter = batch.column(f"f{v_i}")
                comment = batch.column(f"f{c_i}")
                vote = batch.column(f"f{vote_i}")
                if not len(vote):
                    continue
                voters.append(_arrow_id_lookup(voter.dictionary)[voter.indices.to_numpy()])
                comments.append(_arrow_id_lookup(comment.dictionary)[comment.indices.to_numpy()])
                lookup = _vote_lookup(vote.dictionary.to_pylist())
                votes.append(lookup[vote.indices.to_numpy()])
                if t_i is not None:
                    times.append(batch.column(f"f{t_i}").to_numpy().astype(np.float64))
    except (pa.ArrowException, UnicodeDecodeError, ValueError):
        raise _NeedsScan from None
    finally:
        _release_arrow_memory()
    n = sum(len(v) for v in votes)
    return _Votes(
        _concatenate_ids(voters),
        _concatenate_ids(comments),
        np.concatenate(votes) if votes else np.empty(0, np.int8),
        np.concatenate(times) if t_i is not None and times else np.arange(n, dtype=np.float64),
    )


def _arrow_comments(path: Path, label: str) -> _Comments:
    import pyarrow as pa

    header = _read_header(path, label)
    cols = _column_positions(header)
    if "comment-id" not in cols or "moderated" not in cols:
        raise _NeedsScan
    wanted = ("comment-id", "moderated", "is-meta", "author-id", "comment-body")
    present = [n for n in wanted if n in cols]
    table = _arrow_table(path, header, {cols[n]: pa.string() for n in present}, newlines=True)
    column = {n: table.column(f"f{cols[n]}").to_pylist() for n in present}
    ids = [c.strip() for c in column["comment-id"]]
    moderated = [m.strip() for m in column["moderated"]]
    if not all(ids) or not set(moderated) <= {"-1", "0", "1"}:
        raise _NeedsScan
    meta_flags = [f.strip().lower() for f in column.get("is-meta", [])]
    if not set(meta_flags) <= _TRUE | _FALSE:
        raise _NeedsScan
    texts = dict(zip(ids, column["comment-body"], strict=True)) if "comment-body" in cols else {}
    authors = {
        cid: author.strip()
        for cid, author in zip(ids, column.get("author-id", []), strict=False)
        if author.strip()
    }
    return _Comments(
        ids,
        texts,
        [cid for cid, m in zip(ids, moderated, strict=True) if m == "-1"],
        [cid for cid, f in zip(ids, meta_flags, strict=False) if f in _TRUE],
        authors,
    )


def _arrow_participants_votes(path: Path, label: str) -> _ParticipantVotes:
    import pyarrow as pa

    header = [h.strip() for h in _read_header(path, label)]
    if "participant" not in header:
        raise _NeedsScan
    first_statement = 0
    for i, name in enumerate(header):
        if name in _PV_FIXED:
            first_statement = i + 1
    text = pa.dictionary(pa.int32(), pa.string())
    p_i = header.index("participant")
    g_i = header.index("group-id") if "group-id" in header else None
    types: dict[int, pa.DataType] = {p_i: text}
    if g_i is not None:
        types[g_i] = text
    types.update({j: text for j in range(first_statement, len(header))})
    table = _arrow_table(path, header, types)

    p_values, p_index = _dictionary(table.column(f"f{p_i}"))
    if not p_values:
        empty = np.asarray([], dtype=str)
        return _ParticipantVotes(empty, empty, np.asarray([], dtype=np.int8), {})
    pids = _id_lookup(p_values)
    groups: dict[str, int | None] = {}
    if g_i is not None:
        g_values, g_index = _dictionary(table.column(f"f{g_i}"))
        try:
            g_lookup = [int(g) if g.strip() else None for g in g_values]
        except ValueError:
            raise _NeedsScan from None
        row_pid = pids[p_index].astype(str).tolist()
        groups = {pid: g_lookup[g] for pid, g in zip(row_pid, g_index.tolist(), strict=True)}
    n_rows = len(p_index)
    n_cols = len(header) - first_statement
    cells = np.empty((n_rows, n_cols), dtype=np.int8)
    for j in range(n_cols):
        values, index = _dictionary(table.column(f"f{first_statement + j}"))
        cells[:, j] = _vote_lookup(values, allow_empty=True)[index]
    del table
    _release_arrow_memory()
    rows, cols = np.nonzero(cells != _NO_VOTE)  # row by row, as the scan reads them
    statements = np.asarray(header[first_statement:], dtype=str)
    return _ParticipantVotes(pids[p_index][rows], statements[cols], cells[rows, cols], groups)


def _read(fast: Any, scan: Any, path: Path, label: str) -> Any:
    """The fast reader's result when it vouches for the file, else the scan's."""
    if _wants_arrow(path):
        try:
            return fast(path, label)
        except _NeedsScan:
            pass
    return scan(path, label)


def _read_comments(path: Path, label: str) -> _Comments:
    result: _Comments = _read(_arrow_comments, _scan_comments, path, label)
    return result


def _read_votes(path: Path, label: str) -> _Votes:
    result: _Votes = _read(_arrow_votes, _scan_votes, path, label)
    return result


def _read_participants_votes(path: Path, label: str) -> _ParticipantVotes:
    result: _ParticipantVotes = _read(
        _arrow_participants_votes, _scan_participants_votes, path, label
    )
    return result


def read_polis_groups(directory: str | os.PathLike[str]) -> dict[str, int | None]:
    """Pol.is's ``group-id`` of each participant, from ``participants-votes.csv``.

    Raises
    ------
    ExportError
        When the file is missing or malformed.
    """
    path = Path(directory) / "participants-votes.csv"
    return _read_participants_votes(path, str(path)).groups


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
    comments = _read_comments(comments_path, str(comments_path))
    votes_path = root / "votes.csv"
    pv_path = root / "participants-votes.csv"
    polis_groups: dict[str, int | None] = {}
    order: npt.NDArray[np.float64] | None = None
    if votes_path.exists():
        events = _read_votes(votes_path, str(votes_path))
        voters, statements, votes, order = (
            events.voters,
            events.comments,
            events.votes,
            events.times,
        )
        source = str(votes_path)
    elif pv_path.exists():
        latest = _read_participants_votes(pv_path, str(pv_path))
        voters, statements, votes = latest.voters, latest.comments, latest.votes
        polis_groups = latest.groups
        source = str(pv_path)
    else:
        raise ExportError(str(votes_path), "file not found (nor participants-votes.csv)")
    matrix = VoteMatrix.from_votes(
        voters,
        statements,
        votes,
        order=order,
        all_statements=comments.ids,
        moderated_out=comments.moderated_out,
        meta=comments.meta,
    )
    return PolisExport(
        matrix=matrix,
        statements=comments.texts,
        source=source,
        polis_groups=polis_groups,
        authors=comments.authors,
    )
