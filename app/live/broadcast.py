"""The live tally fanned out: one producer per round per process, however many screens watch.

A hall has a projector, a 监票人's screen and phones; a county day has hundreds of screens. A
stream never reads the database itself. Each round being watched in this process has one
producer: it builds the tally once per change (`snapshot`) and writes the same bytes to every
screen, which always gets the newest (a slow screen skips what it missed).

A change is announced, not polled for: the entry writer calls `changed(round_id)` after its
commit, and on PostgreSQL, where several worker processes serve one county, it then sends
`NOTIFY jipiao_live` so every process hears it (`PgListener`). Changes made elsewhere
(a correction, the count, a new state) are caught by the producer's own cheap check of the
round's marker every `live_poll_interval` seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import types
from collections import Counter
from collections.abc import Awaitable, Coroutine, Generator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.types import Message, Send

from app.elections.models import Election, Post
from app.elections.service import get_election, posts_of
from app.errors import AppError
from app.live.service import marker, read_marker, snapshot
from app.rounds.models import Round
from app.rounds.service import get_round

log = logging.getLogger(__name__)
CHANNEL = "jipiao_live"  # the PostgreSQL NOTIFY channel; the payload is the round id
PUBLISH_GAP = 0.1  # seconds: the least time between two pictures of one round
# A picture takes the process's CPU from the clerks: building it (about 5 ms) and writing it
# to every screen (500 take about 9 ms). The gap grows so that pictures take at most this
# share of the time, up to MAX_PUBLISH_GAP (a screen still sees an entry within 200 ms,
# issue 12): one projector is redrawn about every 0.1 s, 500 screens every 0.15 s.
PICTURE_SHARE = 0.05
MAX_PUBLISH_GAP = 0.15
KEEP_ALIVE_SECONDS = 15.0  # a comment line to a screen when nothing changed for so long
SLICE = 100  # screens written to in one go (see `_produce`)




class TooManyStreams(AppError):
    status = 429
    code = "too_many_streams"


@dataclass(frozen=True, slots=True)
class Event:
    """One piece of every screen's answer, encoded once for all of them."""

    message: Message  # as the ASGI server takes it
    framed: bytes  # the same as one HTTP/1.1 chunk, for a connection written to directly
    final: bool


def event(chunk: bytes, final: bool = False) -> Event:
    message: Message = {"type": "http.response.body", "body": chunk, "more_body": True}
    return Event(message, b"%x\r\n%s\r\n" % (len(chunk), chunk), final)


KEEP_ALIVE = event(b": keep-alive\n\n")


class Direct:
    """uvicorn's own connection behind a screen's `send` (its httptools protocol, answering in
    chunks). A picture is written to the connection as one chunk framed once for every
    screen: through `send`, each screen cost a coroutine and uvicorn's checks, a third of
    the fan-out's time at 500 screens (issue 12). Only while the connection is plainly
    writable; a paused, closing or finished one is left to `send`, which knows how to wait."""

    def __init__(self, cycle: Any) -> None:
        self._cycle = cycle
        self._transport = cycle.transport

    @classmethod
    def of(cls, send: Send) -> Direct | None:
        cycle = getattr(send, "__self__", None)
        if (type(cycle).__module__ != "uvicorn.protocols.http.httptools_impl"
                or getattr(cycle, "chunked_encoding", None) is not True
                or not getattr(cycle, "response_started", False)
                or getattr(cycle, "scope", {}).get("method") != "GET"):
            return None
        return cls(cycle)

    def write(self, framed: bytes) -> bool:
        """Written (else the caller goes through `send`)."""
        cycle, transport = self._cycle, self._transport
        if (cycle.disconnected or cycle.response_complete or cycle.flow.write_paused
                or transport.is_closing() or transport.get_write_buffer_size()):
            return False
        transport.write(framed)
        return True


class Screen:
    """One open stream. The producer writes each picture straight into the screen's connection:
    no task per screen is woken, which is what let 500 screens slow the clerks down."""

    def __init__(self, round_id: int, token_key: str) -> None:
        self.round_id = round_id
        self.token_key = token_key
        self.closed = False
        self.finished = asyncio.Event()  # the final picture was handed over
        self.shown: Event | None = None  # the newest picture handed over
        self._send: Send | None = None
        self._direct: Direct | None = None
        self._behind: asyncio.Future[None] | None = None  # a write waiting on a slow reader
        self._pending: Message | None = None

    def connect(self, send: Send, latest: Event | None) -> None:
        """The response has started: from now on pictures go to `send`."""
        self._send = send
        self._direct = Direct.of(send)
        if latest is not None:
            self.show(latest)

    @property
    def direct(self) -> bool:
        """Pictures go straight into the server's connection (`Direct`)."""
        return self._direct is not None

    def show(self, event: Event) -> None:
        self.shown = event
        self.write(event)
        if event.final:
            self.finished.set()

    def write(self, event: Event) -> None:
        if self._send is None or self.closed:
            return
        if self._behind is not None:  # a slow reader gets only the newest picture, later
            self._pending = event.message
            return
        if self._direct is not None and self._direct.write(event.framed):
            return
        rest = start_send(self._send, event.message)
        if rest is not None:
            self._behind = asyncio.ensure_future(self._catch_up(rest))

    async def _catch_up(self, rest: Awaitable[None]) -> None:
        assert self._send is not None
        try:
            await rest
            while self._pending is not None and not self.closed:
                message, self._pending = self._pending, None
                await self._send(message)
        finally:
            self._behind = None

    async def drained(self) -> None:
        """Every picture handed over has been written."""
        while self._behind is not None:
            await asyncio.shield(self._behind)


def start_send(send: Send, message: Message) -> Awaitable[None] | None:
    """Send `message` now, inside the caller's task. None when it was written at once (the
    usual case); else what remains to await (the connection is paused: its reader is slow)."""
    coroutine = send(message)
    if not isinstance(coroutine, Coroutine):
        return coroutine
    try:
        waiting_on = coroutine.send(None)
    except StopIteration:
        return None
    return _resume(coroutine, waiting_on)


@types.coroutine
def _resume(coroutine: Coroutine[Any, Any, None], waiting_on: Any) -> Generator[Any, Any, None]:
    """The rest of `coroutine`, which yielded `waiting_on` to the event loop: what `await` does."""
    while True:
        try:
            value = yield waiting_on
        except BaseException as exc:  # (cancelled: passed on to the coroutine)
            try:
                waiting_on = coroutine.throw(exc)
            except StopIteration:
                return
        else:
            try:
                waiting_on = coroutine.send(value)
            except StopIteration:
                return


@dataclass
class _Round:
    election_id: int
    round_id: int
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    subscribers: set[Screen] = field(default_factory=set)
    latest: Event | None = None
    task: asyncio.Task[None] | None = None


@dataclass
class _Kept:
    """What a producer keeps between pictures. The round's other fields, the election and its
    posts do not change while the round's `version` and `state` stay (a ballot entered moves
    only `entered_a`; the election is locked once ballots are issued): a picture then reads
    three columns, not the round's row with its JSON."""

    round: Round | None = None
    election: Election | None = None
    posts: list[Post] = field(default_factory=list)


def _poll(engine: Engine, election_id: int, round_id: int, last: tuple[Any, ...] | None,
          kept: _Kept | None = None) -> tuple[tuple[Any, ...], dict[str, Any] | None]:
    """The round's marker, and its snapshot when the marker moved since `last`."""
    kept = kept or _Kept()
    with Session(engine, expire_on_commit=False) as session:
        now = read_marker(session, election_id, round_id)
        if now == last:
            return now, None
        rnd = kept.round
        if rnd is None or kept.election is None or marker(rnd)[:2] != now[:2]:
            rnd = get_round(session=session, election_id=election_id, round_id=round_id)
            if kept.round is None or kept.round.version != rnd.version:
                kept.election = get_election(session=session, election_id=election_id)
                kept.posts = posts_of(session=session, election_id=election_id)
            session.expunge(rnd)
            kept.round = rnd
        else:
            rnd.entered_a = now[2]
        assert kept.election is not None
        return marker(rnd), snapshot(session=session, election=kept.election, rnd=rnd,
                                     posts=kept.posts)


def _timed(poll: Any, *args: Any) -> tuple[Any, float]:
    """What `poll(*args)` returns, and the CPU time it took (in the thread that ran it)."""
    began = time.thread_time()
    return poll(*args), time.thread_time() - began


def round_state(engine: Engine, election_id: int, round_id: int) -> str:
    """The round's state; 404 for a round that does not exist (before a stream starts)."""
    with Session(engine) as session:
        return get_round(session=session, election_id=election_id, round_id=round_id).state


class Broadcaster:
    """Per process (one per app): the rounds being watched, their producers and screens."""

    def __init__(self, engine: Engine, check_seconds: float, streams_per_token: int) -> None:
        self._engine = engine
        self._check_seconds = check_seconds
        self._streams_per_token = streams_per_token
        self._rounds: dict[int, _Round] = {}
        self._per_token: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: PgListener | None = None

    def changed(self, round_id: int) -> None:
        """A round changed (called from any thread, e.g. the entry writer after its commit)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with suppress(RuntimeError):  # the loop closed meanwhile (shutdown)
                loop.call_soon_threadsafe(self._wake, round_id)

    def _wake(self, round_id: int) -> None:
        watched = self._rounds.get(round_id)
        if watched is not None:
            watched.wake.set()

    def subscribe(self, election_id: int, round_id: int, token_key: str) -> Screen:
        """A new screen on a round (raises over the cap; `open` it when its response starts,
        `unsubscribe` when it goes)."""
        if self._per_token[token_key] >= self._streams_per_token:
            raise TooManyStreams(
                f"这个口令已打开{self._streams_per_token}个实时画面，请先关闭不用的页面",
                code="too_many_streams")
        self._loop = asyncio.get_running_loop()
        if self._engine.dialect.name == "postgresql" and self._listener is None:
            self._listener = PgListener(self._engine, self.changed)
            self._listener.start()
        watched = self._rounds.get(round_id)
        if watched is None:
            watched = self._rounds[round_id] = _Round(election_id, round_id)
        if watched.task is None or watched.task.done():
            watched.task = asyncio.create_task(self._produce(watched))
        screen = Screen(round_id, token_key)
        watched.subscribers.add(screen)
        self._per_token[token_key] += 1
        return screen

    def open(self, screen: Screen, send: Send) -> None:
        """The screen's response has started: it gets the newest picture, then every next."""
        watched = self._rounds.get(screen.round_id)
        screen.connect(send, watched.latest if watched is not None else None)

    def unsubscribe(self, subscription: Screen) -> None:
        """The screen went (idempotent); the last one of a round stops its producer."""
        if subscription.closed:
            return
        subscription.closed = True
        key = subscription.token_key
        self._per_token[key] -= 1
        if self._per_token[key] <= 0:
            del self._per_token[key]
        watched = self._rounds.get(subscription.round_id)
        if watched is None:
            return
        watched.subscribers.discard(subscription)
        if not watched.subscribers:
            if watched.task is not None:
                watched.task.cancel()
            del self._rounds[subscription.round_id]

    async def _produce(self, watched: _Round) -> None:
        loop = asyncio.get_running_loop()
        last: tuple[Any, ...] | None = None
        kept = _Kept()
        written = loop.time()
        while True:
            watched.wake.clear()  # a change announced from here on is not missed
            try:
                (now, data), building = await anyio.to_thread.run_sync(
                    _timed, _poll, self._engine, watched.election_id, watched.round_id, last,
                    kept)
            except Exception:  # the database away for a moment: screens keep their picture
                log.warning("live tally of round %s not refreshed", watched.round_id,
                            exc_info=True)
                now, data = last or (), None
            if data is not None:
                last = now
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                ident = f"{now[0]}-{now[2]}"
                chunk = f"event: tally\nid: {ident}\ndata: {text}\n\n".encode()
                picture = event(chunk, bool(data["final"]))
                watched.latest = picture
                # In slices of SLICE screens with the clerks' requests served in between: they
                # wait for one slice, not for all 500 (about 5 ms), and the rest is written
                # while they are away. (Slices of 25 made the last screens see it up to 50 ms
                # later; slices of 100, about 8 ms at p95.)
                writing = 0.0
                screens = list(watched.subscribers)
                for start in range(0, len(screens), SLICE):
                    if start:
                        await asyncio.sleep(0)
                    began = time.perf_counter()
                    for screen in screens[start:start + SLICE]:
                        screen.show(picture)
                    writing += time.perf_counter() - began
                if picture.final:
                    return
                published = written = loop.time()
                gap = publish_gap(building + writing)
            elif loop.time() - written >= KEEP_ALIVE_SECONDS:
                for screen in list(watched.subscribers):
                    screen.write(KEEP_ALIVE)
                written = loop.time()
            with suppress(TimeoutError):
                await asyncio.wait_for(watched.wake.wait(), self._check_seconds)
            # Entries arrive many a second: a screen is redrawn at most every `publish_gap`,
            # with everything entered by then (a projector cannot show more; 500 screens
            # must not cost the clerks their throughput).
            if data is not None:
                await asyncio.sleep(max(0.0, published + gap - loop.time()))

    def streams(self) -> int:
        return sum(len(r.subscribers) for r in self._rounds.values())

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()


def publish_gap(busy: float) -> float:
    """The least time before the next picture of a round whose last took `busy` seconds of
    CPU to build and write to its screens."""
    return min(MAX_PUBLISH_GAP, max(PUBLISH_GAP, busy / PICTURE_SHARE))


class PgListener:
    """LISTEN jipiao_live on its own connection, in a thread: other processes' commits."""

    def __init__(self, engine: Engine, changed: Any) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False)
        self._changed = changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="jipiao-live-listen",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            if note.payload.isdigit():
                                self._changed(int(note.payload))
            except Exception:  # reconnect; the producers' own checks cover the gap
                log.warning("live LISTEN connection lost; reconnecting", exc_info=True)
                self._stop.wait(1.0)
