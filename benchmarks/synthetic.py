"""Synthetic conversations with planted opinion groups, for benchmarks and tests.

Each group sits at a point of a 2-D opinion space (evenly on a circle), each
statement has a random direction in that space, and a member of group g agrees with
statement s with probability ``sigmoid(strength * <direction_s, position_g>)``
(after a fixed pass rate). Every participant votes on a random ``density`` share of
the statements. Groups are unequal in size (30/25/20/15/10 % for five groups).

Run ``python -m benchmarks.synthetic --out DIR`` to write a Pol.is-style export
(``comments.csv``, ``votes.csv``) of a smaller conversation for the CLI.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["PlantedVotes", "planted_votes"]


@dataclass(frozen=True)
class PlantedVotes:
    """Vote triples (export convention: agree = 1) and the planted group of each participant."""

    participants: npt.NDArray[np.int32]
    statements: npt.NDArray[np.int32]
    votes: npt.NDArray[np.int8]
    truth: npt.NDArray[np.int8]


def planted_votes(
    n_participants: int = 100_000,
    n_statements: int = 2_000,
    density: float = 0.05,
    n_groups: int = 5,
    *,
    strength: float = 3.0,
    pass_rate: float = 0.15,
    seed: int = 0,
    chunk: int = 4_000,
) -> PlantedVotes:
    """Generate a planted-group conversation; memory stays near the size of the output."""
    rng = np.random.default_rng(seed)
    weights = np.arange(n_groups, 0, -1, dtype=float) + 1.0
    weights /= weights.sum()
    truth = rng.choice(n_groups, size=n_participants, p=weights).astype(np.int8)
    angles = 2 * np.pi * np.arange(n_groups) / n_groups
    positions = np.c_[np.cos(angles), np.sin(angles)]
    directions = rng.normal(size=(n_statements, 2))
    p_agree = 1.0 / (1.0 + np.exp(-strength * positions @ directions.T))  # (groups, statements)

    parts: list[np.ndarray] = []
    stmts: list[np.ndarray] = []
    votes: list[np.ndarray] = []
    for start in range(0, n_participants, chunk):
        stop = min(start + chunk, n_participants)
        mask = rng.random((stop - start, n_statements), dtype=np.float32) < density
        nz_rows, nz_cols = np.nonzero(mask)
        del mask
        rows = nz_rows.astype(np.int32) + start
        cols = nz_cols.astype(np.int32)
        u = rng.random(len(rows), dtype=np.float32)
        pa = p_agree[truth[rows], cols].astype(np.float32)
        vote = np.where(u < pass_rate, 0, np.where(u < pass_rate + (1 - pass_rate) * pa, 1, -1))
        parts.append(rows)
        stmts.append(cols)
        votes.append(vote.astype(np.int8))
    return PlantedVotes(np.concatenate(parts), np.concatenate(stmts), np.concatenate(votes), truth)


def write_export(data: PlantedVotes, out: Path, n_statements: int) -> None:
    """Write ``comments.csv`` and ``votes.csv`` the way Pol.is exports them."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "comments.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "comment-body",
            ]
        )
        for s in range(n_statements):
            w.writerow([s, "", s, 0, "", "", 1, f"Synthetic statement {s}"])
    with (out / "votes.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for i, (p, s, v) in enumerate(
            zip(
                data.participants.tolist(),
                data.statements.tolist(),
                data.votes.tolist(),
                strict=True,
            )
        ):
            w.writerow([i, "", s, p, v])


def main() -> None:
    """Write a synthetic export directory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--participants", type=int, default=2_000)
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--density", type=float, default=0.05)
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = planted_votes(
        args.participants, args.statements, args.density, args.groups, seed=args.seed
    )
    write_export(data, args.out, args.statements)
    print(f"wrote {len(data.votes)} votes to {args.out}")


if __name__ == "__main__":
    main()
