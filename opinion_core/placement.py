"""Place one more person's votes in a finished analysis, without fitting it again.

A report (:func:`opinion_core.report.opinion_report`) keeps under ``placement`` what
:meth:`opinion_core.projection.SparsityAwarePCA.transform` needs to project a new row
of votes into that run, and each group's centre in the same plane::

    {"n_statements": int,          # statements with a vote, moderated out included
     "passed_by_everyone": int,    # of those, moderated out: counted as voted by all
     "statements": {"<statement id>": {
         "mean": float,            # the PCA centre (column mean of the votes)
         "components": [c0, c1],   # the statement's loading on each component
         "by_group": [[agree, disagree, pass], ...]}},  # index = group id
     "groups": [{"id": int, "centre": [x, y]}]}  # mean of its members' positions

Only the statements that move a projection are listed: those with at least one vote
in the run and not moderated out. A statement moderated out is zeroed for everyone and
counts as voted by everyone (its count is ``passed_by_everyone``); one that nobody had
voted on when the run was made has no weight in it and does not count. ``by_group``
counts the votes of the people placed in groups, as the report's other counts do.

:func:`place` is then the sparsity-aware projection of Pol.is for that one person:
``sum over the listed statements they voted on of (vote - mean) * components``, times
``sqrt(n_statements / max(n_votes, 1))`` where ``n_votes`` is the number of those
votes plus ``passed_by_everyone``. Projecting the votes of someone the run included
gives back their ``projection`` entry, up to the rounding of the stored numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from opinion_core.exceptions import AnalysisError

if TYPE_CHECKING:
    from opinion_core.matrix import VoteMatrix
    from opinion_core.opinion import OpinionGroups

__all__ = ["Place", "place", "placement_data"]

_DECIMALS = 6


def _round(x: float) -> float:
    return round(float(x), _DECIMALS)


def placement_data(model: OpinionGroups, matrix: VoteMatrix) -> dict[str, Any]:
    """What :func:`place` needs from a fitted model, as plain JSON-ready types.

    Parameters
    ----------
    model : OpinionGroups
        Fitted on ``matrix``.
    matrix : VoteMatrix

    Returns
    -------
    dict
        See the module's docstring. Floats are rounded to six decimals, as in the rest
        of the report; statements are in the matrix's canonical order.
    """
    pca = model.pca_
    counts = model.group_counts_
    passes = counts.passes
    counted = pca.in_matrix_ & ~pca.moderated_out_
    statements: dict[str, dict[str, Any]] = {}
    for j, sid in enumerate(matrix.statement_ids.tolist()):
        if not counted[j]:
            continue
        statements[sid] = {
            "mean": _round(pca.mean_[j]),
            "components": [_round(c) for c in pca.components_[:, j]],
            "by_group": [
                [int(counts.agree[g, j]), int(counts.disagree[g, j]), int(passes[g, j])]
                for g in range(model.n_groups_)
            ],
        }
    groups = []
    for g in range(model.n_groups_):
        members = model.projection_[model.labels_ == g]
        centre = members.mean(axis=0) if len(members) else np.zeros(model.projection_.shape[1])
        groups.append({"id": g, "centre": [_round(c) for c in centre]})
    return {
        "n_statements": int(pca.in_matrix_.sum()),
        "passed_by_everyone": int((pca.in_matrix_ & pca.moderated_out_).sum()),
        "statements": statements,
        "groups": groups,
    }


@dataclass(frozen=True)
class Place:
    """Where one person's votes fall in a run.

    Attributes
    ----------
    position : tuple of float
        Their projection, in the plane of the run's ``projection``.
    n_votes : int
        Their votes that count: on the statements the placement lists.
    nearest : int or None
        The id of the nearest group among those allowed, or ``None`` if none is.
    distances : dict of int to float
        Distance from ``position`` to each allowed group's centre.
    """

    position: tuple[float, ...]
    n_votes: int
    nearest: int | None
    distances: dict[int, float]


def place(
    placement: Mapping[str, Any],
    votes: Mapping[str, int],
    *,
    groups: Iterable[int] | None = None,
) -> Place:
    """Project one person's votes into a run and find the nearest group.

    Parameters
    ----------
    placement : mapping
        A report's ``placement`` (see the module's docstring).
    votes : mapping of str to int
        The person's vote on each statement, by statement id: 1 agree, -1 disagree,
        0 pass. Votes on statements the placement does not list are ignored.
    groups : iterable of int, optional
        Ids of the groups the person may be placed nearest to (for example only the
        groups large enough to show); all of the run's groups by default.

    Returns
    -------
    Place
        Ties between equally near groups go to the lower id.

    Raises
    ------
    AnalysisError
        If a vote is not -1, 0 or 1.
    """
    statements: Mapping[str, Any] = placement["statements"]
    centres = {int(g["id"]): g["centre"] for g in placement["groups"]}
    n_components = len(next(iter(centres.values()), [0.0, 0.0]))
    total = np.zeros(n_components)
    n_votes = 0
    for sid, vote in votes.items():
        if isinstance(vote, bool) or vote not in (-1, 0, 1):
            raise AnalysisError(f"votes must be -1, 0 or 1, got {vote!r} on {sid!r}")
        item = statements.get(str(sid))
        if item is None:
            continue
        total += (vote - float(item["mean"])) * np.asarray(item["components"], dtype=np.float64)
        n_votes += 1
    n_statements = max(int(placement["n_statements"]), 1)
    voted = n_votes + int(placement["passed_by_everyone"])
    position = total * math.sqrt(n_statements / max(voted, 1))

    allowed = sorted(centres if groups is None else {int(g) for g in groups} & set(centres))
    distances = {
        g: float(np.linalg.norm(position - np.asarray(centres[g], dtype=np.float64)))
        for g in allowed
    }
    nearest = min(allowed, key=lambda g: (distances[g], g)) if allowed else None
    return Place(
        position=tuple(float(x) for x in position),
        n_votes=n_votes,
        nearest=nearest,
        distances=distances,
    )
