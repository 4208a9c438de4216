"""Two-level k-means of participants' 2-D positions, as Pol.is groups people.

1. **Base clusters**: k-means with ``base_k`` (100) clusters on the points, started
   from the first ``base_k`` distinct points in row order (rows come in canonical
   participant order, so this does not depend on the order of the input).
2. **Groups**: weighted k-means on the base-cluster centres (weight = members) for
   every k in ``2 .. min(max_groups, 2 + n_base // 12)``, each scored by its
   silhouette over the base-cluster centres (Euclidean, unweighted mean, as Pol.is).
   A k that would leave a group with a single participant is rejected. **Two groups
   stay unless the best silhouette beats theirs by more than**
   :data:`SILHOUETTE_TOLERANCE` **(0.04)**; then the k with the best silhouette wins
   (ties to the smaller k). Each participant joins the group of its base cluster.

The silhouette is computed over at most ``base_k`` centres, never over all
participants, so its cost does not grow with the conversation.

Why two groups unless more are clearly better
---------------------------------------------
Pol.is does not take the best k of one update either. A conversation starts with room
for 2 groups only (``2 + n_base // 12`` is 2 below 12 base clusters), and a new number
of groups is adopted only after it has been best on 4 updates in a row
(``group-k-buffer``). When another k scores about the same as 2 groups, the winner
changes from update to update, no run of 4 forms, and Pol.is stays at 2. A batch run
has no update history, so we ask the same question of the data directly: does the best
number of groups beat 2 groups by more than the noise of the score itself?

That noise was measured, not tuned against Pol.is's answers: over the 14 shared Pol.is
conversations (``../shared/data/polis``), re-running the projection and the grouping on
10 subsets of 80 % of the clustered people (as :mod:`opinion_core.stability` does)
moves each k's silhouette by a median standard deviation of 0.02, and its lead over
2 groups (``s_k - s_2``) by 0.03. A lead counts when it is above the core's one-sided
90 % significance line (z = 1.2816, as in :mod:`opinion_core.stats`) times that
spread: 1.2816 x 0.03 = 0.038, rounded to 0.04.

Against Pol.is's ``group-id`` (``python -m benchmarks.analysis --data
../shared/data/polis --skip-reddwarf --synthetic none``) this takes the mean ARI over
the 14 conversations from 0.543 to 0.603: brexit-consensus 0.27 -> 0.88 (5 groups ->
2, as Pol.is) and football-concussions 0.17 -> 0.40 (4 -> 2, as Pol.is); no other
conversation changes. Every tolerance from 0.03 to 0.05 gives the same groups on all
14, and choosing the tolerance on 13 conversations and testing it on the 14th, for
each in turn, gives the same 0.603.

The price: groups that are real but barely apart on the map (silhouette within 0.04 of
2 groups) are reported as 2. On 108 small planted conversations
(``benchmarks.synthetic``: 2-5 groups, 600-2,000 people, 10-50 % of statements voted,
3 seeds) the planted number of groups was found on 96 against 97 with the plain best
silhouette, and the mean ARI against the planted groups went from 0.958 to 0.936; the
7 runs that changed are all such flat cases. Clearly separated groups are found as
before: the benchmark's 5 planted groups (20,000 x 1,000 and 100,000 x 2,000 at 5 %)
give the same groups, and so do four well-separated groups at the corners of a square,
the shape where 2 groups come closest to 4 in silhouette.
``silhouette_tolerance=0`` gives back the plain best silhouette.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data
from threadpoolctl import threadpool_limits

__all__ = ["SILHOUETTE_TOLERANCE", "GroupKMeans", "canonical_relabel"]

#: How much the best silhouette must beat that of 2 groups for more groups to be
#: reported (see the module docstring).
SILHOUETTE_TOLERANCE = 0.04

# Below this many points the base k-means runs on one thread.
_PARALLEL_MIN_POINTS = 20_000


def _weighted_centres(
    X: npt.NDArray[np.float64], labels: npt.NDArray[np.intp], k: int, weights: Any = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    w = np.ones(len(X)) if weights is None else np.asarray(weights, dtype=np.float64)
    size = np.bincount(labels, weights=w, minlength=k).astype(np.float64)
    centres = np.zeros((k, X.shape[1]))
    for d in range(X.shape[1]):
        np.divide(
            np.bincount(labels, weights=w * X[:, d], minlength=k),
            size,
            out=centres[:, d],
            where=size > 0,
        )
    return centres, size


def _weighted_kmeans(
    X: npt.NDArray[np.float64],
    w: npt.NDArray[np.float64],
    k: int,
    rng: np.random.RandomState,
    max_iter: int,
) -> tuple[npt.NDArray[np.intp] | None, float]:
    """One weighted k-means++ and Lloyd run on a few points (the base centres).

    Plain numpy: on at most ``base_k`` points this is far cheaper than a
    ``sklearn.cluster.KMeans`` call per run. Returns ``(None, inf)`` when the points
    do not allow ``k`` distinct seeds.
    """
    n = len(X)
    centres = np.empty((k, X.shape[1]))
    centres[0] = X[rng.choice(n, p=w / w.sum())]
    d2 = ((X - centres[0]) ** 2).sum(axis=1)
    for c in range(1, k):
        prob = w * d2
        total = prob.sum()
        if total <= 0:
            return None, np.inf
        centres[c] = X[rng.choice(n, p=prob / total)]
        d2 = np.minimum(d2, ((X - centres[c]) ** 2).sum(axis=1))
    labels = np.full(n, -1, dtype=np.intp)
    for _ in range(max_iter):
        dist = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new_labels = dist.argmin(axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        new, size = _weighted_centres(X, labels, k, w)
        centres = np.where((size > 0)[:, None], new, centres)
    dist = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    labels = dist.argmin(axis=1)
    return labels.astype(np.intp), float((w * dist[np.arange(n), labels]).sum())


def canonical_relabel(labels: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Renumber non-negative labels by size (largest first), ties by first member.

    ``-1`` (not clustered) is kept. The result depends only on the partition and the
    row order, so equal partitions of canonically ordered rows get equal labels.
    """
    labels = np.asarray(labels, dtype=np.intp)
    out = np.full(len(labels), -1, dtype=np.intp)
    valid = labels >= 0
    if not valid.any():
        return out
    uniq, first, counts = np.unique(labels[valid], return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    mapping = np.empty(uniq.max() + 1, dtype=np.intp)
    mapping[uniq[order]] = np.arange(len(uniq))
    out[valid] = mapping[labels[valid]]
    return out


class GroupKMeans(ClusterMixin, BaseEstimator):
    """Opinion groups from 2-D positions: base k-means, then k-means on the centres.

    Parameters
    ----------
    max_groups : int, default=5
        Largest number of groups tried. Pol.is fixes it at 5; the number actually
        tried is also capped by ``2 + n_base_clusters // 12`` as in Pol.is.
    base_k : int, default=100
        Number of base clusters.
    base_max_iter : int, default=100
        Iterations of the base k-means.
    group_max_iter : int, default=100
        Iterations of each group k-means run.
    n_init : int, default=10
        k-means++ restarts of each group k-means run (cheap: at most ``base_k`` points).
    silhouette_tolerance : float, default=0.04
        The k with the best silhouette is taken only when its silhouette beats that of
        the fewest groups kept (2, unless every 2-group run left a group of one) by
        more than this (:data:`SILHOUETTE_TOLERANCE`); otherwise that fewest. 0 takes
        the best.
    random_state : int, RandomState instance or None, default=None
        Seeds the group k-means. Pass an int for reproducible output.

    Attributes
    ----------
    labels_ : ndarray of shape (n_samples,)
        Group of each point, ``0 .. n_groups_ - 1`` with group 0 the largest; -1 when
        there are fewer than two points (no group of one).
    n_groups_ : int
        Number of groups.
    cluster_centers_ : ndarray of shape (n_groups_, n_features)
        Mean position of each group.
    base_labels_ : ndarray of shape (n_samples,)
        Base cluster of each point.
    base_centers_ : ndarray of shape (n_base, n_features)
        Base-cluster centres.
    base_sizes_ : ndarray of shape (n_base,)
        Points per base cluster.
    silhouette_scores_ : dict of int to float
        Silhouette over the base centres of each k that was tried and not rejected.
    best_silhouette_k_ : int
        The k with the best silhouette (ties to the smaller); ``n_groups_`` is the
        fewest kept (2) instead when that k does not beat it by more than
        ``silhouette_tolerance``. 1 when no k was kept, 0 when there are fewer than two
        points.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.r_[np.random.RandomState(0).normal(size=(40, 2)),
    ...           np.random.RandomState(1).normal(size=(40, 2)) + 8]
    >>> GroupKMeans(random_state=0).fit(X).n_groups_
    2
    """

    def __init__(
        self,
        max_groups: int = 5,
        base_k: int = 100,
        base_max_iter: int = 100,
        group_max_iter: int = 100,
        n_init: int = 10,
        silhouette_tolerance: float = SILHOUETTE_TOLERANCE,
        random_state: Any = None,
    ) -> None:
        self.max_groups = max_groups
        self.base_k = base_k
        self.base_max_iter = base_max_iter
        self.group_max_iter = group_max_iter
        self.n_init = n_init
        self.silhouette_tolerance = silhouette_tolerance
        self.random_state = random_state

    def _check_params(self) -> None:
        for name, low in (
            ("max_groups", 1),
            ("base_k", 1),
            ("base_max_iter", 1),
            ("group_max_iter", 1),
            ("n_init", 1),
        ):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
        tol = self.silhouette_tolerance
        if (
            not isinstance(tol, numbers.Real)
            or isinstance(tol, bool)
            or not np.isfinite(tol)
            or tol < 0
        ):
            raise ValueError(f"silhouette_tolerance must be a number >= 0, got {tol!r}")

    def _base_clusters(
        self, X: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        _, first, inverse = np.unique(X, axis=0, return_index=True, return_inverse=True)
        k = min(int(self.base_k), len(first))
        if k == len(first):
            # no more distinct points than clusters: each distinct point is a cluster,
            # numbered in order of first appearance
            rank = np.empty(len(first), dtype=np.intp)
            rank[np.argsort(first, kind="stable")] = np.arange(len(first))
            labels = rank[inverse.ravel()]
        else:
            first.sort()
            km = KMeans(
                n_clusters=k,
                init=X[first[:k]],
                n_init=1,
                max_iter=int(self.base_max_iter),
                algorithm="lloyd",
            )
            # On small inputs OpenMP start-up and contention cost more than they save.
            threads = 1 if len(X) < _PARALLEL_MIN_POINTS else None
            with threadpool_limits(limits=threads, user_api="openmp"), warnings.catch_warnings():
                # Points that are distinct but numerically almost equal can leave a
                # cluster empty; scikit-learn warns, and we drop empty clusters below.
                warnings.simplefilter("ignore", ConvergenceWarning)
                labels = km.fit(X).labels_.astype(np.intp)
        # drop empty clusters, keeping the order of the rest
        used = np.flatnonzero(np.bincount(labels, minlength=k))
        remap = np.full(k, -1, dtype=np.intp)
        remap[used] = np.arange(len(used))
        labels = remap[labels]
        centres, sizes = _weighted_centres(X, labels, len(used))
        return labels, centres, sizes

    def _group_kmeans(
        self, centres: npt.NDArray[np.float64], sizes: npt.NDArray[np.float64], k: int, seed: int
    ) -> npt.NDArray[np.intp] | None:
        """Best of ``n_init`` weighted k-means++ runs that leave no group of one person.

        Rejecting only the offending runs, not the whole k, keeps small conversations
        (where most base clusters hold one person) from losing every k to one outlier.
        """
        rng = np.random.RandomState(seed + k)
        best: npt.NDArray[np.intp] | None = None
        best_inertia = np.inf
        for _ in range(int(self.n_init)):
            lab, inertia = _weighted_kmeans(centres, sizes, k, rng, int(self.group_max_iter))
            if lab is None:
                continue
            members = np.bincount(lab, weights=sizes, minlength=k)
            if np.count_nonzero(members) < k or members.min() < 2:
                continue
            if inertia < best_inertia:
                best, best_inertia = lab, inertia
        return best

    def fit(self, X: Any, y: Any = None) -> GroupKMeans:
        """Cluster the points.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Positions (Pol.is uses the 2-D projections of the clustered participants).
        y : None
            Ignored.

        Returns
        -------
        self : GroupKMeans
        """
        self._check_params()
        X = validate_data(self, X, dtype=np.float64, ensure_min_samples=1)
        n = len(X)
        self.silhouette_scores_: dict[int, float] = {}
        if n < 2:
            self.base_labels_ = np.zeros(n, dtype=np.intp)
            self.base_centers_ = X.copy()
            self.base_sizes_ = np.ones(n)
            self.labels_ = np.full(n, -1, dtype=np.intp)
            self.n_groups_ = 0
            self.best_silhouette_k_ = 0
            self.cluster_centers_ = np.zeros((0, X.shape[1]))
            return self

        base_labels, centres, sizes = self._base_clusters(X)
        self.base_labels_ = base_labels
        self.base_centers_ = centres
        self.base_sizes_ = sizes
        n_base = len(centres)
        n_distinct = len(np.unique(centres, axis=0))
        max_k = min(int(self.max_groups), 2 + n_base // 12, n_base - 1, n_distinct)
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max - 1000))

        candidates: dict[int, npt.NDArray[np.intp]] = {}
        for k in range(2, max_k + 1):
            lab = self._group_kmeans(centres, sizes, k, seed)
            if lab is None:
                continue  # every run left an empty group or a group of one person
            self.silhouette_scores_[k] = float(silhouette_score(centres, lab, metric="euclidean"))
            candidates[k] = lab
        best_k, best_labels = 1, np.zeros(n_base, dtype=np.intp)
        self.best_silhouette_k_ = 1
        if candidates:
            scores = self.silhouette_scores_
            top = max(scores.values())
            self.best_silhouette_k_ = min(k for k in scores if scores[k] == top)
            fewest = min(scores)
            best_k = fewest
            if top - scores[fewest] > float(self.silhouette_tolerance):
                best_k = self.best_silhouette_k_
            best_labels = candidates[best_k]

        labels = canonical_relabel(best_labels[base_labels])
        self.labels_ = labels
        self.n_groups_ = int(best_k)
        self.cluster_centers_, _ = _weighted_centres(X, labels, best_k)
        return self
