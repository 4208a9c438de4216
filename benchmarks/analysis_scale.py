"""The analysis at national scale, each step timed as a whole process.

    python -m benchmarks.analysis_scale

On a synthetic Pol.is export of 100,000 participants x 2,000 statements at 5 % density
(about 10 million votes, written once by ``benchmarks.synthetic`` into ``--data``), runs
as separate processes, each timed from start to exit with its peak resident memory
(``wait4``'s ``ru_maxrss``, what ``/usr/bin/time -v`` reports as "Maximum resident set
size"):

1. ``python -m analysis polis DIR --json OUT``: the command line, no database;
2. ``manage.py import_polis DIR --consultation imported``: into a fresh PostgreSQL
   database (``hearth_import_bench``, dropped and recreated; ``seed_demo`` gives the
   consultation, a copy of the demo's);
3. ``manage.py run_analysis --consultation imported``: the officer's run on it.

It prints one row per step with the targets of issue 20 and exits 1 when one is missed.
``--participants``/``--statements`` make a smaller run (the targets still apply);
``--steps cli`` runs only the command line, ``--steps import`` only the import. Each
step's output is printed as it comes, with the seconds since the step started.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.stack import ROOT, django_env, fresh_database, machine, seed_demo, table

GIB = 1 << 30
# (seconds, bytes) per step, from issue 20's "Must show".
TARGETS = {
    "python -m analysis polis": (10.0, 1.5 * GIB),
    "manage.py import_polis": (180.0, 1.0 * GIB),
    "manage.py run_analysis": (45.0, 2.0 * GIB),
}


@dataclass
class Measured:
    step: str
    command: str
    seconds: float
    peak_bytes: int
    status: int
    load: float


def timed(step: str, args: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``args`` from the repository root; its wall time and peak RSS as a whole process."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:  # each progress line, with the time it came
        print(f"  {time.perf_counter() - started:6.1f} s  {line.rstrip()[:150]}", flush=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    command = " ".join(
        a.replace(str(ROOT) + "/", "").replace(sys.executable, "python") for a in args
    )
    return Measured(step, command, seconds, usage.ru_maxrss * 1024, proc.returncode, load)


def export(data: Path, participants: int, statements: int) -> Path:
    if not (data / "votes.csv").exists():
        print(f"writing the synthetic export to {data}", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.synthetic",
                "--out",
                str(data),
                "--participants",
                str(participants),
                "--statements",
                str(statements),
                "--density",
                "0.05",
            ],
            cwd=ROOT,
            check=True,
        )
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--data", type=Path, help="export directory (default under /tmp)")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_import_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--steps",
        default="cli,import,run",
        help="comma-separated: cli, import, run (run needs import)",
    )
    args = parser.parse_args()
    data = args.data or Path(
        f"/tmp/hearth-analysis-scale/{args.participants}x{args.statements}"  # noqa: S108
    )
    data = export(data, args.participants, args.statements)
    out = data.parent / f"{data.name}.json"
    python = sys.executable

    steps = set(args.steps.split(","))
    results = []
    if "cli" in steps:
        print("python -m analysis polis", flush=True)
        results.append(
            timed(
                "python -m analysis polis",
                [python, "-m", "analysis", "polis", str(data), "--json", str(out)],
            )
        )
    if "import" in steps:
        env = django_env(args.database_url, args.redis_url)
        env["DB_POOL"] = "false"  # one command, one connection
        fresh_database(args.database_url, env)
        seed_demo(env)
        from django.db import connections
        from django.utils import timezone

        from cms.models import ConsultationPage

        demo = ConsultationPage.objects.live().first()
        assert demo is not None, "seed_demo makes a consultation"
        now = timezone.now()
        demo.copy(  # open now, so every imported vote counts
            update_attrs={
                "slug": "imported",
                "title": f"Imported: {data.name}",
                "opens_at": now - timedelta(days=1),
                "closes_at": now + timedelta(days=30),
            },
            exclude_fields=["thread"],
            keep_live=True,
        )
        connections.close_all()
        manage = [python, "manage.py"]
        print("manage.py import_polis", flush=True)
        results.append(
            timed(
                "manage.py import_polis",
                [*manage, "import_polis", str(data), "--consultation", "imported"],
                env,
            )
        )
    if "import" in steps and "run" in steps:
        print("manage.py run_analysis", flush=True)
        results.append(
            timed(
                "manage.py run_analysis",
                [*manage, "run_analysis", "--consultation", "imported"],
                env,
            )
        )

    failed = False
    rows = []
    for r in results:
        max_s, max_bytes = TARGETS[r.step]
        ok = r.status == 0 and r.seconds <= max_s and r.peak_bytes <= max_bytes
        failed |= not ok
        rows.append(
            {
                "step": r.step,
                "wall s": f"{r.seconds:.1f}",
                "peak RSS GiB": f"{r.peak_bytes / GIB:.2f}",
                "target": f"<= {max_s:g} s, <= {max_bytes / GIB:g} GiB",
                "met": "yes" if ok else (f"FAILED (exit {r.status})" if r.status else "NO"),
                "load before": f"{r.load:.1f}",
                "command": f"`{r.command}`",
            }
        )
    print(f"\n{args.participants} participants x {args.statements} statements; {machine()}\n")
    print(table(rows))
    if failed:
        print("BENCHMARK FAILED: a step missed its target", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
