"""How stable a run's opinion groups are: resample the people, group again, compare.

Method (a subsampling stability check, as in Ben-Hur, Elisseeff and Guyon 2002):

1. Draw ``n_resamples`` (10) subsets of the clustered participants, each
   ``fraction`` (80 %) of them, without replacement, from a generator seeded by the
   run's ``random_state``, so the same input always gives the same figure.
2. Project and group each subset again with fresh copies of the run's own
   :class:`~opinion_core.projection.SparsityAwarePCA` and
   :class:`~opinion_core.clustering.GroupKMeans` (same parameters, same seeds): PCA,
   base clusters, the number of groups chosen by silhouette, group k-means.
3. Compare each regrouping with the full run's groups on the people they share (the
   whole subset) by the adjusted Rand index (ARI): 1 means the same partition, about 0
   means no more alike than chance. The run reports their mean, spread and lowest.

**Both the projection and the clustering are refitted** on each subset: the PCA is
fitted again on the subset's votes (with every participant who was not clustered, as
in the full run) and the subset is projected and grouped on its own map. Refitting only
the clustering on the full run's map was tried and rejected: k-means cuts even a
shapeless cloud of random votes the same way every time along its main axis, so it
reported random votes as fairly stable (mean ARI 0.56 to 0.87 on planted random
data, against 0.31 to 0.42 with the PCA refitted). Each resample costs a PCA and a
grouping (about 130 ms together on Bowling Green's 2,031 x 896 votes), so we take 10
resamples, not 20: that keeps ``python -m analysis polis`` on Bowling Green within about
15 % of its time without the measure (most of which is loading scikit-learn).

Groups are called **weak** when the mean ARI is below :data:`WEAK_BELOW` (0.6). With
two equal groups, an ARI of 0.6 is about one person in ten moving group from one fit to
the next (one in five gives about 0.36); at 0.8 and above the same groups come back
nearly every time. The 0.6 line is a
common rule of thumb for "moderate" agreement between partitions (the same range is
used for Cohen's kappa), not a test of significance.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score
from sklearn.utils import check_random_state

from opinion_core.matrix import VoteMatrix

__all__ = ["FRACTION", "MAX_SUBSET", "N_RESAMPLES", "WEAK_BELOW", "group_stability"]

N_RESAMPLES = 10
FRACTION = 0.8
#: Most clustered people in one subset. Past this an ARI over the people subsets share
#: is as precise as it needs to be, and each refit costs what a run of this size does, so
#: a national conversation is measured at the price of a large local one. The people
#: outside the groups are then sampled at the same rate.
MAX_SUBSET = 10_000
WEAK_BELOW = 0.6
REFIT = "projection and clustering"


def _round(x: float) -> float:
    return round(float(x), 6)


def _rows(matrix: VoteMatrix, rows: npt.NDArray[np.intp]) -> VoteMatrix:
    """The matrix of some participants (rows in canonical order stay in order)."""
    return VoteMatrix(
        matrix.votes[rows],
        matrix.participant_ids[rows],
        matrix.statement_ids,
        matrix.moderated_out,
        matrix.is_meta,
    )


def group_stability(
    matrix: VoteMatrix,
    labels: npt.NDArray[np.intp],
    projector: Any,
    clusterer: Any,
    *,
    n_resamples: int = N_RESAMPLES,
    fraction: float = FRACTION,
    random_state: Any = 0,
) -> dict[str, Any] | None:
    """Measure how stable the groups of a run are under resampling of its people.

    Parameters
    ----------
    matrix : VoteMatrix
        The run's votes.
    labels : ndarray of int, shape (n_participants,)
        The run's groups, -1 for the participants who were not clustered.
    projector, clusterer : estimators
        The run's PCA and clusterer; fresh clones (same parameters and seeds) refit each
        subset.
    n_resamples : int, default=10
        0 skips the measure.
    fraction : float, default=0.8
        Share of the clustered participants in each subset, at most
        :data:`MAX_SUBSET` people.
    random_state : int, RandomState instance or None, default=0
        Seeds the choice of subsets.

    Returns
    -------
    dict or None
        ``mean``, ``std``, ``min`` and ``max`` of the ARIs (rounded to 6 decimals),
        ``n_resamples``, ``fraction``, ``subset`` (clustered people per subset),
        ``refit`` (``"projection and clustering"``),
        ``weak_below`` and ``weak`` (mean below ``weak_below``); ``None`` (not measured)
        when a subset would hold fewer than 2 people or ``n_resamples`` is 0.
    """
    if not isinstance(n_resamples, numbers.Integral) or n_resamples < 0:
        raise ValueError(f"n_resamples must be a whole number >= 0, got {n_resamples!r}")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    labels = np.asarray(labels)
    inside = np.flatnonzero(labels >= 0)
    outside = np.flatnonzero(labels < 0)
    size = min(int(np.floor(fraction * len(inside))), MAX_SUBSET)
    if n_resamples == 0 or size < 2:
        return None
    capped = size < int(np.floor(fraction * len(inside)))
    n_outside = round(len(outside) * size / len(inside)) if capped else len(outside)
    rng = check_random_state(random_state)
    scores = np.empty(int(n_resamples))
    for i in range(int(n_resamples)):
        pick = np.sort(rng.choice(inside, size=size, replace=False))
        others = rng.choice(outside, size=n_outside, replace=False) if capped else outside
        rows = np.union1d(pick, others)
        sub = _rows(matrix, rows)
        positions = clone(projector).fit(sub).transform(sub)[np.searchsorted(rows, pick)]
        refit = clone(clusterer).fit(positions)
        scores[i] = adjusted_rand_score(labels[pick], refit.labels_)
    mean = float(scores.mean())
    return {
        "mean": _round(mean),
        "std": _round(scores.std()),
        "min": _round(scores.min()),
        "max": _round(scores.max()),
        "n_resamples": int(n_resamples),
        "fraction": float(fraction),
        "subset": size,
        "refit": REFIT,
        "weak_below": WEAK_BELOW,
        "weak": bool(round(mean, 6) < WEAK_BELOW),
    }
