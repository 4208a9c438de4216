"""Command line: ``python -m analysis polis DIR --json OUT`` and ``... themes CSV ...``.

Bad input gives one line on stderr naming the file (and line), exit status 2, and no
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opinion_core.exceptions import AnalysisError, ExportError

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Opinion groups, consensus and themes, without Django.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    polis = sub.add_parser("polis", help="analyse a Pol.is open-data export directory")
    polis.add_argument("export", help="directory with comments.csv and votes.csv")
    polis.add_argument("--json", required=True, metavar="PATH", help="output file, or - for stdout")
    polis.add_argument(
        "--max-groups", type=_positive_int, default=5, help="most opinion groups (default 5)"
    )
    polis.add_argument(
        "--min-votes", type=_positive_int, default=7, help="votes needed to be clustered"
    )
    polis.add_argument("--random-state", type=int, default=0, help="seed (default 0)")

    themes = sub.add_parser("themes", help="find themes in a column of free text")
    themes.add_argument("csv", help="CSV file with a header row")
    themes.add_argument("--text-column", required=True, metavar="C", help="column with the text")
    themes.add_argument("--group-column", metavar="G", help="column with a group per row")
    themes.add_argument(
        "--json", required=True, metavar="PATH", help="output file, or - for stdout"
    )
    themes.add_argument(
        "--max-themes", type=_positive_int, default=8, help="most themes (default 8)"
    )
    themes.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    return parser


def _run_polis(args: argparse.Namespace) -> dict[str, Any]:
    from opinion_core.polis_io import read_polis_export

    export = read_polis_export(args.export)  # before the heavy imports: fail fast
    from opinion_core.report import opinion_groups_report

    return opinion_groups_report(
        export.matrix,
        max_groups=args.max_groups,
        min_votes=args.min_votes,
        random_state=args.random_state,
    )


def _read_text_csv(
    path: str, text_column: str, group_column: str | None
) -> tuple[list[str], list[str] | None]:
    from opinion_core.polis_io import iter_records

    records = iter_records(Path(path), path)
    try:
        _, header = next(records)
    except StopIteration:
        raise ExportError(path, "empty file, expected a header row", 1) from None
    names = [h.strip() for h in header]
    for wanted in (text_column, group_column):
        if wanted is not None and wanted not in names:
            raise ExportError(path, f"missing column {wanted!r} in the header", 1)
    t_i = names.index(text_column)
    g_i = names.index(group_column) if group_column is not None else None
    texts: list[str] = []
    groups: list[str] = []
    for line, row in records:
        if not row:
            continue
        if len(row) != len(names):
            raise ExportError(path, f"expected {len(names)} fields, got {len(row)}", line)
        texts.append(row[t_i])
        if g_i is not None:
            groups.append(row[g_i].strip())
    return texts, (groups if g_i is not None else None)


def _run_themes(args: argparse.Namespace) -> dict[str, Any]:
    texts, groups = _read_text_csv(args.csv, args.text_column, args.group_column)
    from opinion_core.themes import ThemeFinder

    finder = ThemeFinder(max_themes=args.max_themes, random_state=args.random_state).fit(texts)
    return finder.report(groups=groups)


def _write(payload: dict[str, Any], target: str) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        Path(target).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ExportError(target, f"cannot write ({exc.strerror})") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        payload = _run_polis(args) if args.command == "polis" else _run_themes(args)
        _write(payload, args.json)
    except AnalysisError as exc:
        message = " ".join(str(exc).split())  # always one line
        print(f"python -m analysis {args.command}: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
