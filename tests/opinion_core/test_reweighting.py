"""Post-stratification weights on planted numbers: the figures a board reads reweighted."""

import pytest

from opinion_core.reweighting import MAX_WEIGHT, poststratification_weights, reweighted_shares


def test_each_cell_weighs_its_expected_share_over_its_share_here() -> None:
    weights = poststratification_weights({"carer": 80, "worker": 20}, {"carer": 50, "worker": 50})
    assert weights.by_cell == pytest.approx({"carer": 0.625, "worker": 2.5})
    assert (weights.missing, weights.capped, weights.people) == ((), (), 100)


def test_every_carer_agreeing_and_every_worker_disagreeing_is_half_and_half_reweighted() -> None:
    weights = poststratification_weights({"carer": 80, "worker": 20}, {"carer": 50, "worker": 50})
    votes = {"carer": [80, 0, 0], "worker": [0, 20, 0]}
    assert reweighted_shares(votes, weights) == pytest.approx([0.5, 0.5, 0.0])


def test_people_outside_the_mix_are_left_out() -> None:
    weights = poststratification_weights(
        {"carer": 30, "worker": 30, "": 40}, {"carer": 75, "worker": 25}
    )
    assert set(weights.by_cell) == {"carer", "worker"}
    assert weights.people == 60
    votes = {"carer": [30, 0, 0], "worker": [0, 30, 0], "": [0, 40, 0]}
    assert reweighted_shares(votes, weights) == pytest.approx([0.75, 0.25, 0.0])


def test_a_weight_is_capped_and_the_capped_cell_is_named() -> None:
    weights = poststratification_weights({"carer": 99, "worker": 1}, {"carer": 50, "worker": 50})
    assert weights.by_cell["worker"] == MAX_WEIGHT == 5.0
    assert weights.capped == ("worker",)
    # Capped: the one worker counts for 5 people, not 50, so they stay under their half.
    agree = reweighted_shares({"carer": [99, 0, 0], "worker": [0, 1, 0]}, weights)
    assert agree is not None
    assert agree[1] == pytest.approx(5 / (99 * 50 / 99 + 5))
    assert agree[1] < 0.5


def test_a_cell_nobody_is_in_cannot_be_reweighted_and_its_share_is_spread() -> None:
    weights = poststratification_weights(
        {"carer": 30, "worker": 10}, {"carer": 40, "worker": 40, "draws_on_care": 20}
    )
    assert weights.missing == ("draws_on_care",)
    assert "draws_on_care" not in weights.by_cell
    # The 20% nobody stands for is spread over the others: carers and workers half each.
    assert weights.by_cell == pytest.approx({"carer": 0.5 / 0.75, "worker": 0.5 / 0.25})


def test_a_cell_expected_at_nothing_weighs_nothing() -> None:
    weights = poststratification_weights({"carer": 10, "worker": 10}, {"carer": 100, "worker": 0})
    assert weights.by_cell == pytest.approx({"carer": 2.0, "worker": 0.0})


def test_nobody_in_the_mix_gives_no_weights_and_no_figure() -> None:
    weights = poststratification_weights({"": 12}, {"carer": 60, "worker": 40})
    assert weights.by_cell == {}
    assert weights.missing == ("carer", "worker")
    assert reweighted_shares({"": [12, 0, 0]}, weights) is None


def test_a_negative_expected_share_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        poststratification_weights({"carer": 1}, {"carer": -1})
