"""``python -m benchmarks.analysis --data DIR``: this core and red-dwarf side by side.

Every conversation in DIR that has Pol.is's ``participants-votes.csv`` (the reference
``group-id``) is run by both implementations, each in a fresh subprocess; then the
synthetic planted-group matrix (default 100,000 x 2,000 at 5 %). The table is printed
and written into ``benchmarks/README.md`` between the result markers (``--no-readme``
to skip), with the machine and the date; raw results go to ``--json`` if given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
IMPLS = ("hearth", "reddwarf")


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {ram} RAM, Python {platform.python_version()}"


def _run(impl: str, dataset: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.analysis.worker", impl, dataset]
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=Path(__file__).resolve().parent.parent.parent,
        )
    except subprocess.TimeoutExpired:
        return {"impl": impl, "error": f"timed out after {timeout:.0f} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"impl": impl, "error": f"failed (exit {proc.returncode}): {tail[:120]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _cell(r: dict[str, Any]) -> list[str]:
    if "error" in r:
        return [r["error"], "", "", ""]
    ari = "" if r["ari"] is None else f"{r['ari']:.3f}"
    return [f"{r['seconds']:.2f}", f"{r['peak_mib']:.0f}", str(r["n_groups"]), ari]


def _table(rows: list[dict[str, Any]], skipped: list[tuple[str, str]]) -> str:
    head = (
        "| dataset | participants x statements | reference | hearth s | hearth peak MiB "
        "| hearth groups | hearth ARI | red-dwarf s | red-dwarf peak MiB | red-dwarf groups "
        "| red-dwarf ARI |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    body = ""
    for row in rows:
        cells = [row["name"], row["shape"], row["reference"]]
        for impl in IMPLS:
            cells += _cell(row[impl])
        body += "| " + " | ".join(cells) + " |\n"
    polis = [r for r in rows if r["reference"] == "Pol.is group-id"]
    means = []
    for impl in IMPLS:
        aris = [
            r[impl]["ari"] for r in polis if "error" not in r[impl] and r[impl]["ari"] is not None
        ]
        means.append(f"{sum(aris) / len(aris):.3f} over {len(aris)}" if aris else "n/a")
    body += f"| **mean ARI vs Pol.is** | | | | | | {means[0]} | | | | {means[1]} |\n"
    if skipped:
        body += "\nSkipped: " + "; ".join(f"{n} ({why})" for n, why in skipped) + ".\n"
    return head + body


def _shape(directory: Path) -> str:
    pv = directory / "participants-votes.csv"
    comments = directory / "comments.csv"
    with pv.open(encoding="utf-8") as fh:
        n = sum(1 for _ in fh) - 1
    with comments.open(encoding="utf-8") as fh:
        import csv

        m = sum(1 for _ in csv.reader(fh)) - 1
    return f"{n} x {m}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="directory of Pol.is exports")
    parser.add_argument(
        "--synthetic", default="100000:2000:0.05:5", help="N:M:DENSITY:GROUPS, or 'none'"
    )
    parser.add_argument("--only", action="append", help="run only these dataset names")
    parser.add_argument("--skip-reddwarf", action="store_true")
    parser.add_argument("--timeout", type=float, default=300.0, help="per real dataset run")
    parser.add_argument("--synthetic-timeout", type=float, default=3600.0)
    parser.add_argument("--json", type=Path, help="write raw results here")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"benchmarks.analysis: error: {args.data}: no such directory", file=sys.stderr)
        return 2

    impls = ("hearth",) if args.skip_reddwarf else IMPLS
    rows: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    for d in sorted(p for p in args.data.iterdir() if p.is_dir()):
        if args.only and d.name not in args.only:
            continue
        if not (d / "participants-votes.csv").exists():
            skipped.append(
                (
                    d.name,
                    "no participants-votes.csv or votes.csv: no votes to cluster"
                    if not (d / "votes.csv").exists()
                    else "no participants-votes.csv: no Pol.is group-id",
                )
            )
            continue
        row: dict[str, Any] = {"name": d.name, "shape": _shape(d), "reference": "Pol.is group-id"}
        for impl in IMPLS:
            row[impl] = _run(impl, str(d), args.timeout) if impl in impls else {"error": "not run"}
            print(d.name, impl, row[impl], flush=True)
        rows.append(row)
    if args.synthetic != "none":
        spec = f"synthetic:{args.synthetic}"
        n, m, density, groups = args.synthetic.split(":")
        row = {
            "name": f"synthetic, {groups} planted groups",
            "shape": f"{int(n)} x {int(m)} at {float(density):.0%}",
            "reference": "planted",
        }
        for impl in IMPLS:
            row[impl] = (
                _run(impl, spec, args.synthetic_timeout) if impl in impls else {"error": "not run"}
            )
            print("synthetic", impl, row[impl], flush=True)
        rows.append(row)

    table = _table(rows, skipped)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = f"{START}\nRun {stamp} on {_machine()}.\n\n{table}{END}"
    print(block)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": _machine(), "date": stamp, "rows": rows, "skipped": skipped}, indent=1
            )
        )
    if not args.no_readme and README.exists():
        text = README.read_text(encoding="utf-8")
        if START in text and END in text:
            pre, rest = text.split(START, 1)
            post = rest.split(END, 1)[1]
            README.write_text(pre + block + post, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
