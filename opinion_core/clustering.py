"""Two-level k-means of participants' 2-D positions, as Pol.is groups people.

1. **Base clusters**: k-means with ``base_k`` (100) clusters on the points, started
   from the first ``base_k`` distinct points in row order (rows come in canonical
   participant order, so this does not depend on the order of the input).
2. **Groups**: weighted k-means on the base-cluster centres (weight = members) for
   every k in ``2 .. min(max_groups, 2 + n_base // 12)``; the k with the best
   silhouette over the base-cluster centres wins (Euclidean, unweighted mean; ties go
   to the smaller k). A k that would leave a group with a single participant is
   rejected. Each participant joins the group of its base cluster.

The silhouette is computed over at most ``base_k`` centres, never over all
participants, so its cost does not grow with the conversation.
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

__all__ = ["GroupKMeans", "canonical_relabel"]

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
        random_state: Any = None,
    ) -> None:
        self.max_groups = max_groups
        self.base_k = base_k
        self.base_max_iter = base_max_iter
        self.group_max_iter = group_max_iter
        self.n_init = n_init
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

        best_k, best_score, best_labels = 1, -np.inf, np.zeros(n_base, dtype=np.intp)
        for k in range(2, max_k + 1):
            lab = self._group_kmeans(centres, sizes, k, seed)
            if lab is None:
                continue  # every run left an empty group or a group of one person
            score = float(silhouette_score(centres, lab, metric="euclidean"))
            self.silhouette_scores_[k] = score
            if score > best_score:
                best_k, best_score, best_labels = k, score, lab

        labels = canonical_relabel(best_labels[base_labels])
        self.labels_ = labels
        self.n_groups_ = int(best_k)
        self.cluster_centers_, _ = _weighted_centres(X, labels, best_k)
        return self
