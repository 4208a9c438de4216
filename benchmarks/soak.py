"""Soak and storm: many people talking in threads across two uvicorn workers while Redis
and a worker restart under them, then a crowd reconnecting at once.

    python -m benchmarks.soak --seconds 300 --clients 500 --storm-clients 2000

Soak: ``--clients`` protocol v1 clients (harness/resuming_client.py: jittered
backoff, ``resume``, retried posts) spread over ``--threads`` discussion threads and
two workers, posting ``--rate`` messages a second in all. A third of the way in, the
benchmark's own redis-server is killed and restarted 2 s later; two thirds in, one
worker is killed (SIGKILL) and started again. Then everyone waits until each client
holds its thread's messages as stored.

Storm: ``--storm-clients`` clients on fresh workers; Redis is restarted, every socket
drops, and all must be back (connected and resumed) within ``--storm-window`` seconds.
Worker logs are searched for connection-pool errors.

Needs PostgreSQL on 127.0.0.1:5432 (drops and recreates ``hearth_soak``) and the
redis-server binary; it never touches the shared Redis.
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.stack import (
    django_env,
    fresh_database,
    machine,
    pct,
    rss_mib,
    session_cookies,
    start_worker,
    table,
)
from harness.redis_server import OwnRedis
from harness.resuming_client import Backoff, ResumingClient
from harness.server import free_port, stop_server

POOL_ERRORS = re.compile(
    r"MaxConnectionsError|Too many connections|max number of clients|PoolTimeout|"
    r"too many clients already|remaining connection slots",
    re.IGNORECASE,
)


@dataclass
class Workers:
    """Two uvicorn workers on fixed ports; one can be killed and started again."""

    env: dict[str, str]
    logs: Path
    ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def log(self, index: int) -> Path:
        return self.logs / f"worker-{self.ports[index]}.log"

    def start(self) -> None:
        self.processes = [start_worker(p, self.env, self.log(i)) for i, p in enumerate(self.ports)]

    def kill_and_restart(self, index: int, down: float = 1.0) -> None:
        self.processes[index].kill()
        self.processes[index].wait()
        time.sleep(down)
        self.processes[index] = start_worker(self.ports[index], self.env, self.log(index))

    def rss(self) -> list[float]:
        return [round(rss_mib(p.pid), 1) for p in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            stop_server(process)

    def pool_errors(self) -> int:
        return sum(
            len(POOL_ERRORS.findall(self.log(i).read_text(errors="replace"))) for i in range(2)
        )

    def error_lines(self) -> int:
        return sum(self.log(i).read_text(errors="replace").count("Traceback") for i in range(2))


def make_people(n: int, threads: int) -> tuple[list[int], list[str]]:
    from accounts.models import User
    from deliberation.services import thread_create

    owner = User.objects.create_user("soak-owner@example.org", "x" * 12, display_name="Owner")
    thread_ids = [
        thread_create(title=f"Soak thread {t}", created_by=owner).pk for t in range(threads)
    ]
    users = User.objects.bulk_create(
        [
            User(email=f"soak{i}@example.org", display_name=f"Soak {i}", password=owner.password)
            for i in range(n)
        ]
    )
    return thread_ids, session_cookies(users)


def clients_for(
    workers: Workers, thread_ids: list[int], cookies: list[str], cap: float
) -> list[ResumingClient]:
    clients = []
    for i, cookie in enumerate(cookies):
        thread = thread_ids[i % len(thread_ids)]
        home, other = workers.ports[i % 2], workers.ports[(i + 1) % 2]
        path = f"/ws/threads/{thread}/"

        def headers(url: str, cookie: str = cookie) -> dict[str, str]:
            return {"Cookie": cookie, "Origin": "http://" + url[5:].split("/", 1)[0]}

        client = ResumingClient(
            name=f"c{i}",
            urls=[f"ws://127.0.0.1:{home}{path}", f"ws://127.0.0.1:{other}{path}"],
            headers=headers,
            backoff=Backoff(base=0.2, cap=cap, rng=random.Random(i)),
        )
        client.thread = thread  # type: ignore[attr-defined]
        clients.append(client)
    return clients


def stored_ids(thread_ids: list[int]) -> dict[int, list[int]]:
    from deliberation.models import Message

    ids: dict[int, list[int]] = {t: [] for t in thread_ids}
    for thread, pk in Message.objects.filter(thread__in=thread_ids).values_list("thread", "id"):
        ids[thread].append(pk)
    return ids


async def arrive_in_waves(
    clients: list[ResumingClient], stop: asyncio.Event, size: int = 50, gap: float = 0.5
) -> list[asyncio.Task[None]]:
    """People open the page over a while, not in one instant."""
    runners: list[asyncio.Task[None]] = []
    for start in range(0, len(clients), size):
        runners += [asyncio.create_task(c.run(stop)) for c in clients[start : start + size]]
        await asyncio.sleep(gap)
    return runners


async def until_connected(clients: list[ResumingClient], timeout: float) -> float:
    begin = time.perf_counter()
    while time.perf_counter() - begin < timeout:
        if all(c.connected for c in clients):
            break
        await asyncio.sleep(0.1)
    return time.perf_counter() - begin


async def settle(
    clients: list[ResumingClient], thread_ids: list[int], timeout: float
) -> dict[int, list[int]]:
    """Wait until nothing is pending and every client holds its thread's stored messages."""
    deadline = time.perf_counter() + timeout
    while True:
        stored = await asyncio.to_thread(stored_ids, thread_ids)
        done = all(
            not c.pending and sorted(c.messages) == stored[c.thread]  # type: ignore[attr-defined]
            for c in clients
        )
        if done or time.perf_counter() > deadline:
            return stored
        await asyncio.sleep(1.0)


async def soak(args: argparse.Namespace, workers: Workers, redis: OwnRedis) -> dict[str, Any]:
    thread_ids, cookies = await asyncio.to_thread(make_people, args.clients, args.threads)
    clients = clients_for(workers, thread_ids, cookies, cap=3.0)
    stop = asyncio.Event()
    runners = await arrive_in_waves(clients, stop)
    connect_s = await until_connected(clients, 300)
    sent_at: dict[str, float] = {}
    memory: list[tuple[int, list[float]]] = []
    events: list[str] = []
    begin = time.perf_counter()

    async def sample_memory() -> None:
        while not stop.is_set():
            memory.append((round(time.perf_counter() - begin), workers.rss()))
            await asyncio.sleep(args.seconds / 10)

    async def faults() -> None:
        await asyncio.sleep(args.seconds / 3)
        events.append(f"{time.perf_counter() - begin:.0f} s: Redis killed, restarted 2 s later")
        await asyncio.to_thread(redis.kill)
        await asyncio.sleep(2)
        await asyncio.to_thread(redis.start)
        await asyncio.sleep(args.seconds / 3 - 2)
        events.append(f"{time.perf_counter() - begin:.0f} s: worker 2 killed and restarted")
        await asyncio.to_thread(workers.kill_and_restart, 1)

    sampler = asyncio.create_task(sample_memory())
    fault_task = asyncio.create_task(faults())
    rng = random.Random(0)
    n = 0
    while (elapsed := time.perf_counter() - begin) < args.seconds:
        client = rng.choice(clients)
        cid = await client.post(f"Soak message {n} from {client.name}")
        sent_at[cid] = time.perf_counter()
        n += 1
        await asyncio.sleep(max(0.0, n / args.rate - elapsed))
    await fault_task
    stored = await settle(clients, thread_ids, args.settle)
    memory.append((round(time.perf_counter() - begin), workers.rss()))
    stop.set()
    sampler.cancel()
    await asyncio.gather(*runners, return_exceptions=True)

    stored_all = {pk for ids in stored.values() for pk in ids}
    acked = {pk for c in clients for pk in c.acked.values()}
    expected = sum(len(stored[c.thread]) for c in clients)  # type: ignore[attr-defined]
    delivered = sum(
        len(set(c.messages) & set(stored[c.thread]))  # type: ignore[attr-defined]
        for c in clients
    )
    by_cid = {m["client_id"]: pk for c in clients for pk, m in c.messages.items()}
    latencies = [
        1000 * (c.arrived[by_cid[cid]] - sent)
        for cid, sent in sent_at.items()
        if cid in by_cid
        for c in clients
        if by_cid[cid] in c.arrived
    ]
    acks = [1000 * s for c in clients for s in c.ack_latency]
    return {
        "clients": args.clients,
        "threads": args.threads,
        "seconds": args.seconds,
        "connect s": round(connect_s, 1),
        "sent": n,
        "acknowledged": len(acked),
        "stored": len(stored_all),
        "acknowledged lost": len(acked - stored_all),
        "deliveries": f"{delivered}/{expected}",
        "deliveries missing": expected - delivered,
        "never acknowledged": sum(len(c.pending) for c in clients),
        "reconnects": sum(c.reconnects for c in clients),
        "failed attempts": sum(c.failed_attempts for c in clients),
        "error frames": sum(len(c.errors) for c in clients),
        "ack p50 ms": round(pct(acks, 50), 1),
        "ack p95 ms": round(pct(acks, 95), 1),
        "delivery p50 ms": round(pct(latencies, 50), 1),
        "delivery p95 ms": round(pct(latencies, 95), 1),
        "events": events,
        "memory": memory,
        "worker tracebacks": workers.error_lines(),
        "pool errors": workers.pool_errors(),
    }


async def storm(args: argparse.Namespace, workers: Workers, redis: OwnRedis) -> dict[str, Any]:
    thread_ids, cookies = await asyncio.to_thread(
        make_storm_people, args.storm_clients, args.threads
    )
    clients = clients_for(workers, thread_ids, cookies, cap=args.storm_window / 6)
    stop = asyncio.Event()
    begin = time.perf_counter()
    runners = await arrive_in_waves(clients, stop)
    connect_s = await until_connected(clients, 300)
    joined = sum(c.connected for c in clients)
    rss_before = workers.rss()
    await asyncio.to_thread(redis.kill)
    await asyncio.sleep(2)
    await asyncio.to_thread(redis.start)
    restarted = time.perf_counter()
    # A socket whose worker has not noticed yet still looks connected; wait for the drop.
    await asyncio.sleep(1)
    back_s = await until_connected(clients, args.storm_window + 60)
    back = sum(c.connected for c in clients)
    stop.set()
    await asyncio.gather(*runners, return_exceptions=True)
    return {
        "clients": args.storm_clients,
        "first connect s": round(connect_s, 1),
        "connected": joined,
        "reconnects": sum(c.reconnects for c in clients),
        "failed attempts": sum(c.failed_attempts for c in clients),
        "all back after Redis restart s": round(back_s + 1, 1) if back == len(clients) else "no",
        "back": back,
        "within window": back == len(clients) and back_s + 1 <= args.storm_window,
        "worker RSS MiB": rss_before,
        "pool errors in worker logs": workers.pool_errors(),
        "worker tracebacks": workers.error_lines(),
        "total s": round(time.perf_counter() - begin, 1),
        "restart at s": round(restarted - begin, 1),
    }


def make_storm_people(n: int, threads: int) -> tuple[list[int], list[str]]:
    from accounts.models import User
    from deliberation.services import thread_create

    owner = User.objects.get(email="soak-owner@example.org")
    thread_ids = [
        thread_create(title=f"Storm thread {t}", created_by=owner).pk for t in range(threads)
    ]
    users = User.objects.bulk_create(
        [
            User(email=f"storm{i}@example.org", display_name=f"Storm {i}", password=owner.password)
            for i in range(n)
        ]
    )
    return thread_ids, session_cookies(users)


def report(soak_result: dict[str, Any] | None, storm_result: dict[str, Any] | None) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"Run {when} on {machine()}."]
    if soak_result:
        memory = soak_result.pop("memory")
        events = soak_result.pop("events")
        parts.append(table([soak_result]))
        parts.append("Events: " + "; ".join(events) + ".")
        parts.append(
            table([{"t s": t, "worker 1 MiB": m[0], "worker 2 MiB": m[1]} for t, m in memory])
        )
    if storm_result:
        parts.append(table([storm_result]))
    return "\n\n".join(parts) + "\n"


async def main_async(args: argparse.Namespace, logs: Path) -> str:
    redis = OwnRedis(logs / "redis.log")
    redis.start()
    env = django_env(args.database_url, redis.url)
    fresh_database(args.database_url, env)
    soak_result = storm_result = None
    try:
        if args.seconds > 0:
            workers = Workers(env, logs)
            await asyncio.to_thread(workers.start)
            try:
                soak_result = await soak(args, workers, redis)
            finally:
                workers.stop()
            print(table([{k: v for k, v in soak_result.items() if k != "memory"}]), flush=True)
        if args.storm_clients > 0:
            workers = Workers(env, logs)
            await asyncio.to_thread(workers.start)
            try:
                storm_result = await storm(args, workers, redis)
            finally:
                workers.stop()
    finally:
        redis.kill()
    return report(soak_result, storm_result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", 300)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS", 500)))
    parser.add_argument("--threads", type=int, default=5)
    parser.add_argument("--rate", type=float, default=5.0, help="messages per second in all")
    parser.add_argument("--settle", type=float, default=90)
    parser.add_argument(
        "--storm-clients", type=int, default=int(os.environ.get("STORM_CLIENTS", 2000))
    )
    parser.add_argument("--storm-window", type=float, default=60)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_soak")
    parser.add_argument("--logs", default="/tmp/hearth-bench-soak")  # noqa: S108
    args = parser.parse_args()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("*.log"):
        old.unlink()
    result = asyncio.run(main_async(args, logs))
    print(result)
    (logs / "results.md").write_text(result)


if __name__ == "__main__":
    sys.exit(main())
