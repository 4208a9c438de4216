"""Property tests: odd inputs give a valid result or a clear error, never a crash."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.report import opinion_report

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

triples = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 15), st.sampled_from([-1, 0, 1])),
    max_size=400,
)


def analyse(
    votes: list[tuple[int, int, int]], **kwargs: object
) -> tuple[VoteMatrix, OpinionGroups]:
    p, s, v = (list(x) for x in zip(*votes, strict=True)) if votes else ([], [], [])
    matrix = VoteMatrix.from_votes(
        np.asarray(p, dtype=str),
        np.asarray(s, dtype=str),
        np.asarray(v, dtype=int),
        **kwargs,  # type: ignore[arg-type]
    )
    return matrix, OpinionGroups().fit(matrix)


def assert_valid(matrix: VoteMatrix, model: OpinionGroups) -> None:
    n = matrix.n_participants
    assert model.labels_.shape == (n,)
    assert model.projection_.shape == (n, 2)
    assert np.isfinite(model.projection_).all()
    labelled = model.labels_[model.labels_ >= 0]
    assert set(labelled.tolist()) == set(range(model.n_groups_))
    if model.n_groups_:
        assert np.bincount(labelled).min() >= 2  # no group of one person
    assert np.isfinite(model.priority_).all()
    report = opinion_report(model, matrix)
    assert report["n_clustered"] == len(labelled)
    assert set(report["participants"]) == set(matrix.participant_ids.tolist())


@SETTINGS
@given(triples)
def test_any_votes_give_a_valid_result(votes: list[tuple[int, int, int]]) -> None:
    assert_valid(*analyse(votes))


@SETTINGS
@given(triples, st.randoms(use_true_random=False))
def test_permuting_the_input_rows_does_not_change_the_groups(
    votes: list[tuple[int, int, int]], rnd: object
) -> None:
    # distinct cells only, so that "latest vote" is the same in any order
    cells = {(p, s): v for p, s, v in votes}
    rows = [(p, s, v) for (p, s), v in cells.items()]
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    m1, a = analyse(rows)
    m2, b = analyse(shuffled)
    assert m1.participant_ids.tolist() == m2.participant_ids.tolist()
    np.testing.assert_array_equal(a.labels_, b.labels_)
    np.testing.assert_array_equal(a.projection_, b.projection_)
    assert a.representative_ == b.representative_


def test_empty_input() -> None:
    matrix, model = analyse([])
    assert_valid(matrix, model)
    assert model.n_groups_ == 0
    assert matrix.n_participants == 0


def test_one_participant() -> None:
    matrix, model = analyse([(1, s, 1) for s in range(10)])
    assert_valid(matrix, model)
    assert model.n_groups_ == 0  # one person is never a group
    assert model.labels_.tolist() == [-1]


def test_one_statement() -> None:
    matrix, model = analyse([(p, 0, 1 if p % 2 else -1) for p in range(30)])
    assert_valid(matrix, model)


def test_all_passes() -> None:
    matrix, model = analyse([(p, s, 0) for p in range(20) for s in range(8)])
    assert_valid(matrix, model)
    assert model.n_groups_ == 1
    assert model.consensus_ == {"agree": [], "disagree": []}


def test_identical_voters() -> None:
    matrix, model = analyse([(p, s, 1 if s % 2 else -1) for p in range(20) for s in range(8)])
    assert_valid(matrix, model)
    assert model.n_groups_ == 1


def test_statement_nobody_voted_on() -> None:
    votes = [(p, s, 1 if (p + s) % 3 else -1) for p in range(30) for s in range(6)]
    matrix, model = analyse(votes, all_statements=[str(s) for s in range(7)])
    assert_valid(matrix, model)
    assert matrix.n_statements == 7
    assert model.extremity_[-1] == 0.0


def test_everything_moderated_out() -> None:
    votes = [(p, s, 1 if (p + s) % 3 else -1) for p in range(30) for s in range(6)]
    matrix, model = analyse(votes, moderated_out=[str(s) for s in range(6)])
    assert_valid(matrix, model)
    assert all(items == [] for items in model.representative_)
