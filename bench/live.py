"""The live board under load: ballot entry with 0, 100 and 500 open live-tally streams.

    .venv/bin/python bench/live.py [--entries 2000] [--clerks 4] [--streams 0,100,500]

Runs `uvicorn app.main:app` on SQLite with one worker (a hall's laptop). For each number of
streams it opens that many `…/live` streams on a new meeting's round, lets `--clerks`
clients enter `--entries` ballots as fast as the service takes them, and prints entries/s
and, over every stream and every ballot, how long after its acknowledgement (which comes
after its commit) the stream showed it: p50 / p95 / max.
Targets (issue 12): 500 streams cost ≤ 10 % of the throughput with none, and p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import MARKS, Connection, migrate, server, setup_meeting

ENTERED = re.compile(rb'"entered":(\d+)')


async def watch(base: str, path: str, token: str, seen: list[tuple[float, int]],
                ready: asyncio.Event, opened: list[int], total: int, goal: int) -> None:
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
                seen.append((time.perf_counter(), entered))
                if entered >= goal:
                    return
    finally:
        writer.close()


async def case(base: str, entries: int, clerks: int, streams: int) -> tuple[float, list[float]]:
    path, teller = setup_meeting(base, entries)
    live_path = path.removesuffix("/entries") + "/live"
    token = teller["Authorization"].removeprefix("Bearer ")  # any role of the meeting reads
    seen_by: list[list[tuple[float, int]]] = [[] for _ in range(streams)]
    ready, opened = asyncio.Event(), [0]
    watchers = [asyncio.create_task(watch(base, live_path, token, seen_by[i], ready, opened,
                                          streams, entries)) for i in range(streams)]
    if streams:
        await asyncio.wait_for(ready.wait(), 120)
    acked: dict[int, float] = {}
    counter = iter(range(entries))
    headers = {**teller, "Content-Type": "application/json"}

    async def clerk(conn: Connection) -> None:
        for i in counter:
            body = json.dumps({"entry_id": f"b{i}", "marks": MARKS[i % 6]}).encode()
            status, answer = await conn.request("POST", path, headers, body)
            if status >= 300:
                raise RuntimeError(f"{status}: {answer.decode()}")
            acked[int(json.loads(answer)["position"])] = time.perf_counter()

    conns = [await Connection.open(base) for _ in range(clerks)]
    begin = time.perf_counter()
    await asyncio.gather(*(clerk(c) for c in conns))
    elapsed = time.perf_counter() - begin
    for c in conns:
        c.close()
    if watchers:
        await asyncio.wait(watchers, timeout=60)
    delays: list[float] = []
    for seen in seen_by:
        shown = 0
        for t, entered in seen:
            for k in range(shown + 1, entered + 1):
                if k in acked:
                    delays.append(max(0.0, t - acked[k]))
            shown = max(shown, entered)
    for w in watchers:
        w.cancel()
    return entries / elapsed, delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--streams", default="0,100,500")
    args = parser.parse_args()
    counts = [int(x) for x in args.streams.split(",")]
    print(f"SQLite, 1 worker: {args.entries} ballots from {args.clerks} clerks")
    # One meeting's token opens every stream here; a real hall's screens are few per token.
    os.environ["JIPIAO_LIVE_STREAMS_PER_TOKEN"] = str(max(counts) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        with server(url, 1) as base:
            baseline = None
            for n in counts:
                rate, delays = asyncio.run(case(base, args.entries, args.clerks, n))
                baseline = baseline or rate
                cost = 100 * (1 - rate / baseline)
                line = f"  {n:>4} streams: {rate:7.0f} entries/s ({cost:+5.1f} % vs first)"
                if delays:
                    q = statistics.quantiles(delays, n=100)
                    line += (f"   shown after p50 {q[49] * 1000:5.0f} ms, p95 {q[94] * 1000:5.0f}"
                             f" ms, max {max(delays) * 1000:5.0f} ms ({len(delays)} sightings)")
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
