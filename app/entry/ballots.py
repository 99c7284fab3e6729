"""The ballots a round counts: one channel, or two clerks' channels reconciled (double entry)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.entry.models import BallotEntry, Resolution
from app.rounds.models import Round


def active_entries(*, session: Session, round_id: int, channel: str) -> list[BallotEntry]:
    return list(session.execute(
        select(BallotEntry).where(BallotEntry.round_id == round_id,
                                  BallotEntry.channel == channel,
                                  BallotEntry.voided == False)  # noqa: E712
        .order_by(BallotEntry.sort_key, BallotEntry.id)
    ).scalars())


def ballot_digest(ballot: dict[str, Any] | None) -> str | None:
    if ballot is None:
        return None
    text = json.dumps(ballot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def normal_ballot(ballot: dict[str, Any]) -> dict[str, Any]:
    """A ballot without abstain marks or empty sections: two readings of a sheet compare equal."""
    if ballot.get("void"):
        return {"void": True}
    marks = {post: {cid: m for cid, m in section.items() if m != "abstain"}
             for post, section in ballot.get("marks", {}).items()}
    write_ins = {post: items for post, items in ballot.get("write_ins", {}).items() if items}
    out: dict[str, Any] = {"marks": {p: s for p, s in marks.items() if s}}
    if write_ins:
        out["write_ins"] = write_ins
    return out


def pairs(*, session: Session, rnd: Round) -> list[tuple[int, dict[str, Any] | None,
                                                          dict[str, Any] | None]]:
    assert rnd.id is not None
    a, b = ([normal_ballot(e.ballot)
             for e in active_entries(session=session, round_id=rnd.id, channel=channel)]
            for channel in ("A", "B"))
    n = max(len(a), len(b))
    return [(i + 1, a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


def resolutions(*, session: Session, round_id: int) -> dict[int, Resolution]:
    return {r.position: r for r in session.execute(
        select(Resolution).where(Resolution.round_id == round_id)).scalars()}


def differences(*, session: Session, rnd: Round) -> list[tuple[int, dict[str, Any] | None,
                                                                dict[str, Any] | None,
                                                                dict[str, Any] | None]]:
    """Places where the two clerks disagree, with the 监票人's resolution when it still applies."""
    assert rnd.id is not None
    decided = resolutions(session=session, round_id=rnd.id)
    out = []
    for position, a, b in pairs(session=session, rnd=rnd):
        if a == b:
            continue
        res = decided.get(position)
        applies = res is not None and res.seen == {"a": ballot_digest(a), "b": ballot_digest(b)}
        out.append((position, a, b, res.ballot if res is not None and applies else None))
    return out


def counted_ballots(*, session: Session, rnd: Round) -> list[dict[str, Any]]:
    """The ballots of the round in entry order (double entry: agreed or resolved ones)."""
    assert rnd.id is not None
    if not rnd.double_entry:
        return [e.ballot for e in active_entries(session=session, round_id=rnd.id, channel="A")]
    decided = {p: r for p, _a, _b, r in differences(session=session, rnd=rnd)}
    out = []
    for position, a, b in pairs(session=session, rnd=rnd):
        chosen = a if a == b else decided.get(position)
        if chosen is not None:
            out.append(chosen)
    return out
