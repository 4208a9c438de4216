"""Repness, consensus, divisiveness and priority on hand-computed numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from opinion_core.consensus import consensus_statements, divisiveness, group_aware_consensus
from opinion_core.matrix import VoteMatrix
from opinion_core.priority import META_PRIORITY, statement_priority
from opinion_core.repness import repness_stats, representative_statements
from opinion_core.stats import VoteCounts, group_vote_counts, prop_test, two_prop_test


def counts(agree: list[list[int]], disagree: list[list[int]], seen: list[list[int]]) -> VoteCounts:
    return VoteCounts(
        np.asarray(agree, dtype=float),
        np.asarray(disagree, dtype=float),
        np.asarray(seen, dtype=float),
    )


def test_prop_test_by_hand() -> None:
    # 2 * sqrt(9 + 1) * ((8 + 1) / (9 + 1) - 0.5) = 2 * sqrt(10) * 0.4
    assert prop_test(np.array(8.0), np.array(9.0)) == pytest.approx(0.8 * math.sqrt(10))


def test_two_prop_test_by_hand() -> None:
    # counts + 1: s1=9, n1=10, s2=2, n2=11
    p1, p2, p = 9 / 10, 2 / 11, 11 / 21
    z = (p1 - p2) / math.sqrt(p * (1 - p) * (1 / 10 + 1 / 11))
    assert two_prop_test(
        np.array(8.0), np.array(1.0), np.array(9.0), np.array(10.0)
    ) == pytest.approx(z)
    assert two_prop_test(np.array(5.0), np.array(5.0), np.array(5.0), np.array(5.0)) == 0.0


def test_group_vote_counts_from_the_matrix() -> None:
    m = VoteMatrix.from_dense([[1, 1], [1, -1], [-1, 0], [np.nan, 1]])
    c = group_vote_counts(m, np.array([0, 0, 1, -1]), 2)
    assert c.agree.tolist() == [[2, 1], [0, 0]]
    assert c.disagree.tolist() == [[0, 1], [1, 0]]
    assert c.seen.tolist() == [[2, 2], [1, 1]]
    assert c.passes.tolist() == [[0, 0], [0, 1]]


# Tiny conversation: group 0 (9 people) agrees with statement 0, group 1 (10 people)
# disagrees with it; both agree with statement 1; statement 2 is moderated out.
TWO_GROUPS = counts(
    agree=[[8, 9, 9], [1, 9, 0]],
    disagree=[[1, 0, 0], [8, 1, 10]],
    seen=[[9, 9, 9], [10, 10, 10]],
)
MOD = np.array([False, False, True])


def test_repness_quantities_by_hand() -> None:
    st = repness_stats(TWO_GROUPS)
    assert st.pa[0, 0] == pytest.approx(9 / 11)  # (1 + 8) / (2 + 9)
    assert st.pat[0, 0] == pytest.approx(0.8 * math.sqrt(10))
    assert st.ra[0, 0] == pytest.approx((9 / 11) / (2 / 12))  # rest: (1 + 1) / (2 + 10)
    p1, p2, p = 9 / 10, 2 / 11, 11 / 21
    assert st.rat[0, 0] == pytest.approx((p1 - p2) / math.sqrt(p * (1 - p) * (1 / 10 + 1 / 11)))


def test_representative_statements_pick_what_sets_each_group_apart() -> None:
    rep = representative_statements(TWO_GROUPS, MOD)
    assert [it["index"] for it in rep[0]] == [0]
    assert rep[0][0]["direction"] == "agree"
    assert rep[0][0]["best_agree"] is True
    assert (rep[0][0]["agree"], rep[0][0]["disagree"], rep[0][0]["pass"], rep[0][0]["n"]) == (
        8,
        1,
        0,
        9,
    )
    st = repness_stats(TWO_GROUPS)
    assert rep[0][0]["score"] == pytest.approx(
        st.ra[0, 0] * st.rat[0, 0] * st.pa[0, 0] * st.pat[0, 0]
    )
    # group 1 is distinguished by disagreeing with statement 0; statement 2 (which it
    # rejects even more) is moderated out and never reported
    assert [(it["index"], it["direction"]) for it in rep[1]][-1] == (0, "disagree")
    assert all(it["index"] != 2 for group in rep for it in group)


def test_plain_consensus_by_hand() -> None:
    total = TWO_GROUPS.total()
    cons = consensus_statements(total, MOD)
    assert [it["index"] for it in cons["agree"]] == [1]
    item = cons["agree"][0]
    pa = (1 + 18) / (2 + 19)
    assert item["score"] == pytest.approx(pa * prop_test(np.array(18.0), np.array(19.0)))
    assert (item["agree"], item["disagree"], item["pass"], item["n"]) == (18, 1, 0, 19)
    assert cons["disagree"] == []  # statement 0 splits 9/9: no majority either way


def test_group_aware_consensus_by_hand() -> None:
    gac = group_aware_consensus(TWO_GROUPS)
    assert gac[1] == pytest.approx((10 / 11) * (10 / 12))
    assert gac[0] == pytest.approx((9 / 11) * (2 / 12))
    gacd = group_aware_consensus(TWO_GROUPS, "disagree")
    assert gacd[0] == pytest.approx((2 / 11) * (9 / 12))


def test_divisiveness_by_hand() -> None:
    div = divisiveness(TWO_GROUPS)
    net0, net1 = (8 - 1) / 11, (1 - 8) / 12
    assert div[0] == pytest.approx((net0 - net1) / 2)
    assert div[0] > div[1]
    assert np.all(divisiveness(counts([[1]], [[0]], [[1]])) == 0)  # one group: no division


def test_priority_by_hand() -> None:
    # A=3, P=1, S=5, E=0.5
    importance = (1 - 2 / 7) * 1.5 * (4 / 7)
    expected = (importance * (1 + 8 * 2 ** (-1))) ** 2
    pr = statement_priority(
        np.array([3.0, 3.0, 3.0]),
        np.array([1.0, 1.0, 1.0]),
        np.array([5.0, 5.0, 5.0]),
        np.array([0.5, 0.5, 0.5]),
        is_meta=np.array([False, True, False]),
        moderated_out=np.array([False, True, True]),
    )
    assert pr[0] == pytest.approx(expected)
    assert pr[1] == META_PRIORITY
    assert pr[2] == 0.0
