"""The live tally fanned out: one producer per round per process, however many screens watch.

A hall has a projector, a 监票人's screen and phones; a county day has hundreds of screens. A
stream never reads the database itself. Each round being watched in this process has one
producer: it builds the tally once per change (`snapshot`) and hands the same text to every
subscriber, who always gets the newest (a slow screen skips what it missed).

A change is announced, not polled for: the entry writer calls `changed(round_id)` after its
commit, and on PostgreSQL, where several worker processes serve one county, the commit also
sends `NOTIFY jipiao_live` so every process hears it (`PgListener`). Changes made elsewhere
(a correction, the count, a new state) are caught by the producer's own cheap check of the
round's marker every `live_poll_interval` seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import Engine
from sqlmodel import Session

from app.elections.service import get_election
from app.errors import AppError
from app.live.service import marker, snapshot
from app.rounds.service import get_round

log = logging.getLogger(__name__)
CHANNEL = "jipiao_live"  # the PostgreSQL NOTIFY channel; the payload is the round id
PUBLISH_GAP = 0.1  # seconds: the least time between two pictures of one round
FAN_OUT_SLICE = 25  # screens woken at a time


class TooManyStreams(AppError):
    status = 429
    code = "too_many_streams"


@dataclass(frozen=True, slots=True)
class Event:
    ident: str
    text: str  # the JSON of the snapshot, built once for every subscriber
    final: bool
    chunk: bytes = b""  # the whole SSE event, encoded once for every subscriber


class Subscription:
    """One screen: the newest event it has not seen yet."""

    def __init__(self, round_id: int, token_key: str) -> None:
        self.round_id = round_id
        self.token_key = token_key
        self.closed = False
        self._ready = asyncio.Event()
        self._latest: Event | None = None

    def offer(self, event: Event) -> None:
        self._latest = event
        self._ready.set()

    async def next(self, timeout: float) -> Event | None:
        """The newest event, or None when `timeout` passed without one (a keep-alive)."""
        try:
            async with asyncio.timeout(timeout):  # (no task per wait, unlike wait_for)
                await self._ready.wait()
        except TimeoutError:
            return None
        self._ready.clear()
        return self._latest


@dataclass
class _Round:
    election_id: int
    round_id: int
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    subscribers: set[Subscription] = field(default_factory=set)
    latest: Event | None = None
    task: asyncio.Task[None] | None = None


def _poll(engine: Engine, election_id: int, round_id: int,
          last: tuple[Any, ...] | None) -> tuple[tuple[Any, ...], dict[str, Any] | None]:
    """The round's marker, and its snapshot when the marker moved since `last`."""
    with Session(engine) as session:
        rnd = get_round(session=session, election_id=election_id, round_id=round_id)
        now = marker(session=session, rnd=rnd)
        if now == last:
            return now, None
        election = get_election(session=session, election_id=election_id)
        return now, snapshot(session=session, election=election, rnd=rnd)


def first_snapshot(engine: Engine, election_id: int, round_id: int) -> None:
    """Raise (404) for a round that does not exist, before a stream starts."""
    _poll(engine, election_id, round_id, None)


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

    def subscribe(self, election_id: int, round_id: int, token_key: str) -> Subscription:
        """A new screen on a round (call `unsubscribe` when it goes; raises over the cap)."""
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
        subscription = Subscription(round_id, token_key)
        watched.subscribers.add(subscription)
        self._per_token[token_key] += 1
        if watched.latest is not None:
            subscription.offer(watched.latest)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
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
        while True:
            watched.wake.clear()  # a change announced from here on is not missed
            try:
                now, data = await anyio.to_thread.run_sync(
                    _poll, self._engine, watched.election_id, watched.round_id, last)
            except Exception:  # the database away for a moment: screens keep their picture
                log.warning("live tally of round %s not refreshed", watched.round_id,
                            exc_info=True)
                now, data = last or (), None
            if data is not None:
                last = now
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                ident = f"{now[0]}-{now[2]}-{now[4]}"
                chunk = f"event: tally\nid: {ident}\ndata: {text}\n\n".encode()
                event = Event(ident, text, bool(data["final"]), chunk)
                watched.latest = event
                # Handed out a slice at a time: between slices the loop serves the clerks'
                # requests, so a picture for 500 screens does not hold up a ballot.
                screens = list(watched.subscribers)
                for start in range(0, len(screens), FAN_OUT_SLICE):
                    for subscription in screens[start:start + FAN_OUT_SLICE]:
                        subscription.offer(event)
                    await asyncio.sleep(0)
                if event.final:
                    return
                published = loop.time()
            with suppress(TimeoutError):
                await asyncio.wait_for(watched.wake.wait(), self._check_seconds)
            # Entries arrive many a second: a screen is redrawn at most every PUBLISH_GAP,
            # with everything entered by then (a projector cannot show more; 500 screens
            # must not cost the clerks their throughput).
            if data is not None:
                await asyncio.sleep(max(0.0, published + PUBLISH_GAP - loop.time()))

    def streams(self) -> int:
        return sum(len(r.subscribers) for r in self._rounds.values())

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()


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
