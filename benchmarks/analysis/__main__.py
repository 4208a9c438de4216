"""``python -m benchmarks.analysis``: this core and red-dwarf 0.4.0 side by side, in one run.

1. **Whole process**, per Pol.is conversation in ``--data``: Hearth's command line
   (``python -m analysis polis DIR --json OUT``) and red-dwarf doing the same job from the
   same files (``python -m benchmarks.analysis.reddwarf_cli DIR --json OUT``), each timed
   from the command line as a process: wall time and peak RSS (``wait4``), one warm-up
   each, then ``--runs`` timed runs alternating hearth, red-dwarf, hearth, ...; the median
   time, the largest peak, and red-dwarf's median over Hearth's.
2. **Compute only** (from the triples in memory, ``worker.py``), with the groups' ARI
   against Pol.is's ``group-id``; then the synthetic planted-group matrix (default
   100,000 x 2,000 at 5 %), red-dwarf's run of it only with ``--reddwarf-at-scale``.
3. **National scale** (:mod:`benchmarks.analysis_scale`, ``--no-scale`` to skip): the
   command line on the 100,000 x 2,000 export, ``manage.py import_polis`` of it into
   PostgreSQL, ``manage.py run_analysis`` on it and its report page against the home page.

The tables are printed and written into ``benchmarks/README.md`` between the result
markers (``--no-readme`` to skip), with the machine, the date, the command and the load
average at start and end; raw results go to ``--json`` if given. Exits 1 when a run
failed or a target of issue 20 was missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import analysis_scale
from benchmarks.stack import ROOT
from opinion_core.polis_io import read_polis_groups

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
IMPLS = ("hearth", "reddwarf")
NAMES = {"hearth": "hearth", "reddwarf": "red-dwarf"}
HEADLINE = "american-assembly.bowling-green"
HEADLINE_RATIO = 3.0  # Hearth at least this many times faster than red-dwarf, whole process
MIB = 1 << 20


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


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# -- compute only, in a worker process --------------------------------------------------


def _run(impl: str, dataset: str, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.analysis.worker", impl, dataset]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {"impl": impl, "error": f"timed out after {timeout:.0f} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"impl": impl, "error": f"failed (exit {proc.returncode}): {tail[:120]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# -- whole processes ----------------------------------------------------------------------


def _command(impl: str, directory: Path, out: Path) -> list[str]:
    module = "analysis" if impl == "hearth" else "benchmarks.analysis.reddwarf_cli"
    sub = ["polis"] if impl == "hearth" else []
    return [sys.executable, "-m", module, *sub, str(directory), "--json", str(out)]


def _groups_of(impl: str, out: Path) -> dict[str, int]:
    """Participant -> group from either command's JSON."""
    document = json.loads(out.read_text(encoding="utf-8"))
    if impl == "hearth":
        return {p: int(g) for p, g in document["participants"].items() if g is not None}
    return {str(p): int(g) for g, members in document["groups"].items() for p in members}


def _ari(labels: dict[str, int], truth: dict[str, int]) -> float | None:
    from sklearn.metrics import adjusted_rand_score

    common = [p for p in labels if p in truth]
    if not common:
        return None
    return float(adjusted_rand_score([truth[p] for p in common], [labels[p] for p in common]))


def _processes(
    directory: Path,
    impls: tuple[str, ...],
    runs: int,
    warmups: int,
    truth: dict[str, int] | None,
    workdir: Path,
) -> dict[str, dict[str, Any]]:
    """Each implementation's command as a whole process: ``warmups`` untimed rounds, then
    ``runs`` rounds alternating the implementations."""
    outs = {impl: workdir / f"{directory.name}.{impl}.json" for impl in impls}
    commands = {impl: _command(impl, directory, outs[impl]) for impl in impls}
    measured: dict[str, list[analysis_scale.Measured]] = {impl: [] for impl in impls}
    broken: dict[str, int] = {}
    for n in range(warmups + runs):
        for impl in impls:
            if impl in broken:
                continue
            m = analysis_scale.timed(impl, commands[impl], echo=False)
            if m.status:
                broken[impl] = m.status
            elif n >= warmups:
                measured[impl].append(m)
    result: dict[str, dict[str, Any]] = {}
    for impl in impls:
        done = measured[impl]
        if impl in broken or not done:
            result[impl] = {"error": f"failed (exit {broken.get(impl)})"}
            continue
        entry: dict[str, Any] = {
            "seconds": statistics.median(m.seconds for m in done),
            "runs": [m.seconds for m in done],
            "peak_mib": max(m.peak_bytes for m in done) / MIB,
            "load_before": done[0].load,
            "command": done[0].command,
        }
        if truth is not None:
            labels = _groups_of(impl, outs[impl])
            entry["n_groups"] = len(set(labels.values()))
            entry["ari"] = _ari(labels, truth)
        result[impl] = entry
    return result


def _ratio(row: dict[str, Any]) -> float | None:
    h, r = row.get("hearth", {}), row.get("reddwarf", {})
    if "seconds" in h and "seconds" in r:
        return float(r["seconds"] / h["seconds"])
    return None


# -- tables ------------------------------------------------------------------------------


def _process_cells(r: dict[str, Any]) -> list[str]:
    if "error" in r:
        return [r["error"], ""]
    return [f"{r['seconds']:.2f}", f"{r['peak_mib']:.0f}"]


def _process_table(rows: list[dict[str, Any]]) -> str:
    out = (
        "| dataset | participants x statements | hearth s | hearth peak MiB | red-dwarf s "
        "| red-dwarf peak MiB | red-dwarf / hearth |\n|---|---|---|---|---|---|---|\n"
    )
    for row in rows:
        process = row.get("process")
        if process is None:
            continue
        ratio = _ratio(process)
        name = f"**{row['name']}** (headline)" if row["name"] == HEADLINE else row["name"]
        cells = [name, row["shape"]]
        for impl in IMPLS:
            cells += _process_cells(process.get(impl, {"error": "not run"}))
        cells.append("" if ratio is None else f"{ratio:.2f}x")
        out += "| " + " | ".join(cells) + " |\n"
    return out


def _cell(r: dict[str, Any]) -> list[str]:
    if "error" in r:
        return [r["error"], "", "", ""]
    ari = "" if r["ari"] is None else f"{r['ari']:.3f}"
    return [f"{r['seconds']:.2f}", f"{r['peak_mib']:.0f}", str(r["n_groups"]), ari]


def _compute_table(rows: list[dict[str, Any]], skipped: list[tuple[str, str]]) -> str:
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
    import csv

    pv = directory / "participants-votes.csv"
    comments = directory / "comments.csv"
    with pv.open(encoding="utf-8") as fh:
        n = sum(1 for _ in fh) - 1
    with comments.open(encoding="utf-8") as fh:
        m = sum(1 for _ in csv.reader(fh)) - 1
    return f"{n} x {m}"


def _targets(
    rows: list[dict[str, Any]], scale: analysis_scale.Scale | None
) -> tuple[list[str], bool]:
    """One line per target of issue 20 this run measured, and whether all were met."""
    lines = []
    ok_all = True
    headline = next((r for r in rows if r["name"] == HEADLINE and "process" in r), None)
    if headline is not None:
        ratio = _ratio(headline["process"])
        ok = ratio is not None and ratio >= HEADLINE_RATIO
        ok_all &= ok
        figure = "not measured" if ratio is None else f"{ratio:.2f}x"
        lines.append(
            f"Bowling Green whole process, hearth >= {HEADLINE_RATIO:g}x faster than "
            f"red-dwarf: {figure}: {'met' if ok else 'NOT met'}"
        )
    if scale is not None:
        found, failed = analysis_scale.rows(scale)
        ok_all &= not failed
        lines += [f"{r['step']}: {r['time']}, {r['peak RSS or size']}: {r['met']}" for r in found]
    return lines, ok_all


# -- the run -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "polis",
        help="directory of Pol.is exports (default ../shared/data/polis)",
    )
    parser.add_argument("--only", action="append", help="run only these dataset names")
    parser.add_argument("--skip-reddwarf", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="timed whole-process runs (median)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed runs before them")
    parser.add_argument(
        "--synthetic", default="100000:2000:0.05:5", help="N:M:DENSITY:GROUPS, or 'none'"
    )
    parser.add_argument(
        "--reddwarf-at-scale",
        action="store_true",
        help="also run red-dwarf on the 100k synthetic (compute) and the 100k export (whole\n"
        "process, once): about 6 min and 12 GiB each",
    )
    parser.add_argument("--no-scale", action="store_true", help="skip the national-scale part")
    parser.add_argument(
        "--scale-size", default="100000x2000", help="participants x statements at scale"
    )
    parser.add_argument(
        "--scale-data", type=Path, help="that export's directory (default under /tmp)"
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_import_bench"
    )
    parser.add_argument("--redis-url", help="a Redis to use and empty (default: our own)")
    parser.add_argument("--page-requests", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300.0, help="per compute-only run")
    parser.add_argument("--synthetic-timeout", type=float, default=3600.0)
    parser.add_argument(
        "--json", type=Path, help="write raw results here (default: in a new /tmp directory)"
    )
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    data = args.data if args.data.is_absolute() else (ROOT / args.data)
    if not data.is_dir():
        print(f"benchmarks.analysis: error: {args.data}: no such directory", file=sys.stderr)
        return 2

    began = time.perf_counter()
    load_start = _load()
    command = "python -m benchmarks.analysis " + shlex.join(sys.argv[1:] if argv is None else argv)
    impls = ("hearth",) if args.skip_reddwarf else IMPLS
    rows: list[dict[str, Any]] = []
    skipped: list[tuple[str, str]] = []
    workdir = Path(tempfile.mkdtemp(prefix="hearth-bench-analysis-"))
    for d in sorted(p for p in data.iterdir() if p.is_dir()):
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
        truth = {p: g for p, g in read_polis_groups(d).items() if g is not None}
        row: dict[str, Any] = {"name": d.name, "shape": _shape(d), "reference": "Pol.is group-id"}
        row["process"] = _processes(d, impls, args.runs, args.warmups, truth, workdir)
        print(d.name, "whole process", row["process"], flush=True)
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
            if impl not in impls:
                row[impl] = {"error": "not run"}
            elif impl == "reddwarf" and not args.reddwarf_at_scale:
                row[impl] = {"error": "not run (--reddwarf-at-scale)"}
            else:
                row[impl] = _run(impl, spec, args.synthetic_timeout)
            print("synthetic", impl, row[impl], flush=True)
        rows.append(row)

    scale = None
    scale_error = None
    if not args.no_scale:
        participants, statements = (int(x) for x in args.scale_size.split("x"))
        scale_dir = args.scale_data or analysis_scale.default_data(participants, statements)
        try:
            scale = analysis_scale.national(
                participants=participants,
                statements=statements,
                data=scale_dir,
                database_url=args.database_url,
                redis_url=args.redis_url,
                repeat=args.runs,
                page_requests=args.page_requests,
            )
        except Exception as error:  # the tables so far are still written
            scale_error = f"{type(error).__name__}: {error}"
            print(f"the national-scale part failed: {scale_error}", file=sys.stderr, flush=True)
    if scale is not None:
        cli = next((s for s in scale.steps if s.step == "python -m analysis polis"), None)
        process: dict[str, Any] = {}
        if cli is not None:
            process["hearth"] = (
                {"error": f"failed (exit {cli.status})"}
                if cli.status
                else {"seconds": cli.seconds, "runs": cli.runs, "peak_mib": cli.peak_bytes / MIB}
            )
        if args.reddwarf_at_scale and "reddwarf" in impls:
            print("red-dwarf on the national-scale export, once", flush=True)
            process["reddwarf"] = _processes(scale_dir, ("reddwarf",), 1, 0, None, workdir)[
                "reddwarf"
            ]
        elif "reddwarf" in impls:
            process["reddwarf"] = {"error": "not run (--reddwarf-at-scale)"}
        rows.append(
            {
                "name": "national-scale synthetic export",
                "shape": f"{scale.participants} x {scale.statements}, {scale.votes:,} votes",
                "reference": "none",
                "process": process,
            }
        )

    load_end = _load()
    minutes = (time.perf_counter() - began) / 60
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    compute_rows = [r for r in rows if "hearth" in r]
    block = (
        f"{START}\nRun {stamp} on {_machine()}: `{command}`, {minutes:.0f} min; load average "
        f"(1, 5, 15 min) {load_start} at the start, {load_end} at the end.\n\n"
        "**Whole process**: `python -m analysis polis DIR --json OUT` (hearth) and `python -m "
        "benchmarks.analysis.reddwarf_cli DIR --json OUT` (red-dwarf), each from the command "
        f"line; wall time the median of {args.runs} timed runs after {args.warmups} warm-up "
        "run(s) of each, alternating hearth and red-dwarf; peak RSS the largest of them:\n\n"
        f"{_process_table(rows)}\n"
        "**Compute only**, from the triples in memory:\n\n"
        f"{_compute_table(compute_rows, skipped)}"
    )
    if scale is not None:
        found, _ = analysis_scale.rows(scale)
        block += (
            f"\n**At national scale**, {scale.participants:,} x {scale.statements:,} "
            f"({scale.votes:,} votes):\n\n{analysis_scale.table(found)}\n"
            if found
            else ""
        )
    if scale_error is not None:
        block += f"\nThe national-scale part failed: {scale_error}\n"
    block += END
    print(block)
    targets, ok = _targets(rows, scale)
    print("\nTargets of issue 20 measured in this run:")
    for line in targets:
        print("  " + line)
    raw = args.json or workdir / "results.json"
    print(f"\nRaw results: {raw}")
    raw.write_text(
        json.dumps(
            {
                "machine": _machine(),
                "date": stamp,
                "command": command,
                "load_start": load_start,
                "load_end": load_end,
                "rows": rows,
                "skipped": skipped,
                "scale": None
                if scale is None
                else {
                    "participants": scale.participants,
                    "statements": scale.statements,
                    "votes": scale.votes,
                    "steps": [vars(s) for s in scale.steps],
                    "page": None if scale.page is None else vars(scale.page),
                    "page_error": scale.page_error,
                },
                "scale_error": scale_error,
                "targets": targets,
            },
            indent=1,
            default=str,
        )
    )
    if not args.no_readme and README.exists():
        text = README.read_text(encoding="utf-8")
        if START in text and END in text:
            pre, rest = text.split(START, 1)
            post = rest.split(END, 1)[1]
            README.write_text(pre + block + post, encoding="utf-8")
    cells = [
        c
        for r in rows
        for c in [*r.get("process", {}).values(), r.get("hearth"), r.get("reddwarf")]
    ]
    failed = [c for c in cells if c and str(c.get("error", "")).startswith(("failed", "timed out"))]
    if not ok or failed or scale_error:
        print("BENCHMARK FAILED: a target was missed or a run failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
