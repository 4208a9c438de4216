"""How stable a run's groups are (opinion_core.stability), on planted vote matrices."""

from __future__ import annotations

import json

import numpy as np
import numpy.typing as npt
import pytest

from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.report import opinion_report
from opinion_core.stability import WEAK_BELOW, group_stability


def clear_groups(n: int = 60, m: int = 12, noise: float = 0.05, seed: int = 0) -> VoteMatrix:
    """Two halves who vote opposite ways on every statement, a few votes flipped."""
    rng = np.random.RandomState(seed)
    side = np.arange(n)[:, None] < n // 2
    first = np.arange(m)[None, :] < m // 2
    votes = np.where(side == first, 1.0, -1.0)
    votes[rng.rand(n, m) < noise] *= -1
    return VoteMatrix.from_dense(votes)


def random_votes(n: int = 100, m: int = 20, seed: int = 1) -> VoteMatrix:
    """Everyone votes at random: there are no groups to find."""
    votes: npt.NDArray[np.float64] = np.random.RandomState(seed).choice([-1.0, 0.0, 1.0], (n, m))
    return VoteMatrix.from_dense(votes)


def test_clear_groups_are_stable() -> None:
    model = OpinionGroups().fit(clear_groups())
    assert model.n_groups_ == 2
    stability = model.stability_
    assert stability is not None
    assert stability["mean"] >= 0.95
    assert stability["min"] >= 0.9
    assert stability["weak"] is False


@pytest.mark.parametrize("seed", [1, 2])
def test_random_votes_are_not_stable(seed: int) -> None:
    stability = OpinionGroups().fit(random_votes(seed=seed)).stability_
    assert stability is not None
    assert stability["mean"] < WEAK_BELOW
    assert stability["weak"] is True


def test_same_input_gives_the_same_figure_and_the_seed_matters() -> None:
    matrix = random_votes()
    a = OpinionGroups(random_state=3).fit(matrix).stability_
    b = OpinionGroups(random_state=3).fit(matrix).stability_
    c = OpinionGroups(random_state=4).fit(matrix).stability_
    assert a == b
    assert a is not None
    assert c is not None
    assert a["n_resamples"] == 10
    assert a["fraction"] == 0.8
    assert a["refit"] == "projection and clustering"


def test_report_carries_stability_and_stays_byte_identical() -> None:
    matrix = clear_groups()
    first = json.dumps(opinion_report(OpinionGroups().fit(matrix), matrix), sort_keys=True)
    second = json.dumps(opinion_report(OpinionGroups().fit(matrix), matrix), sort_keys=True)
    assert first == second
    report = json.loads(first)
    assert report["stability"]["mean"] >= 0.95
    assert report["stability"]["weak_below"] == WEAK_BELOW


def test_not_measured_when_switched_off_or_too_few_people() -> None:
    matrix = clear_groups()
    assert OpinionGroups(n_resamples=0).fit(matrix).stability_ is None
    model = OpinionGroups().fit(matrix)
    assert opinion_report(OpinionGroups(n_resamples=0).fit(matrix), matrix)["stability"] is None
    two = np.array([0, 1] + [-1] * (matrix.n_participants - 2))
    assert group_stability(matrix, two, model.pca_, model.clusterer_) is None


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="n_resamples"):
        OpinionGroups(n_resamples=-1).fit(clear_groups())
