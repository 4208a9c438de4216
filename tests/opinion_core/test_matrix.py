"""The vote matrix: latest vote wins, passes kept, canonical order, moderation."""

from __future__ import annotations

import numpy as np
import pytest

from opinion_core.exceptions import AnalysisError
from opinion_core.matrix import VoteMatrix, as_vote_matrix, canonical_ids


def test_latest_vote_wins_and_passes_are_votes() -> None:
    m = VoteMatrix.from_votes(
        ["2", "2", "10", "10", "2"],
        ["a", "a", "a", "b", "b"],
        [1, -1, 0, 1, 1],
        order=[5, 9, 1, 2, 3],
    )
    assert m.participant_ids.tolist() == ["2", "10"]  # numeric, not text, order
    assert m.statement_ids.tolist() == ["a", "b"]
    np.testing.assert_array_equal(m.to_dense(), [[-1, 1], [0, 1]])
    assert m.n_votes == 4  # the pass of "10" on "a" is a vote
    assert m.n_vote_events == 5
    np.testing.assert_array_equal(m.votes_per_participant(), [2, 2])
    np.testing.assert_array_equal(m.votes_per_statement(), [2, 2])


def test_without_order_the_row_order_is_time() -> None:
    m = VoteMatrix.from_votes(["1", "1"], ["s", "s"], [1, -1])
    assert m.to_dense()[0, 0] == -1


def test_equal_timestamps_do_not_depend_on_row_order() -> None:
    a = VoteMatrix.from_votes(["1", "1"], ["s", "s"], [1, -1], order=[7, 7])
    b = VoteMatrix.from_votes(["1", "1"], ["s", "s"], [-1, 1], order=[7, 7])
    assert a.to_dense()[0, 0] == b.to_dense()[0, 0] == 1


def test_row_order_of_the_input_does_not_matter() -> None:
    rng = np.random.default_rng(1)
    p = rng.integers(0, 30, 400).astype(str)
    s = rng.integers(0, 12, 400).astype(str)
    v = rng.integers(-1, 2, 400)
    t = rng.permutation(400)
    perm = rng.permutation(400)
    a = VoteMatrix.from_votes(p, s, v, order=t)
    b = VoteMatrix.from_votes(p[perm], s[perm], v[perm], order=t[perm])
    assert a.participant_ids.tolist() == b.participant_ids.tolist()
    np.testing.assert_array_equal(a.votes.indptr, b.votes.indptr)
    np.testing.assert_array_equal(a.votes.indices, b.votes.indices)
    np.testing.assert_array_equal(a.votes.data, b.votes.data)


def test_statements_nobody_voted_on_and_moderation() -> None:
    m = VoteMatrix.from_votes(
        ["1", "2"],
        ["3", "3"],
        [1, 1],
        all_statements=["3", "4", "5"],
        moderated_out=["4"],
        meta=["5"],
    )
    assert m.statement_ids.tolist() == ["3", "4", "5"]
    assert m.moderated_out.tolist() == [False, True, True]
    assert m.is_meta.tolist() == [False, False, True]
    np.testing.assert_array_equal(m.votes_per_statement(), [2, 0, 0])


def test_indicator_counts_agree_disagree_and_all_votes() -> None:
    m = VoteMatrix.from_dense([[1, 0, np.nan], [-1, 1, 1]])
    assert m.indicator(1).toarray().tolist() == [[1, 0, 0], [0, 1, 1]]
    assert m.indicator(-1).toarray().tolist() == [[0, 0, 0], [1, 0, 0]]
    assert m.indicator(None).toarray().tolist() == [[1, 1, 0], [1, 1, 1]]


@pytest.mark.parametrize("bad", [2, -2])
def test_votes_outside_minus_one_to_one_are_refused(bad: int) -> None:
    with pytest.raises(AnalysisError, match="-1, 0 or 1"):
        VoteMatrix.from_votes(["1"], ["1"], [bad])


def test_fractional_votes_are_refused() -> None:
    with pytest.raises(AnalysisError):
        VoteMatrix.from_dense([[0.5]])


def test_dense_rows_without_votes_stay_participants() -> None:
    m = VoteMatrix.from_dense([[np.nan, np.nan], [1, -1]])
    assert m.n_participants == 2
    np.testing.assert_array_equal(m.votes_per_participant(), [0, 2])


def test_sparse_input_reads_stored_zeros_as_passes() -> None:
    from scipy import sparse

    X = sparse.csr_array((np.array([0, 1]), (np.array([0, 1]), np.array([0, 0]))), shape=(2, 2))
    m = as_vote_matrix(X)
    assert m.n_votes == 2
    assert m.to_dense()[0, 0] == 0


def test_canonical_ids_sorts_numbers_numerically_and_text_as_text() -> None:
    assert canonical_ids(["10", "9", "100"]).tolist() == ["9", "10", "100"]
    assert canonical_ids(["b", "a", "10"]).tolist() == ["10", "a", "b"]
    assert canonical_ids([3, 1, 3]).tolist() == ["1", "3"]
