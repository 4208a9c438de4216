"""Realtime benchmark: Hearth's thread socket on two uvicorn workers sharing Redis and
PostgreSQL, beside a bare `websockets` relay, driven by N asyncio clients in one thread.

    python -m benchmarks.realtime --clients 1000 --rate 1 --seconds 20

Measures delivery latency (send -> every client has the frame), server CPU per delivery,
memory per socket and messages lost; then a burst of votes per second over HTTP (the
no-JavaScript form) and over the socket. Loopback only; every loop is bounded.
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import gc
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect

from benchmarks import stack
from benchmarks.stack import pct, table
from harness.server import free_port, stop_server

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
F = TypeVar("F", bound=Callable[..., Any])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    expected: int = 0
    delivered: int = 0
    cpu: float = 0.0
    rss_per_socket_kib: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    load: list[float] = field(default_factory=list)  # 1-minute load average, sampled

    def row(self) -> dict[str, Any]:
        ms = [x * 1000 for x in self.latencies]
        return {
            "server": self.name,
            "sent": self.sent,
            "deliveries": self.delivered,
            "lost": self.expected - self.delivered,
            "p50 ms": round(pct(ms, 50), 1),
            "p95 ms": round(pct(ms, 95), 1),
            "p99 ms": round(pct(ms, 99), 1),
            "CPU ms/delivery": round(1000 * self.cpu / max(self.delivered, 1), 4),
            "KiB/socket": round(self.rss_per_socket_kib, 1),
            "load avg": f"{min(self.load, default=0):.1f}-{max(self.load, default=0):.1f}",
        }


# ---- clients --------------------------------------------------------------------------


@contextlib.contextmanager
def _collected_then_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def measuring(function: F) -> F:
    """``function`` (plain or async) with no garbage collection in this (the clients')
    process while it times something, as timeit does: a full collection here, of a
    thousand sockets' objects, paused every client for 100-150 ms and was counted as the
    servers' delay. Collected just before."""
    if asyncio.iscoroutinefunction(function):

        @functools.wraps(function)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            with _collected_then_off():
                return await function(*args, **kwargs)

        return cast(F, timed_async)

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with _collected_then_off():
            return function(*args, **kwargs)

    return cast(F, timed)


async def open_clients(urls: list[tuple[str, dict[str, str]]]) -> list[ClientConnection]:
    sockets: list[ClientConnection] = []
    for start in range(0, len(urls), 50):
        batch = urls[start : start + 50]
        sockets += await asyncio.gather(
            *(connect(u, additional_headers=h, open_timeout=60, max_queue=None) for u, h in batch)
        )
    return sockets


@measuring
async def fan_out(
    run: Run,
    sockets: list[ClientConnection],
    *,
    rate: float,
    seconds: float,
    frame: Any,
    pids: list[int],
) -> None:
    """Post at ``rate`` per second for ``seconds`` from random clients; every client
    records when each message reaches it."""
    sent_at: dict[str, float] = {}
    counts: dict[str, int] = {}
    stop = asyncio.Event()

    async def reader(socket: ClientConnection) -> None:
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), timeout=0.5)
            except TimeoutError:
                continue
            except Exception:
                return
            now = time.perf_counter()
            data = json.loads(raw)
            run.kinds[data.get("type", "?")] = run.kinds.get(data.get("type", "?"), 0) + 1
            if data.get("type") == "error" and len(run.errors) < 3:
                run.errors.append(data)
            cid = (
                data.get("message", {}).get("client_id")
                if data.get("type") == "message"
                else (data.get("client_id") if data.get("type") == "bare" else None)
            )
            if cid in sent_at:
                counts[cid] = counts.get(cid, 0) + 1
                run.latencies.append(now - sent_at[cid])

    readers = [asyncio.create_task(reader(s)) for s in sockets]
    await asyncio.sleep(2)  # let presence settle
    cpu0 = sum(cpu_seconds(p) for p in pids)
    interval = 1 / rate
    begin = time.perf_counter()
    n = 0
    run.load.append(os.getloadavg()[0])
    while time.perf_counter() - begin < seconds:
        if n % max(1, int(rate)) == 0:
            run.load.append(os.getloadavg()[0])
        cid = f"m{n}-{random.random():.6f}"
        sent_at[cid] = time.perf_counter()
        await random.choice(sockets).send(json.dumps(frame(cid)))
        n += 1
        await asyncio.sleep(max(0, begin + n * interval - time.perf_counter()))
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and sum(counts.values()) < n * len(sockets):
        await asyncio.sleep(0.2)
    run.cpu = sum(cpu_seconds(p) for p in pids) - cpu0
    run.load.append(os.getloadavg()[0])
    stop.set()
    await asyncio.gather(*readers, return_exceptions=True)
    run.sent = n
    run.expected = n * len(sockets)
    run.delivered = sum(counts.values())


# ---- Hearth set-up ----------------------------------------------------------------------


def django_env(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **stack.django_env(database_url, redis_url),
        # The default pool of 50 refuses connections (MaxConnectionsError) when hundreds
        # of sockets join a worker at once; production sizes this the same way.
        "REDIS_MAX_CONNECTIONS": os.environ.get("REDIS_MAX_CONNECTIONS", "1000"),
    }


def prepare_database(database_url: str, redis_url: str, clients: int) -> dict[str, Any]:
    env = django_env(database_url, redis_url)
    stack.fresh_database(database_url, env)

    from accounts.models import User
    from deliberation.models import Statement, StatementStatus
    from deliberation.services import thread_create

    owner = User.objects.create_user("bench-owner@example.org", "x" * 12, display_name="Owner")
    thread = thread_create(title="Benchmark thread", created_by=owner)
    statements = [
        Statement.objects.create(
            thread=thread, author=owner, text=f"Statement {n}", status=StatementStatus.ACCEPTED
        )
        for n in range(5)
    ]
    users = User.objects.bulk_create(
        [
            User(email=f"bench{n}@example.org", display_name=f"Bench {n}", password=owner.password)
            for n in range(clients)
        ]
    )
    cookies = stack.session_cookies(users)
    return {
        "thread": thread.pk,
        "statements": [s.pk for s in statements],
        "cookies": cookies,
        "env": env,
    }


# ---- vote bursts ------------------------------------------------------------------------


@measuring
def http_votes(
    base: list[str],
    thread: int,
    statements: list[int],
    cookies: list[str],
    rate: float,
    seconds: float,
) -> list[float]:
    """Each vote's latency over the no-JavaScript form: POST, answered with a redirect.

    Every client thread keeps its connections to the workers open between votes, as the
    proxy in front of the workers does (nginx ``keepalive`` to its upstreams, README's
    deployment section); people's own connections end at the proxy.
    """
    token = "b" * 32
    latencies: list[float] = []
    lock = threading.Lock()
    local = threading.local()

    def connection(index: int) -> http.client.HTTPConnection:
        pool = local.__dict__.setdefault("pool", {})
        if index not in pool:
            pool[index] = http.client.HTTPConnection(urlsplit(base[index]).netloc, timeout=30)
        return pool[index]

    def one(n: int) -> None:
        statement = statements[n % len(statements)]
        index = n % len(base)
        body = f"value={(n % 3) - 1}&csrfmiddlewaretoken={token}"
        headers = {
            "Cookie": f"{cookies[n % len(cookies)]}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        path = f"/threads/{thread}/statements/{statement}/vote/"
        t0 = time.perf_counter()
        conn = connection(index)
        try:
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # The worker closed a connection left idle (uvicorn's keep-alive timeout):
            # open a new one, as a proxy does. A vote is an upsert, so a resend is safe.
            conn.close()
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
        response.read()
        if response.status != 302:
            raise RuntimeError(f"vote answered {response.status}, not a redirect")
        with lock:
            latencies.append(time.perf_counter() - t0)

    total = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=64) as pool:
        begin = time.perf_counter()
        futures = []
        for n in range(total):
            futures.append(pool.submit(one, n))
            time.sleep(max(0, begin + (n + 1) / rate - time.perf_counter()))
        for f in futures:
            f.result()
    return latencies


@measuring
async def socket_votes(
    sockets: list[ClientConnection], statements: list[int], rate: float, seconds: float
) -> list[float]:
    """Each vote's latency: from sending it to its sender receiving a tally for that
    statement (the vote was committed and broadcast)."""
    latencies: list[float] = []
    waiting: dict[int, list[tuple[int, float]]] = {}
    stop_event = asyncio.Event()

    async def reader(index: int, socket: ClientConnection) -> None:
        while not stop_event.is_set():
            try:
                data = json.loads(await asyncio.wait_for(socket.recv(), timeout=0.5))
            except TimeoutError:
                continue
            if data.get("type") == "tally":
                pending = waiting.get(index, [])
                for item in [p for p in pending if p[0] == data["statement"]]:
                    latencies.append(time.perf_counter() - item[1])
                    pending.remove(item)

    readers = [asyncio.create_task(reader(i, s)) for i, s in enumerate(sockets)]
    total = int(rate * seconds)
    begin = time.perf_counter()
    for n in range(total):
        index = n % len(sockets)
        statement = statements[n % len(statements)]
        waiting.setdefault(index, []).append((statement, time.perf_counter()))
        await sockets[index].send(json.dumps({"type": "vote", "statement": statement, "value": 1}))
        await asyncio.sleep(max(0, begin + (n + 1) / rate - time.perf_counter()))
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and len(latencies) < total:
        await asyncio.sleep(0.1)
    stop_event.set()
    await asyncio.gather(*readers, return_exceptions=True)
    return latencies


# ---- main -------------------------------------------------------------------------------


async def main_async(
    args: argparse.Namespace, setup: dict[str, Any], logs: Path
) -> tuple[str, list[str]]:
    results: list[dict[str, Any]] = []
    n = args.clients

    # Bare websockets relay.
    port = free_port()
    with (logs / "bare.log").open("wb") as bare_log:
        bare = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.realtime.bare_server", str(port)],
            cwd=ROOT,
            stdout=bare_log,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(1.0)
        rss0 = rss_kib(bare.pid)
        sockets = await open_clients([(f"ws://127.0.0.1:{port}/", {})] * n)
        run = Run("bare websockets (1 process)")
        run.rss_per_socket_kib = (rss_kib(bare.pid) - rss0) / n
        await fan_out(
            run,
            sockets,
            rate=args.rate,
            seconds=args.seconds,
            frame=lambda cid: {"type": "bare", "client_id": cid},
            pids=[bare.pid],
        )
        results.append(run.row())
        await asyncio.gather(*(s.close() for s in sockets))
    finally:
        stop_server(bare)

    # Hearth: two uvicorn workers sharing Redis and PostgreSQL.
    ports = [free_port(), free_port()]
    # Frames are a few hundred bytes: per-message compression would cost a zlib context per
    # socket and a compression per frame per socket. Off on both servers, as in the
    # deployment advice (README).
    workers = [
        stack.start_worker(
            p, setup["env"], logs / f"uvicorn-{p}.log", "--ws-per-message-deflate", "false"
        )
        for p in ports
    ]
    try:
        rss0 = sum(rss_kib(w.pid) for w in workers)
        urls = [
            (
                f"ws://127.0.0.1:{ports[i % 2]}/ws/threads/{setup['thread']}/",
                {"Cookie": setup["cookies"][i], "Origin": f"http://127.0.0.1:{ports[i % 2]}"},
            )
            for i in range(n)
        ]
        sockets = await open_clients(urls)
        run = Run("Hearth, 2 uvicorn workers + Redis")
        await asyncio.sleep(3)
        run.rss_per_socket_kib = (sum(rss_kib(w.pid) for w in workers) - rss0) / n
        await fan_out(
            run,
            sockets,
            rate=args.rate,
            seconds=args.seconds,
            frame=lambda cid: {
                "type": "post",
                "body": "Benchmark message",
                "reply_to": None,
                "client_id": cid,
            },
            pids=[w.pid for w in workers],
        )
        results.append(run.row())
        print("frames received:", run.kinds, run.errors, file=sys.stderr)
        await asyncio.gather(*(s.close() for s in sockets))

        # Vote bursts. Over the socket every vote's tally goes to every listener, so the
        # socket burst uses --vote-listeners connected clients, not all N.
        base = [f"http://127.0.0.1:{p}" for p in ports]
        loop = asyncio.get_running_loop()
        # Warm the form's path first (each worker's threads, database connections and
        # first-run code), as on a server that has been serving: a second at a quarter of
        # the rate, by other people than the burst's first, on the same statements.
        await loop.run_in_executor(
            None,
            http_votes,
            base,
            setup["thread"],
            setup["statements"],
            setup["cookies"][::-1],
            args.vote_rate / 4,
            1,
        )
        http = await loop.run_in_executor(
            None,
            http_votes,
            base,
            setup["thread"],
            setup["statements"],
            setup["cookies"],
            args.vote_rate,
            args.vote_seconds,
        )
        voters = await open_clients(urls[: args.vote_listeners])
        await asyncio.sleep(2)
        sock = await socket_votes(voters, setup["statements"], args.vote_rate, args.vote_seconds)
        await asyncio.gather(*(s.close() for s in voters))
    finally:
        for w in workers:
            stop_server(w)
    votes = [
        {
            "path": "HTTP form POST (302)",
            "votes": len(http),
            "p50 ms": round(pct([x * 1000 for x in http], 50), 1),
            "p95 ms": round(pct([x * 1000 for x in http], 95), 1),
            "p99 ms": round(pct([x * 1000 for x in http], 99), 1),
        },
        {
            "path": f"socket vote -> own tally ({args.vote_listeners} listeners)",
            "votes": len(sock),
            "p50 ms": round(pct([x * 1000 for x in sock], 50), 1),
            "p95 ms": round(pct([x * 1000 for x in sock], 95), 1),
            "p99 ms": round(pct([x * 1000 for x in sock], 99), 1),
        },
    ]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    head = (
        f"Run {when} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{n} clients, {args.rate} messages/s for {args.seconds} s; votes {args.vote_rate}/s "
        f"for {args.vote_seconds} s."
    )
    return f"{head}\n\n{table(results)}\n\n{table(votes)}\n", problems(args, results, votes)


def problems(
    args: argparse.Namespace, results: list[dict[str, Any]], votes: list[dict[str, Any]]
) -> list[str]:
    """What must not pass quietly: a run that lost deliveries or delivered nothing, and a
    vote burst whose votes were not all answered."""
    found = [
        f"{row['server']}: {row['lost']} of {row['sent'] * args.clients} deliveries lost"
        for row in results
        if row["lost"] or not row["deliveries"]
    ]
    expected = int(args.vote_rate * args.vote_seconds)
    found += [
        f"{row['path']}: {row['votes']} of {expected} votes answered"
        for row in votes
        if row["votes"] < expected
    ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--vote-rate", type=float, default=200)
    parser.add_argument("--vote-seconds", type=float, default=5)
    parser.add_argument("--vote-listeners", type=int, default=50)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/hearth_bench")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
    )
    parser.add_argument("--logs", default="/tmp/hearth-bench-realtime")  # noqa: S108
    args = parser.parse_args()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    import redis

    keys = redis.Redis.from_url(args.redis_url).dbsize()
    if keys:
        # A test run on the same Redis database empties it (FLUSHDB) before every test.
        print(
            f"warning: {args.redis_url} already holds {keys} keys; if another program uses "
            "this Redis database, give the benchmark its own (--redis-url .../<n>)",
            file=sys.stderr,
        )
    setup = prepare_database(args.database_url, args.redis_url, args.clients)
    report, found = asyncio.run(main_async(args, setup, logs))
    print(report)
    (logs / "results.md").write_text(report)
    if found:
        print("\nBENCHMARK FAILED, do not publish these figures:", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        print(f"  server logs: {logs}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
