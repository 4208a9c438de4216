"""The analysis at national scale, each step timed as a whole process.

    python -m benchmarks.analysis_scale

On a synthetic Pol.is export of 100,000 participants x 2,000 statements at 5 % density
(about 10 million votes, written once by ``benchmarks.synthetic`` into ``--data``), runs
as separate processes, each timed from start to exit with its peak resident memory
(``wait4``'s ``ru_maxrss``, what ``/usr/bin/time -v`` reports as "Maximum resident set
size", from a small launcher, ``benchmarks/analysis/spawn.py``, so that this process's own
memory is not counted in):

1. ``python -m analysis polis DIR --json OUT``: the command line, no database
   (``--repeat N``: the median of N runs after one warm-up, the largest peak);
2. ``manage.py import_polis DIR --consultation imported``: into a fresh PostgreSQL
   database (``hearth_import_bench``, dropped and recreated; ``seed_demo`` gives the
   consultation, a copy of the demo's);
3. ``manage.py run_analysis --consultation imported``: the officer's run on it;
4. the consultation's report page then, against the home page: ``--page-requests``
   anonymous GETs of each through Django's test client in this process, alternating,
   each after the cache is emptied (uncached), after two warm-up GETs of each, in a
   process of its own. The report's size and its p95 over the home page's p95 are held
   to their targets.

The processes and the page step use a redis-server of their own (on a free port), since
the page step empties its cache before every GET; ``--redis-url`` names another (it will
be emptied). It prints one row per step with the targets of issue 20 and exits 1 when one
is missed. ``--participants``/``--statements`` make a smaller run (the targets still
apply); ``--steps cli`` runs only the command line, ``--steps cli,import`` no run,
``--steps page`` only the page, on the database an earlier run left. Each
step's output is printed as it comes, with the seconds since the step started.

``benchmarks.analysis`` (``make bench-analysis``) calls :func:`national` for the same rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.stack import ROOT, django_env, fresh_database, machine, pct, seed_demo, table
from harness.redis_server import OwnRedis

GIB = 1 << 30
SPAWN = Path(__file__).resolve().parent / "analysis" / "spawn.py"
# (seconds, bytes) per step, from issue 20's "Must show".
TARGETS = {
    "python -m analysis polis": (10.0, 1.5 * GIB),
    "manage.py import_polis": (180.0, 1.0 * GIB),
    "manage.py run_analysis": (45.0, 2.0 * GIB),
}
# The report page of that consultation: its size, and its uncached p95 over the home page's.
REPORT_MAX_BYTES = 300_000
REPORT_MAX_P95_RATIO = 2.5
STEPS = ("cli", "import", "run", "page")


@dataclass
class Measured:
    step: str
    command: str
    seconds: float
    peak_bytes: int
    status: int
    load: float
    # Every timed run's seconds when the step was repeated (``seconds`` is their median).
    runs: list[float] = field(default_factory=list)


@dataclass
class PageTimes:
    """Uncached GETs of the report page and the home page, in ms, and the report's size."""

    report_path: str
    home_path: str
    report_bytes: int
    home_bytes: int
    report_ms: list[float]
    home_ms: list[float]
    load: float

    @property
    def report_p95(self) -> float:
        return pct(self.report_ms, 95)

    @property
    def home_p95(self) -> float:
        return pct(self.home_ms, 95)

    @property
    def ratio(self) -> float:
        return self.report_p95 / self.home_p95

    @property
    def met(self) -> bool:
        return self.report_bytes <= REPORT_MAX_BYTES and self.ratio <= REPORT_MAX_P95_RATIO


@dataclass
class Scale:
    """What :func:`national` measured."""

    participants: int
    statements: int
    votes: int
    steps: list[Measured]
    page: PageTimes | None
    page_error: str | None = None


def timed(
    step: str, args: list[str], env: dict[str, str] | None = None, *, echo: bool = True
) -> Measured:
    """Run ``args`` from the repository root; its wall time and peak RSS as a whole process,
    measured by ``benchmarks/analysis/spawn.py`` (its docstring says why not from here)."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hearth-timed-") as tmp:
        result = Path(tmp) / "rusage"
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-S", str(SPAWN), str(result), "--", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:  # each progress line, with the time it came
            if echo:
                print(
                    f"  {time.perf_counter() - started:6.1f} s  {line.rstrip()[:150]}", flush=True
                )
        proc.wait()
        try:
            seconds_text, kib, code = result.read_text(encoding="ascii").split()
        except (OSError, ValueError):  # the launcher itself failed
            seconds_text, kib, code = str(time.perf_counter() - started), "0", str(proc.returncode)
    command = " ".join(
        a.replace(str(ROOT) + "/", "").replace(sys.executable, "python") for a in args
    )
    return Measured(step, command, float(seconds_text), int(kib) * 1024, int(code), load)


def summarise(runs: list[Measured]) -> Measured:
    """Several timed runs of one command as one: the median time, the largest peak, the
    first failure's status, the load before the first."""
    first = runs[0]
    return Measured(
        first.step,
        first.command,
        statistics.median(r.seconds for r in runs),
        max(r.peak_bytes for r in runs),
        next((r.status for r in runs if r.status), 0),
        first.load,
        [r.seconds for r in runs],
    )


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


def default_data(participants: int, statements: int) -> Path:
    return Path(tempfile.gettempdir()) / "hearth-analysis-scale" / f"{participants}x{statements}"


def count_votes(data: Path) -> int:
    with (data / "votes.csv").open("rb") as fh:
        return sum(1 for _ in fh) - 1


def cli(data: Path, repeat: int = 1) -> Measured:
    """``python -m analysis polis`` on the export; with ``repeat`` > 1, one warm-up run and
    the median of ``repeat`` more."""
    out = data.parent / f"{data.name}.json"
    step = "python -m analysis polis"
    args = [sys.executable, "-m", "analysis", "polis", str(data), "--json", str(out)]
    if repeat <= 1:
        return timed(step, args)
    print("  warm-up", flush=True)
    timed(step, args)
    return summarise([timed(step, args) for _ in range(repeat)])


def step_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = django_env(database_url, redis_url)
    env["DB_POOL"] = "false"  # one command, one connection
    return env


def import_and_run(
    data: Path, database_url: str, redis_url: str, *, run: bool = True
) -> list[Measured]:
    """A fresh database with ``seed_demo``'s consultation copied as ``imported`` (open now),
    then ``manage.py import_polis`` of the export into it and ``manage.py run_analysis``."""
    env = step_env(database_url, redis_url)
    fresh_database(database_url, env)
    seed_demo(env)
    # Django's models can be imported only now: fresh_database set Django up on this database.
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
    manage = [sys.executable, "manage.py"]
    print("manage.py import_polis", flush=True)
    results = [
        timed(
            "manage.py import_polis",
            [*manage, "import_polis", str(data), "--consultation", "imported"],
            env,
        )
    ]
    if run and results[0].status == 0:
        print("manage.py run_analysis", flush=True)
        results.append(
            timed(
                "manage.py run_analysis",
                [*manage, "run_analysis", "--consultation", "imported"],
                env,
            )
        )
    return results


def report_page(requests: int) -> PageTimes:
    """Uncached GETs of the imported consultation's report page and of the home page,
    alternating, through Django's test client, in this process (Django set up on the
    database :func:`import_and_run` filled: ``--page-only``)."""
    # Imported here, not above: this runs in the page step's own process, once Django is set
    # up on the benchmark's database (``--page-only``).
    from django.core.cache import cache
    from django.test import Client
    from wagtail.models import Site

    from analysis.selectors import analysis_latest_good
    from cms.models import ConsultationPage

    page = ConsultationPage.objects.get(slug="imported")
    if page.thread_id is None or analysis_latest_good(page.thread_id) is None:
        raise RuntimeError("the imported consultation has no finished run to report")
    report_path = (page.url or "") + page.reverse_subpage("report")
    site = Site.objects.get(is_default_site=True)  # seed_demo may add a home per language
    home_path = site.root_page.url or "/"
    client = Client()
    times: dict[str, list[float]] = {report_path: [], home_path: []}
    sizes: dict[str, int] = {}
    load = os.getloadavg()[0]
    for n in range(requests + 2):  # two warm-up GETs of each (compiled templates)
        for path in (home_path, report_path):
            cache.clear()
            begin = time.perf_counter()
            response = client.get(path)
            took = 1000 * (time.perf_counter() - begin)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            sizes[path] = len(response.content)
            if n >= 2:
                times[path].append(took)
    return PageTimes(
        report_path,
        home_path,
        sizes[report_path],
        sizes[home_path],
        times[report_path],
        times[home_path],
        load,
    )


@contextmanager
def redis_for(redis_url: str | None, log: Path) -> Iterator[str]:
    """The given Redis URL, or a redis-server of our own for the duration."""
    if redis_url:
        yield redis_url
        return
    with OwnRedis(log) as own:
        yield own.url


def national(
    *,
    participants: int = 100_000,
    statements: int = 2_000,
    data: Path | None = None,
    database_url: str = "postgres://postgres@127.0.0.1:5432/hearth_import_bench",
    redis_url: str | None = None,
    steps: tuple[str, ...] = STEPS,
    repeat: int = 1,
    page_requests: int = 20,
) -> Scale:
    """Every step of this benchmark; the rows come from :func:`rows`."""
    data = export(data or default_data(participants, statements), participants, statements)
    results: list[Measured] = []
    page, page_error = None, None
    if "cli" in steps:
        print("python -m analysis polis", flush=True)
        results.append(cli(data, repeat))
    if "import" in steps:
        log = data.parent / "redis.log"
        with redis_for(redis_url, log) as url:
            results += import_and_run(data, database_url, url, run="run" in steps)
            if "page" in steps and "run" in steps and all(r.status == 0 for r in results):
                print(f"report page against the home page, {page_requests} GETs each", flush=True)
                page, page_error = page_process(step_env(database_url, url), page_requests)
    elif "page" in steps:
        # Only the page, on the database an earlier run of this benchmark left.
        with redis_for(redis_url, data.parent / "redis.log") as url:
            print(f"report page against the home page, {page_requests} GETs each", flush=True)
            page, page_error = page_process(step_env(database_url, url), page_requests)
    return Scale(participants, statements, count_votes(data), results, page, page_error)


def page_process(
    env: dict[str, str], requests: int, attempts: int = 3
) -> tuple[PageTimes | None, str | None]:
    """:func:`report_page` in a process of its own (``--page-only``), as a server worker
    would be: fresh, without what this one holds. Other work may be under way in the same
    tree, and a half-saved module fails the import; each failure is printed and the step
    tried again after a minute, up to ``attempts`` times. A failure is never timed."""
    error = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(60)
        proc = subprocess.run(
            [
                *(sys.executable, "-m", "benchmarks.analysis_scale", "--page-only"),
                *("--page-requests", str(requests)),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode == 0 and lines:
            return PageTimes(**json.loads(lines[-1])), None
        error = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:200]
        print(f"  the page step failed (attempt {attempt + 1}): {error}", flush=True)
    return None, error


def gib(n: float) -> str:
    return f"{n / GIB:.2f}"


def rows(scale: Scale) -> tuple[list[dict[str, Any]], bool]:
    """One row per step with its target; and whether any missed it."""
    failed = False
    out = []
    for r in scale.steps:
        max_s, max_bytes = TARGETS[r.step]
        ok = r.status == 0 and r.seconds <= max_s and r.peak_bytes <= max_bytes
        failed |= not ok
        wall = f"{r.seconds:.1f} s"
        if len(r.runs) > 1:
            wall += " (median of " + ", ".join(f"{s:.1f}" for s in r.runs) + ")"
        out.append(
            {
                "step": r.step,
                "time": wall,
                "peak RSS or size": f"{gib(r.peak_bytes)} GiB",
                "target": f"<= {max_s:g} s, <= {max_bytes / GIB:g} GiB",
                "met": "yes" if ok else (f"FAILED (exit {r.status})" if r.status else "NO"),
                "load before": f"{r.load:.1f}",
                "command": f"`{r.command}`",
            }
        )
    if scale.page_error is not None:
        failed = True
        out.append(
            {
                "step": "report page, uncached GET",
                "time": f"failed: {scale.page_error}",
                "peak RSS or size": "",
                "target": "",
                "met": "FAILED",
                "load before": "",
                "command": "",
            }
        )
    if scale.page is not None:
        p = scale.page
        failed |= not p.met
        out.append(
            {
                "step": "report page, uncached GET",
                "time": (
                    f"p95 {p.report_p95:.0f} ms = {p.ratio:.2f} x the home page's "
                    f"{p.home_p95:.0f} ms (p50 {pct(p.report_ms, 50):.0f} and "
                    f"{pct(p.home_ms, 50):.0f} ms; {len(p.report_ms)} GETs each)"
                ),
                "peak RSS or size": f"{p.report_bytes / 1000:.0f} KB",
                "target": (
                    f"<= {REPORT_MAX_BYTES / 1000:g} KB, p95 <= {REPORT_MAX_P95_RATIO:g} x"
                    " the home page's"
                ),
                "met": "yes" if p.met else "NO",
                "load before": f"{p.load:.1f}",
                "command": f"`GET {p.report_path}`, `GET {p.home_path}` (test client)",
            }
        )
    return out, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--data", type=Path, help="export directory (default under /tmp)")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_import_bench"
    )
    parser.add_argument(
        "--redis-url", help="a Redis to use and empty (default: a redis-server of our own)"
    )
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="comma-separated: cli, import, run, page (run needs import; page needs run, or a"
        " database an earlier run left)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="command-line runs (median)")
    parser.add_argument("--page-requests", type=int, default=20)
    parser.add_argument(
        "--page-only", action="store_true", help=argparse.SUPPRESS
    )  # the page step, in the environment national() gives it: one JSON line
    args = parser.parse_args()
    if args.page_only:
        import django

        django.setup()
        print(json.dumps(vars(report_page(args.page_requests))))
        return 0
    scale = national(
        participants=args.participants,
        statements=args.statements,
        data=args.data,
        database_url=args.database_url,
        redis_url=args.redis_url,
        steps=tuple(args.steps.split(",")),
        repeat=args.repeat,
        page_requests=args.page_requests,
    )
    found, failed = rows(scale)
    print(f"\n{args.participants} participants x {args.statements} statements; {machine()}\n")
    if found:
        print(table(found))
    if failed:
        print("BENCHMARK FAILED: a step missed its target", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
