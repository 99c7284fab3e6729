"""Ballot-entry throughput and latency of the meeting service, next to a bare endpoint.

    .venv/bin/python bench/api.py [--entries 4000] [--clients 32] [--runs 3]

Runs `uvicorn app.main:app` (1) on SQLite with 1 worker and (2) on PostgreSQL with 4
workers (JIPIAO_BENCH_POSTGRES_URL, default the local test database; skipped with a note
when unreachable). Each run enters `--entries` ballots into a new meeting's round through
`POST …/entries` from `--clients` concurrent clients and prints entries/s with p50/p99
latency, then the same load on `GET /api/v1/health` (no database: the ceiling of this app,
server and client). A small shared machine is noisy: each case runs `--runs` times and the
median run is printed last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POSTGRES_URL = os.environ.get("JIPIAO_BENCH_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def migrate(url: str) -> None:
    from alembic.config import Config

    from alembic import command

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER_PIDS: dict[str, int] = {}  # base URL → the uvicorn process (its workers are children)


def server_cpu(base: str) -> float:
    """CPU seconds used so far by the server at `base` and its worker processes (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    root = SERVER_PIDS[base]
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if root in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@contextmanager
def server(url: str, workers: int, cpus: set[int] | None = None,
           root: Path = ROOT, timing: Path | None = None) -> Iterator[str]:
    """uvicorn serving `url` with the checkout at `root` (this one by default; on the CPUs
    `cpus` only, if given) until the block ends; its workers log their times in `timing`
    (app/timing.py), if given."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log",
         # uvicorn kills a worker that does not answer its supervisor's ping within 5 s (and
         # so fails every request it holds); on a loaded or briefly paused (SIGSTOP) bench
         # machine that is no hang, so it is given a minute.
         "--timeout-worker-healthcheck", "60"],
        cwd=root, env={**os.environ, "DATABASE_URL": url,
                       **({"JIPIAO_TIMING_DIR": str(timing)} if timing else {})},
        start_new_session=True,
        preexec_fn=None if cpus is None else (lambda: os.sched_setaffinity(0, cpus)))
    base = f"http://127.0.0.1:{port}"
    SERVER_PIDS[base] = proc.pid
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("uvicorn did not start")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def setup_meeting(base: str, ballots: int) -> tuple[str, dict[str, str]]:
    """A party branch meeting with `ballots` members present, counting its first round."""
    with httpx.Client(base_url=base, timeout=60) as http:
        created = http.post("/api/v1/elections", json={
            "title": "性能测试", "body": "party_branch",
            "posts": [{"id": "member", "name": "委员", "seats": 5}]}).json()
        eid, tokens = created["id"], created["tokens"]
        org = {"Authorization": f"Bearer {tokens['organiser']}"}
        url = f"/api/v1/elections/{eid}"
        for name in ("王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七"):
            http.post(url + "/candidates", headers=org, json={
                "name": name, "posts": ["member"], "member_status": "full"}).raise_for_status()
        for start in range(0, ballots, 1000):  # (a request carries at most a few thousand)
            added = http.post(url + "/voters", headers=org, json={"voters": [
                {"name": f"党员{i}", "status": "full"}
                for i in range(start, min(ballots, start + 1000))]})
            added.raise_for_status()
            http.post(url + "/sign-ins", headers=org,
                      json={"voter_ids": [v["id"] for v in added.json()]}).raise_for_status()
        rid = http.post(url + "/rounds", headers=org, json={}).json()["id"]
        for step, body in (("quorum", None), ("issue", {"ballots_issued": ballots}),
                           ("return", {"ballots_returned": ballots})):
            http.post(f"{url}/rounds/{rid}/{step}", headers=org, json=body).raise_for_status()
        return f"{url}/rounds/{rid}/entries", {"Authorization": f"Bearer {tokens['teller']}"}


class Connection:
    """A minimal keep-alive HTTP/1.1 client: the load generator must not be the bottleneck
    (httpx's async pool tops out near a few hundred requests/s on a small machine)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, base: str) -> Connection:
        host, port = base.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        return cls(reader, writer, f"{host}:{port}")

    async def request(self, method: str, path: str, headers: dict[str, str],
                      body: bytes = b"") -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}",
                 f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


Request = Callable[[Connection, int], Awaitable[tuple[int, bytes]]]


async def load(base: str, n: int, clients: int, request: Request) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(n))

    async def worker(conn: Connection) -> None:
        for i in counter:
            start = time.perf_counter()
            status, body = await request(conn, i)
            latencies.append(time.perf_counter() - start)
            if status >= 300:
                raise RuntimeError(f"{status}: {body.decode()}")

    conns = [await Connection.open(base) for _ in range(clients)]
    begin = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - begin
    for c in conns:
        c.close()
    return elapsed, latencies


def line(label: str, n: int, elapsed: float, latencies: list[float]) -> str:
    q = statistics.quantiles(latencies, n=100)
    return (f"  {label:<28} {n / elapsed:8.0f} req/s   p50 {q[49] * 1000:6.1f} ms   "
            f"p99 {q[98] * 1000:6.1f} ms   ({n} requests)")


MARKS = [{"member": dict.fromkeys(("c01", "c02", "c03", "c04", "c05")[:i % 6], "yes")}
         for i in range(6)]


def run_case(title: str, url: str, workers: int, entries: int, clients: int,
             runs: int) -> None:
    print(f"{title} — {workers} worker(s), {clients} concurrent clients")
    with server(url, workers) as base:
        entry_runs, health_runs = [], []
        for run in range(1, runs + 1):
            path, teller = setup_meeting(base, entries)
            headers = {**teller, "Content-Type": "application/json"}

            def enter(conn: Connection, i: int, path: str = path,
                      headers: dict[str, str] = headers) -> Awaitable[tuple[int, bytes]]:
                body = json.dumps({"entry_id": f"b{i}", "marks": MARKS[i % 6]}).encode()
                return conn.request("POST", path, headers, body)

            def health(conn: Connection, _i: int) -> Awaitable[tuple[int, bytes]]:
                return conn.request("GET", "/api/v1/health", {})

            elapsed, lat = asyncio.run(load(base, entries, clients, enter))
            entry_runs.append((elapsed, lat))
            print(line(f"run {run}: ballot entry", entries, elapsed, lat))
            elapsed, lat = asyncio.run(load(base, entries, clients, health))
            health_runs.append((elapsed, lat))
            print(line(f"run {run}: bare endpoint", entries, elapsed, lat))
        for label, results in (("median: ballot entry (POST)", entry_runs),
                               ("median: bare endpoint (GET)", health_runs)):
            elapsed, lat = sorted(results, key=lambda r: r[0])[len(results) // 2]
            print(line(label, entries, elapsed, lat))


@contextmanager
def postgres_schema() -> Iterator[str | None]:
    schema = f"jipiao_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:
        print(f"PostgreSQL unreachable ({type(err).__name__}): skipped")
        yield None
        return
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        run_case("SQLite (WAL, synchronous=FULL)", url, 1, args.entries, args.clients,
                 args.runs)
    with postgres_schema() as pg_url:
        if pg_url is not None:
            migrate(pg_url)
            run_case("PostgreSQL", pg_url, 4, args.entries, args.clients, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
