"""Pol.is-style PCA of a vote matrix with missing votes, without densifying it.

Pol.is fills each missing cell with its column's mean, centres the columns, and takes
two principal components. Centring the imputed matrix subtracts exactly that mean,
so every imputed cell becomes 0: the centred matrix is as sparse as the vote matrix
itself (entries ``vote - column mean`` where someone voted, 0 elsewhere). We take its
top singular vectors with ARPACK (or LAPACK for small matrices), which gives the same
components as Pol.is's power iteration at convergence, and never build the dense
``n_participants x n_statements`` matrix.

Participants are then projected with Pol.is's sparsity-aware scaling: the dot product
over the statements they voted on, multiplied by ``sqrt(n_statements / n_votes)`` so
that people who voted on few statements are not pulled towards the centre.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.linalg import svds
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from opinion_core.matrix import VoteMatrix

__all__ = ["SparsityAwarePCA", "observed_matrix"]

# Below this many cells a dense SVD is both exact and faster than ARPACK.
_DENSE_CELLS = 100_000


def observed_matrix(
    X: Any, estimator: BaseEstimator | None = None, *, reset: bool = True
) -> tuple[sparse.csr_array, npt.NDArray[np.bool_]]:
    """Return ``(observed, moderated_out)`` for any supported input.

    ``observed`` is a float64 CSR array whose stored entries are the observed cells
    (explicit zeros included). A dense input marks missing cells with NaN; a sparse
    input's stored entries are its observed cells. For a :class:`VoteMatrix` the
    moderated-out statements come with it; otherwise there are none.
    """
    if isinstance(X, VoteMatrix):
        if estimator is not None and reset:
            estimator.n_features_in_ = X.n_statements
        elif estimator is not None and X.n_statements != estimator.n_features_in_:
            raise ValueError(
                f"X has {X.n_statements} statements, but {type(estimator).__name__} "
                f"was fitted with {estimator.n_features_in_}"
            )
        votes = X.votes
        obs = sparse.csr_array(
            (votes.data.astype(np.float64), votes.indices, votes.indptr), shape=votes.shape
        )
        return obs, X.moderated_out.copy()
    if estimator is not None:
        arr = validate_data(
            estimator,
            X,
            accept_sparse="csr",
            ensure_all_finite="allow-nan",
            dtype=np.float64,
            reset=reset,
        )
    else:
        arr = X
    if sparse.issparse(arr):
        csr = sparse.csr_array(arr, dtype=np.float64)
        csr.sort_indices()
        if np.isnan(csr.data).any():
            keep = ~np.isnan(csr.data)
            coo = csr.tocoo()
            csr = sparse.csr_array(
                (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=csr.shape
            )
        return csr, np.zeros(csr.shape[1], dtype=bool)
    dense = np.asarray(arr, dtype=np.float64)
    mask = ~np.isnan(dense)
    rows, cols = np.nonzero(mask)
    indptr = np.zeros(dense.shape[0] + 1, dtype=np.int64)
    np.cumsum(mask.sum(axis=1), out=indptr[1:])
    obs = sparse.csr_array((dense[rows, cols], cols.astype(np.int32), indptr), shape=dense.shape)
    return obs, np.zeros(dense.shape[1], dtype=bool)


def _top_right_singular_vectors(
    Y: sparse.csr_array, k: int, rng: np.random.RandomState
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Top-``k`` singular values and right singular vectors (rows) of ``Y``."""
    n, m = Y.shape
    out_s = np.zeros(k)
    out_v = np.zeros((k, m))
    if n == 0 or m == 0 or Y.nnz == 0:
        return out_s, out_v
    if n * m <= _DENSE_CELLS or min(n, m) <= k + 1:
        _, s, vt = np.linalg.svd(Y.toarray(), full_matrices=False)
    else:
        v0 = rng.uniform(-1.0, 1.0, size=min(n, m))
        _, s, vt = svds(Y, k=k, v0=v0, solver="arpack", return_singular_vectors="vh")
        order = np.argsort(-s, kind="stable")
        s, vt = s[order], vt[order]
    r = min(k, len(s))
    out_s[:r] = s[:r]
    out_v[:r] = vt[:r]
    # A direction with (numerically) no variance is arbitrary: drop it.
    tiny = out_s <= 1e-10 * max(1.0, float(out_s[0]))
    out_s[tiny] = 0.0
    out_v[tiny] = 0.0
    # Deterministic sign: the largest loading of each component is positive.
    for i in range(k):
        j = int(np.argmax(np.abs(out_v[i])))
        if out_v[i, j] < 0:
            out_v[i] = -out_v[i]
    return out_s, out_v


class SparsityAwarePCA(TransformerMixin, BaseEstimator):
    """PCA of a matrix with missing cells, projected with Pol.is's sparsity scaling.

    Missing cells are imputed with their column mean (implicitly: the centred matrix
    stays sparse). Moderated-out statements of a :class:`~opinion_core.matrix.VoteMatrix`
    are zeroed for everyone and count as voted, as in Pol.is.

    Parameters
    ----------
    n_components : int, default=2
        Number of components.
    random_state : int, RandomState instance or None, default=None
        Seeds the start vector of the iterative solver used on large matrices. The
        components do not depend on it beyond rounding.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
        Column means of the observed cells (0 for moderated-out or empty columns).
    components_ : ndarray of shape (n_components, n_features)
        Unit principal axes; the largest loading of each is positive. A component of
        a matrix with less than ``n_components`` dimensions of variance is all zeros.
    singular_values_ : ndarray of shape (n_components,)
        Singular values of the centred matrix.
    in_matrix_ : ndarray of bool, shape (n_features,)
        Columns with at least one observed cell; only these count as statements in
        the scaling, as in Pol.is where such columns do not exist yet.
    moderated_out_ : ndarray of bool, shape (n_features,)
        Moderated-out columns.
    statement_projection_ : ndarray of shape (n_features, n_components)
        Projection of a participant who agreed (+1) with that statement only.
    extremity_ : ndarray of shape (n_features,)
        Length of ``statement_projection_`` (Pol.is's comment extremity).
    n_features_in_ : int
        Number of columns seen in ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 1, np.nan], [1, np.nan, -1], [-1, -1, 1], [-1, np.nan, 1]])
    >>> SparsityAwarePCA().fit_transform(X).shape
    (4, 2)
    """

    def __init__(self, n_components: int = 2, random_state: Any = None) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        return tags

    def _centred(self, obs: sparse.csr_array) -> sparse.csr_array:
        data = obs.data - self.mean_[obs.indices]
        data[self.moderated_out_[obs.indices]] = 0.0
        return sparse.csr_array((data, obs.indices, obs.indptr), shape=obs.shape)

    def fit(self, X: Any, y: Any = None) -> SparsityAwarePCA:
        """Fit the components.

        Parameters
        ----------
        X : VoteMatrix, array-like with NaN for missing, or sparse matrix
            Participants in rows, statements in columns.
        y : None
            Ignored.

        Returns
        -------
        self : SparsityAwarePCA
        """
        if not isinstance(self.n_components, int | np.integer) or self.n_components < 1:
            raise ValueError(f"n_components must be a positive integer, got {self.n_components!r}")
        obs, mod = observed_matrix(X, self, reset=True)
        m = obs.shape[1]
        counts = np.bincount(obs.indices, minlength=m)
        sums = np.bincount(obs.indices, weights=obs.data, minlength=m)
        mean = np.zeros(m)
        np.divide(sums, counts, out=mean, where=counts > 0)
        mean[mod] = 0.0
        self.mean_ = mean
        self.moderated_out_ = mod
        self.in_matrix_ = counts > 0
        rng = check_random_state(self.random_state)
        s, v = _top_right_singular_vectors(self._centred(obs), int(self.n_components), rng)
        self.singular_values_ = s
        self.components_ = v
        m_eff = max(int(self.in_matrix_.sum()), 1)
        self.statement_projection_ = ((1.0 - mean) * np.sqrt(m_eff))[:, None] * v.T
        self.extremity_ = np.linalg.norm(self.statement_projection_, axis=1)
        return self

    def transform(self, X: Any) -> npt.NDArray[np.float64]:
        """Project participants with the sparsity-aware scaling.

        Parameters
        ----------
        X : VoteMatrix, array-like with NaN for missing, or sparse matrix
            Same columns as in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self, "components_")
        obs, _ = observed_matrix(X, self, reset=False)
        proj = np.asarray(self._centred(obs) @ self.components_.T)
        counted = (self.in_matrix_ & ~self.moderated_out_)[obs.indices].astype(np.float64)
        voted = np.asarray(
            sparse.csr_array((counted, obs.indices, obs.indptr), shape=obs.shape).sum(axis=1)
        )
        n_votes = voted + int((self.in_matrix_ & self.moderated_out_).sum())
        m_eff = max(int(self.in_matrix_.sum()), 1)
        scale = np.sqrt(m_eff / np.maximum(n_votes, 1))
        return proj * scale[:, None]
