"""PCA with implicit column-mean imputation, and the sparsity-aware scaling."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from opinion_core.matrix import VoteMatrix
from opinion_core.projection import SparsityAwarePCA

# A tiny conversation: 4 people, 3 statements (agree = 1). NaN = not voted.
TINY = np.array(
    [
        [1.0, 1.0, np.nan],
        [1.0, np.nan, -1.0],
        [-1.0, -1.0, 1.0],
        [-1.0, 0.0, 1.0],
    ]
)


def test_column_means_count_passes_and_skip_missing() -> None:
    pca = SparsityAwarePCA().fit(TINY)
    # statement 0: (1 + 1 - 1 - 1) / 4 = 0; statement 1: (1 - 1 + 0) / 3 = 0;
    # statement 2: (-1 + 1 + 1) / 3 = 1/3
    np.testing.assert_allclose(pca.mean_, [0.0, 0.0, 1 / 3])


def test_components_equal_pca_of_the_explicitly_imputed_matrix() -> None:
    imputed = np.where(np.isnan(TINY), np.nanmean(TINY, axis=0), TINY)
    ref = PCA(n_components=2, svd_solver="full").fit(imputed)
    ours = SparsityAwarePCA().fit(TINY)
    for a, b in zip(ours.components_, ref.components_, strict=True):
        assert abs(abs(a @ b) - 1.0) < 1e-10  # same axis, sign is ours to choose
        j = np.argmax(np.abs(a))
        assert a[j] > 0  # deterministic sign: largest loading positive


def test_projection_is_scaled_by_sqrt_statements_over_votes() -> None:
    pca = SparsityAwarePCA().fit(TINY)
    imputed = np.where(np.isnan(TINY), pca.mean_, TINY)
    raw = (imputed - pca.mean_) @ pca.components_.T  # imputed cells contribute 0
    votes = np.array([2, 2, 3, 3])
    expected = raw * np.sqrt(3 / votes)[:, None]
    np.testing.assert_allclose(pca.transform(TINY), expected, atol=1e-12)
    # by hand for participant 0: sqrt(3 / 2) times its unscaled position
    np.testing.assert_allclose(pca.transform(TINY)[0], raw[0] * 1.224744871391589)


def test_moderated_out_statements_count_as_passed_by_everyone() -> None:
    # statement "2" moderated out: zeroed for all, and counted as voted in the scaling
    ids = ["0", "1", "2"]
    m = VoteMatrix.from_dense(TINY, statement_ids=ids, moderated_out=["2"])
    pca = SparsityAwarePCA().fit(m)
    assert pca.mean_[2] == 0.0
    assert np.all(pca.components_[:, 2] == 0.0)
    assert pca.extremity_[2] == 0.0
    centred = np.where(np.isnan(TINY), 0.0, TINY - pca.mean_)
    centred[:, 2] = 0.0
    # each person: own votes on statements 0 and 1, plus the moderated statement
    votes = np.array([2, 1, 2, 2]) + 1
    expected = (centred @ pca.components_.T) * np.sqrt(3 / votes)[:, None]
    np.testing.assert_allclose(pca.transform(m), expected, atol=1e-12)


def test_statement_extremity_is_the_agree_only_projection() -> None:
    pca = SparsityAwarePCA().fit(TINY)
    j = 2
    by_hand = (1 - 1 / 3) * np.sqrt(3) * np.linalg.norm(pca.components_[:, j])
    assert pca.extremity_[j] == pytest.approx(by_hand)


def test_large_sparse_path_matches_dense_path() -> None:
    rng = np.random.default_rng(0)
    dense = rng.choice([-1.0, 0.0, 1.0], size=(600, 300))
    dense[rng.random(dense.shape) < 0.6] = np.nan  # 600*300 > dense threshold: ARPACK
    ours = SparsityAwarePCA(random_state=0).fit(dense)
    imputed = np.where(np.isnan(dense), ours.mean_, dense)
    ref = PCA(n_components=2, svd_solver="full").fit(imputed)
    for a, b in zip(ours.components_, ref.components_, strict=True):
        assert abs(abs(a @ b) - 1.0) < 1e-8


def test_identical_voters_give_no_spurious_direction() -> None:
    X = np.tile([1.0, -1.0, 0.0], (5, 1))
    pca = SparsityAwarePCA().fit(X)
    assert np.all(pca.components_ == 0.0)
    assert np.all(pca.transform(X) == 0.0)
