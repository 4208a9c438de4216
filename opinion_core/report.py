"""Turn a fitted :class:`~opinion_core.opinion.OpinionGroups` into the JSON contract.

The keys of DESIGN.md section 5.4 are kept exactly; everything else is extra::

    {"n_participants", "n_statements", "n_votes", "n_clustered",
     "participants": {"<participant id>": group index or null},
     "projection": {"<participant id>": [x, y]},
     "groups": [{"id", "size", "representative": [
         {"statement", "direction", "agree", "disagree", "n", "score", ...}]}],
     "consensus": [{"statement", "direction", "score", ...}],
     "divisive": [{"statement", "score", ...}]}

``consensus`` is the *common ground* and ``divisive`` the divisive statements of
:mod:`opinion_core.findings`, whose one rule set never puts a statement in both; their
``agree``/``disagree``/``pass``/``n`` count the people placed in groups, as ``count``
says.

Extra keys: ``count`` (:func:`opinion_core.findings.vote_count`: who voted, who is
counted, their votes, the rule's thresholds), ``dissent`` (groups that go against the
common ground listed), ``n_vote_events``, ``vote_convention``, ``statements``
(extremity, priority, group-aware consensus, divisiveness, voters counted, finding and
moderation per statement), in every statement item ``pass`` and ``by_group``
(agree/disagree/pass per group), ``stability`` (how stable the groups are under
resampling, or null when not measured; :mod:`opinion_core.stability`), ``bridging`` (the
bridging statements, highest score first, with ``score`` and ``factor``;
:mod:`opinion_core.bridging`), in every ``statements`` entry ``bridging`` and
``bridging_factor`` (null when the statement has no agree or disagree vote or was
moderated out), and ``placement`` (what is needed to place one more
person's votes in this run without fitting it again: the PCA centre and components per
statement, each group's votes and its centre on the map; see
:mod:`opinion_core.placement`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from opinion_core.matrix import VoteMatrix
from opinion_core.opinion import OpinionGroups
from opinion_core.placement import placement_data

__all__ = ["opinion_groups_report", "opinion_report"]

_INTERNAL = ("index",)


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _INTERNAL}


def _round(x: float) -> float:
    return round(float(x), 6)


def _maybe(x: float) -> float | None:
    return None if np.isnan(x) else _round(x)


def opinion_report(model: OpinionGroups, matrix: VoteMatrix) -> dict[str, Any]:
    """Build the JSON-ready report of a fitted model.

    Parameters
    ----------
    model : OpinionGroups
        Fitted on ``matrix``.
    matrix : VoteMatrix

    Returns
    -------
    dict
        Plain Python types only; ids are strings exactly as in the input.
    """
    pids = matrix.participant_ids.tolist()
    sids = matrix.statement_ids.tolist()
    labels = model.labels_.tolist()
    proj = np.round(model.projection_, 6).tolist()
    gac = model.group_aware_consensus_
    found = model.findings_
    bridge = model.bridging_
    return {
        "n_participants": matrix.n_participants,
        "n_statements": matrix.n_statements,
        "n_votes": matrix.n_votes,
        "n_clustered": int(np.count_nonzero(model.labels_ >= 0)),
        "n_vote_events": int(matrix.n_vote_events),
        "count": dict(model.count_),
        "vote_convention": {"agree": 1, "disagree": -1, "pass": 0},
        "participants": {p: (g if g >= 0 else None) for p, g in zip(pids, labels, strict=True)},
        "projection": dict(zip(pids, proj, strict=True)),
        "groups": [
            {
                "id": g,
                "size": int(model.group_sizes_[g]),
                "representative": [_clean(it) for it in model.representative_[g]],
            }
            for g in range(model.n_groups_)
        ],
        "consensus": [_clean(it) for it in model.common_ground_],
        "divisive": [_clean(it) for it in model.divisive_],
        "dissent": [_clean(it) for it in model.dissent_],
        "statements": {
            s: {
                "moderated_out": bool(matrix.moderated_out[j]),
                "extremity": _round(model.extremity_[j]),
                "priority": _round(model.priority_[j]),
                "group_aware_consensus": _round(gac[j]),
                "divisiveness": _round(model.divisiveness_[j]),
                "voters_counted": int(found.voters[j]),
                "finding": found.finding(j),
                "bridging": _maybe(bridge.statement_intercept[j]),
                "bridging_factor": _maybe(bridge.statement_factor[j]),
            }
            for j, s in enumerate(sids)
        },
        "placement": placement_data(model, matrix),
        "stability": None if model.stability_ is None else dict(model.stability_),
        "bridging": [_clean(it) for it in model.bridging_statements_],
    }


def opinion_groups_report(
    matrix: VoteMatrix, *, max_groups: int = 5, min_votes: int = 7, random_state: int = 0
) -> dict[str, Any]:
    """Fit :class:`~opinion_core.opinion.OpinionGroups` on ``matrix`` and report it.

    The one code path behind ``python -m analysis polis`` and the report of a Hearth
    thread (:func:`analysis.votes.thread_opinion_groups`), so both give the same JSON.

    Parameters
    ----------
    matrix : VoteMatrix
    max_groups, min_votes, random_state : int
        As :class:`~opinion_core.opinion.OpinionGroups`; the defaults are the CLI's.

    Returns
    -------
    dict
        See :func:`opinion_report`.
    """
    model = OpinionGroups(
        max_groups=max_groups, min_votes=min_votes, random_state=random_state
    ).fit(matrix)
    return opinion_report(model, matrix)
