"""Entering ballots as they are read out: idempotent by entry id, judged by `counting`.

A retried request with the same entry id gets the stored answer and is never counted
twice: the (round, entry id) pair is unique in the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session

from app.audit.service import AuditNote, append, append_many
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.elections.service import get_election
from app.entry.ballots import ballot_digest, differences
from app.entry.models import (
    BallotEntry,
    BallotIn,
    CorrectionIn,
    EntryResult,
    Resolution,
    ResolveIn,
    SectionOut,
    TotalsIn,
)
from app.errors import Conflict, InvalidInput, NotFound
from app.rounds import boxes as box_rules
from app.rounds.models import Round
from app.rounds.record import parse_or_422, record_upto
from app.rounds.service import add_entered
from app.rounds.states import require_action
from app.rounds.versioned import PerRoundVersion
from app.timeutil import utcnow
from counting import RecordError, judge_ballot
from counting.model import Record

# A plain Core statement, compiled once: no ORM bulk-insert machinery on every ballot;
# inline: the new row's id is not read back (RETURNING), so it can be sent in a pipeline.
INSERT_ENTRY = BallotEntry.__table__.insert().inline()  # type: ignore[attr-defined]
_records: PerRoundVersion[Record] = PerRoundVersion(128)


def judging_record(*, session: Session, election: Election | None, rnd: Round) -> Record:
    """The parsed record a ballot of `rnd` is judged against, cached per round version.

    A round's version changes with every change of its state or data, and the set-up is
    frozen once ballots are issued, so a cached record is never stale. The election is read
    only when the record has to be built (`election` None: read it then).
    """
    def build() -> Record:
        held = election or get_election(session=session, election_id=rnd.election_id)
        return parse_or_422(record_upto(session=session, election=held, rnd=rnd, open_=True))
    return _records.get(session, rnd, build)


def newest_record(engine: Engine, round_id: int) -> tuple[int, Record] | None:
    """The record this process last built for round `round_id`, with the round's version
    it was built for (a guess at the round as it is now: check the version)."""
    return _records.newest(engine, round_id)


def ballot_document(data: BallotIn) -> dict[str, Any]:
    """The RECORD.md ballot entry of what the clerk typed."""
    if data.void:
        return {"void": True}
    out: dict[str, Any] = {"marks": {p: dict(s) for p, s in data.marks.items()}}
    write_ins = {p: [w.model_dump() for w in items] for p, items in data.write_ins.items() if items}
    if write_ins:
        out["write_ins"] = write_ins
    return out


# What `judge` says of a ballot: (valid, void, sections, message).
Verdict = tuple[bool, bool, dict[str, SectionOut], str]


def judge(record: Record, round_key: str, ballot: dict[str, Any]) -> Verdict:
    try:
        verdict = judge_ballot(record, round_key, ballot)
    except RecordError as err:
        raise InvalidInput("；".join(p.zh for p in err.problems[:5]), code="invalid_ballot",
                           detail={"problems": [{"pointer": p.pointer, "zh": p.zh, "en": p.en}
                                                for p in err.problems]}) from None
    sections = {post: SectionOut(valid=v.valid, code=v.code, text=v.text)
                for post, v in verdict.sections.items()}
    if verdict.void:
        message = "此票作废，整张选票无效"
    elif verdict.valid:
        message = "有效票"
    else:
        texts = [s.text for s in sections.values() if not s.valid and s.text]
        message = "；".join(dict.fromkeys(texts)) or "此票无效"
    return verdict.valid, verdict.void, sections, message


def _find(session: Session, round_id: int, entry_id: str) -> BallotEntry | None:
    return session.execute(select(BallotEntry).where(
        BallotEntry.round_id == round_id, BallotEntry.entry_id == entry_id)).scalar_one_or_none()


# What is stored for an entry id: (channel, ballot, answer, undone).
StoredEntry = tuple[str, dict[str, Any], dict[str, Any], bool]


def replay(entry_id: str, stored: StoredEntry, channel: str,
           ballot: dict[str, Any]) -> EntryResult:
    """The stored answer to a resent entry, if it is the same ballot (at any state of the
    round: the entry id is checked before the capacity); an undone entry says so."""
    stored_channel, stored_ballot, response, undone = stored
    if stored_channel != channel or stored_ballot != ballot:
        raise Conflict(f"录入编号“{entry_id}”已用于另一张选票，请换用新的编号",
                       code="entry_id_reused")
    answer = EntryResult.model_validate(response)
    if undone:
        answer.undone = True
        answer.message = "这张选票已被撤销（作废更正），不再计入；如确需录入，请作为新的一张录入"
    return answer


def stored_entry(session: Session, round_id: int, entry_id: str) -> StoredEntry | None:
    found = _find(session, round_id, entry_id)
    if found is None:
        return None
    return found.channel, found.ballot, found.response, found.voided


def check_can_enter(rnd: Round, channel: str, entered: int, *, correcting: bool,
                    box: str | None = None) -> None:
    """Whether a ballot may be entered in `channel` now that `entered` are (RULES.md §5)."""
    require_action(rnd, "correct" if correcting else "enter")
    assert rnd.ballots_returned is not None
    if rnd.totals is not None:
        raise Conflict("本轮已录入汇总票数，不能再逐张录入", code="totals_entered")
    if channel == "B" and not rnd.double_entry:
        raise InvalidInput("本轮不是双人录入，只能使用 A 组", code="not_double_entry")
    if rnd.boxes:
        box_rules.check_entry_box(rnd, box)
    elif box is not None:
        raise InvalidInput("本轮没有设置票箱，不填票箱", code="unknown_box", detail={"box": box})
    limit = box_rules.entry_limit(rnd)
    if not correcting and entered >= limit:
        what = "逐张录入的票箱收回" if limit != rnd.ballots_returned else "收回"
        raise Conflict(f"已录入{entered}张，已达到{what}的{limit}张；"
                       "如有录错，请先更正", code="too_many_ballots")


def entry_row(*, verdict: Verdict, rnd: Round, entry_id: str, channel: str,
              ballot: dict[str, Any], actor: Actor, position: int, sort_key: int,
              replaces: BallotEntry | None = None,
              box: str | None = None) -> tuple[EntryResult, dict[str, Any]]:
    """The answer to one ballot (`verdict`: `judge`'s, against `rnd` as it is now) and the
    `ballot_entry` row that stores it."""
    valid, void, sections, message = verdict
    answer = EntryResult(entry_id=entry_id, channel=channel, position=position,  # type: ignore[arg-type]
                         valid=valid, void=void, sections=sections, message=message)
    row = {"round_id": rnd.id, "entry_id": entry_id, "channel": channel, "sort_key": sort_key,
           "ballot": ballot, "response": answer.model_dump(mode="json"), "valid": valid,
           "voided": False, "replaces_id": replaces.id if replaces else None,
           "box": box, "clerk": actor.name, "created_at": utcnow()}
    return answer, row


def entry_note(rnd: Round, row: dict[str, Any], actor: Actor, *,
               replaces: BallotEntry | None = None, reason: str | None = None) -> AuditNote:
    return AuditNote(actor=actor.name, action="entry.replace" if replaces else "entry.add",
                     target=f"round:{rnd.key}",
                     data={"entry_id": row["entry_id"], "channel": row["channel"],
                           "ballot": row["ballot"], "valid": row["valid"],
                           **({"replaces": replaces.entry_id, "reason": reason}
                              if replaces else {})})


def get_entry(*, session: Session, rnd: Round, entry_id: str) -> BallotEntry:
    assert rnd.id is not None
    found = _find(session, rnd.id, entry_id)
    if found is None:
        raise NotFound(f"找不到录入编号“{entry_id}”", code="entry_not_found")
    return found


def correct_entry(*, session: Session, election: Election, rnd: Round, entry_id: str,
                  data: CorrectionIn, actor: Actor) -> EntryResult | None:
    """Void an entry (kept, with the reason) and optionally enter its replacement in its place."""
    begin_write(session, rnd)  # exclusive: the round's entry counts may change
    require_action(rnd, "correct")
    old = get_entry(session=session, rnd=rnd, entry_id=entry_id)
    if old.voided:
        raise Conflict(f"录入“{entry_id}”已经更正过", code="already_corrected")
    old.voided, old.void_reason, old.voided_by = True, data.reason, actor.name
    session.add(old)
    rnd.version += 1  # the board's running tally starts over (app/live)
    session.add(rnd)
    if data.replacement is None:
        add_entered(rnd, old.channel, -1)
        session.add(rnd)
        append(session=session, election_id=rnd.election_id, actor=actor.name,
               action="entry.void", target=f"round:{rnd.key}",
               data={"entry_id": entry_id, "reason": data.reason})
        session.commit()
        return None
    new_id = data.replacement.entry_id
    if _find(session, old.round_id, new_id) is not None:
        raise Conflict("更正后的选票须使用新的录入编号", code="entry_id_reused")
    check_can_enter(rnd, old.channel, 0, correcting=True, box=old.box)
    # The replacement keeps the place (position and order) of the entry it replaces.
    ballot = ballot_document(data.replacement)
    answer, row = entry_row(
        verdict=judge(judging_record(session=session, election=election, rnd=rnd), rnd.key,
                      ballot),
        rnd=rnd, entry_id=new_id, channel=old.channel, ballot=ballot, actor=actor,
        position=old.response.get("position", 0), sort_key=old.sort_key, replaces=old,
        box=old.box)
    session.flush()  # the voided row first
    session.connection().execute(INSERT_ENTRY, row)
    append_many(session=session, election_id=rnd.election_id,
                notes=[entry_note(rnd, row, actor, replaces=old, reason=data.reason)])
    session.commit()
    return answer


def entries_of(*, session: Session, rnd: Round, channel: str | None) -> list[BallotEntry]:
    query = select(BallotEntry).where(BallotEntry.round_id == rnd.id)
    if channel is not None:
        query = query.where(BallotEntry.channel == channel)
    return list(session.execute(query.order_by(BallotEntry.sort_key, BallotEntry.id)).scalars())


def put_totals(*, session: Session, election: Election, rnd: Round, data: TotalsIn,
               actor: Actor) -> Round:
    """Hand-counted 正字 sheets, checked against the record's invariants by `parse_record`."""
    begin_write(session, rnd)
    require_action(rnd, "totals")
    assert rnd.id is not None
    if data.box is not None:
        return _put_box_totals(session=session, election=election, rnd=rnd, data=data,
                               actor=actor)
    if entries_of(session=session, rnd=rnd, channel=None):
        raise Conflict("本轮已逐张录入选票，不能再录入汇总票数", code="entries_exist")
    if rnd.totals is not None and not data.reason:
        raise InvalidInput("修改已录入的汇总票数须说明理由", code="reason_required")
    assert rnd.ballots_issued is not None and rnd.ballots_returned is not None
    _check_totals(session, election, rnd, data, rnd.ballots_issued, rnd.ballots_returned)
    rnd.totals, rnd.ballots_void = data.totals, data.ballots_void
    return _stored_totals(session, rnd, data, actor)


def _check_totals(session: Session, election: Election, rnd: Round, data: TotalsIn,
                  issued: int, returned: int) -> None:
    """Totals checked by the counting core as a round of their own (422 `invalid_totals`)."""
    doc = record_upto(session=session, election=election, rnd=rnd, open_=True)
    last = doc["rounds"][-1]
    del last["ballots"]
    last.update(ballots_issued=issued, ballots_returned=returned, totals=data.totals,
                ballots_void=data.ballots_void)
    parse_or_422(doc, code="invalid_totals")


def _stored_totals(session: Session, rnd: Round, data: TotalsIn, actor: Actor) -> Round:
    rnd.version += 1
    session.add(rnd)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.totals",
           target=f"round:{rnd.key}", data=data.model_dump(mode="json"))
    session.commit()
    return rnd


def _put_box_totals(*, session: Session, election: Election, rnd: Round, data: TotalsIn,
                    actor: Actor) -> Round:
    """One box counted by hand on a 正字 sheet while the others are entered ballot by ballot
    (RECORD.md: each box its own `ballots` or `totals`; the round is the sum)."""
    assert data.box is not None
    if not rnd.boxes:
        raise InvalidInput("本轮没有设置票箱", code="unknown_box", detail={"box": data.box})
    before = next((b for b in rnd.boxes if b["id"] == data.box), None)
    if before is not None and "totals" in before and not data.reason:
        raise InvalidInput("修改已录入的汇总票数须说明理由", code="reason_required")
    box = box_rules.put_box_totals(session=session, rnd=rnd, box=data.box, totals=data.totals,
                                   ballots_void=data.ballots_void)
    # The box's totals alone, checked as a round of their own by the counting core.
    returned = int(box.get("returned", 0))
    _check_totals(session, election, rnd, data, int(box.get("issued", returned)), returned)
    return _stored_totals(session, rnd, data, actor)


def resolve_difference(*, session: Session, election: Election, rnd: Round, position: int,
                       data: ResolveIn, actor: Actor) -> Resolution:
    """A 监票人 decides what the ballot at `position` says when the two clerks disagree."""
    begin_write(session, shared=(rnd,))
    require_action(rnd, "resolve")
    assert rnd.id is not None
    if not rnd.double_entry:
        raise Conflict("本轮不是双人录入", code="not_double_entry")
    diff = next((d for d in differences(session=session, rnd=rnd) if d[0] == position), None)
    if diff is None:
        raise NotFound(f"第{position}张没有录入差异", code="no_difference")
    ballot = ballot_document(data.ballot)
    judge(judging_record(session=session, election=election, rnd=rnd), rnd.key, ballot)
    seen = {"a": ballot_digest(diff[1]), "b": ballot_digest(diff[2])}
    res = session.execute(select(Resolution).where(
        Resolution.round_id == rnd.id, Resolution.position == position)).scalar_one_or_none()
    if res is None:
        res = Resolution(round_id=rnd.id, position=position, ballot=ballot, seen=seen,
                         reason=data.reason, resolved_by=actor.name)
    else:
        res.ballot, res.seen, res.reason, res.resolved_by = ballot, seen, data.reason, actor.name
    session.add(res)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="entry.resolve",
           target=f"round:{rnd.key}",
           data={"position": position, "ballot": ballot, "reason": data.reason})
    session.commit()
    return res
