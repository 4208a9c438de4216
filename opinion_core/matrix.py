"""The participant x statement vote matrix.

Sign convention used everywhere in this package: **agree = +1, disagree = -1,
pass = 0**, as in Pol.is exports and Hearth's own votes. (Pol.is stores agree as -1
internally; nothing here depends on that, because every quantity that Pol.is derives
from the sign is either symmetric or re-stated in this convention.)

The matrix is a CSR array of ``int8`` whose *stored* entries are the cells somebody
voted on: an explicitly stored 0 is a pass, a cell that is not stored was never voted
on. Every function in this package keeps that structure (no ``eliminate_zeros``).

Rows and columns are in a canonical order that depends only on the ids, never on
the order of the input: ids that all look like integers sort numerically (which is
also the order Pol.is assigns them in, i.e. join order), anything else sorts as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from opinion_core.exceptions import AnalysisError

__all__ = ["VoteMatrix", "canonical_ids"]

_INT_RE = re.compile(r"^[+-]?\d+$")


def canonical_ids(ids: Iterable[Any]) -> npt.NDArray[np.str_]:
    """Return the distinct ids, as strings, in canonical order.

    Parameters
    ----------
    ids : iterable
        Ids (strings or integers); duplicates are allowed.

    Returns
    -------
    ndarray of str
        Sorted numerically when every id is an integer literal (ties such as ``"7"``
        and ``"07"`` broken as text), otherwise sorted as text.
    """
    arr = np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids)
    if arr.size == 0:
        return np.asarray([], dtype=str)
    if np.issubdtype(arr.dtype, np.integer):
        return np.unique(arr).astype(str)
    uniq = np.unique(arr.astype(str))
    if all(_INT_RE.match(s) for s in uniq.tolist()):
        as_int = np.asarray([int(s) for s in uniq.tolist()], dtype=object)
        order = sorted(range(len(uniq)), key=lambda i: (as_int[i], uniq[i]))
        return uniq[np.asarray(order, dtype=np.intp)]
    return uniq


def _encode(
    values: npt.ArrayLike, universe: npt.NDArray[np.str_] | None = None
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.intp]]:
    """Map ids to indices into their canonical order (optionally widened by ``universe``)."""
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.integer) and universe is None:
        if arr.size and arr.min() >= 0 and arr.max() < 4 * arr.size + 1_000_000:
            # Small non-negative ids (the usual case): a linear-time table instead
            # of sorting millions of votes.
            present = np.zeros(int(arr.max()) + 1, dtype=bool)
            present[arr] = True
            position = np.cumsum(present, dtype=np.intp) - 1
            return np.flatnonzero(present).astype(str), position[arr]
        uniq, inverse = np.unique(arr, return_inverse=True)
        return uniq.astype(str), inverse.astype(np.intp, copy=False)
    if np.issubdtype(arr.dtype, np.integer) and arr.size:
        # Widened by a universe: place the distinct ids (a few thousand statements) in it,
        # not the text of every vote's (10 s for 10 million votes).
        distinct, distinct_idx = _encode(arr)
        ids, placed = _encode(distinct, universe)
        return ids, placed[distinct_idx]
    strs = arr.astype(str)
    lex, inverse = np.unique(strs, return_inverse=True)
    pool = lex if universe is None else np.union1d(lex, universe.astype(str))
    ids = canonical_ids(pool)
    # canonical index of the r-th id in text order is lex_to_canon[r]
    lex_to_canon = np.argsort(ids, kind="stable")
    lex_pos = np.searchsorted(ids[lex_to_canon], lex)
    return ids, lex_to_canon[lex_pos][inverse]


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Latest votes of participants on statements, with statement moderation.

    Build one with :meth:`from_votes` (triples) or :meth:`from_dense`.

    Attributes
    ----------
    votes : scipy.sparse.csr_array of int8, shape (n_participants, n_statements)
        Stored entries are votes (+1 agree, -1 disagree, 0 pass).
    participant_ids, statement_ids : ndarray of str
        Ids in canonical order; row ``i`` is ``participant_ids[i]``.
    moderated_out : ndarray of bool, shape (n_statements,)
        Statements removed by moderation or marked meta: they count as passed by
        everyone and are never reported as representative or consensus.
    is_meta : ndarray of bool, shape (n_statements,)
        Meta statements (a subset of ``moderated_out``).
    n_vote_events : int
        Number of vote records before keeping only each participant's latest vote.
    """

    votes: sparse.csr_array
    participant_ids: npt.NDArray[np.str_]
    statement_ids: npt.NDArray[np.str_]
    moderated_out: npt.NDArray[np.bool_]
    is_meta: npt.NDArray[np.bool_]
    n_vote_events: int = field(default=0)

    def __post_init__(self) -> None:
        n, m = self.votes.shape
        if len(self.participant_ids) != n or len(self.statement_ids) != m:
            raise AnalysisError("ids do not match the shape of the vote matrix")
        if len(self.moderated_out) != m or len(self.is_meta) != m:
            raise AnalysisError("moderation flags do not match the number of statements")

    # ------------------------------------------------------------------ building
    @classmethod
    def from_votes(
        cls,
        participants: npt.ArrayLike,
        statements: npt.ArrayLike,
        votes: npt.ArrayLike,
        *,
        order: npt.ArrayLike | None = None,
        all_statements: Iterable[Any] | None = None,
        moderated_out: Iterable[Any] = (),
        meta: Iterable[Any] = (),
    ) -> VoteMatrix:
        """Build the matrix from (participant, statement, vote) triples.

        Parameters
        ----------
        participants, statements : array-like of shape (n_events,)
            Ids (str or int) of the voter and of the statement of each vote event.
        votes : array-like of int, shape (n_events,)
            Each in {-1, 0, 1}: disagree, pass, agree.
        order : array-like of shape (n_events,), optional
            When each vote was cast (e.g. a timestamp). The latest vote per
            (participant, statement) wins. Events with equal ``order`` on the same
            cell are resolved by the larger vote, so the result never depends on the
            order of the rows. Without ``order`` the row order is the time order.
        all_statements : array-like, optional
            Every statement id, including ones nobody voted on.
        moderated_out : iterable
            Ids of statements moderated out (Pol.is ``moderated = -1``) or meta.
        meta : iterable
            Ids of meta statements (also treated as moderated out).

        Returns
        -------
        VoteMatrix
        """
        p = np.asarray(participants)
        s = np.asarray(statements)
        v = np.asarray(votes)
        if not (p.ndim == s.ndim == v.ndim == 1) or not (len(p) == len(s) == len(v)):
            raise AnalysisError("participants, statements and votes must be 1-D and equally long")
        if v.size and not np.issubdtype(v.dtype, np.integer):
            if not np.issubdtype(v.dtype, np.number) or not np.all(np.isfinite(v)):
                raise AnalysisError("votes must be -1, 0 or 1")
            if np.any(v != np.round(v)):
                raise AnalysisError("votes must be -1, 0 or 1")
        if v.size and (v.min() < -1 or v.max() > 1):
            raise AnalysisError("votes must be -1, 0 or 1")
        v8 = v.astype(np.int8)
        n_events = len(v8)

        p_ids, p_idx = _encode(p)
        universe = None
        extra = list(all_statements) if all_statements is not None else []
        mod_list = [str(x) for x in moderated_out]
        meta_list = [str(x) for x in meta]
        if extra or mod_list or meta_list or not np.issubdtype(s.dtype, np.integer):
            universe = np.asarray([str(x) for x in extra] + mod_list + meta_list, dtype=str)
        s_ids, s_idx = _encode(s, universe)
        n, m = len(p_ids), len(s_ids)

        # In place, and each array dropped once used: at ten million votes every
        # temporary is 80 MB.
        key = p_idx.astype(np.int64)
        del p_idx
        key *= max(m, 1)
        key += s_idx
        del s_idx
        if order is None:
            perm = np.argsort(key, kind="stable")
        else:
            t = np.asarray(order)
            if t.shape != key.shape:
                raise AnalysisError("order must have one entry per vote")
            perm = np.lexsort((v8, t, key))
            del t
        key_sorted = key[perm]
        del key
        # keep the last event of each run of equal keys
        last = np.ones(len(key_sorted), dtype=bool)
        if len(key_sorted) > 1:
            np.not_equal(key_sorted[1:], key_sorted[:-1], out=last[:-1])
        keep = perm[last]
        del perm
        key_kept = key_sorted[last]
        del key_sorted, last
        rows = key_kept // max(m, 1)
        cols = (key_kept % max(m, 1)).astype(np.int32)
        del key_kept
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        mat = sparse.csr_array((v8[keep], cols, indptr), shape=(n, m))

        mod_mask = np.isin(s_ids, np.asarray(mod_list + meta_list, dtype=str))
        meta_mask = np.isin(s_ids, np.asarray(meta_list, dtype=str))
        return cls(mat, p_ids, s_ids, mod_mask, meta_mask, n_events)

    @classmethod
    def from_dense(
        cls,
        X: Any,
        *,
        participant_ids: Sequence[Any] | None = None,
        statement_ids: Sequence[Any] | None = None,
        moderated_out: Iterable[Any] = (),
        meta: Iterable[Any] = (),
    ) -> VoteMatrix:
        """Build the matrix from a dense array in which NaN means "not voted".

        Parameters
        ----------
        X : array-like of shape (n_participants, n_statements)
            Votes in {-1, 0, 1} or NaN.
        participant_ids, statement_ids : sequence, optional
            Ids of the rows and columns; default ``"0"``, ``"1"``, ...
        moderated_out, meta : iterable
            Statement ids, as in :meth:`from_votes`.

        Returns
        -------
        VoteMatrix
        """
        arr = np.asarray(X, dtype=float)
        if arr.ndim != 2:
            raise AnalysisError(f"expected a 2-D vote matrix, got {arr.ndim}-D")
        n, m = arr.shape
        rows, cols = np.nonzero(~np.isnan(arr))
        pids = np.asarray(
            [str(x) for x in participant_ids] if participant_ids is not None else range(n)
        ).astype(str)
        sids = np.asarray(
            [str(x) for x in statement_ids] if statement_ids is not None else range(m)
        ).astype(str)
        if len(pids) != n or len(sids) != m:
            raise AnalysisError("ids do not match the shape of the vote matrix")
        # Rows with no vote at all are kept as participants only via the id lists.
        built = cls.from_votes(
            pids[rows],
            sids[cols],
            arr[rows, cols],
            all_statements=sids,
            moderated_out=moderated_out,
            meta=meta,
        )
        return built.with_participants(pids)

    def with_participants(self, ids: Iterable[Any]) -> VoteMatrix:
        """Return a matrix that also has rows (without votes) for ``ids``."""
        wanted = canonical_ids(np.concatenate([self.participant_ids, np.asarray(list(ids), str)]))
        if len(wanted) == len(self.participant_ids):
            return self
        lex_to_canon = np.argsort(wanted, kind="stable")
        new_rows = lex_to_canon[np.searchsorted(wanted[lex_to_canon], self.participant_ids)]
        counts = np.zeros(len(wanted), dtype=np.int64)
        counts[new_rows] = np.diff(self.votes.indptr)
        indptr = np.zeros(len(wanted) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        mat = sparse.csr_array(
            (self.votes.data, self.votes.indices, indptr), shape=(len(wanted), self.n_statements)
        )
        return VoteMatrix(
            mat, wanted, self.statement_ids, self.moderated_out, self.is_meta, self.n_vote_events
        )

    # ------------------------------------------------------------------ views
    @property
    def n_participants(self) -> int:
        """Number of rows."""
        return int(self.votes.shape[0])

    @property
    def n_statements(self) -> int:
        """Number of columns."""
        return int(self.votes.shape[1])

    @property
    def n_votes(self) -> int:
        """Number of latest votes (stored cells), passes included."""
        return int(self.votes.nnz)

    def indicator(self, value: int | None = None) -> sparse.csr_array:
        """0/1 matrix (float64) of cells holding ``value``; ``None`` means any vote."""
        if value is None:
            data = np.ones(self.votes.nnz, dtype=np.float64)
        else:
            data = (self.votes.data == value).astype(np.float64)
        return sparse.csr_array(
            (data, self.votes.indices, self.votes.indptr), shape=self.votes.shape
        )

    def votes_per_participant(self) -> npt.NDArray[np.int64]:
        """Number of votes (passes included) of each participant."""
        return np.diff(self.votes.indptr).astype(np.int64)

    def votes_per_statement(self) -> npt.NDArray[np.int64]:
        """Number of votes (passes included) on each statement."""
        return np.bincount(self.votes.indices, minlength=self.n_statements).astype(np.int64)

    def to_dense(self) -> npt.NDArray[np.float64]:
        """Dense float copy with NaN for "not voted" (for small matrices and tests)."""
        out = np.full(self.votes.shape, np.nan)
        rows = np.repeat(np.arange(self.n_participants), np.diff(self.votes.indptr))
        out[rows, self.votes.indices] = self.votes.data
        return out


def as_vote_matrix(X: Any) -> VoteMatrix:
    """Accept a :class:`VoteMatrix`, a dense array (NaN = not voted) or a sparse matrix.

    A sparse matrix is read as "stored entries are votes" (a stored 0 is a pass).
    """
    if isinstance(X, VoteMatrix):
        return X
    if sparse.issparse(X):
        coo = sparse.coo_array(X)
        n, m = coo.shape
        built = VoteMatrix.from_votes(
            coo.row.astype(np.int64),
            coo.col.astype(np.int64),
            coo.data,
            all_statements=[str(j) for j in range(m)],
        )
        return built.with_participants(str(i) for i in range(n))
    return VoteMatrix.from_dense(X)
