"""Who took part, against who lives here: the report's participation table and the figures
reweighted to the area's mix of relationships to care.

Everything here reads what the run kept (each group's relationships, and the votes on each
listed statement by relationship, :func:`analysis.selectors.votes_by_relationship`); the
numbers come from :mod:`opinion_core.reweighting`. No queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import RelationshipToCare
from opinion_core.reweighting import (
    MAX_WEIGHT,
    Weights,
    poststratification_weights,
    reweighted_shares,
)

__all__ = ["NOT_STATED", "AreaMix", "reweighted_group_shares", "reweighted_votes", "who_took_part"]

# Translators: how someone describes their relationship to care when they did not say.
NOT_STATED = gettext_noop("Not stated")
VOTE_COLUMNS = ("agree", "disagree", "pass")


@dataclass(frozen=True)
class AreaMix:
    """The area's expected share of each relationship to care, in per cent, and where the
    figures come from (both given by the consultation's officer)."""

    shares: dict[str, float]
    source: str


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def who_took_part(result: dict[str, Any], area: AreaMix | None) -> dict[str, Any]:
    """The participation table: for each relationship, the people counted and their share,
    and, with an area mix, the area's share and each person's weight.

    Every relationship in the area's mix has a row, even with nobody counted in it (that
    is what the table is for); "I prefer not to say" and "Not stated" have rows only when
    someone is in them.
    """
    mixes: dict[str, dict[str, int]] = result.get("relationships", {})
    people: dict[str, int] = {}
    for mix in mixes.values():
        for key, n in mix.items():
            people[key] = people.get(key, 0) + int(n)
    total = sum(people.values())
    weights = poststratification_weights(people, area.shares) if area else None
    labels = dict(RelationshipToCare.choices)
    not_stated = _(NOT_STATED)
    keys = [key for key in labels if key in people or (area and key in area.shares)]
    keys += [""] if "" in people else []
    rows = []
    for key in keys:
        n = people.get(key, 0)
        in_area = area is not None and key in area.shares
        row: dict[str, Any] = {
            "key": key,
            "label": labels.get(key, not_stated) if key else not_stated,
            "people": n,
            "percent": _percent(n, total),
            "area_percent": area.shares[key] if area and in_area else None,
            "weight": weights.by_cell.get(key) if weights else None,
            "capped": bool(weights and key in weights.capped),
            "missing": bool(weights and key in weights.missing),
            "left_out": area is not None and not in_area and n > 0,
        }
        rows.append(row)
    return {
        "rows": rows,
        "people": total,
        "area": area,
        "weights": weights,
        "reweighted": bool(weights and weights.by_cell),
        "max_weight": MAX_WEIGHT,
        "missing_labels": [row["label"] for row in rows if row["missing"]],
    }


def reweighted_votes(
    statement: str, votes: dict[str, dict[str, list[int]]], area: AreaMix | None
) -> dict[str, Any] | None:
    """A statement's agree, disagree and pass as whole per cent of the weighted votes of
    the people counted, weighed so that its voters match the area's mix; ``None`` without
    a mix, or when the run kept no votes by relationship for it (a run made before runs
    kept them)."""
    counts = votes.get(str(statement))
    if area is None or not counts:
        return None
    weights = poststratification_weights({k: sum(v) for k, v in counts.items()}, area.shares)
    shares = reweighted_shares(counts, weights)
    if shares is None:
        return None
    return {
        **{column: round(100 * share) for column, share in zip(VOTE_COLUMNS, shares, strict=False)},
        "people": weights.people,
    }


def reweighted_group_shares(
    result: dict[str, Any], weights: Weights | None
) -> dict[int, dict[str, int]]:
    """Each group's share of the people counted, as counted and reweighted, in whole per
    cent, by group id; empty without weights."""
    if not weights or not weights.by_cell:
        return {}
    mixes: dict[str, dict[str, int]] = result.get("relationships", {})
    ids = sorted(int(g) for g in mixes if g.isdigit())
    counts: dict[str, list[int]] = {}
    for column, g in enumerate(ids):
        for key, n in mixes[str(g)].items():
            counts.setdefault(key, [0] * len(ids))[column] += int(n)
    shares = reweighted_shares(counts, weights) or []
    sizes = [sum(mixes[str(g)].values()) for g in ids]
    everyone = sum(sizes)
    return {
        g: {"percent": _percent(size, everyone), "reweighted": round(100 * share)}
        for g, size, share in zip(ids, sizes, shares, strict=False)
    }
