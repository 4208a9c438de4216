"""What nearly everyone agrees on, and what splits the groups.

* **Plain consensus** (Pol.is ``select-consensus-comments``): over all participants,
  statements with ``pa > 0.5`` and a significant ``pat``, ranked by ``pa * pat``; the
  same for disagreement.
* **Group-aware consensus** (Pol.is "group-informed consensus"): the product over
  groups of ``(agrees + 1) / (votes + 2)``; high only when every group agrees. We
  also give the disagree version.
* **Divisiveness** (ours; Pol.is has no single number for it): half the spread,
  across groups, of the net agreement ``(agrees - disagrees) / (votes + 2)``. It is
  1 when one group all agrees and another all disagrees, 0 when the groups vote
  alike, and the +2 keeps a handful of votes in a small group from looking decisive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from opinion_core.stats import Z_90, VoteCounts, prop_test

__all__ = ["consensus_statements", "divisiveness", "group_aware_consensus"]

FloatArray = npt.NDArray[np.float64]


def consensus_statements(
    total: VoteCounts,
    moderated_out: npt.NDArray[np.bool_],
    *,
    pick_max: int = 5,
    z: float = Z_90,
) -> dict[str, list[dict[str, Any]]]:
    """Top statements of broad agreement and of broad disagreement.

    Parameters
    ----------
    total : VoteCounts
        A single row: the counts over all participants.
    moderated_out : ndarray of bool
        Statements never to report.
    pick_max : int, default=5
        Most statements per direction.
    z : float, default=1.2816
        Significance threshold.

    Returns
    -------
    dict
        ``{"agree": [...], "disagree": [...]}``, each item with ``index``,
        ``direction``, ``score`` (``p * p_test``), counts and ``p_success``.
    """
    na, nd, ns = total.agree[0], total.disagree[0], total.seen[0]
    ok = ~np.asarray(moderated_out, dtype=bool)
    out: dict[str, list[dict[str, Any]]] = {}
    for direction, n_hit in (("agree", na), ("disagree", nd)):
        p = (1.0 + n_hit) / (2.0 + ns)
        pt = prop_test(n_hit, ns)
        metric = p * pt
        chosen = np.flatnonzero(ok & (p > 0.5) & (pt > z))
        chosen = chosen[np.argsort(-metric[chosen], kind="stable")][:pick_max]
        out[direction] = [
            {
                "index": int(j),
                "direction": direction,
                "score": float(metric[j]),
                "agree": int(na[j]),
                "disagree": int(nd[j]),
                "pass": int(ns[j] - na[j] - nd[j]),
                "n": int(ns[j]),
                "p_success": float(p[j]),
                "p_test": float(pt[j]),
            }
            for j in chosen
        ]
    return out


def group_aware_consensus(counts: VoteCounts, direction: str = "agree") -> FloatArray:
    """Product over groups of ``(hits + 1) / (votes + 2)`` for each statement.

    Parameters
    ----------
    counts : VoteCounts
        Counts of the clustered members of each group.
    direction : {"agree", "disagree"}

    Returns
    -------
    ndarray of shape (n_statements,)
        Empty product (no groups) is 1.
    """
    if direction not in ("agree", "disagree"):
        raise ValueError(f"direction must be 'agree' or 'disagree', got {direction!r}")
    hits = counts.agree if direction == "agree" else counts.disagree
    return np.prod((hits + 1.0) / (counts.seen + 2.0), axis=0)


def divisiveness(counts: VoteCounts) -> FloatArray:
    """Half the range across groups of the shrunken net agreement, in [0, 1).

    Parameters
    ----------
    counts : VoteCounts
        Counts of the clustered members of each group.

    Returns
    -------
    ndarray of shape (n_statements,)
        0 for every statement when there are fewer than two groups.
    """
    if counts.agree.shape[0] < 2:
        return np.zeros(counts.agree.shape[1])
    net = (counts.agree - counts.disagree) / (counts.seen + 2.0)
    return (net.max(axis=0) - net.min(axis=0)) / 2.0
