"""Group commit for ballot entries: the ballots waiting at one moment share one transaction.

At a count every 计票人 of the hall enters ballots at once, and on PostgreSQL a whole
county's meetings write to one server. One transaction per ballot would pay a durable
commit and a round-trip for every lock per ballot, and all clerks of a round queue on the
same locks. Here one writer thread per process takes every entry that is waiting, decides
each exactly as a lone entry would be decided (the same checks, in arrival order), writes
them with one INSERT and one audit append for all their elections, commits once, and only
then answers each request: an answer is never sent before its ballot is durable.

A county day has 60 rounds counted at once by clerks whose requests land on any of the
worker processes, so every process's batch holds entries of most rounds and takes their
locks, and the batches of all processes queue on each other. So what a batch does while it
holds them is kept short. Its ballots are judged before (`prejudge`, against the record this
process last built for each round: a ballot's verdict depends only on the round's record,
which stays the same while the round's version does); under the locks only what can have
moved is decided (token, state, counts, stored entry ids), and a ballot is judged again only
if its round's version is not the one it was judged at. The round-trips a batch makes do
not grow with the number of meetings, and only three are made under the locks: one statement
locks the rounds (and asks whether the clerks' tokens this process has seen are still live;
only a token not seen before is looked up), one locks their elections' audit chain heads,
and the writes (the entries, the counts, the chain heads and events) are sent with the
COMMIT in one pipeline (PostgreSQL; SQLite runs them one by one in the same process). The
live notice to other processes is sent after the commit, from a thread of its own.

A refusal (bad token, wrong state, too many ballots, a reused entry id) is decided before
anything is written, so it is that entry's answer alone. An unexpected database error
fails the batch; each entry is then tried again in a batch of its own, so one entry
cannot take its neighbours down with it.

Locks: a batch locks its rounds (`FOR UPDATE`, in id order) before it reads what is
already entered, so writers in other processes, corrections and the count queue behind
it and every position and "too many ballots" check sees all committed entries.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

from sqlalchemy import Engine, Table, bindparam, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app import timing
from app.audit.service import AuditNote, append_chains, lock_heads
from app.auth.service import LIVE_COUNT, FoundToken, find_tokens, seen_tokens
from app.db import begin_write, commit_pipelined
from app.deps import ENTRY_ROLES, Actor, admit
from app.entry.models import BallotEntry, EntryIn, EntryResult
from app.entry.service import (
    INSERT_ENTRY,
    StoredEntry,
    Verdict,
    ballot_document,
    check_can_enter,
    entry_note,
    entry_row,
    judge,
    judging_record,
    newest_record,
    replay,
    stored_entry,
)
from app.errors import AppError, Conflict
from app.rounds.models import Round
from app.rounds.service import entered_count, get_round
from counting.model import Record

log = logging.getLogger(__name__)
# Answer: the entry's result and whether it was stored now (False: a resent entry).
Answer = tuple[EntryResult, bool]
# What is stored for an entry id, by (round id, entry id).
Stored = dict[tuple[int, str], StoredEntry]
MAX_BATCH = 256
# A batch meets resent entry ids stored by another batch at most a few times in a row.
ATTEMPTS = 3
GATHER_SECONDS = 0.001
# A writer thread with nothing to do for this long ends; the next entry starts another.
IDLE_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class EntryRequest:
    election_id: int
    round_id: int
    secret: str | None
    data: EntryIn


@dataclass(frozen=True, slots=True)
class Prejudged:
    """A ballot judged before its round was locked: `judge`'s verdict (or its refusal)
    against the round at `version`."""
    version: int
    verdict: Verdict | AppError


class EntryWriter:
    """One per app (and so per process and database): queues entries and writes them."""

    def __init__(self, engine: Engine,
                 on_commit: Callable[[int], None] | None = None) -> None:
        self._engine = engine
        self._on_commit = on_commit  # told each round id whose entries were just committed
        self._queue: queue.SimpleQueue[tuple[EntryRequest, Future[Answer]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._notifier = Notifier(engine) if engine.dialect.name == "postgresql" else None

    async def enter(self, request: EntryRequest) -> Answer:
        future: Future[Answer] = Future()
        if timing.timing_on():
            future.add_done_callback(partial(_waited, time.perf_counter()))
        with self._lock:
            self._queue.put((request, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="jipiao-entry-writer",
                                                daemon=True)
                self._thread.start()
        return await asyncio.wrap_future(future)

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            # Let the entries being received at this moment join (group commit's usual window,
            # like PostgreSQL's commit_delay): a lone clerk waits 1 ms more, and under load
            # batches are larger, so worker processes take the round's lock fewer times.
            time.sleep(GATHER_SECONDS)
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # A request whose client has gone (cancelled) is not written.
            self._write([item for item in batch if item[1].set_running_or_notify_cancel()])

    def _write(self, batch: list[tuple[EntryRequest, Future[Answer]]]) -> None:
        """Answer every request of `batch`, whatever happens (the thread must go on)."""
        if not batch:
            return
        try:
            outcomes = write_entries(self._engine, [request for request, _ in batch])
        except Exception as err:
            if len(batch) == 1:
                log.exception("ballot entry failed")
                batch[0][1].set_exception(err)
                return
            for item in batch:
                self._write([item])
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        written = sorted({request.round_id for (request, _), outcome
                          in zip(batch, outcomes, strict=True)
                          if not isinstance(outcome, BaseException) and outcome[1]})
        if self._on_commit is not None:
            for round_id in {request.round_id for request, _ in batch}:
                self._on_commit(round_id)
        if written and self._notifier is not None:
            self._notifier.send(written)


def _waited(since: float, _future: Future[Answer]) -> None:
    timing.note("writer answered", time.perf_counter() - since)


def write_entries(engine: Engine, requests: list[EntryRequest]) -> list[Answer | AppError]:
    """Decide and store `requests` in one transaction; each gets its answer or its refusal.

    Entry ids are not looked up first: a resent entry is rare, and looking a handful of ids
    up costs a query per batch. If the (round, entry id) key refuses the insert, the batch
    is rolled back, the stored entries are read and the batch is decided again, the resent
    ones now answered with what was stored for them.
    """
    started = time.perf_counter()
    judged = prejudge(engine, requests)
    stored: Stored = {}
    for _attempt in range(ATTEMPTS):
        with Session(engine, expire_on_commit=False) as session:
            locking = time.perf_counter()
            begin_write(session)
            batch = _Batch(session, requests, dict(stored))
            deciding = time.perf_counter()
            outcomes = [batch.enter(request, early)
                        for request, early in zip(requests, judged, strict=True)]
            committing = time.perf_counter()
            try:
                commit_pipelined(session, batch.write)
            except IntegrityError:
                session.rollback()
                stored = load_stored(session, requests)
                continue
            if timing.timing_on():
                done = time.perf_counter()
                timing.note("writer prejudge", locking - started)
                timing.note("writer lock", deciding - locking)
                timing.note("writer decide", committing - deciding)
                timing.note("writer commit", done - committing)
                timing.note("writer batch", done - started, str(len(requests)))
            return outcomes
    raise RuntimeError("ballot entries kept meeting stored entry ids")


def prejudge(engine: Engine, requests: list[EntryRequest]) -> list[Prejudged | None]:
    """Each request's ballot judged before any lock, with no database round-trip: against
    the record this process last built for its round (`newest_record`).

    None: not judged here (no record of that round built yet); the batch judges it under
    the lock. The verdict is used only if the locked round still has the version the record
    was built for; everything else (state, counts, entry ids, the token) is decided under
    the lock.
    """
    judged: list[Prejudged | None] = []
    for request in requests:
        newest = newest_record(engine, request.round_id)
        if newest is None:
            judged.append(None)
            continue
        version, record = newest
        judged.append(Prejudged(version, _judged(record, record.rounds[-1].id, request.data)))
    return judged


def _judged(record: Record, round_key: str, data: EntryIn) -> Verdict | AppError:
    try:
        return judge(record, round_key, ballot_document(data))
    except AppError as err:
        return err


def load_stored(session: Session, requests: list[EntryRequest]) -> Stored:
    """The stored (channel, ballot, answer) of the requests' entry ids, by (round, entry id)."""
    stored: Stored = {}
    for round_id, pairs in groupby(sorted((r.round_id, r.data.entry_id) for r in requests),
                                   key=lambda pair: pair[0]):
        rows = session.execute(
            select(BallotEntry.entry_id, BallotEntry.channel, BallotEntry.ballot,
                   BallotEntry.response, BallotEntry.voided)
            .where(BallotEntry.round_id == round_id,
                   BallotEntry.entry_id.in_({e for _, e in pairs})))  # type: ignore[attr-defined]
        for row in rows:
            stored[(round_id, row.entry_id)] = (row.channel, row.ballot, row.response,
                                                bool(row.voided))
    session.rollback()
    return stored


def own_channel(data: EntryIn, actor: Actor) -> EntryIn:
    """The entry in its clerk's group: a token made for A组 or B组 enters there (a ballot that
    names no group goes to it; one that names the other is refused)."""
    if actor.channel is None or data.channel == actor.channel:
        return data
    if "channel" in data.model_fields_set:
        raise Conflict(f"此计票人链接属于{actor.channel}组，不能录入{data.channel}组的选票",
                       code="wrong_channel")
    return data.model_copy(update={"channel": actor.channel})


class _Batch:
    """The state of one transaction: admitted callers, locked rounds, running counts."""

    def __init__(self, session: Session, requests: list[EntryRequest], stored: Stored) -> None:
        self.session = session
        # Held here: the session keeps only weak references, and `get_round` finds them there.
        self.rounds, self.tokens = _lock_rounds(session, {r.round_id for r in requests},
                                                {r.secret for r in requests if r.secret})
        # Locked now, after the rounds, so that writing the events reads nothing.
        self.heads = lock_heads(session=session,
                                election_ids={rnd.election_id for rnd in self.rounds})
        # Entries known to be stored, and those this batch stores, by (round id, entry id).
        self.stored = stored
        # Active entries per (round id, channel), counted on from the locked rounds' counts.
        self.entered: dict[tuple[int, str], int] = {}
        self.rows: list[dict[str, Any]] = []
        self.notes: list[tuple[int, AuditNote]] = []  # (election id, note) in arrival order
        self.last_sort_key = 0

    def enter(self, request: EntryRequest, early: Prejudged | None) -> Answer | AppError:
        try:
            return self._enter(request, early)
        except AppError as err:
            return err

    def _enter(self, request: EntryRequest, early: Prejudged | None) -> Answer:
        found = self.tokens.get(request.secret) if request.secret else None
        actor = admit(found, request.election_id, ENTRY_ROLES)
        rnd = get_round(session=self.session, election_id=request.election_id,
                        round_id=request.round_id)
        assert rnd.id is not None
        data, ballot = own_channel(request.data, actor), ballot_document(request.data)
        stored = self.stored.get((rnd.id, data.entry_id))
        if stored is not None:
            return replay(data.entry_id, stored, data.channel, ballot), False
        key = (rnd.id, data.channel)
        entered = self.entered.setdefault(key, entered_count(rnd, data.channel))
        try:
            check_can_enter(rnd, data.channel, entered, correcting=False, box=data.box)
        except AppError:
            # A resend is answered before the round's state and capacity are asked: a stored
            # entry gets its stored answer even when the round is full, counted or closed.
            # (Refusals are rare, so only they pay for this look-up.)
            found = stored_entry(self.session, rnd.id, data.entry_id)
            if found is None:
                raise
            self.stored[(rnd.id, data.entry_id)] = found
            return replay(data.entry_id, found, data.channel, ballot), False
        # Judged before the lock against the round as it is now, or judged now.
        if early is not None and early.version == rnd.version:
            if isinstance(early.verdict, AppError):
                raise early.verdict
            verdict = early.verdict
        else:
            verdict = judge(judging_record(session=self.session, election=None, rnd=rnd),
                            rnd.key, ballot)
        # Strictly increasing within the batch: the order of arrival is the order read out.
        self.last_sort_key = max(time.time_ns(), self.last_sort_key + 1)
        answer, row = entry_row(verdict=verdict, rnd=rnd, entry_id=data.entry_id,
                                channel=data.channel, ballot=ballot, actor=actor,
                                position=entered + 1, sort_key=self.last_sort_key,
                                box=data.box)
        self.entered[key] = entered + 1
        self.stored[(rnd.id, data.entry_id)] = (data.channel, ballot, row["response"], False)
        self.rows.append(row)
        self.notes.append((rnd.election_id, entry_note(rnd, row, actor)))
        return answer, True

    def write(self) -> None:
        if not self.rows:
            return
        connection = self.session.connection()
        connection.execute(INSERT_ENTRY, self.rows)
        entered_in = {round_id for round_id, _ in self.entered}
        connection.execute(_SET_ENTERED, [
            {"rid": rnd.id, "a": self.entered.get((rnd.id, "A"), rnd.entered_a),
             "b": self.entered.get((rnd.id, "B"), rnd.entered_b)}
            for rnd in self.rounds if rnd.id in entered_in])
        # Chain heads are locked in election order, after the rounds (the order every write
        # takes them in), so concurrent batches cannot deadlock.
        by_election: dict[int, list[AuditNote]] = {}
        for election_id, note in self.notes:
            by_election.setdefault(election_id, []).append(note)
        append_chains(session=self.session, notes=by_election, locked=self.heads)


_NOTIFY = text("SELECT pg_notify('jipiao_live', rid) FROM unnest(CAST(:rids AS text[])) AS rid")


class Notifier:
    """Tells the other worker processes' live screens of the rounds just written, from a
    thread of its own: the writer goes on to its next batch meanwhile, and the rounds
    written while a notice is on its way share the next one.

    Sent after the entries' commit and outside their transaction: PostgreSQL serialises
    every transaction that notifies on one database-wide lock while it commits, and the
    entries' transaction (holding its rounds' locks) must not wait on it. A notice lost to a
    crash in between is made up by each screen's periodic check of its round
    (app.live.broadcast).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def send(self, round_ids: list[int]) -> None:
        with self._lock:
            self._pending.update(round_ids)
            self._wake.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="jipiao-live-notice",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(IDLE_SECONDS)
            with self._lock:
                self._wake.clear()
                round_ids, self._pending = sorted(self._pending), set()
                if not round_ids:
                    self._thread = None
                    return
            notify_processes(self._engine, round_ids)


def notify_processes(engine: Engine, round_ids: list[int]) -> None:
    """One notice per round, in one statement committed on its own (no BEGIN, no COMMIT)."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(_NOTIFY, {"rids": [str(r) for r in round_ids]})
    except Exception:  # the entries are stored and answered; the screens catch up
        log.exception("live notice failed")


_ROUNDS: Table = Round.__table__  # type: ignore[attr-defined]
# Built once (a batch should not pay for building its statements).
# The rounds, and how many of the clerks' tokens seen live before still are (not revoked).
_LOCK_ROUNDS = (select(Round, LIVE_COUNT)
                .where(_ROUNDS.c.id.in_(bindparam("ids", expanding=True)))
                .order_by(_ROUNDS.c.id).with_for_update(of=_ROUNDS))
_SET_ENTERED = (update(_ROUNDS).where(_ROUNDS.c.id == bindparam("rid"))
                .values(entered_a=bindparam("a"), entered_b=bindparam("b")))


def _lock_rounds(session: Session, round_ids: set[int], secrets: set[str]
                 ) -> tuple[list[Round], dict[str, FoundToken]]:
    """The rounds, locked against other writers until the batch commits (in id order), and
    the live tokens among `secrets`: those seen before are checked for revocation by the
    same statement; any other (or a revoked one) is looked up."""
    seen, digests = seen_tokens(session=session, presented=secrets)
    rows = session.execute(_LOCK_ROUNDS, {"ids": sorted(round_ids), "seen_digests": digests}
                           ).all()
    rounds = [rnd for rnd, _ in rows]
    if rows and len(seen) == len(secrets) and rows[0][1] == len(seen):
        return rounds, seen
    return rounds, find_tokens(session=session, presented=secrets)
