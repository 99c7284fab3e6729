"""The live board at scale (issue: 20 open streams starved ballot entry): one producer per
round per process builds the tally once per change and hands it to every screen; entries are
announced after their commit (and, on PostgreSQL, to the other worker processes by NOTIFY);
a token holds a bounded number of streams."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import uvicorn
from meetingkit import Meeting, ok
from serverkit import Server

from app.live import broadcast
from app.live.broadcast import Broadcaster, TooManyStreams
from app.main import create_app
from app.settings import Settings


def fake_engine() -> Any:
    return SimpleNamespace(dialect=SimpleNamespace(name="sqlite"))


class FakeScreen:
    """A screen's connection: what was written to it; `slow` makes every write wait."""

    def __init__(self, slow: asyncio.Event | None = None) -> None:
        self.written: list[bytes] = []
        self.slow = slow

    async def send(self, message: dict[str, Any]) -> None:
        if self.slow is not None:
            await self.slow.wait()
        self.written.append(message["body"])

    def entered(self) -> list[int]:
        return [json.loads(w.split(b"data: ", 1)[1])["entered"] for w in self.written
                if w.startswith(b"event: tally")]


def fake_poll(monkeypatch: Any) -> tuple[list[int], dict[str, int]]:
    polls: list[int] = []
    version = {"n": 0}

    def poll(_engine: Any, _eid: int, rid: int, last: Any, *_kept: Any) -> tuple[Any, Any]:
        polls.append(rid)
        now = (version["n"], "counting", version["n"], 0, 0)
        if now == last:
            return now, None
        return now, {"final": False, "entered": version["n"]}

    monkeypatch.setattr(broadcast, "_poll", poll)
    return polls, version


def run_apart(scenario: Any) -> None:
    """asyncio.run in a thread of its own: Playwright's sync API (the UI tests, in the same
    pytest process) leaves an event loop running in the main thread."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # handed back to the test
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0.01)


def test_one_producer_for_every_screen_and_a_cap_per_token(monkeypatch: Any) -> None:
    polls, version = fake_poll(monkeypatch)

    async def scenario() -> None:
        hub = Broadcaster(fake_engine(), check_seconds=30.0, streams_per_token=20)
        screens = [hub.subscribe(1, 7, f"token-{i % 5}") for i in range(60)]
        conns = [FakeScreen() for _ in screens]
        await settle()
        for screen, conn in zip(screens, conns, strict=True):
            hub.open(screen, conn.send)
        assert len({id(s.shown) for s in screens}) == 1  # the same text, built once, for all 60
        before = len(polls)
        version["n"] = 1
        hub.changed(7)  # as the entry writer does after its commit
        await settle()
        assert all(c.entered() == [0, 1] for c in conns)
        assert len(polls) - before == 1  # one database read for 60 screens
        with pytest.raises(TooManyStreams):
            for _ in range(20):
                screens.append(hub.subscribe(1, 7, "token-0"))
        for s in screens:
            hub.unsubscribe(s)
            hub.unsubscribe(s)  # idempotent
        assert hub.streams() == 0
        await asyncio.sleep(0)

    run_apart(scenario)


def test_a_slow_screen_holds_up_no_other_and_gets_the_newest_picture(monkeypatch: Any) -> None:
    _polls, version = fake_poll(monkeypatch)

    async def scenario() -> None:
        hub = Broadcaster(fake_engine(), check_seconds=30.0, streams_per_token=20)
        release = asyncio.Event()
        slow, quick = FakeScreen(slow=release), FakeScreen()
        screens = [hub.subscribe(1, 7, "t"), hub.subscribe(1, 7, "t")]
        await settle()
        hub.open(screens[0], slow.send)
        hub.open(screens[1], quick.send)
        for n in (1, 2, 3):
            version["n"] = n
            hub.changed(7)
            await settle()
            await asyncio.sleep(broadcast.PUBLISH_GAP)
        assert quick.entered() == [0, 1, 2, 3]  # not held up by the screen that reads slowly
        assert slow.entered() == []
        release.set()
        await screens[0].drained()
        assert slow.entered() == [0, 3]  # what it missed is skipped: the newest picture
        for s in screens:
            hub.unsubscribe(s)
        await asyncio.sleep(0)

    run_apart(scenario)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    # The producers' own check is made slow, so only an announced change can arrive quickly;
    # PostgreSQL runs two worker processes: an entry taken by one must reach a screen on the
    # other through NOTIFY.
    workers = 2 if database_url.startswith("postgresql") else 1
    srv = Server(database_url, workers=workers,
                 env={"JIPIAO_LIVE_POLL_INTERVAL": "30"}).start()
    yield srv
    srv.stop()


def test_a_screen_sees_every_entry_without_polling(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        m = Meeting.create(http)
        for name in ("王一", "李二", "张三", "刘四"):
            m.candidate(name)
        m.roll(8)
        rid = int(m.open_counting(m.first_round(), issued=8)["id"])
        seen: list[int] = []
        got_first = threading.Event()

        def watch() -> None:
            url = m.url(f"/rounds/{rid}/live?token={m.tokens['observer']}")
            with httpx.stream("GET", server.base_url + url, timeout=60) as stream:
                for line in stream.iter_lines():
                    if line.startswith("data: "):
                        seen.append(int(json.loads(line[6:])["entered"]))
                        got_first.set()
                        if seen[-1] == 8:
                            return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        assert got_first.wait(20)
        for i in range(8):
            with httpx.Client(base_url=server.base_url, timeout=30) as one:  # new connections:
                ok(one.post(m.url(f"/rounds/{rid}/entries"), headers=m.auth("teller"),  # any worker
                            json={"entry_id": f"w-{i}", "marks": {"member": {"c01": "yes"}}}), 201)
        deadline = time.monotonic() + 20  # far below the producers' 30 s own check
        while watcher.is_alive() and time.monotonic() < deadline:
            watcher.join(0.2)
        assert seen and seen[-1] == 8, seen


def test_the_public_page_reads_the_same_broadcast_while_counting(server: Server) -> None:
    # 公开唱票、计票: the phones in the hall read the public page, without a token.
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        m = Meeting.create(http)
        for name in ("王一", "李二", "张三", "刘四"):
            m.candidate(name)
        m.roll(4)
        first = m.first_round()
        public = f"/api/v1/public/elections/{m.eid}/rounds/{first['id']}/live"
        refused = http.get(public)
        assert refused.status_code == 409 and refused.json()["code"] == "not_counting"
        rid = int(m.open_counting(first, issued=4)["id"])
        ok(http.post(m.url(f"/rounds/{rid}/entries"), headers=m.auth("teller"),
                     json={"entry_id": "p-1", "marks": {"member": {"c01": "yes"}}}), 201)
        with httpx.stream("GET", server.base_url + public, timeout=30) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    data = json.loads(line[6:])
                    assert data["entered"] == 1
                    break
        page = http.get(f"/p/{m.eid}")
        assert 'id="public-live"' in page.text and "public.js" in page.text


def test_many_screens_are_redrawn_less_often_within_the_delay_target() -> None:
    # A picture that took 8 ms to build and write (a few hundred screens) waits 0.15 s, not
    # 0.1 s, so pictures take at most 5 % of the process; never more than 0.15 s (a screen
    # still sees an entry within 200 ms, issue 12); a projector alone keeps the 0.1 s redraw.
    assert broadcast.publish_gap(0.004) == broadcast.PUBLISH_GAP == 0.1
    assert broadcast.publish_gap(0.006) == pytest.approx(0.12)
    assert broadcast.publish_gap(0.008) == broadcast.MAX_PUBLISH_GAP == 0.15
    assert broadcast.publish_gap(2.0) == 0.15


def test_under_uvicorn_pictures_go_straight_into_the_connection(settings: Settings) -> None:
    # issue 12: through `send`, 500 screens cost the clerks a third more than the writes
    # themselves. Under uvicorn (httptools) a screen writes each picture as one ready-made
    # chunk; the stream must read exactly as before, and a screen served any other way (the
    # tests' ASGI client, another server) still goes through `send`.
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, http="httptools",
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as http:
            m = Meeting.create(http)
            for name in ("王一", "李二", "张三", "刘四"):
                m.candidate(name)
            m.roll(3)
            rid = int(m.open_counting(m.first_round(), issued=3)["id"])
            url = base + m.url(f"/rounds/{rid}/live?token={m.tokens['observer']}")
            with httpx.stream("GET", url, timeout=30) as stream:
                lines = stream.iter_lines()
                seen = [_entered(lines)]
                screens = [s for r in app.state.broadcaster._rounds.values()
                           for s in r.subscribers]
                assert [s.direct for s in screens] == [True]
                for i in range(3):
                    ok(http.post(m.url(f"/rounds/{rid}/entries"), headers=m.auth("teller"),
                                 json={"entry_id": f"d-{i}",
                                       "marks": {"member": {"c02": "yes"}}}), 201)
                while seen[-1] < 3:
                    seen.append(_entered(lines))
                assert seen == sorted(seen) and seen[0] == 0
    finally:
        server.should_exit = True
        thread.join(30)


def _entered(lines: Iterator[str]) -> int:
    for line in lines:
        if line.startswith("data: "):
            return int(json.loads(line[6:])["entered"])
    raise AssertionError("the stream ended")


def test_a_screen_served_through_send_is_not_written_to_directly(monkeypatch: Any) -> None:
    async def scenario() -> None:
        fake_poll(monkeypatch)
        hub = Broadcaster(fake_engine(), check_seconds=30, streams_per_token=5)
        screen = hub.subscribe(1, 7, "t")
        written = FakeScreen()
        hub.open(screen, written.send)
        await settle()
        assert not screen.direct and written.entered() == [0]
        hub.unsubscribe(screen)

    run_apart(scenario)
