"""A county day through the HTTP API (CAMPAIGN.md §4, issue 11), on PostgreSQL with 4 workers.

    .venv/bin/python bench/county.py [--units 300] [--live 60] [--clerks 4] [--ballots 150]
                                     [--pace 0 [3 …]] [--poll 1] [--against PATH]

Sets up a county of `--units` 村/社区 in 10 乡镇, each with 3 elections (党组织 direct,
村委会, 监委会; rolls of 50–2,000 voters): all counted by 正字 totals except `--live`
村委会 rounds, which are then entered ballot by ballot by `--clerks` clerks each, all at once,
while a 县 viewer polls the board and the statistics. Prints entries/s and p50/p99 of the
entries, the board's and the statistics' refresh times under that load and idle, and the
county summary xlsx's time. Targets: entry p99 ≤ 50 ms; board and statistics for 900
elections ≤ 200 ms; summary xlsx ≤ 2 s.

`--against PATH` compares this checkout's service with another's (e.g. a `git worktree` of
main) on the same database and county: each entry run is made on both, one after the other,
on fresh rounds, so both see the same machine state.

On a shared machine the bench (client and server) may be paused (SIGSTOP) or starved for
minutes: requests wait for as long as that takes instead of failing (a 120 s read timeout
ended the 300-unit set-up at one such pause), and the client's own stalls are printed with
each figure, so a figure spoilt by one is seen as such.

Beside the client's figures each entry run prints where the time went: the client's own
event-loop lateness (inside every latency it measures), the workers' own times per request
and per step of the entry writer, their event loops' lateness and GC pauses (app/timing.py,
JIPIAO_TIMING_DIR; a service without it prints none), and PostgreSQL's WAL syncs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import POSTGRES_URL, Connection, migrate, postgres_schema, server, server_cpu
from sqlalchemy import create_engine, text

# Set-up requests wait out a paused or starved machine; only connecting must be quick.
TIMEOUT = httpx.Timeout(30.0, read=1800.0)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "秀英", "伟", "芳", "强", "静", "军", "丽", "磊", "敏", "涛", "霞")


def ok(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        raise RuntimeError(f"{response.request.method} {response.request.url}: "
                           f"{response.status_code} {response.text[:300]}")
    return response.json() if response.content else None


class Api:
    def __init__(self, base: str) -> None:
        self.base = base
        self.local = threading.local()

    @property
    def http(self) -> httpx.Client:
        if not hasattr(self.local, "http"):
            self.local.http = httpx.Client(base_url=self.base, timeout=TIMEOUT)
        client: httpx.Client = self.local.http
        return client

    def call(self, method: str, path: str, token: str, body: Any = None) -> Any:
        return ok(self.http.request(method, path, json=body,
                                    headers={"Authorization": f"Bearer {token}"}))


def hold(api: Api, eid: int, tokens: dict[str, str], totals: dict[str, Any] | None,
         voted: int) -> int:
    """First round through quorum, issue, return; counted from `totals` when given."""
    url, org = f"/api/v1/elections/{eid}", tokens["organiser"]
    rid = api.call("POST", url + "/rounds", org, {})["id"]
    api.call("POST", f"{url}/rounds/{rid}/quorum", org)
    api.call("POST", f"{url}/rounds/{rid}/issue", org, {"ballots_issued": voted})
    api.call("POST", f"{url}/rounds/{rid}/return", org, {"ballots_returned": voted})
    if totals is not None:
        api.call("PUT", f"{url}/rounds/{rid}/totals", tokens["teller"], {"totals": totals})
        api.call("POST", f"{url}/rounds/{rid}/count", tokens["scrutineer"])
    return int(rid)


def village(api: Api, county_token: str, town: int, n: int, live: bool,
            ballots: int) -> dict[str, Any] | None:
    rng = random.Random(n)
    unit = api.call("POST", f"/api/v1/units/{town}/units", county_token,
                    {"name": f"第{n:03d}村", "kind": "village"})["id"]

    def election(body: str, posts: list[dict[str, Any]], rules: dict[str, Any] | None = None
                 ) -> tuple[int, dict[str, str]]:
        made = api.call("POST", f"/api/v1/units/{unit}/elections", county_token, {
            "title": f"第{n:03d}村{body}", "body": body, "rules": rules or {}, "posts": posts})
        return int(made["id"]), made["tokens"]

    people = []
    eid, tokens = election("villagers_committee", [
        {"id": "chair", "name": "主任", "seats": 1},
        {"id": "vice_chair", "name": "副主任", "seats": 1},
        {"id": "member", "name": "委员", "seats": 1}])
    url = f"/api/v1/elections/{eid}"
    for i in range(8):
        people.append(api.call("POST", url + "/people", tokens["organiser"], {
            "name": SURNAMES[(n + i) % 20] + GIVEN[(n * 3 + i) % 12] + "一二三四五六七八"[i],
            "gender": "F" if i % 3 == 1 else "M",
            "birth_date": f"{rng.randint(1965, 1998)}-0{rng.randint(1, 9)}-1{i}",
            "ethnicity": "汉族", "education": ("初中", "大专", "本科")[i % 3],
            "political_status": "中共党员" if i % 2 == 0 else "群众"})["id"])
    cands = [api.call("POST", url + "/candidates", tokens["organiser"],
                      {"person_id": people[i], "posts": [post]})["id"]
             for i, post in enumerate(("chair", "chair", "vice_chair", "vice_chair", "member",
                                       "member"))]
    registered = ballots + 10 if live else rng.randint(50, 2000)
    api.call("POST", url + "/voters", tokens["organiser"], {"voters": [
        {"name": f"选民{i:04d}", "status": "registered"} for i in range(registered)]})
    voted = ballots if live else registered * 4 // 5
    half = voted // 2
    totals = None if live else {
        "chair": {"invalid": 0, "yes": {cands[0]: half + 5, cands[1]: half - 10}},
        "vice_chair": {"invalid": 0, "yes": {cands[2]: half + 3, cands[3]: half - 10}},
        "member": {"invalid": 0, "yes": {cands[4]: half + 2, cands[5]: half - 10}}}
    committee_round = hold(api, eid, tokens, totals, voted)
    # 党组织 (direct) and 监委会, counted by totals.
    pid, ptokens = election("party_branch", [{"id": "secretary", "name": "书记", "seats": 1},
                                             {"id": "member", "name": "委员", "seats": 3}],
                            {"secretary_mode": "direct"})
    purl = f"/api/v1/elections/{pid}"
    pc = [api.call("POST", purl + "/candidates", ptokens["organiser"], {
        "person_id": people[i], "member_status": "full",
        "posts": ["secretary", "member"] if i == 0 else ["member"]})["id"]
        for i in (0, 2, 4, 6)]
    members = rng.randint(20, 60)
    voters = api.call("POST", purl + "/voters", ptokens["organiser"], {"voters": [
        {"name": f"党员{i:03d}", "status": "full"} for i in range(members)]})
    api.call("POST", purl + "/sign-ins", ptokens["organiser"],
             {"voter_ids": [v["id"] for v in voters]})
    hold(api, pid, ptokens, {
        "secretary": {"invalid": 0, "yes": {pc[0]: members - 1}},
        "member": {"invalid": 0, "yes": {pc[0]: members - 2, pc[1]: members - 3,
                                         pc[2]: members - 4, pc[3]: 1}}}, members)
    sid, stokens = election("supervisory_committee", [
        {"id": "chair", "name": "主任", "seats": 1}, {"id": "member", "name": "委员", "seats": 2}])
    surl = f"/api/v1/elections/{sid}"
    sc = [api.call("POST", surl + "/candidates", stokens["organiser"],
                   {"person_id": people[i], "posts": [post]})["id"]
          for i, post in ((1, "chair"), (3, "member"), (5, "member"), (7, "member"))]
    reps = api.call("POST", surl + "/voters", stokens["organiser"], {"voters": [
        {"name": f"代表{i:02d}", "status": "registered"} for i in range(30)]})
    api.call("POST", surl + "/sign-ins", stokens["organiser"],
             {"voter_ids": [v["id"] for v in reps]})
    hold(api, sid, stokens, {
        "chair": {"invalid": 0, "yes": {sc[0]: 28}},
        "member": {"invalid": 0, "yes": {sc[1]: 27, sc[2]: 26, sc[3]: 3}}}, 30)
    if not live:
        return None
    clerks = [api.call("POST", url + "/tokens", tokens["organiser"],
                       {"role": "teller", "label": f"计票人{k}"})["token"] for k in range(4)]
    return {"eid": eid, "round": committee_round, "cands": cands, "clerks": clerks,
            "scrutineer": tokens["scrutineer"], "ballots": voted}


async def enter_all(base: str, live: list[dict[str, Any]], clerks: int,
                    pace: float = 0.0, lags: list[float] | None = None) -> list[float]:
    """Every live election's ballots, `clerks` connections each entering their share, each
    clerk as fast as answered (`pace` 0) or one ballot every `pace` seconds (a person reading
    a ballot out and marking it takes a few seconds)."""
    latencies: list[float] = []
    lags = [] if lags is None else lags

    async def clerk(e: dict[str, Any], k: int) -> None:
        conn = await Connection.open(base)
        if pace:
            # Clerks in 60 halls do not start on the same tick: each begins at its own moment
            # in the first `pace` seconds (all at once, every ballot came in a burst of 240
            # every `pace` seconds, and the burst's queue was measured, not the service).
            await asyncio.sleep(random.Random(e["eid"] * 8 + k).uniform(0, pace))
        path = f"/api/v1/elections/{e['eid']}/rounds/{e['round']}/entries"
        headers = {"Authorization": f"Bearer {e['clerks'][k % len(e['clerks'])]}",
                   "Content-Type": "application/json"}
        c = e["cands"]
        for i in range(k, e["ballots"], clerks):
            marks = {"chair": {c[0 if i % 4 else 1]: "yes"}, "vice_chair": {c[2]: "yes"},
                     "member": {c[4 + (i % 3 == 0)]: "yes"}}
            body = json.dumps({"entry_id": f"k{k}-{i}", "marks": marks}).encode()
            start = time.perf_counter()
            status, answer = await conn.request("POST", path, headers, body)
            latencies.append(time.perf_counter() - start)
            if status >= 300:
                raise RuntimeError(f"{status}: {answer.decode()[:300]}")
            if pace:
                await asyncio.sleep(max(0.0, pace - (time.perf_counter() - start)))
        conn.close()

    ticking = asyncio.ensure_future(tick(lags))
    await asyncio.gather(*(clerk(e, k) for e in live for k in range(clerks)))
    ticking.cancel()
    return latencies


async def tick(lags: list[float]) -> None:
    """How late the client's own event loop runs a 5 ms sleep: time inside every latency
    it measures that the server did not spend."""
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(time.perf_counter() - before - 0.005)


class Stalls:
    """Gaps in a 10 ms tick of the client: the bench paused (SIGSTOP) or starved of CPU."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()

    def _tick(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(0.01):
            now = time.monotonic()
            if now - last > 0.25:
                self.gaps.append(now - last)
            last = now

    def since(self, mark: int) -> str:
        gaps = self.gaps[mark:]
        if not gaps:
            return "client never stalled ≥ 250 ms"
        return (f"CLIENT STALLED {len(gaps)}× ≥ 250 ms, longest {max(gaps):.1f} s, "
                f"{sum(gaps):.1f} s in all (machine paused or starved)")


def timed(fn: Any, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def ms(values: list[float], what: str = "requests") -> str:
    q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    return f"p50 {q[49] * 1000:7.1f} ms   p99 {q[98] * 1000:7.1f} ms   ({len(values)} {what})"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(bases: dict[str, str], args: argparse.Namespace) -> None:
    """`bases`: the service(s) to measure by name; the first one sets the county up."""
    base = next(iter(bases.values()))
    stalls = Stalls()
    api = Api(base)
    county = ok(httpx.post(base + "/api/v1/units", json={"name": "性能测试县", "kind": "county"},
                           timeout=TIMEOUT))
    cid, token = county["id"], county["tokens"]["organiser"]
    viewer = county["tokens"]["viewer"]
    towns = [api.call("POST", f"/api/v1/units/{cid}/units", token,
                      {"name": f"第{t:02d}镇", "kind": "township"})["id"] for t in range(10)]
    start = time.perf_counter()
    # One set of live rounds per entry run, each run on fresh rounds.
    wanted = args.live * len(args.pace) * len(bases)
    live_at = set(range(0, args.units, max(1, args.units // wanted))[:wanted]) if wanted else set()
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda n: village(api, token, towns[n % 10], n, n in live_at,
                                               args.ballots), range(args.units)))
    live = [m for m in made if m is not None]
    print(f"set-up: {args.units} 村 × 3 elections ({3 * args.units}), {len(live)} rounds to "
          f"enter, in {time.perf_counter() - start:.0f} s; load average {load()}; "
          f"{stalls.since(0)}", flush=True)
    batches = iter(range(0, wanted, args.live))
    for pace in args.pace:
        for name, at in bases.items():
            k = next(batches)
            if len(bases) > 1:
                print(f"[{name}]", end=" ")
            entry_run(Api(at), at, cid, viewer, live[k:k + args.live], args.clerks, pace,
                      args.poll, stalls)
    for e in live:
        api.call("POST", f"/api/v1/elections/{e['eid']}/rounds/{e['round']}/count",
                 e["scrutineer"])
    mark = len(stalls.gaps)
    board = api.call("GET", f"/api/v1/units/{cid}/board", viewer)
    stages = {s["stage"]: s["elections"] for s in board["stages"]}
    print(f"after the count: {board['elections']} elections, done {stages['done']}")
    print(f"  board (idle):               {ms(timed(lambda: api.call('GET', f'/api/v1/units/{cid}/board', viewer), 20))}")  # noqa: E501
    print(f"  statistics (idle):          {ms(timed(lambda: api.call('GET', f'/api/v1/units/{cid}/statistics', viewer), 20))}")  # noqa: E501
    xlsx = timed(lambda: api.http.get(f"/api/v1/units/{cid}/reports/summary.xlsx",
                                      headers={"Authorization": f"Bearer {viewer}"}), 5)
    print(f"  summary xlsx:               best {min(xlsx) * 1000:7.1f} ms   "
          f"worst {max(xlsx) * 1000:7.1f} ms   (5 requests)")
    print(f"  load average {load()}; {stalls.since(mark)}", flush=True)


FORK = multiprocessing.get_context("fork")


def viewer_polls(base: str, cid: int, viewer: str, every: float, done: Any, out: Any) -> None:
    """A 县 viewer reading the board and the statistics every `every` seconds until `done`;
    sends back the two lists of times."""
    api, board, stats = Api(base), [], []
    while every and not done.is_set():
        board += timed(lambda: api.call("GET", f"/api/v1/units/{cid}/board", viewer), 1)
        stats += timed(lambda: api.call("GET", f"/api/v1/units/{cid}/statistics", viewer), 1)
        done.wait(every)
    out.send((board, stats))


def entry_run(api: Api, base: str, cid: int, viewer: str, live: list[dict[str, Any]],
              clerks: int, pace: float, every: float, stalls: Stalls) -> None:
    """`live`'s ballots entered at once while a 县 viewer polls the board and statistics."""
    mark = len(stalls.gaps)
    # The viewer polls from a process of its own: in a thread of this one it waited for the
    # GIL behind 240 clerks' event loop, and that wait was measured as the board's time.
    done = FORK.Event()
    results, sent = FORK.Pipe(duplex=False)
    poller = FORK.Process(target=viewer_polls, args=(base, cid, viewer, every, done, sent))
    poller.start()
    begin, cpu, wall = time.perf_counter(), server_cpu(base), time.time()
    wal = wal_syncs()
    lags: list[float] = []
    latencies = asyncio.run(enter_all(base, live, clerks, pace, lags))
    elapsed, cpu = time.perf_counter() - begin, server_cpu(base) - cpu
    done.set()
    board_under_load, stats_under_load = results.recv()
    poller.join()
    how = f"one ballot every {pace:g} s each" if pace else "as fast as answered"
    print(f"ballot entry: {len(live)} elections × {clerks} clerks, {how}: "
          f"{len(latencies) / elapsed:6.0f} entries/s   {ms(latencies)}")
    print(f"  server CPU: {cpu:.1f} s in {elapsed:.1f} s ({1000 * cpu / len(latencies):.2f} ms "
          f"per entry, board and statistics polls included); load average {load()}")
    print(f"  {stalls.since(mark)}")
    syncs, sync_ms = (b - a for a, b in zip(wal, wal_syncs(), strict=True))
    print(f"  client loop late: {ms(lags, 'ticks')}, longest {1000 * max(lags):.0f} ms")
    print(f"  PostgreSQL WAL: {syncs:.0f} syncs ({syncs / elapsed:.0f}/s), "
          f"{sync_ms / max(syncs, 1):.2f} ms each on average")
    if TIMING.get(base):
        time.sleep(1.5)  # the workers write their logs out every second
        print(server_times(TIMING[base], wall, wall + elapsed))
    if board_under_load:
        print(f"  board while counting:       {ms(board_under_load)}")
        print(f"  statistics while counting:  {ms(stats_under_load)}")
    else:
        print("  (no viewer polling the board and statistics)", flush=True)


def wal_syncs() -> tuple[float, float]:
    """PostgreSQL's WAL syncs so far, and their milliseconds (the server's connections
    time them: track_wal_io_timing in their options)."""
    engine = create_engine(POSTGRES_URL)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT wal_sync, wal_sync_time FROM pg_stat_wal")).one()
    engine.dispose()
    return float(row[0]), float(row[1])


TIMING: dict[str, Path] = {}  # base URL → its workers' timing folder (app/timing.py)


def server_times(folder: Path, start: float, end: float) -> str:
    """The workers' own figures between `start` and `end` (wall clock)."""
    took: dict[str, list[float]] = {}
    for path in folder.glob("*.tsv"):
        for line in path.read_text().splitlines():
            kind, at, seconds, *what = line.split("\t")
            if start <= float(at) <= end:
                took.setdefault(kind if kind != "request" else what[0], []).append(float(seconds))
                if kind == "gc" and what[0] == "2":
                    took.setdefault("gc2", []).append(float(seconds))
    out = [f"  server {kind}: {ms(values, 'times')}" for kind, values in sorted(took.items())
           if kind.startswith(("POST", "GET", "writer")) and len(values) > 1]
    lags, gcs, full = took.get("lag", []), took.get("gc", []), took.get("gc2", [])
    out.append(f"  worker loops late > 2 ms: {len(lags)}×, {sum(lags):.2f} s in all, "
               f"> 20 ms {sum(x > 0.02 for x in lags)}×, longest "
               f"{1000 * max(lags, default=0):.0f} ms")
    out.append(f"  GC: {len(gcs)} collections, {sum(gcs):.2f} s in all, longest "
               f"{1000 * max(gcs, default=0):.0f} ms; full: {len(full)}, {sum(full):.2f} s in all")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--live", type=int, default=60)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--ballots", type=int, default=150)
    parser.add_argument("--poll", type=float, default=1.0,
                        help="seconds between a 县 viewer's board and statistics reads while "
                             "ballots are entered (0: no viewer)")
    parser.add_argument("--against", type=Path,
                        help="another checkout whose service is measured beside this one's")
    parser.add_argument("--pace", type=float, nargs="+", default=[0.0],
                        help="seconds between one clerk's ballots (0: as fast as answered); "
                             "several values: one entry run each, on fresh rounds")
    args = parser.parse_args()
    with postgres_schema() as url:
        if url is None:
            return 0
        migrate(url)
        url += "%20-ctrack_wal_io_timing%3Don"
        with (tempfile.TemporaryDirectory() as mine, tempfile.TemporaryDirectory() as theirs,
              server(url, 4, timing=Path(mine)) as base):
            TIMING[base] = Path(mine)
            if args.against is None:
                run({"this": base}, args)
            else:
                with server(url, 4, root=args.against.resolve(), timing=Path(theirs)) as other:
                    TIMING[other] = Path(theirs)
                    run({"this": base, str(args.against): other}, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
