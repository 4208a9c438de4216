"""red-dwarf 0.4.0 doing the job of ``python -m analysis polis DIR --json OUT``, as a command.

    python -m benchmarks.analysis.reddwarf_cli DIR --json OUT

A Pol.is export on disk read the way red-dwarf's users read one: red-dwarf's own
``reddwarf.data_loader.Loader`` reads a CSV export only over HTTP (``directory_url``) and
local files only as JSON, so the CSV files are read with pandas, as its notebooks do.
Votes come from ``votes.csv`` (the latest vote per participant and statement wins, as
``Loader.filter_duplicate_votes(keep="recent")`` does), or from ``participants-votes.csv``
when there is no ``votes.csv``; ``comments.csv`` gives the moderated-out statements
(``moderated = -1``) and the meta ones (``is-meta``), which are moderated out too, as
Pol.is does. Then ``reddwarf.implementations.polis.run_pipeline`` on its documented
``list[dict]`` input with ``random_state=0`` and its defaults, and the groups (with the
representative and consensus statements it picked) written as JSON.

The timing harness is ``benchmarks.analysis``: it runs this script and Hearth's command
line as whole processes, from the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# Leading columns of participants-votes.csv; every later column is a statement.
_PV_LEADING = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


def _votes(export: Path) -> Any:
    import pandas as pd

    votes_csv = export / "votes.csv"
    if votes_csv.exists():
        frame = pd.read_csv(votes_csv, usecols=["timestamp", "comment-id", "voter-id", "vote"])
        frame = frame.rename(
            columns={
                "timestamp": "modified",
                "comment-id": "statement_id",
                "voter-id": "participant_id",
            }
        )
        frame = frame.sort_values("modified", kind="stable").drop_duplicates(
            ["participant_id", "statement_id"], keep="last"
        )
        return frame[["participant_id", "statement_id", "vote", "modified"]]
    wide = pd.read_csv(export / "participants-votes.csv")
    statements = [c for c in wide.columns if c not in _PV_LEADING]
    frame = wide.melt(
        id_vars="participant",
        value_vars=statements,
        var_name="statement_id",
        value_name="vote",
    ).dropna(subset=["vote"])
    frame = frame.rename(columns={"participant": "participant_id"})
    frame["statement_id"] = frame["statement_id"].astype(int)
    frame["vote"] = frame["vote"].astype(int)
    frame["modified"] = 0
    return frame


def _moderation(export: Path) -> tuple[list[int], list[int]]:
    import pandas as pd

    comments = pd.read_csv(export / "comments.csv")
    out = comments.loc[comments["moderated"] == -1, "comment-id"].astype(int).tolist()
    meta: list[int] = []
    if "is-meta" in comments.columns:
        flags = comments["is-meta"].astype(str).str.lower().isin(("true", "1", "t"))
        meta = comments.loc[flags, "comment-id"].astype(int).tolist()
    return out, meta


def _plain(value: Any) -> Any:
    """numpy scalars and pandas' missing values, as JSON takes them."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path, help="Pol.is export directory")
    parser.add_argument("--json", required=True, type=Path, metavar="PATH", help="output file")
    parser.add_argument("--random-state", type=int, default=0)
    args = parser.parse_args(argv)

    import warnings

    warnings.filterwarnings("ignore")
    from reddwarf.implementations.polis import run_pipeline

    frame = _votes(args.export)
    mod_out, meta = _moderation(args.export)
    votes = frame.to_dict("records")
    result = run_pipeline(
        votes=votes,
        mod_out_statement_ids=sorted(set(mod_out) | set(meta)),
        meta_statement_ids=meta,
        random_state=args.random_state,
    )
    groups: dict[str, list[int]] = {}
    for pid, group in result.participants_df["cluster_id"].dropna().items():
        groups.setdefault(str(int(group)), []).append(int(pid))
    document = {
        "participants": len(result.participants_df),
        "statements": len(result.statements_df),
        "groups": groups,
        "repness": result.repness,
        "consensus": result.consensus,
    }
    args.json.write_text(json.dumps(document, default=_plain), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
