"""The report's one rule set (opinion_core.findings) on small planted vote matrices.

Each matrix is planted group by group: a cell ``(agree, disagree, pass)`` says how many
of the group's members voted each way on a statement; the others did not vote on it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opinion_core.cli import main
from opinion_core.findings import (
    COMMON_GROUND,
    DIVISIVE,
    common_ground_items,
    dissent_items,
    divisive_items,
    goes_against,
    statement_findings,
    vote_count,
)
from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.report import opinion_report
from opinion_core.stats import VoteCounts, group_vote_counts

Cell = tuple[int, int, int]


def planted(
    groups: list[tuple[int, list[Cell]]],
    *,
    outsiders: Sequence[Sequence[int | None]] = (),
    moderated_out: tuple[str, ...] = (),
) -> tuple[VoteMatrix, npt.NDArray[np.intp], VoteCounts, npt.NDArray[np.int64]]:
    """The matrix, each row's group (-1 for ``outsiders``, people in no group, given as
    one vote or None per statement), the groups' counts and sizes."""
    people: list[int] = []
    statements: list[int] = []
    votes: list[int] = []
    group_of: list[int] = []
    for g, (size, cells) in enumerate(groups):
        first = len(group_of)
        group_of += [g] * size
        for s, (agree, disagree, passes) in enumerate(cells):
            values = [1] * agree + [-1] * disagree + [0] * passes
            assert len(values) <= size
            for k, value in enumerate(values):
                people.append(first + k)
                statements.append(s)
                votes.append(value)
    for row in outsiders:
        person = len(group_of)
        group_of.append(-1)
        for s, vote in enumerate(row):
            if vote is not None:
                people.append(person)
                statements.append(s)
                votes.append(vote)
    n_statements = len(groups[0][1])
    matrix = VoteMatrix.from_votes(
        people,
        statements,
        votes,
        all_statements=[str(s) for s in range(n_statements)],
        moderated_out=moderated_out,
    ).with_participants(str(p) for p in range(len(group_of)))
    labels = np.asarray(group_of, dtype=np.intp)[matrix.participant_ids.astype(int)]
    counts = group_vote_counts(matrix, labels, len(groups))
    sizes = np.bincount(labels[labels >= 0], minlength=len(groups)).astype(np.int64)
    return matrix, labels, counts, sizes


def test_common_ground_needs_half_of_the_people_in_groups_to_have_voted() -> None:
    # Everyone who voted agreed with both; 10 of the 20 people voted on the first, 9 on
    # the second.
    matrix, _, counts, sizes = planted([(10, [(5, 0, 0), (5, 0, 0)]), (10, [(5, 0, 0), (4, 0, 0)])])
    found = statement_findings(counts, sizes, matrix.moderated_out)
    assert found.voters.tolist() == [10, 9]
    assert found.voted_by_half.tolist() == [True, False]
    assert found.common_ground.tolist() == [True, False]
    assert [it["index"] for it in common_ground_items(found)] == [0]
    assert found.finding(1) is None


def test_common_ground_needs_every_group_of_five_or_more_to_agree() -> None:
    a, b, c = 10, 5, 4
    matrix, _, counts, sizes = planted(
        [
            (a, [(9, 1, 0), (9, 1, 0), (9, 1, 0)]),
            (b, [(5, 0, 0), (2, 2, 1), (5, 0, 0)]),  # group of five, split on the second
            (c, [(3, 0, 1), (4, 0, 0), (0, 3, 1)]),  # group of four, against the third
        ]
    )
    found = statement_findings(counts, sizes, matrix.moderated_out)
    assert found.common_ground.tolist() == [True, False, True]
    assert found.direction.tolist() == ["agree", "", "agree"]
    assert not found.divisive.any()  # the five who split do not lean either way


def test_common_ground_can_be_a_shared_disagreement() -> None:
    matrix, _, counts, sizes = planted([(8, [(0, 8, 0)]), (6, [(1, 5, 0)])])
    found = statement_findings(counts, sizes, matrix.moderated_out)
    assert found.direction.tolist() == ["disagree"]
    item = common_ground_items(found)[0]
    assert (item["direction"], item["agree"], item["disagree"], item["pass"], item["n"]) == (
        "disagree", 1, 13, 0, 14,
    )  # fmt: skip


def test_divisive_when_groups_of_five_or_more_lean_opposite_ways() -> None:
    matrix, _, counts, sizes = planted(
        [
            (10, [(9, 1, 0), (9, 1, 0), (9, 1, 0), (5, 4, 1)]),
            (6, [(0, 6, 0), (4, 2, 0), (6, 0, 0), (2, 3, 1)]),
            (3, [(3, 0, 0), (3, 0, 0), (0, 3, 0), (3, 0, 0)]),
        ]
    )
    found = statement_findings(counts, sizes, matrix.moderated_out)
    # 0: opposite ways; 1: both agree, one less so; 2: only the group of three is
    # against; 3: opposite ways, but only just (net agreement 1/12 against -1/8).
    assert found.divisive.tolist() == [True, False, False, False]
    assert found.common_ground.tolist() == [False, False, True, False]
    assert found.finding(0) == DIVISIVE
    assert found.finding(2) == COMMON_GROUND
    item = divisive_items(found)[0]
    assert (item["index"], item["agree"], item["disagree"], item["pass"], item["n"]) == (
        0, 12, 7, 0, 19,
    )  # fmt: skip
    assert item["score"] == pytest.approx(found.divisiveness[0])


def test_a_moderated_statement_is_neither() -> None:
    matrix, _, counts, sizes = planted(
        [(10, [(10, 0, 0), (10, 0, 0)]), (6, [(6, 0, 0), (0, 6, 0)])], moderated_out=("0", "1")
    )
    found = statement_findings(counts, sizes, matrix.moderated_out)
    assert not found.common_ground.any()
    assert not found.divisive.any()


@pytest.mark.parametrize(
    ("direction", "agree", "disagree", "against"),
    [
        ("agree", 0, 2, True),  # however many passed
        ("agree", 1, 2, True),
        ("agree", 2, 1, False),
        ("agree", 1, 1, False),
        ("agree", 0, 0, False),
        ("disagree", 2, 1, True),
        ("disagree", 0, 3, False),
    ],
)
def test_a_group_goes_against_when_more_voted_the_other_way(
    direction: str, agree: int, disagree: int, against: bool
) -> None:
    assert goes_against(direction, agree, disagree) is against


def test_dissent_counts_agree_and_disagree_and_not_passes() -> None:
    # Common ground on both; the group of four mostly passed on both, but on the first
    # one of them disagreed and nobody agreed, on the second one agreed.
    matrix, _, counts, sizes = planted(
        [
            (10, [(9, 0, 1), (9, 0, 1)]),
            (6, [(6, 0, 0), (6, 0, 0)]),
            (4, [(0, 1, 3), (1, 0, 3)]),
        ]
    )
    found = statement_findings(counts, sizes, matrix.moderated_out)
    assert found.common_ground.tolist() == [True, True]
    dissent = dissent_items(common_ground_items(found), counts)
    assert dissent == [
        {"index": 0, "direction": "agree", "group": 2, "agree": 0, "disagree": 1, "pass": 3}
    ]


def test_one_count_for_people_statements_and_votes() -> None:
    matrix, labels, counts, sizes = planted(
        [(8, [(8, 0, 0), (6, 1, 1), (4, 0, 0)]), (6, [(6, 0, 0), (5, 0, 0), (0, 0, 6)])],
        # one person below the vote threshold, one who voted only on the removed statement
        outsiders=[[1, -1, None], [None, None, 1]],
        moderated_out=("2",),
    )
    found = statement_findings(counts, sizes, matrix.moderated_out)
    count = vote_count(matrix, labels, found, min_votes=2, min_participants=15)
    assert count["people"] == 15  # everyone who voted on a statement still shown
    assert count["people_counted"] == 14
    assert (count["statements"], count["statements_moderated_out"]) == (2, 1)
    assert count["votes"] == 8 + 8 + 6 + 5 + 2
    assert count["votes_counted"] == 8 + 8 + 6 + 5 == int(counts.seen[:, :2].sum())
    assert count["common_ground"] == int(found.common_ground.sum())


cell = st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 12))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=5))
def test_no_statement_is_both_common_ground_and_divisive(groups: list[list[Cell]]) -> None:
    sizes = np.asarray([max(1, *(sum(c) for c in cells)) for cells in groups])
    counts = VoteCounts(
        np.asarray([[c[0] for c in cells] for cells in groups], dtype=float),
        np.asarray([[c[1] for c in cells] for cells in groups], dtype=float),
        np.asarray([[sum(c) for c in cells] for cells in groups], dtype=float),
    )
    found = statement_findings(counts, sizes, np.zeros(4, dtype=bool))
    assert not (found.common_ground & found.divisive).any()
    # and a group of five or more never goes against the common ground
    for item in dissent_items(common_ground_items(found), counts):
        assert sizes[item["group"]] < 5


def test_a_fitted_model_reports_by_the_same_rules() -> None:
    # Two groups of 20 voting opposite ways on statements 0-5, and all agreeing on 6-8.
    votes = []
    for p in range(40):
        side = 1 if p < 20 else -1
        for s in range(9):
            value = side * (1 if s % 2 else -1) if s < 6 else 1
            if (p + s) % 7 == 0:
                value = 0  # a few passes, so that no two people vote alike
            votes.append((p, s, value))
    matrix = VoteMatrix.from_votes(*zip(*votes, strict=True))
    model = OpinionGroups().fit(matrix)
    report = opinion_report(model, matrix)
    assert model.n_groups_ == 2
    common = [it["statement"] for it in report["consensus"]]
    divided = [it["statement"] for it in report["divisive"]]
    assert sorted(common) == ["6", "7", "8"]
    assert len(divided) == 5
    assert set(divided) <= {"0", "1", "2", "3", "4", "5"}
    assert report["count"]["divisive"] == 6
    assert report["count"]["people_counted"] == report["n_clustered"] == 40
    assert report["count"]["votes_counted"] == 360
    for item in report["consensus"] + report["divisive"]:
        for key in ("agree", "disagree", "pass"):
            assert item[key] == sum(g[key] for g in item["by_group"])
        assert item["n"] == item["agree"] + item["disagree"] + item["pass"]
    assert report["statements"]["6"]["finding"] == COMMON_GROUND
    assert report["statements"]["0"]["finding"] == DIVISIVE


def conversations(polis_data: Path) -> list[Path]:
    return sorted(p for p in polis_data.iterdir() if (p / "comments.csv").exists())


def test_no_statement_of_a_real_conversation_is_both(polis_data: Path, tmp_path: Path) -> None:
    """Every Pol.is conversation in tests/data, through the command line's JSON."""
    found = conversations(polis_data)
    assert len(found) >= 4
    for directory in found:
        out = tmp_path / f"{directory.name}.json"
        assert main(["polis", str(directory), "--json", str(out)]) == 0
        result = json.loads(out.read_text())
        counted = result["count"]["people_counted"]
        sizes = {g["id"]: g["size"] for g in result["groups"]}
        common = {it["statement"] for it in result["consensus"]}
        divided = {it["statement"] for it in result["divisive"]}
        assert not common & divided, directory.name
        findings = {s: v["finding"] for s, v in result["statements"].items()}
        assert all(findings[s] == COMMON_GROUND for s in common)
        assert all(findings[s] == DIVISIVE for s in divided)
        for item in result["consensus"]:
            assert 2 * item["n"] >= counted  # at least half of the people in groups voted
            way, other = ("agree", "disagree") if item["direction"] == "agree" else (
                "disagree", "agree",
            )  # fmt: skip
            for g in item["by_group"]:
                if sizes[g["group"]] >= 5:  # a majority of the votes, passes included
                    assert g[way] > g[other] + g["pass"], (directory.name, item["statement"])
        for item in result["divisive"]:
            leans = {
                np.sign(g["agree"] - g["disagree"])
                for g in item["by_group"]
                if sizes[g["group"]] >= 5
            }
            assert {-1, 1} <= leans, (directory.name, item["statement"])


def test_the_same_input_gives_byte_identical_json(polis_data: Path, tmp_path: Path) -> None:
    source = polis_data / "london.youth.policing"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert main(["polis", str(source), "--json", str(first)]) == 0
    assert main(["polis", str(source), "--json", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
