"""Pages under load: p50/p95 of the home, a proposal, a consultation and its board report
with concurrent clients against two uvicorn workers on PostgreSQL and Redis.

    python -m benchmarks.pages --concurrency 8 --requests 200

The database (``hearth_pages``, dropped and recreated) holds ``seed_demo`` plus a
crowd: ``--people`` participants voting on the consultation's statements, messages in
its discussion, a finished analysis run for the board report, and ``--proposals``
extra proposals. Requests are anonymous GETs over keep-alive connections, one per client
thread, spread over both workers.

* **uncached**: before every round of ``--concurrency`` requests the benchmark's own
  Redis is flushed, so nothing Django or Wagtail keeps in the cache survives (Wagtail's
  site root paths, sessions' cached data, the page-tree token); every page is rendered
  in full from PostgreSQL. What each worker remembers of the page tree survives, as
  after a Redis restart: the tree's version is kept in PostgreSQL (:mod:`common.page_tree`).
  Hearth has no page cache, so this is what every visitor gets.
* **cached**: the same requests with the cache left warm (the steady state).

Both after a warm-up of two requests per page per worker (compiled templates).
"""

import argparse
import datetime as dt
import http.client
import random
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import redis

from benchmarks.stack import (
    django_env,
    fresh_database,
    machine,
    pct,
    seed_demo,
    start_worker,
    table,
)
from harness.redis_server import OwnRedis
from harness.server import free_port, stop_server

TARGET_P95_MS = 100


def seed(env: dict[str, str], people: int, proposals: int) -> dict[str, str]:
    """seed_demo, then a realistic crowd through services and factories; returns the
    paths of the pages to measure."""
    seed_demo(env)
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from analysis.services import analysis_run_request
    from cms.models import ConsultationPage, HomePage, ProposalIndexPage
    from cms.services import consultation_discussion
    from deliberation.markdown import render_markdown
    from deliberation.models import Message, Statement, StatementStatus, Vote
    from proposals.models import ProposalPage
    from proposals.services import proposal_create, proposal_open

    consultation = ConsultationPage.objects.live().first()
    assert consultation is not None, "seed_demo makes a consultation"
    thread = consultation_discussion(consultation=consultation)
    officer = User.objects.get(email="officer@hearth.example")
    unusable = make_password(None)
    crowd = User.objects.bulk_create(
        [
            User(email=f"crowd{i}@example.org", display_name=f"Crowd {i}", password=unusable)
            for i in range(people)
        ]
    )
    rng = random.Random(0)
    statements = list(Statement.objects.filter(thread=thread, status=StatementStatus.ACCEPTED))
    statements += Statement.objects.bulk_create(
        [
            Statement(
                thread=thread,
                author=rng.choice(crowd),
                text=f"Carers need a say in statement {n} about breaks and pay.",
                status=StatementStatus.ACCEPTED,
            )
            for n in range(max(0, 40 - len(statements)))
        ]
    )
    Vote.objects.bulk_create(
        [
            Vote(statement=s, voter=person, value=rng.choice([-1, 0, 1]))
            for person in crowd
            for s in rng.sample(statements, k=min(len(statements), 15))
        ],
        ignore_conflicts=True,
    )
    body = "I care for my mum at home. **Breaks** get cancelled when agencies are short."
    Message.objects.bulk_create(
        [
            Message(
                thread=thread, author=rng.choice(crowd), body=body, body_html=render_markdown(body)
            )
            for _ in range(300)
        ]
    )
    analysis_run_request(thread=thread, by=officer)  # runs at once (immediate task backend)
    index = ProposalIndexPage.objects.get()
    for n in range(proposals):
        draft = proposal_create(
            index=index,
            author=crowd[n % len(crowd)],
            title=f"Neighbourhood care idea {n}",
            summary="Small teams of care workers who know the street, paid fairly.",
        )
        proposal_open(proposal=draft, by=crowd[n % len(crowd)])
    proposal = ProposalPage.objects.live().order_by("first_published_at").first()
    assert proposal is not None
    home = HomePage.objects.get()
    return {
        "home": home.url,
        "proposal": proposal.url,
        "consultation": consultation.url,
        "board report": consultation.url + consultation.reverse_subpage("report"),
    }


def measure(
    ports: list[int],
    path: str,
    *,
    concurrency: int,
    requests: int,
    before_round: Callable[[], None] | None,
) -> list[float]:
    """Rounds of ``concurrency`` simultaneous GETs; each client thread keeps its own
    keep-alive connection to one worker. Returns latencies in ms."""
    local = threading.local()
    latencies: list[float] = []

    def get(n: int) -> float:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(
                "127.0.0.1", ports[n % len(ports)], timeout=60
            )
        begin = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        took = 1000 * (time.perf_counter() - begin)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return took

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for start in range(0, requests, concurrency):
            if before_round is not None:
                before_round()
            latencies += pool.map(get, range(start, min(requests, start + concurrency)))
    return latencies


def run(args: argparse.Namespace, logs: Path) -> str:
    where = machine() + " at the start"
    own = OwnRedis(logs / "redis.log")
    own.start()
    env = django_env(args.database_url, own.url)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        fresh_database(args.database_url, env)
        pages = seed(env, args.people, args.proposals)
        ports = [free_port(), free_port()]
        workers = [start_worker(p, env, logs / f"worker-{p}.log") for p in ports]
        flusher = redis.Redis.from_url(own.url)
        rows = []
        for name, path in pages.items():
            measure(ports, path, concurrency=len(ports) * 2, requests=4, before_round=None)
            row: dict[str, Any] = {"page": f"{name} ({path})"}
            for mode, hook in (("uncached", flusher.flushdb), ("cached", None)):
                ms = measure(
                    ports,
                    path,
                    concurrency=args.concurrency,
                    requests=args.requests,
                    before_round=hook,
                )
                row[f"{mode} p50 ms"] = round(pct(ms, 50), 1)
                row[f"{mode} p95 ms"] = round(pct(ms, 95), 1)
                row[f"{mode} mean ms"] = round(statistics.fmean(ms), 1)
            row["uncached p95 ≤ 100 ms"] = (
                "yes" if row["uncached p95 ms"] <= TARGET_P95_MS else "NO"
            )
            rows.append(row)
            print(row, flush=True)
    finally:
        for worker in workers:
            stop_server(worker)
        own.kill()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"Run {when} on {where}. {args.concurrency} concurrent clients, "
        f"{args.requests} requests per page and mode, 2 uvicorn workers, "
        f"{args.people} extra participants, {args.proposals} extra proposals."
    )
    return f"{head}\n\n{table(rows)}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--proposals", type=int, default=30)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_pages")
    parser.add_argument("--logs", default="/tmp/hearth-bench-pages")  # noqa: S108
    args = parser.parse_args()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    report = run(args, logs)
    print(report)
    (logs / "results.md").write_text(report)


if __name__ == "__main__":
    main()
