"""Post-stratification: weigh the people who took part so that they match an expected mix.

People are sorted into *cells* (in Hearth, their relationship to care). Each cell's weight
is its expected share divided by its share of the people who took part, so a cell with
fewer people than expected counts for more. The rules, said once:

* Only cells named in the expected mix are weighed; people in any other cell (those who
  did not say) are left out of reweighted figures.
* A cell expected in the area with nobody in it cannot be reweighted: its expected share
  is spread over the other cells in proportion to theirs, and it is named in ``missing``.
* A weight is capped at ``max_weight`` (:data:`MAX_WEIGHT`), so that a handful of people
  never speak for a whole part of the area; a capped cell still counts for less than its
  expected share, and it is named in ``capped``.

Example: 80 unpaid carers and 20 care workers took part where the area is half and half;
unpaid carers weigh 0.625 and care workers 2.5, so if every carer agreed and every care
worker disagreed, 80% agreed as counted and 50% reweighted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["MAX_WEIGHT", "Weights", "poststratification_weights", "reweighted_shares"]

MAX_WEIGHT = 5.0


@dataclass(frozen=True)
class Weights:
    """Weights of the cells that took part, and what could not be matched.

    Attributes
    ----------
    by_cell : dict of str to float
        The weight of each person in each weighed cell (0 for a cell expected at 0%).
    missing : tuple of str
        Cells expected in the area that nobody took part in: they cannot be reweighted.
    capped : tuple of str
        Cells whose weight was cut to the cap.
    people : int
        How many people the weights cover (those in weighed cells).
    """

    by_cell: dict[str, float]
    missing: tuple[str, ...]
    capped: tuple[str, ...]
    people: int


def poststratification_weights(
    observed: Mapping[str, int],
    expected: Mapping[str, float],
    *,
    max_weight: float = MAX_WEIGHT,
) -> Weights:
    """Each cell's weight: its expected share over its share of the people who took part.

    Parameters
    ----------
    observed : mapping of str to int
        People who took part, per cell; cells not in ``expected`` are left out.
    expected : mapping of str to float
        The expected mix, in any unit (per cent, counts): only the proportions matter.
    max_weight : float, default :data:`MAX_WEIGHT`
        No weight is larger than this.

    Returns
    -------
    Weights
        Empty ``by_cell`` when nobody took part in a cell the mix expects.
    """
    if max_weight <= 0:
        raise ValueError("max_weight must be positive")
    if any(share < 0 for share in expected.values()):
        raise ValueError("an expected share cannot be negative")
    present = {cell: int(observed.get(cell, 0)) for cell in expected if observed.get(cell, 0) > 0}
    missing = tuple(c for c, share in expected.items() if share > 0 and c not in present)
    people = sum(present.values())
    expected_total = sum(expected[cell] for cell in present)
    if people == 0 or expected_total <= 0:
        return Weights(by_cell={}, missing=missing, capped=(), people=people)
    by_cell: dict[str, float] = {}
    capped: list[str] = []
    for cell, n in present.items():
        weight = (expected[cell] / expected_total) / (n / people)
        if weight > max_weight:
            weight = max_weight
            capped.append(cell)
        by_cell[cell] = weight
    return Weights(by_cell=by_cell, missing=missing, capped=tuple(capped), people=people)


def reweighted_shares(
    counts: Mapping[str, Sequence[float]], weights: Weights
) -> list[float] | None:
    """Each column's share of the weighted total.

    Parameters
    ----------
    counts : mapping of str to sequence of numbers
        Per cell, counts in columns of the same length: ``(agree, disagree, pass)`` for a
        statement, or a group's members for each group.
    weights : Weights

    Returns
    -------
    list of float or None
        Shares that add up to 1, or ``None`` when the weighed cells count nothing.
    """
    totals: list[float] = []
    for cell, weight in weights.by_cell.items():
        row = counts.get(cell, ())
        if len(totals) < len(row):
            totals.extend([0.0] * (len(row) - len(totals)))
        for i, value in enumerate(row):
            totals[i] += weight * float(value)
    whole = sum(totals)
    if whole <= 0:
        return None
    return [total / whole for total in totals]
