"""What a report may say about each statement: one rule set, decided here and nowhere else.

Everything is counted over the same people: those **placed in groups** (Pol.is's
"in-conv" participants, see :func:`opinion_core.opinion.clustered_participants`), and
their votes on the statements not moderated out. :func:`vote_count` gives those numbers,
so a report's header, summary and tables can all quote one count.

The rules, in the order they are decided:

1. **Divisive** (the groups differ). Among the groups of at least
   :data:`MIN_GROUP_SIZE` people, one group's voters lean to agree (more agree than
   disagree) and another's lean to disagree, the spread is wide (divisiveness, see
   :func:`opinion_core.consensus.divisiveness`, of at least :data:`MIN_DIVISIVENESS`,
   i.e. the groups' net agreement spans at least 0.4 of the scale from -1 to 1), and it
   is significant: some group differs from the others by Pol.is's repness
   two-proportion test (:mod:`opinion_core.repness`, ``rat`` or ``rdt`` > 1.2816).
2. **Common ground**, only if not divisive (divisive wins; with these rules it never
   has to, as every group of five that passes in one direction leans that way). At
   least :data:`MIN_SHARE_VOTED` (half) of the people placed in groups voted on it
   (passes count as votes), and it passes group-aware consensus group by group: in
   every group of at least :data:`MIN_GROUP_SIZE` people, and among the people placed
   in groups taken together, the group's factor of Pol.is's group-aware consensus,
   ``(hits + 1) / (votes + 2)``, is over 1/2 and ``prop_test(hits, votes)`` (Pol.is's
   consensus test) over 1.2816: a clear majority of those who voted. Its direction is
   agree or disagree (hits are agrees or disagrees); no statement passes both.
3. A group **goes against** (dissents from) common ground when more of its voters
   voted the other way than this way; passes are not counted (:func:`goes_against`).
   A group of five or more never does (its factor over 1/2 needs more votes this way
   than the other way and passes together), so only smaller groups can.

Groups smaller than :data:`MIN_GROUP_SIZE` decide neither rule 1 nor rule 2 (the board
report also hides them from the public), but their people are counted, and rule 3
names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from opinion_core.consensus import divisiveness, group_aware_consensus
from opinion_core.matrix import VoteMatrix
from opinion_core.repness import repness_stats
from opinion_core.stats import Z_90, VoteCounts, prop_test

__all__ = [
    "COMMON_GROUND",
    "DIVISIVE",
    "MIN_DIVISIVENESS",
    "MIN_GROUP_SIZE",
    "MIN_SHARE_VOTED",
    "StatementFindings",
    "common_ground_items",
    "dissent_items",
    "divisive_items",
    "goes_against",
    "statement_findings",
    "vote_count",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Groups of at least this many people each decide whether a statement is common ground
#: or divisive (and only they are shown to the public).
MIN_GROUP_SIZE = 5
#: Share of the people placed in groups who must have voted on common ground.
MIN_SHARE_VOTED = 0.5
#: Least divisiveness (half the spread of the groups' net agreement) of a divisive statement.
MIN_DIVISIVENESS = 0.2

COMMON_GROUND = "common ground"
DIVISIVE = "divisive"


@dataclass(frozen=True)
class StatementFindings:
    """What the rules found, one entry per statement.

    Attributes
    ----------
    counted : VoteCounts
        One row: votes of the people placed in groups.
    voters : ndarray of int
        How many people placed in groups voted on each statement (passes included).
    voted_by_half : ndarray of bool
        At least :data:`MIN_SHARE_VOTED` of the people placed in groups voted on it.
    divisiveness : ndarray of float
        Over the groups of at least :data:`MIN_GROUP_SIZE` people (0 with fewer than two).
    divisive : ndarray of bool
    common_ground : ndarray of bool
        Never true where ``divisive`` is.
    direction : ndarray of str
        ``"agree"`` or ``"disagree"`` for common ground, ``""`` elsewhere.
    score : ndarray of float
        Group-aware consensus (all groups) in ``direction`` for common ground,
        divisiveness for divisive statements, 0 elsewhere.
    min_group_size : int
        Groups of this size or more decided rules 1 and 2.
    """

    counted: VoteCounts
    voters: npt.NDArray[np.int64]
    voted_by_half: BoolArray
    divisiveness: FloatArray
    divisive: BoolArray
    common_ground: BoolArray
    direction: npt.NDArray[np.str_]
    score: FloatArray
    min_group_size: int = MIN_GROUP_SIZE

    def finding(self, j: int) -> str | None:
        """``"common ground"``, ``"divisive"`` or ``None`` for statement ``j``."""
        if self.divisive[j]:
            return DIVISIVE
        return COMMON_GROUND if self.common_ground[j] else None


def _passes(counts: VoteCounts, hits: FloatArray, z: float) -> BoolArray:
    """Pol.is's consensus test, row by row: a significant majority of the votes."""
    return ((hits + 1.0) / (counts.seen + 2.0) > 0.5) & (prop_test(hits, counts.seen) > z)


def _rows(counts: VoteCounts, keep: BoolArray) -> VoteCounts:
    return VoteCounts(counts.agree[keep], counts.disagree[keep], counts.seen[keep])


def statement_findings(
    groups: VoteCounts,
    group_sizes: npt.ArrayLike,
    moderated_out: npt.ArrayLike,
    *,
    min_group_size: int = MIN_GROUP_SIZE,
    min_share_voted: float = MIN_SHARE_VOTED,
    min_divisiveness: float = MIN_DIVISIVENESS,
    z: float = Z_90,
) -> StatementFindings:
    """Apply the rule set of this module to every statement.

    Parameters
    ----------
    groups : VoteCounts
        Votes of each group's members, one row per group.
    group_sizes : array-like of int, shape (n_groups,)
        People in each group (their sum is the number of people placed in groups).
    moderated_out : array-like of bool, shape (n_statements,)
        Statements that are neither common ground nor divisive.
    min_group_size, min_share_voted, min_divisiveness, z
        The constants of the rules; change them only to test the rules.

    Returns
    -------
    StatementFindings
    """
    sizes = np.asarray(group_sizes, dtype=np.int64)
    mod = np.asarray(moderated_out, dtype=bool)
    n_counted = int(sizes.sum())
    counted = groups.total()
    seen = counted.seen[0]
    big = _rows(groups, sizes >= min_group_size)

    div = divisiveness(big)
    div[mod] = 0.0
    lean = np.sign(big.agree - big.disagree)
    opposite = (lean > 0).any(axis=0) & (lean < 0).any(axis=0)
    if big.agree.shape[0] >= 2:
        st = repness_stats(big)
        differs = ((st.rat > z) | (st.rdt > z)).any(axis=0)
    else:
        differs = np.zeros(len(mod), dtype=bool)
    divisive = ~mod & opposite & differs & (div >= min_divisiveness)

    voted_by_half = (seen > 0) & (seen >= min_share_voted * n_counted)
    agree = _passes(big, big.agree, z).all(axis=0) & _passes(counted, counted.agree, z)[0]
    disagree = _passes(big, big.disagree, z).all(axis=0) & _passes(counted, counted.disagree, z)[0]
    common = ~mod & ~divisive & voted_by_half & (agree | disagree)

    direction = np.where(common & agree, "agree", np.where(common & disagree, "disagree", ""))
    gac = np.where(
        agree, group_aware_consensus(groups, "agree"), group_aware_consensus(groups, "disagree")
    )
    score = np.where(divisive, div, np.where(common, gac, 0.0))
    return StatementFindings(
        counted=counted,
        voters=seen.astype(np.int64),
        voted_by_half=voted_by_half,
        divisiveness=div,
        divisive=divisive,
        common_ground=common,
        direction=direction,
        score=score,
        min_group_size=int(min_group_size),
    )


def goes_against(direction: str, agree: int, disagree: int) -> bool:
    """Whether voters who agreed ``agree`` and disagreed ``disagree`` go against a
    finding of ``direction``: more of them voted the other way. Passes are not counted."""
    if direction == "agree":
        return disagree > agree
    if direction == "disagree":
        return agree > disagree
    raise ValueError(f"direction must be 'agree' or 'disagree', got {direction!r}")


def _item(found: StatementFindings, j: int) -> dict[str, Any]:
    c = found.counted
    agree, disagree, seen = int(c.agree[0, j]), int(c.disagree[0, j]), int(c.seen[0, j])
    return {
        "index": j,
        "score": float(found.score[j]),
        "agree": agree,
        "disagree": disagree,
        "pass": seen - agree - disagree,
        "n": seen,
        "voted_by_half": bool(found.voted_by_half[j]),
    }


def _top(found: StatementFindings, chosen: BoolArray, pick_max: int) -> list[int]:
    """Indices of ``chosen`` by score, highest first; ties keep statement order."""
    idx = np.flatnonzero(chosen)
    return [int(j) for j in idx[np.argsort(-found.score[idx], kind="stable")][:pick_max]]


def common_ground_items(found: StatementFindings, *, pick_max: int = 5) -> list[dict[str, Any]]:
    """The strongest common ground: up to ``pick_max`` agreed, then up to ``pick_max``
    disagreed, each by group-aware consensus. Counts are of the people placed in groups."""
    items = []
    for direction in ("agree", "disagree"):
        for j in _top(found, found.common_ground & (found.direction == direction), pick_max):
            items.append({"index": j, "direction": direction, **_item(found, j)})
    return items


def divisive_items(found: StatementFindings, *, pick_max: int = 5) -> list[dict[str, Any]]:
    """The ``pick_max`` most divisive statements, by divisiveness."""
    return [_item(found, j) for j in _top(found, found.divisive, pick_max)]


def dissent_items(items: list[dict[str, Any]], groups: VoteCounts) -> list[dict[str, Any]]:
    """Every group that goes against each common-ground item of ``items``, with its counts."""
    out = []
    for item in items:
        j = int(item["index"])
        for g in range(groups.agree.shape[0]):
            agree, disagree = int(groups.agree[g, j]), int(groups.disagree[g, j])
            if goes_against(item["direction"], agree, disagree):
                out.append(
                    {
                        "index": j,
                        "direction": item["direction"],
                        "group": g,
                        "agree": agree,
                        "disagree": disagree,
                        "pass": int(groups.seen[g, j]) - agree - disagree,
                    }
                )
    return out


def vote_count(
    matrix: VoteMatrix,
    labels: npt.ArrayLike,
    found: StatementFindings,
    *,
    min_votes: int,
    min_participants: int,
) -> dict[str, int]:
    """The one count a report quotes: who voted, who was counted, and their votes.

    Parameters
    ----------
    matrix : VoteMatrix
    labels : array-like of int
        Group of each participant, -1 for people not placed in a group.
    found : StatementFindings
    min_votes : int
        Votes that placed a person in a group (``min(min_votes, statements voted on)``,
        as used).
    min_participants : int
        Pol.is's top-up: if fewer people reached ``min_votes``, the most active others
        were placed too, up to this many.

    Returns
    -------
    dict
        ``people`` (voted on a statement not moderated out, or placed in a group),
        ``people_counted`` (placed in groups), ``statements`` (not moderated out) and
        ``statements_moderated_out``, ``votes`` (everyone's latest, passes included, on
        those statements) and ``votes_counted`` (of the people counted), ``min_votes``,
        ``min_participants``, ``min_group_size``, and how many statements are
        ``common_ground`` and ``divisive``.
    """
    inside = np.asarray(labels) >= 0
    shown = ~matrix.moderated_out
    per_person = matrix.votes_per_participant()
    on_shown = shown[matrix.votes.indices]  # one entry per vote
    by_counted = np.repeat(inside, per_person)
    rows = np.repeat(np.arange(matrix.n_participants), per_person)
    voted = np.zeros(matrix.n_participants, dtype=bool)
    voted[rows[on_shown]] = True
    return {
        "people": int(np.count_nonzero(voted | inside)),
        "people_counted": int(np.count_nonzero(inside)),
        "statements": int(np.count_nonzero(shown)),
        "statements_moderated_out": int(np.count_nonzero(~shown)),
        "votes": int(np.count_nonzero(on_shown)),
        "votes_counted": int(np.count_nonzero(on_shown & by_counted)),
        "min_votes": int(min_votes),
        "min_participants": int(min_participants),
        "min_group_size": found.min_group_size,
        "common_ground": int(np.count_nonzero(found.common_ground)),
        "divisive": int(np.count_nonzero(found.divisive)),
    }
