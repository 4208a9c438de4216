"""Bridging scores (opinion_core.bridging), Community Notes' matrix factorisation, on
planted votes: two opposed groups, one statement both agree with, one only one group
agrees with."""

from __future__ import annotations

import json

import numpy as np
import numpy.typing as npt
import pytest

from opinion_core.bridging import (
    LAMBDA_FACTOR,
    LAMBDA_INTERCEPT,
    MAX_FACTOR,
    MIN_INTERCEPT,
    bridging_items,
    fit_bridging,
)
from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.report import opinion_report

N = 40
SHARED, PARTISAN = 10, 11  # columns after the 10 divided statements


def planted_votes(noise: float = 0.05, seed: int = 0) -> npt.NDArray[np.float64]:
    """Two halves opposed on statements 0-9; all agree on 10; only the first half
    agrees with 11 (the second half disagrees). A few votes flipped at random."""
    rng = np.random.RandomState(seed)
    side = np.arange(N)[:, None] < N // 2
    divided = np.where(side == (np.arange(10)[None, :] < 5), 1.0, -1.0)
    shared = np.ones((N, 1))
    partisan = np.where(side, 1.0, -1.0)
    votes = np.hstack([divided, shared, partisan])
    votes[rng.rand(*votes.shape) < noise] *= -1
    return votes


def planted(noise: float = 0.05, seed: int = 0) -> VoteMatrix:
    return VoteMatrix.from_dense(planted_votes(noise=noise, seed=seed))


def test_constants_are_community_notes() -> None:
    assert LAMBDA_FACTOR == 0.03
    assert LAMBDA_INTERCEPT == pytest.approx(5 * LAMBDA_FACTOR) == pytest.approx(0.15)


def test_shared_statement_bridges_and_partisan_does_not() -> None:
    fit = fit_bridging(planted())
    b, f = fit.statement_intercept, fit.statement_factor
    assert b[SHARED] == b.max()
    assert b[SHARED] >= MIN_INTERCEPT
    assert abs(f[SHARED]) < MAX_FACTOR
    assert b[PARTISAN] < MIN_INTERCEPT
    assert b[SHARED] - b[PARTISAN] > 0.3
    assert abs(f[PARTISAN]) > MAX_FACTOR
    assert abs(f[PARTISAN]) > 5 * abs(f[SHARED])
    # the factor sorts people by side
    left, right = fit.participant_factor[: N // 2], fit.participant_factor[N // 2 :]
    assert np.sign(left).min() == np.sign(left).max() != np.sign(right).max()
    assert [it["index"] for it in bridging_items(fit)] == [SHARED]
    assert fit.n_iter < 200  # converged, not stopped


def test_fit_is_deterministic_and_barely_depends_on_the_seed() -> None:
    matrix = planted()
    a, b = fit_bridging(matrix), fit_bridging(matrix)
    np.testing.assert_array_equal(a.statement_intercept, b.statement_intercept)
    np.testing.assert_array_equal(a.participant_factor, b.participant_factor)
    c = fit_bridging(matrix, random_state=7)
    np.testing.assert_allclose(c.statement_intercept, a.statement_intercept, atol=1e-3)


def test_passes_are_ignored() -> None:
    votes = planted_votes()
    with_passes = np.hstack([votes, np.zeros((N, 1))])  # everyone passes a 13th statement
    without = np.hstack([votes, np.full((N, 1), np.nan)])
    a = fit_bridging(VoteMatrix.from_dense(with_passes))
    b = fit_bridging(VoteMatrix.from_dense(without))
    np.testing.assert_allclose(a.statement_intercept, b.statement_intercept, equal_nan=True)
    assert np.isnan(a.statement_intercept[12])


def test_moderated_out_statement_has_no_score() -> None:
    votes = planted_votes()
    matrix = VoteMatrix.from_dense(votes, moderated_out=[str(SHARED)])
    fit = fit_bridging(matrix)
    assert np.isnan(fit.statement_intercept[SHARED])
    assert bridging_items(fit) == []


def test_report_has_bridging_per_statement_and_a_ranked_list() -> None:
    matrix = planted()
    model = OpinionGroups().fit(matrix)
    report = opinion_report(model, matrix)
    assert [it["statement"] for it in report["bridging"]] == [str(SHARED)]
    item = report["bridging"][0]
    assert set(item) >= {"statement", "score", "factor", "votes", "by_group"}
    entry = report["statements"][str(SHARED)]
    assert entry["bridging"] == item["score"]
    assert report["statements"][str(PARTISAN)]["bridging"] < MIN_INTERCEPT
    again = opinion_report(OpinionGroups().fit(matrix), matrix)
    assert json.dumps(report) == json.dumps(again)
