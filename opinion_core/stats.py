"""Vote counts per group and Pol.is's proportion tests, vectorised over statements."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from opinion_core.matrix import VoteMatrix

__all__ = [
    "Z_90",
    "Z_95",
    "VoteCounts",
    "group_vote_counts",
    "prop_test",
    "two_prop_test",
]

#: One-sided z for 90 % confidence, Pol.is's significance level.
Z_90 = 1.2816
#: One-sided z for 95 % confidence.
Z_95 = 1.6449

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class VoteCounts:
    """Agree, disagree and total vote counts, one row per group.

    Attributes
    ----------
    agree, disagree, seen : ndarray of shape (n_groups, n_statements)
        ``seen`` counts every vote, passes included.
    """

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray

    @property
    def passes(self) -> FloatArray:
        """Pass counts (``seen - agree - disagree``)."""
        return self.seen - self.agree - self.disagree

    def total(self) -> VoteCounts:
        """Counts summed over the groups, as a single row."""
        return VoteCounts(
            self.agree.sum(axis=0, keepdims=True),
            self.disagree.sum(axis=0, keepdims=True),
            self.seen.sum(axis=0, keepdims=True),
        )

    def by_group(self, j: int) -> list[dict[str, int]]:
        """Per-group counts of statement ``j``, for reports."""
        return [
            {
                "group": g,
                "agree": int(self.agree[g, j]),
                "disagree": int(self.disagree[g, j]),
                "pass": int(self.seen[g, j] - self.agree[g, j] - self.disagree[g, j]),
            }
            for g in range(self.agree.shape[0])
        ]


def group_vote_counts(
    matrix: VoteMatrix, labels: npt.NDArray[np.intp], n_groups: int
) -> VoteCounts:
    """Count votes per group with one sparse product per vote kind.

    Parameters
    ----------
    matrix : VoteMatrix
    labels : ndarray of int, shape (n_participants,)
        Group of each participant; negative means "not in any group".
    n_groups : int

    Returns
    -------
    VoteCounts
        Rows are groups ``0 .. n_groups - 1``.
    """
    labels = np.asarray(labels)
    rows = np.flatnonzero(labels >= 0)
    member = sparse.csr_array(
        (np.ones(len(rows)), (labels[rows], rows)),
        shape=(n_groups, matrix.n_participants),
    )

    def count(value: int | None) -> FloatArray:
        return np.asarray((member @ matrix.indicator(value)).toarray(), dtype=np.float64)

    return VoteCounts(count(1), count(-1), count(None))


def prop_test(successes: FloatArray, n: FloatArray) -> FloatArray:
    """Pol.is's one-proportion test against 1/2, with a +1 pseudo-count.

    ``2 * sqrt(n + 1) * ((successes + 1) / (n + 1) - 0.5)``.
    """
    return 2.0 * np.sqrt(n + 1.0) * ((successes + 1.0) / (n + 1.0) - 0.5)


def two_prop_test(s1: FloatArray, s2: FloatArray, n1: FloatArray, n2: FloatArray) -> FloatArray:
    """Pol.is's two-proportion z test, every count + 1; 0 where the pooled p is 1."""
    s1, s2, n1, n2 = s1 + 1.0, s2 + 1.0, n1 + 1.0, n2 + 1.0
    p1, p2 = s1 / n1, s2 / n2
    p = (s1 + s2) / (n1 + n2)
    var = p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(var)
    return np.where(var > 0, z, 0.0)
