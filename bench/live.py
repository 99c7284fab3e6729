"""The live board under load: ballot entry with 0, 100 and 500 open live-tally streams.

    .venv/bin/python bench/live.py [--entries 2000] [--clerks 4] [--streams 0,100,500] [--repeat 3]

Runs `uvicorn app.main:app` on SQLite with one worker (a hall's laptop). For each number of
streams it opens that many `…/live` streams on a new meeting's round, lets `--clerks`
clients enter `--entries` ballots as fast as the service takes them, and prints entries/s
and, over every stream and every ballot, how long after its acknowledgement (which comes
after its commit) the stream showed it: p50 / p95 / max.
One unreported meeting warms the server up first; then the stream counts are run in turn
`--repeat` times (0, 100, 500, 0, 100, 500, …) and each line gives the median rate, so a
slow first run or a passing load on the machine does not decide the comparison.
Targets (issue 12): 500 streams cost ≤ 10 % of the throughput with none, and p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import MARKS, Connection, migrate, server, server_cpu, setup_meeting

ENTERED = re.compile(rb'"entered":(\d+)')
Connection_ = Any  # a multiprocessing connection


async def watch(base: str, path: str, token: str, seen: list[tuple[float, int]],
                opened: list[int], total: int, ready: asyncio.Event, goal: int) -> None:
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(f"GET {path}?token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await reader.readuntil(b"\r\n\r\n")
    opened[0] += 1
    if opened[0] == total:
        ready.set()
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                # (not json.loads: 500 screens' parsing would load this machine, not the server)
                entered = int(ENTERED.search(line).group(1))  # type: ignore[union-attr]
                seen.append((time.monotonic(), entered))
                if entered >= goal:
                    return
    finally:
        writer.close()


def screens(base: str, path: str, token: str, n: int, goal: int, conn: Connection_) -> None:
    """In a process of its own (the clerks' loop must not wait for 500 screens): open `n`
    streams, say when they are open, and send back what each saw and when."""

    async def run() -> list[list[tuple[float, int]]]:
        seen: list[list[tuple[float, int]]] = [[] for _ in range(n)]
        ready, opened = asyncio.Event(), [0]
        tasks = [asyncio.create_task(watch(base, path, token, seen[i], opened, n, ready, goal))
                 for i in range(n)]
        await asyncio.wait_for(ready.wait(), 120)
        conn.send("open")
        await asyncio.wait(tasks, timeout=120)
        return seen

    cpu = time.process_time()
    seen = asyncio.run(run())
    conn.send((seen, time.process_time() - cpu))


async def clerks(base: str, path: str, teller: dict[str, str], entries: int,
                 n: int) -> tuple[float, dict[int, float]]:
    acked: dict[int, float] = {}
    counter = iter(range(entries))
    headers = {**teller, "Content-Type": "application/json"}

    async def clerk(conn: Connection) -> None:
        for i in counter:
            body = json.dumps({"entry_id": f"b{i}", "marks": MARKS[i % 6]}).encode()
            status, answer = await conn.request("POST", path, headers, body)
            if status >= 300:
                raise RuntimeError(f"{status}: {answer.decode()}")
            acked[int(json.loads(answer)["position"])] = time.monotonic()

    conns = [await Connection.open(base) for _ in range(n)]
    begin = time.perf_counter()
    await asyncio.gather(*(clerk(c) for c in conns))
    elapsed = time.perf_counter() - begin
    for c in conns:
        c.close()
    return elapsed, acked


def case(base: str, entries: int, n_clerks: int, streams: int) -> tuple[float, list[float]]:
    path, teller = setup_meeting(base, entries)
    live_path = path.removesuffix("/entries") + "/live"
    token = teller["Authorization"].removeprefix("Bearer ")  # any role of the meeting reads
    child = None
    if streams:
        mine, theirs = multiprocessing.Pipe()
        child = multiprocessing.Process(
            target=screens, args=(base, live_path, token, streams, entries, theirs))
        child.start()
        assert mine.recv() == "open"
    cpu = server_cpu(base)
    elapsed, acked = asyncio.run(clerks(base, path, teller, entries, n_clerks))
    cpu = server_cpu(base) - cpu
    print(f"    ({streams} streams: the server used {cpu / elapsed:.0%} of a core,"
          f" {1000 * cpu / entries:.2f} ms of CPU per entry)", flush=True)
    delays: list[float] = []
    if child is not None:
        seen_by, cpu = mine.recv()
        print(f"    ({streams} streams: the screens themselves used {cpu:.1f} s of CPU while"
              f" the clerks took {elapsed:.1f} s)", flush=True)
        for seen in seen_by:
            shown = 0
            for t, entered in seen:
                for k in range(shown + 1, entered + 1):
                    if k in acked:
                        delays.append(max(0.0, t - acked[k]))
                shown = max(shown, entered)
        child.join()
    return entries / elapsed, delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--streams", default="0,100,500")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = [int(x) for x in args.streams.split(",")]
    print(f"SQLite, 1 worker: {args.entries} ballots from {args.clerks} clerks")
    # One meeting's token opens every stream here; a real hall's screens are few per token.
    os.environ["JIPIAO_LIVE_STREAMS_PER_TOKEN"] = str(max(counts) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        with server(url, 1) as base:
            case(base, min(args.entries, 500), args.clerks, 0)  # warm-up, not reported
            rates: dict[int, list[float]] = {n: [] for n in counts}
            delays: dict[int, list[float]] = {n: [] for n in counts}
            for _ in range(args.repeat):
                for n in counts:
                    rate, seen = case(base, args.entries, args.clerks, n)
                    rates[n].append(rate)
                    delays[n].extend(seen)
            baseline = statistics.median(rates[counts[0]])
            for n in counts:
                rate = statistics.median(rates[n])
                cost = 100 * (1 - rate / baseline)
                runs = " ".join(f"{r:.0f}" for r in rates[n])
                line = (f"  {n:>4} streams: {rate:7.0f} entries/s ({cost:+5.1f} % vs first;"
                        f" runs {runs})")
                if delays[n]:
                    q = statistics.quantiles(delays[n], n=100)
                    line += (f"   shown after p50 {q[49] * 1000:5.0f} ms,"
                             f" p95 {q[94] * 1000:5.0f} ms, max {max(delays[n]) * 1000:5.0f} ms"
                             f" ({len(delays[n])} sightings)")
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
