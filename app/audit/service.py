"""Appending to and verifying the hash-chained audit log (RULES.md §8).

Each event's hash is SHA-256 over the canonical JSON of its fields and the previous hash,
so changing, removing or reordering any event breaks every later link. Writers of one
election take the chain head row's lock, so links are appended one at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
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


def start_chain(*, session: Session, election_id: int) -> None:
    session.add(AuditHead(election_id=election_id))
    session.flush()


def append(*, session: Session, election_id: int, actor: str, action: str, target: str,
           data: dict[str, Any] | None = None) -> str:
    """Add one event in the caller's transaction (committed with the change it records).

    Core statements, not the ORM: this runs on every write, ballot entries included.
    Returns the new event's hash.
    """
    seq, prev = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.election_id == election_id)
        .with_for_update()
    ).one()
    payload = json.loads(canonical(data or {}))
    seq, at = seq + 1, iso(utcnow())
    digest = event_hash(election_id, seq, at, actor, action, target, payload, prev)
    session.execute(insert(AuditEvent).values(
        election_id=election_id, seq=seq, at=at, actor=actor, action=action, target=target,
        data=payload, prev_hash=prev, hash=digest))
    session.execute(update(AuditHead).where(AuditHead.election_id == election_id)
                    .values(seq=seq, hash=digest))
    return digest


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
