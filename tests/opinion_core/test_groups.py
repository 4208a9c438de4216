"""OpinionGroups and GroupKMeans end to end."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.synthetic import planted_votes
from opinion_core.clustering import GroupKMeans, canonical_relabel
from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups, clustered_participants


def planted(
    n: int = 600, m: int = 60, groups: int = 3, density: float = 0.5
) -> tuple[VoteMatrix, np.ndarray]:
    data = planted_votes(n, m, density, groups, strength=4.0, seed=3)
    matrix = VoteMatrix.from_votes(data.participants, data.statements, data.votes)
    truth = data.truth[matrix.participant_ids.astype(int)]
    return matrix, truth


def test_planted_groups_are_found() -> None:
    from sklearn.metrics import adjusted_rand_score

    matrix, truth = planted()
    model = OpinionGroups().fit(matrix)
    assert model.n_groups_ == 3
    assert adjusted_rand_score(truth, model.labels_) > 0.95
    assert model.group_sizes_.tolist() == sorted(model.group_sizes_.tolist(), reverse=True)
    assert len(model.representative_) == 3
    for items in model.representative_:
        assert 1 <= len(items) <= 5
        for it in items:
            assert {
                "statement",
                "direction",
                "agree",
                "disagree",
                "pass",
                "n",
                "score",
                "by_group",
            } <= set(it)
            assert it["agree"] + it["disagree"] + it["pass"] == it["n"]
            assert len(it["by_group"]) == 3


def test_max_groups_is_a_parameter_and_more_can_be_asked_for() -> None:
    matrix, _ = planted(n=1500, m=80, groups=7, density=0.6)
    assert OpinionGroups(max_groups=2).fit(matrix).n_groups_ == 2
    # Pol.is also caps k at 2 + n_base // 12, i.e. 10 with 100 base clusters
    assert OpinionGroups(max_groups=8).fit(matrix).n_groups_ > 5


def test_nobody_is_alone_in_a_group() -> None:
    rng = np.random.default_rng(0)
    X = rng.choice([-1.0, 0.0, 1.0, np.nan], size=(40, 12))
    X[0] = 1.0  # an outlier
    X[1] = -1.0
    model = OpinionGroups().fit(X)
    assert model.n_groups_ >= 1
    assert model.group_sizes_.min() >= 2


def test_inclusion_threshold_and_top_up_to_fifteen() -> None:
    counts = np.array([7, 6, 7, 1, 0] + [7] * 10)
    inside = clustered_participants(counts, 50)
    assert inside.tolist()[:5] == [True, True, True, True, False]  # 12 in, +2 most active,
    assert inside.sum() == 14  # and never someone who has not voted
    assert clustered_participants(np.array([3, 3]), 3, min_participants=0).all()  # min(7, 3)


def test_participants_below_threshold_are_projected_but_not_grouped() -> None:
    matrix, _ = planted()
    extra = VoteMatrix.from_votes(
        np.r_[matrix.participant_ids[matrix.votes.tocoo().row], ["late"]],
        np.r_[matrix.statement_ids[matrix.votes.tocoo().col], ["0"]],
        np.r_[matrix.votes.tocoo().data, [1]],
    )
    model = OpinionGroups().fit(extra)
    late = extra.participant_ids.tolist().index("late")
    assert model.labels_[late] == -1
    assert np.isfinite(model.projection_[late]).all()


def test_canonical_relabel_orders_by_size_then_first_member() -> None:
    assert canonical_relabel(np.array([5, 5, 2, 2, 2, -1, 9])).tolist() == [1, 1, 0, 0, 0, -1, 2]


def test_group_kmeans_handles_tiny_and_degenerate_inputs() -> None:
    one = GroupKMeans(random_state=0).fit([[0.0, 0.0]])
    assert one.labels_.tolist() == [-1]
    assert one.n_groups_ == 0
    same = GroupKMeans(random_state=0).fit(np.zeros((5, 2)))
    assert same.labels_.tolist() == [0] * 5
    assert same.n_groups_ == 1


@pytest.mark.parametrize("bad", [{"max_groups": 0}, {"base_k": 1.5}, {"min_votes": True}])
def test_invalid_parameters_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must be"):
        OpinionGroups(**bad).fit(np.ones((3, 3)))  # type: ignore[arg-type]
