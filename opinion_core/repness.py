"""Representative statements of each group ("repness"), after Pol.is.

For group g and statement c, over the clustered members of g: agree/disagree rates with
a +1/+2 prior (``pa``, ``pd``), their one-proportion tests against 1/2 (``pat``,
``pdt``), the ratio to the rest of the groups pooled (``ra``, ``rd``) and the
two-proportion test against the rest (``rat``, ``rdt``). A statement is
representative when both the in-group and the between-group test are significant for
agree, or for disagree; it is reported in the direction with the larger
between-group test and ranked by ``r * rt * p * pt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from opinion_core.stats import Z_90, VoteCounts, prop_test, two_prop_test

__all__ = ["RepnessStats", "repness_stats", "representative_statements"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RepnessStats:
    """All repness quantities, each of shape (n_groups, n_statements)."""

    na: FloatArray
    nd: FloatArray
    ns: FloatArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def repness_stats(counts: VoteCounts) -> RepnessStats:
    """Compute every repness quantity for all groups and statements at once."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na = na.sum(axis=0) - na
    rest_nd = nd.sum(axis=0) - nd
    rest_ns = ns.sum(axis=0) - ns
    pa = (1.0 + na) / (2.0 + ns)
    pd = (1.0 + nd) / (2.0 + ns)
    return RepnessStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / ((1.0 + rest_na) / (2.0 + rest_ns)),
        rd=pd / ((1.0 + rest_nd) / (2.0 + rest_ns)),
        rat=two_prop_test(na, rest_na, ns, rest_ns),
        rdt=two_prop_test(nd, rest_nd, ns, rest_ns),
    )


def _item(st: RepnessStats, g: int, j: int, *, best_agree: bool = False) -> dict[str, Any]:
    agree = bool(st.rat[g, j] > st.rdt[g, j])
    if agree:
        p, pt, r, rt = st.pa[g, j], st.pat[g, j], st.ra[g, j], st.rat[g, j]
    else:
        p, pt, r, rt = st.pd[g, j], st.pdt[g, j], st.rd[g, j], st.rdt[g, j]
    return {
        "index": j,
        "direction": "agree" if agree else "disagree",
        "agree": int(st.na[g, j]),
        "disagree": int(st.nd[g, j]),
        "pass": int(st.ns[g, j] - st.na[g, j] - st.nd[g, j]),
        "n": int(st.ns[g, j]),
        "score": float(r * rt * p * pt),
        "p_success": float(p),
        "p_test": float(pt),
        "repness": float(r),
        "repness_test": float(rt),
        "best_agree": best_agree,
    }


def _best_agree(st: RepnessStats, g: int, candidates: npt.NDArray[np.intp]) -> int | None:
    """Scan statements in order for the one that best shows what the group agrees on.

    Same acceptance rule as Pol.is: statements nobody in the group agreed or
    disagreed with are skipped; while the current best has ``ra > 1`` a challenger must
    beat ``ra*rat*pa*pat``, otherwise ``pa*pat``; the first one needs ``pat``
    significant, or ``ra > 1`` and ``pa > 0.5``.
    """
    na, nd, ra, rat, pa, pat = st.na[g], st.nd[g], st.ra[g], st.rat[g], st.pa[g], st.pat[g]
    full = ra * rat * pa * pat
    prob = pa * pat
    best: int | None = None
    for j in candidates.tolist():
        if na[j] == 0 and nd[j] == 0:
            continue
        if best is None:
            if pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5):
                best = j
        elif ra[best] > 1.0:
            if full[j] > full[best]:
                best = j
        elif prob[j] > prob[best]:
            best = j
    return best


def representative_statements(
    counts: VoteCounts,
    moderated_out: npt.NDArray[np.bool_],
    *,
    pick_max: int = 5,
    z: float = Z_90,
) -> list[list[dict[str, Any]]]:
    """Pick each group's representative statements.

    Parameters
    ----------
    counts : VoteCounts
        Votes of the clustered members of each group.
    moderated_out : ndarray of bool, shape (n_statements,)
        Statements never to report.
    pick_max : int, default=5
        Most statements per group.
    z : float, default=1.2816
        Significance threshold of the tests (one-sided 90 %).

    Returns
    -------
    list of list of dict
        Per group, items with ``index`` (statement column), ``direction``, the
        group's ``agree``/``disagree``/``pass``/``n`` counts, ``score`` (the ranking
        metric) and the underlying statistics. The group's "best agree" statement
        comes first among the significant ones, then by score; agrees come before
        disagrees. A group with no significant statement gets its best-agree one,
        else the one with the strongest between-group test.
    """
    st = repness_stats(counts)
    candidates = np.flatnonzero(~np.asarray(moderated_out, dtype=bool))
    out: list[list[dict[str, Any]]] = []
    for g in range(counts.agree.shape[0]):
        passes = ((st.rat[g] > z) & (st.pat[g] > z)) | ((st.rdt[g] > z) & (st.pdt[g] > z))
        sufficient = candidates[passes[candidates]]
        best_agree = _best_agree(st, g, candidates)
        if len(sufficient) == 0:
            if best_agree is not None:
                out.append([_item(st, g, best_agree, best_agree=True)])
            elif len(candidates):
                strength = np.maximum(st.rat[g], st.rdt[g])[candidates]
                out.append([_item(st, g, int(candidates[int(np.argmax(strength))]))])
            else:
                out.append([])
            continue
        items = [_item(st, g, int(j)) for j in sufficient if j != best_agree]
        items.sort(key=lambda it: -it["score"])  # stable: ties keep statement order
        if best_agree is not None:
            items.insert(0, _item(st, g, best_agree, best_agree=True))
        items = items[:pick_max]
        items = [it for it in items if it["direction"] == "agree"] + [
            it for it in items if it["direction"] == "disagree"
        ]
        out.append(items)
    return out
