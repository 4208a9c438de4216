"""One benchmark run in a fresh process, so that peak memory belongs to this run alone.

``python -m benchmarks.analysis.worker IMPL DATASET`` prints one JSON line:
wall time of the compute, load time, peak RSS of the whole process, groups, ARI.

* IMPL is ``hearth`` (this repository's ``analysis`` core) or ``reddwarf``.
* DATASET is a Pol.is export directory, or ``synthetic:N:M:DENSITY:GROUPS``.

Both implementations get the same input: the latest (participant, statement, vote)
triples and the moderated-out statements. "Compute" starts from those triples in
memory (for red-dwarf: its documented ``list[dict]`` input) and ends with the groups,
representative and consensus statements computed. Peak memory is
the process's own peak RSS (``VmHWM``), so it includes the interpreter, imports and the
input.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score


def _peak_mib() -> float:
    """This process's own peak RSS (``VmHWM``). Not ``ru_maxrss``: Linux folds the peak of
    the process that started this one into it at ``exec`` (see ``spawn.py``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _load(dataset: str) -> dict[str, Any]:
    if dataset.startswith("synthetic:"):
        from benchmarks.synthetic import planted_votes

        _, n, m, density, groups = dataset.split(":")
        data = planted_votes(int(n), int(m), float(density), int(groups))
        return {
            "participants": data.participants,
            "statements": data.statements,
            "votes": data.votes,
            "mod_out": [],
            "truth": {str(i): int(g) for i, g in enumerate(data.truth.tolist())},
            "reference": "planted",
        }
    from opinion_core.polis_io import read_polis_export, read_polis_groups

    export = read_polis_export(dataset)
    matrix = export.matrix
    coo = matrix.votes.tocoo()
    polis = read_polis_groups(dataset)
    return {
        "participants": matrix.participant_ids[coo.row].astype(np.int64),
        "statements": matrix.statement_ids[coo.col].astype(np.int64),
        "votes": coo.data.astype(np.int8),
        "mod_out": [int(s) for s in matrix.statement_ids[matrix.moderated_out]],
        "truth": {p: g for p, g in polis.items() if g is not None},
        "reference": "polis",
    }


def _run_hearth(data: dict[str, Any]) -> tuple[dict[str, int], float]:
    from opinion_core.matrix import VoteMatrix
    from opinion_core.opinion import OpinionGroups
    from opinion_core.report import opinion_report

    start = time.perf_counter()
    matrix = VoteMatrix.from_votes(
        data["participants"], data["statements"], data["votes"], moderated_out=data["mod_out"]
    )
    model = OpinionGroups(random_state=0).fit(matrix)
    opinion_report(model, matrix)
    elapsed = time.perf_counter() - start
    labels = {
        p: int(g)
        for p, g in zip(matrix.participant_ids.tolist(), model.labels_.tolist(), strict=True)
        if g >= 0
    }
    return labels, elapsed


def _run_reddwarf(data: dict[str, Any]) -> tuple[dict[str, int], float]:
    from reddwarf.implementations.polis import run_pipeline

    votes = [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": 0}
        for p, s, v in zip(
            data["participants"].tolist(),
            data["statements"].tolist(),
            data["votes"].tolist(),
            strict=True,
        )
    ]
    start = time.perf_counter()
    result = run_pipeline(votes=votes, mod_out_statement_ids=data["mod_out"], random_state=0)
    elapsed = time.perf_counter() - start
    labels: dict[str, int] = {}
    for pid, group in result.participants_df["cluster_id"].items():
        if group is not None and not (isinstance(group, float) and np.isnan(group)):
            try:
                labels[str(pid)] = int(group)
            except (TypeError, ValueError):
                continue
    return labels, elapsed


def main() -> None:
    impl, dataset = sys.argv[1], sys.argv[2]
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    data = _load(dataset)
    load = time.perf_counter() - t0
    runner = _run_hearth if impl == "hearth" else _run_reddwarf
    labels, elapsed = runner(data)
    truth = data["truth"]
    common = [p for p in labels if p in truth]
    ari = (
        float(adjusted_rand_score([truth[p] for p in common], [labels[p] for p in common]))
        if common
        else None
    )
    print(
        json.dumps(
            {
                "impl": impl,
                "seconds": elapsed,
                "load_seconds": load,
                "peak_mib": _peak_mib(),
                "n_groups": len(set(labels.values())),
                "n_clustered": len(labels),
                "n_compared": len(common),
                "ari": ari,
                "reference": data["reference"],
            }
        )
    )


if __name__ == "__main__":
    main()
