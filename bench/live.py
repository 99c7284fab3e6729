"""The live board under load: what 100 and 500 open live-tally streams cost ballot entry.

    .venv/bin/python bench/live.py [--entries 20000] [--clerks 4] [--streams 100,500]
                                   [--hold 3] [--repeat 1] [--no-pin]

Runs `uvicorn app.main:app` on SQLite with one worker (a hall's laptop), on a CPU of its own
where the machine has two or more (`--no-pin`: shared). For each number of streams N, on a
fresh server and a new meeting, `--clerks` clients enter `--entries` ballots as fast as the
service takes them while the screens take turns: N streams open for `--hold` seconds, then
none for as long, and again, to the end. Each phase's entries/s is counted from the
acknowledgements inside it (the seconds of opening and closing left out), and each phase
with streams is set against the mean of the phases without on either side of it.

Alternating on one server is what makes the figure stand: runs on separate servers moved by
±10–25 % from one to the next on the same code (the group commit's batches, the machine), more
than the cost being measured; neighbouring phases of one run share all of that.

Prints, per N: entries/s with none and with N streams (median phase), the cost (median of the
paired phases, and the spread), and, over every stream and every ballot, how long after its
acknowledgement (which comes after its commit) the stream showed it: p50 / p95 / max.
Targets (issue 12): 500 streams cost ≤ 10 % of the throughput with none, and p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import MARKS, Connection, migrate, server, server_cpu, setup_meeting

ENTERED = re.compile(rb'"entered":(\d+)')
Connection_ = Any  # a multiprocessing connection


def screens(base: str, path: str, token: str, n: int, hold: float, conn: Connection_) -> None:
    """In a process of its own (the clerks' loop must not wait for 500 screens): until told to
    stop, open `n` streams, read them for `hold` seconds, close them, wait `hold` seconds.
    Sends back each phase's times and what each stream saw and when. One plain selector
    loop and a regular expression over the bytes (no asyncio, no json): the screens are other
    devices in a hall, so they should take as little of this machine as they can."""
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path}?token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    cpu = time.process_time()
    phases: list[tuple[float, float, float]] = []  # (opening began, all open, closed)
    sightings: list[list[list[tuple[float, int]]]] = []  # per phase, per stream
    conn.send("ready")
    while not conn.poll():
        began = time.monotonic()
        socks = [socket.create_connection((host, int(port))) for _ in range(n)]
        for sock in socks:
            sock.sendall(request)
        rests: dict[int, bytes] = {}
        for sock in socks:  # every answer has begun: the streams are open
            head = b""
            while b"\r\n\r\n" not in head:
                head += sock.recv(65536)
            rests[sock.fileno()] = head.split(b"\r\n\r\n", 1)[1]
            sock.setblocking(False)
        opened = time.monotonic()
        seen: dict[int, list[tuple[float, int]]] = {s.fileno(): [] for s in socks}
        with selectors.DefaultSelector() as selector:
            for sock in socks:
                selector.register(sock, selectors.EVENT_READ)
            while time.monotonic() < opened + hold and not conn.poll():
                for key, _ in selector.select(0.2):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    fd = sock.fileno()
                    data = rests[fd] + sock.recv(262144)
                    events = data.split(b"\n\n")
                    rests[fd] = events.pop()  # (an event cut in two by the network: wait)
                    now = time.monotonic()
                    for event in events:
                        found = ENTERED.search(event)
                        if found:
                            seen[fd].append((now, int(found.group(1))))
        for sock in socks:
            sock.close()
        phases.append((began, opened, time.monotonic()))
        sightings.append(list(seen.values()))
        conn.poll(hold)
    conn.send((phases, sightings, time.process_time() - cpu))


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


@dataclass
class Alternated:
    none: list[float]  # entries/s of each phase without streams
    some: list[float]  # … with them
    costs: list[float]  # 1 - a phase with streams / the mean of its neighbours without
    delays: list[float]


def case(base: str, entries: int, n_clerks: int, streams: int, hold: float) -> Alternated:
    path, teller = setup_meeting(base, entries)
    live_path = path.removesuffix("/entries") + "/live"
    token = teller["Authorization"].removeprefix("Bearer ")  # any role of the meeting reads
    mine, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=screens,
                                    args=(base, live_path, token, streams, hold, theirs))
    child.start()
    assert mine.recv() == "ready"
    cpu = server_cpu(base)
    elapsed, acked = asyncio.run(clerks(base, path, teller, entries, n_clerks))
    cpu = server_cpu(base) - cpu
    mine.send("stop")
    phases, sightings, screen_cpu = mine.recv()
    child.join()
    print(f"    ({streams} streams by turns: the server used {cpu / elapsed:.0%} of a core,"
          f" {1000 * cpu / entries:.2f} ms of CPU per entry; the screens {screen_cpu:.1f} s"
          f" of CPU in {elapsed:.1f} s; opening the streams took"
          f" {statistics.median(o - b for b, o, _ in phases):.2f} s)", flush=True)
    times = sorted(acked.values())

    def rate(start: float, end: float) -> float | None:
        if end - start < hold / 2:  # (the clerks began or finished inside it)
            return None
        done = bisect.bisect_left(times, end) - bisect.bisect_left(times, start)
        return done / (end - start)

    settle = 0.6  # s after opening or closing: the server is still taking streams in or out
    first, last = times[0], times[-1]
    some = [rate(max(o + settle, first), min(c, last)) for _, o, c in phases]
    # Without streams: before the first phase, and from each phase's closing to the next
    # one's opening (or the end).
    ends = [c + settle for _, _, c in phases]
    starts = [b for b, _, _ in phases[1:]] + [last]
    none = [rate(first, min(phases[0][0], last))] + [
        rate(max(e, first), min(b, last)) for e, b in zip(ends, starts, strict=True)]
    costs = []
    for k, with_streams in enumerate(some):  # none[k] is before phase k, none[k + 1] after
        neighbours = [r for r in none[k:k + 2] if r is not None]
        if with_streams is not None and neighbours:
            costs.append(1 - with_streams / statistics.mean(neighbours))
    # Delays of the entries acknowledged while every stream was open (one opened later first
    # shows what was entered before it, which is no delay of the board's).
    delays: list[float] = []
    by_position = sorted(acked.items())
    for (_, o, c), seen_by in zip(phases, sightings, strict=True):
        inside = {k: t for k, t in by_position if o + settle <= t <= c}
        for seen in seen_by:
            shown = 0
            for t, entered in seen:
                for k in range(shown + 1, entered + 1):
                    if k in inside:
                        delays.append(max(0.0, t - inside[k]))
                shown = max(shown, entered)
    return Alternated([r for r in none if r is not None], [r for r in some if r is not None],
                      costs, delays)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--streams", default="100,500")
    parser.add_argument("--hold", type=float, default=3.0,
                        help="seconds with the streams open, then as long without")
    parser.add_argument("--repeat", type=int, default=1, help="runs (servers) per number")
    parser.add_argument("--no-pin", action="store_true",
                        help="let the server share every CPU with the clerks and screens")
    args = parser.parse_args()
    counts = [int(x) for x in args.streams.split(",")]
    print(f"SQLite, 1 worker: {args.entries} ballots from {args.clerks} clerks; streams open"
          f" {args.hold:g} s, then none for {args.hold:g} s, by turns")
    # One meeting's token opens every stream here; a real hall's screens are few per token.
    os.environ["JIPIAO_LIVE_STREAMS_PER_TOKEN"] = str(max(counts) + 1)
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
    results: dict[int, list[Alternated]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        template = Path(tmp, "template.db")
        migrate(f"sqlite:///{template}")
        for run in range(args.repeat):
            for n in counts:
                db = Path(tmp, f"run{run}-{n}.db")
                shutil.copy(template, db)
                with server(f"sqlite:///{db}", 1, server_cpus) as base:
                    # warmed up by an unreported meeting (a first request is slow)
                    path, teller = setup_meeting(base, 300)
                    asyncio.run(clerks(base, path, teller, 300, args.clerks))
                    results[n].append(case(base, args.entries, args.clerks, n, args.hold))
                db.unlink()
    for n in counts:
        none = [r for a in results[n] for r in a.none]
        some = [r for a in results[n] for r in a.some]
        costs = sorted(100 * c for a in results[n] for c in a.costs)
        delays = [d for a in results[n] for d in a.delays]
        print(f"  {n:>4} streams: {statistics.median(some):5.0f} entries/s against"
              f" {statistics.median(none):5.0f} with none: cost {statistics.median(costs):+5.1f} %"
              f" (median of {len(costs)} paired phases; middle half"
              f" {costs[len(costs) // 4]:+.1f} … {costs[(3 * len(costs)) // 4]:+.1f} %)")
        if delays:
            q = statistics.quantiles(delays, n=100)
            print(f"        shown after p50 {q[49] * 1000:4.0f} ms, p95 {q[94] * 1000:4.0f} ms,"
                  f" max {max(delays) * 1000:4.0f} ms ({len(delays)} sightings)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
