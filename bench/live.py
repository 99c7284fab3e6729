"""The live board under load: ballot entry with 0, 100 and 500 open live-tally streams.

    .venv/bin/python bench/live.py [--entries 8000] [--clerks 4] [--streams 0,100,500] [--repeat 3]

Runs `uvicorn app.main:app` on SQLite with one worker (a hall's laptop), on a CPU of its own
where the machine has two or more (`--no-pin`: shared). For each number of
streams it opens that many `…/live` streams on a new meeting's round, lets `--clerks`
clients enter `--entries` ballots as fast as the service takes them, and prints entries/s
and, over every stream and every ballot, how long after its acknowledgement (which comes
after its commit) the stream showed it: p50 / p95 / max.
Each run has a fresh server and database, warmed up by an unreported meeting; the stream
counts are run in turn `--repeat` times (0, 100, 500, 0, 100, 500, …) and each line gives
the median rate, so a slow first run or a passing load on the machine does not decide it.
Targets (issue 12): 500 streams cost ≤ 10 % of the throughput with none, and p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import selectors
import shutil
import socket
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


def screens(base: str, path: str, token: str, n: int, goal: int, conn: Connection_) -> None:
    """In a process of its own (the clerks' loop must not wait for 500 screens): open `n`
    streams, say when they are open, and send back what each saw and when. One plain
    selector loop and a regular expression over the bytes (no asyncio, no json): the screens
    are other devices in a hall, so they should take as little of this machine as they can."""
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path}?token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    socks: list[socket.socket] = []
    for _ in range(n):
        sock = socket.create_connection((host, int(port)))
        sock.sendall(request)
        socks.append(sock)
    rests: dict[int, bytes] = {}
    for sock in socks:  # every answer has begun: the streams are open
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
        rests[sock.fileno()] = head.split(b"\r\n\r\n", 1)[1]
        sock.setblocking(False)
    conn.send("open")
    cpu = time.process_time()
    seen: dict[int, list[tuple[float, int]]] = {s.fileno(): [] for s in socks}
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + 120
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(1.0):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                fd = sock.fileno()
                data = rests[fd] + sock.recv(262144)
                events = data.split(b"\n\n")
                rests[fd] = events.pop()  # (an event cut in two by the network: wait for it)
                now = time.monotonic()
                for event in events:
                    found = ENTERED.search(event)
                    if found:
                        seen[fd].append((now, int(found.group(1))))
                if (seen[fd] and seen[fd][-1][1] >= goal) or not data:
                    selector.unregister(sock)
                    sock.close()
    conn.send(([seen[fd] for fd in seen], time.process_time() - cpu))


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
    parser.add_argument("--entries", type=int, default=8000)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--streams", default="0,100,500")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pin", action="store_true",
                        help="let the server share every CPU with the clerks and screens")
    args = parser.parse_args()
    counts = [int(x) for x in args.streams.split(",")]
    print(f"SQLite, 1 worker: {args.entries} ballots from {args.clerks} clerks")
    # One meeting's token opens every stream here; a real hall's screens are few per token.
    os.environ["JIPIAO_LIVE_STREAMS_PER_TOKEN"] = str(max(counts) + 1)
    rates: dict[int, list[float]] = {n: [] for n in counts}
    delays: dict[int, list[float]] = {n: [] for n in counts}
    # The databases in memory (/dev/shm) where there is one: this measures what the streams
    # cost the server, and a disk's varying fsync would hide it (±15 % from run to run).
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    # The server on a core of its own, the clerks and the screens on the others: they stand
    # for other devices in the hall, and on a small machine they would otherwise take the
    # server's CPU in proportion to the screens (the cost measured would be the bench's own).
    server_cpus: set[int] | None = None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2 and not args.no_pin:
        server_cpus = {cpus[0]}
        os.sched_setaffinity(0, cpus[1:])
        print(f"server on CPU {cpus[0]}, clerks and screens on CPU {cpus[1:]}")
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        template = Path(tmp, "template.db")
        migrate(f"sqlite:///{template}")
        for run in range(args.repeat):
            for n in counts:
                # Each run on a fresh server and database, warmed up by an unreported meeting:
                # a hall's laptop serves one meeting, and a database grown by the runs before
                # would make every later run slower than the first.
                db = Path(tmp, f"run{run}-{n}.db")
                shutil.copy(template, db)
                with server(f"sqlite:///{db}", 1, server_cpus) as base:
                    case(base, min(args.entries, 300), args.clerks, 0)
                    rate, seen = case(base, args.entries, args.clerks, n)
                rates[n].append(rate)
                delays[n].extend(seen)
                db.unlink()
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
