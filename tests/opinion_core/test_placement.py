"""Placing one more person's votes in a finished run, from the report's ``placement``."""

from __future__ import annotations

import json

import numpy as np
import pytest

from opinion_core.exceptions import AnalysisError
from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.placement import place
from opinion_core.report import opinion_report

N_STATEMENTS = 12
PER_GROUP = 12


def planted() -> tuple[VoteMatrix, dict[str, dict[str, int]]]:
    """Two planted groups: people 0-11 agree with statements 0-5 and disagree with 6-11,
    people 12-23 the other way round; each skips about a fifth of the statements, and
    passes now and then. Statement 12 is moderated out after a few people voted on it;
    statement 13 has no vote at all."""
    rng = np.random.RandomState(3)
    votes: dict[str, dict[str, int]] = {}
    for p in range(2 * PER_GROUP):
        side = 1 if p < PER_GROUP else -1
        mine: dict[str, int] = {}
        for s in range(N_STATEMENTS):
            if rng.rand() < 0.2:
                continue
            lean = side if s < N_STATEMENTS // 2 else -side
            mine[str(s)] = 0 if rng.rand() < 0.1 else lean
        if p % 5 == 0:
            mine["12"] = 1
        votes[str(p)] = mine
    triples = [(p, s, v) for p, mine in votes.items() for s, v in mine.items()]
    matrix = VoteMatrix.from_votes(
        *zip(*triples, strict=True),
        all_statements=[str(s) for s in range(N_STATEMENTS + 2)],
        moderated_out=["12"],
    )
    return matrix, votes


@pytest.fixture(scope="module")
def run() -> tuple[dict[str, object], dict[str, dict[str, int]]]:
    matrix, votes = planted()
    return opinion_report(OpinionGroups().fit(matrix), matrix), votes


def group_of_planted_side(report: dict, side: range) -> int:
    """The group the clustered people of one planted side were put in (someone who voted
    on fewer than seven statements is not clustered)."""
    labels = {report["participants"][str(p)] for p in side} - {None}
    assert len(labels) == 1, "the planted groups were not found"
    (label,) = labels
    return int(label)


def test_a_person_who_votes_like_a_group_is_placed_nearest_to_it(run: tuple) -> None:
    report, _ = run
    group_a = group_of_planted_side(report, range(PER_GROUP))
    group_b = group_of_planted_side(report, range(PER_GROUP, 2 * PER_GROUP))
    assert group_a != group_b
    like_a = {"0": 1, "1": 1, "2": 1, "4": 1, "6": -1, "8": -1, "11": -1}
    like_b = {s: -v for s, v in like_a.items()}
    assert place(report["placement"], like_a).nearest == group_a
    assert place(report["placement"], like_b).nearest == group_b
    found = place(report["placement"], like_a)
    assert found.distances[group_a] < found.distances[group_b]
    assert found.n_votes == 7


def test_an_existing_participants_votes_give_back_their_projection(run: tuple) -> None:
    report, votes = run
    for person, mine in votes.items():
        found = place(report["placement"], mine)
        np.testing.assert_allclose(found.position, report["projection"][person], atol=1e-4)
        assert found.n_votes == sum(1 for s in mine if s != "12")


def test_group_centres_are_the_mean_of_their_members_positions(run: tuple) -> None:
    report, _ = run
    for group in report["placement"]["groups"]:
        members = [
            report["projection"][p] for p, g in report["participants"].items() if g == group["id"]
        ]
        np.testing.assert_allclose(group["centre"], np.mean(members, axis=0), atol=1e-6)


def test_placement_lists_only_statements_that_move_a_projection(run: tuple) -> None:
    report, _ = run
    placement = report["placement"]
    assert list(placement["statements"]) == [str(s) for s in range(N_STATEMENTS)]
    assert placement["n_statements"] == N_STATEMENTS + 1  # 12 voted on, moderated out
    assert placement["passed_by_everyone"] == 1
    first = placement["statements"]["0"]
    assert len(first["components"]) == 2
    sizes = [g["size"] for g in report["groups"]]
    assert [sum(counts) for counts in first["by_group"]] <= sizes


def test_the_report_keeps_its_keys_and_is_byte_identical_run_to_run() -> None:
    matrix, _ = planted()
    first = opinion_report(OpinionGroups().fit(matrix), matrix)
    second = opinion_report(OpinionGroups().fit(matrix), matrix)
    assert json.dumps(first) == json.dumps(second)
    assert {
        "n_participants",
        "n_statements",
        "n_votes",
        "n_clustered",
        "participants",
        "projection",
        "groups",
        "consensus",
        "divisive",
        "statements",
        "placement",
    } <= set(first)


def test_votes_on_unknown_or_moderated_statements_do_not_count(run: tuple) -> None:
    report, _ = run
    alone = place(report["placement"], {"0": 1})
    padded = place(report["placement"], {"0": 1, "12": -1, "13": 1, "999": 1})
    assert padded == alone
    assert alone.n_votes == 1


def test_nearest_is_chosen_among_the_allowed_groups_only(run: tuple) -> None:
    report, _ = run
    group_a = group_of_planted_side(report, range(PER_GROUP))
    others = [g["id"] for g in report["groups"] if g["id"] != group_a]
    like_a = {"0": 1, "1": 1, "2": 1, "6": -1, "7": -1, "8": -1, "9": -1}
    found = place(report["placement"], like_a, groups=others)
    assert found.nearest in others
    assert group_a not in found.distances
    assert place(report["placement"], like_a, groups=[]).nearest is None


@pytest.mark.parametrize("bad", [2, -2, True, 0.5])
def test_a_vote_that_is_not_minus_one_zero_or_one_is_refused(run: tuple, bad: object) -> None:
    report, _ = run
    with pytest.raises(AnalysisError):
        place(report["placement"], {"0": bad})  # type: ignore[dict-item]  # bad on purpose
