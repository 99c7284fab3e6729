"""Appending to and verifying the hash-chained audit log (RULES.md §8).

Each event's hash is SHA-256 over the canonical JSON of its fields and the previous hash,
so changing, removing or reordering any event breaks every later link. Writers of one
election take the chain head row's lock, so links are appended one at a time.

The head last written by this process is remembered per election, and the head row is
moved on only if it still holds exactly that link (`UPDATE … WHERE seq = … AND hash = …`,
which takes the same row lock): the remembered head is a hint checked by the database, so
another process or a rolled-back write only costs the usual locked re-read.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, bindparam, select, update
from sqlmodel import Session

from app.audit.models import GENESIS, AuditEvent, AuditHead
from app.timeutil import iso, utcnow


def canonical(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(election_id: int, seq: int, at: str, actor: str, action: str, target: str,
               data: dict[str, Any], prev_hash: str) -> str:
    text = canonical({"election": election_id, "seq": seq, "at": at, "actor": actor,
                      "action": action, "target": target, "data": data, "prev": prev_hash})
    return hashlib.sha256(text.encode()).hexdigest()


# Per engine (tests and tools may run several apps, each on its own database, in a process).
_heads: weakref.WeakKeyDictionary[Engine, dict[int, tuple[int, str]]] = (
    weakref.WeakKeyDictionary())
_heads_lock = threading.Lock()


_EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]
_HEADS: Table = AuditHead.__table__  # type: ignore[attr-defined]
# Plain Core statements with bound parameters, compiled once (no ORM bulk machinery);
# events are inserted inline (no RETURNING of their ids), so they can be pipelined.
_INSERT_EVENT = _EVENTS.insert().inline()
_MOVE_HEAD = (update(_HEADS)
              .where(_HEADS.c.election_id == bindparam("eid"),
                     _HEADS.c.seq == bindparam("old_seq"), _HEADS.c.hash == bindparam("old_hash"))
              .values(seq=bindparam("new_seq"), hash=bindparam("new_hash")))
_SET_HEAD = (update(_HEADS).where(_HEADS.c.election_id == bindparam("eid"))
             .values(seq=bindparam("new_seq"), hash=bindparam("new_hash")))
_LOCK_HEADS = (select(_HEADS.c.election_id, _HEADS.c.seq, _HEADS.c.hash)
               .where(_HEADS.c.election_id.in_(bindparam("ids", expanding=True)))
               .order_by(_HEADS.c.election_id).with_for_update())


def _known_heads(session: Session) -> dict[int, tuple[int, str]]:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with _heads_lock:
        return _heads.setdefault(engine, {})


def start_chain(*, session: Session, election_id: int) -> None:
    session.add(AuditHead(election_id=election_id))
    session.flush()


@dataclass(frozen=True, slots=True)
class AuditNote:
    """One event to be appended: who did what to which thing, with its data."""

    actor: str
    action: str
    target: str
    data: dict[str, Any]


def append(*, session: Session, election_id: int, actor: str, action: str, target: str,
           data: dict[str, Any] | None = None) -> str:
    """Add one event in the caller's transaction (committed with the change it records).

    Returns the new event's hash.
    """
    return append_many(session=session, election_id=election_id,
                       notes=[AuditNote(actor, action, target, data or {})])[-1]


def append_many(*, session: Session, election_id: int, notes: list[AuditNote]) -> list[str]:
    """Add events to one election's chain in the caller's transaction, in order.

    Returns the new events' hashes.
    """
    return append_chains(session=session, notes={election_id: notes})[election_id]


def append_chains(*, session: Session, notes: Mapping[int, list[AuditNote]],
                  locked: Mapping[int, tuple[int, str]] | None = None) -> dict[int, list[str]]:
    """Add events to several elections' chains in the caller's transaction, each in order.

    Core statements, not the ORM: this runs on every write, ballot entries included, and a
    batch of entries for a whole county's meetings must not pay a round-trip per meeting
    while it holds their rounds' locks. However many chains: one statement locks their heads
    (in election order), one moves them, one inserts every event. A lone chain first tries
    the head this process remembers (`UPDATE … WHERE seq = … AND hash = …`): one statement.
    `locked`: the chains' heads as the caller locked them (`lock_heads`) in this
    transaction; then nothing is read, and the two writes can be sent in a pipeline.
    Returns the new events' hashes by election.
    """
    session.flush()  # pending ORM changes first, as before: the same order of row locks
    connection = session.connection()
    heads = _known_heads(session)
    at = iso(utcnow())
    ids = sorted(notes)
    payloads = {eid: [json.loads(canonical(note.data)) for note in notes[eid]] for eid in ids}
    chains: dict[int, list[dict[str, Any]]] = {}
    known = heads.get(ids[0]) if len(ids) == 1 and locked is None else None
    if known is not None:
        rows = _chain(ids[0], known, at, notes[ids[0]], payloads[ids[0]])
        if connection.execute(_MOVE_HEAD, {
                "eid": ids[0], "old_seq": known[0], "old_hash": known[1],
                "new_seq": rows[-1]["seq"], "new_hash": rows[-1]["hash"]}).rowcount == 1:
            chains[ids[0]] = rows
    rest = [eid for eid in ids if eid not in chains]
    if rest:
        found = lock_heads(session=session, election_ids=rest) if locked is None else locked
        for eid in rest:
            chains[eid] = _chain(eid, found[eid], at, notes[eid], payloads[eid])
        connection.execute(_SET_HEAD, [{"eid": eid, "new_seq": chains[eid][-1]["seq"],
                                        "new_hash": chains[eid][-1]["hash"]} for eid in rest])
    connection.execute(_INSERT_EVENT, [row for eid in ids for row in chains[eid]])
    for eid in ids:
        heads[eid] = (chains[eid][-1]["seq"], chains[eid][-1]["hash"])
    return {eid: [row["hash"] for row in chains[eid]] for eid in ids}


def lock_heads(*, session: Session, election_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """The chain heads (seq, hash) of the elections, locked until the transaction ends (in
    election order, after whatever the caller locked before: the order every write takes)."""
    rows = session.connection().execute(_LOCK_HEADS, {"ids": sorted(set(election_ids))})
    return {row.election_id: (row.seq, row.hash) for row in rows}


def _chain(election_id: int, head: tuple[int, str], at: str, notes: list[AuditNote],
           payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event rows that follow `head` (seq, hash), each linked to the one before."""
    seq, prev = head
    rows = []
    for note, payload in zip(notes, payloads, strict=True):
        seq += 1
        digest = event_hash(election_id, seq, at, note.actor, note.action, note.target,
                            payload, prev)
        rows.append({"election_id": election_id, "seq": seq, "at": at, "actor": note.actor,
                     "action": note.action, "target": note.target, "data": payload,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    return rows


def events(*, session: Session, election_id: int) -> list[AuditEvent]:
    return list(session.execute(
        select(AuditEvent).where(AuditEvent.election_id == election_id).order_by(AuditEvent.seq)
    ).scalars())


@dataclass(frozen=True, slots=True)
class ChainReport:
    election_id: int
    events: int
    broken_at: int | None  # seq of the first broken link, None when the chain holds
    reason: str | None


def verify_chain(election_id: int, chain: Iterable[AuditEvent],
                 head: AuditHead | None) -> ChainReport:
    prev, expected_seq, count = GENESIS, 1, 0
    for event in chain:
        count += 1
        if event.seq != expected_seq:
            return ChainReport(election_id, count, expected_seq, f"缺少第{expected_seq}条记录")
        if event.prev_hash != prev:
            return ChainReport(election_id, count, event.seq, "上一条记录的哈希值不符")
        digest = event_hash(election_id, event.seq, event.at, event.actor, event.action,
                            event.target, event.data, event.prev_hash)
        if digest != event.hash:
            return ChainReport(election_id, count, event.seq, "记录内容与其哈希值不符（已被改动）")
        prev, expected_seq = event.hash, expected_seq + 1
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        return ChainReport(election_id, count, expected_seq, "链尾与最后一条记录不符（记录被删除）")
    return ChainReport(election_id, count, None, None)


def verify_all(*, session: Session) -> list[ChainReport]:
    heads = {h.election_id: h for h in session.execute(select(AuditHead)).scalars()}
    ids = sorted(set(heads) | set(session.execute(
        select(AuditEvent.election_id).distinct()).scalars()))
    return [verify_chain(eid, events(session=session, election_id=eid), heads.get(eid))
            for eid in ids]
