"""Against a real server process: the same entry sent 100 times at once counts once, and every
acknowledged entry survives `kill -9` of the server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from meetingkit import Meeting, ok
from serverkit import Server

pytestmark = pytest.mark.slow


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    srv = Server(database_url).start()
    yield srv
    srv.stop()


def counting_meeting(http: httpx.Client, returned: int) -> tuple[Meeting, int]:
    m = Meeting.create(http)
    for name in ("王一", "李二", "张三", "刘四"):
        m.candidate(name)
    m.roll(returned)
    rnd = m.open_counting(m.first_round(), issued=returned)
    return m, int(rnd["id"])


def test_the_same_entry_sent_100_times_at_once_counts_once(server: Server) -> None:
    limits = httpx.Limits(max_connections=100)
    with httpx.Client(base_url=server.base_url, limits=limits, timeout=60) as http:
        m, rid = counting_meeting(http, returned=5)
        body = {"entry_id": "same-1", "marks": {"member": {"c01": "yes"}}}
        barrier = threading.Barrier(100)

        def send(_: int) -> httpx.Response:
            barrier.wait()
            return m.call("POST", f"/rounds/{rid}/entries", "teller", json=body)

        with ThreadPoolExecutor(100) as pool:
            responses = list(pool.map(send, range(100)))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 99 + [201]
        assert len({r.text for r in responses}) == 1
        entries = ok(m.call("GET", f"/rounds/{rid}/entries"))
        assert [e["entry_id"] for e in entries] == ["same-1"]
        assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == 1


def test_acknowledged_entries_survive_kill_9(database_url: str) -> None:
    server = Server(database_url).start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            m, rid = counting_meeting(http, returned=400)
            acknowledged: list[str] = []
            sent: list[str] = []
            stop = threading.Event()

            def clerk(n: int) -> None:
                for i in range(100):
                    if stop.is_set():
                        return
                    entry_id = f"k{n}-{i}"
                    sent.append(entry_id)
                    try:
                        response = m.call("POST", f"/rounds/{rid}/entries", "teller", json={
                            "entry_id": entry_id, "marks": {"member": {"c01": "yes"}}})
                    except httpx.HTTPError:
                        return
                    if response.status_code == 201:
                        acknowledged.append(entry_id)

            clerks = [threading.Thread(target=clerk, args=(n,)) for n in range(4)]
            for t in clerks:
                t.start()
            while len(acknowledged) < 40:
                threading.Event().wait(0.01)
            server.kill()  # mid-entry: the clerks are still sending
            stop.set()
            for t in clerks:
                t.join()
        assert len(acknowledged) >= 40

        server = Server(database_url).start()
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            m.client = http
            stored = {e["entry_id"] for e in ok(m.call("GET", f"/rounds/{rid}/entries"))}
            assert set(acknowledged) <= stored
            # Re-sending everything the clerks sent is safe: nothing counts twice.
            for entry_id in sent:
                response = m.call("POST", f"/rounds/{rid}/entries", "teller", json={
                    "entry_id": entry_id, "marks": {"member": {"c01": "yes"}}})
                assert response.status_code == (200 if entry_id in stored else 201)
            assert ok(m.call("GET", f"/rounds/{rid}"))["entered"] == len(set(sent))
    finally:
        server.stop()


def test_the_board_stream_sends_each_new_entry(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        m, rid = counting_meeting(http, returned=2)
        url = m.url(f"/rounds/{rid}/live?token={m.tokens['observer']}")
        with http.stream("GET", url) as stream:
            events = (line for line in stream.iter_lines() if line.startswith("data: "))
            first = json.loads(next(events).removeprefix("data: "))
            assert (first["entered"], first["final"]) == (0, False)
            m.enter(rid, {"member": {"c01": "yes"}})
            second = json.loads(next(events).removeprefix("data: "))
            assert second["entered"] == 1
            rows = {r["id"]: r["yes"] for r in second["posts"]["member"]["tally"]}
            assert rows["c01"] == 1
