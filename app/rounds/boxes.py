"""Ballot boxes of a 村/居 election day (RULES.md §3 "Boxes", RECORD.md round `boxes`).

A village votes all day at the 中心会场, at 投票站 and with 流动票箱. Each box is issued
ballots and found with ballots in it; each is reconciled on its own (a box returning more
than it was given voids the round — the counting core's `box_reconciliation`). The boxes
are usually opened and counted together; one box may be counted by hand on a 正字 sheet
while the others are entered ballot by ballot, and then every box carries its own
`ballots` or `totals` and the round's count is their sum.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.entry.ballots import active_entries, counted_ballots
from app.entry.models import BallotEntry
from app.errors import Conflict, InvalidInput
from app.rounds.models import BoxIn, Round
from app.rounds.states import require_action
from counting.gates import least_over, turnout_inclusive
from counting.rules import COMMITTEE_BODIES, rules_for

KIND_ZH = {"main": "中心会场", "station": "投票站", "mobile": "流动票箱"}
# Fields of a box that belong in the RECORD.md record (extra fields are allowed there).
RECORD_FIELDS = ("id", "kind", "name", "issued", "returned", "carrier", "scrutineers")


def box_label(box: dict[str, Any]) -> str:
    return str(box.get("name") or box["id"])


def set_boxes(*, session: Session, election: Election, rnd: Round, boxes: list[BoxIn],
              actor: Actor) -> Round:
    """The round's boxes, named before any ballot goes out (state draft or quorum_checked)."""
    begin_write(session, rnd)
    require_action(rnd, "boxes")
    if election.body not in COMMITTEE_BODIES:
        raise Conflict("只有村（居）民委员会选举设投票站和流动票箱；党组织选举在会场投票",
                       code="boxes_not_allowed")
    rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
    if rules.electorate_mode == "representatives":
        others = [b.name for b in boxes if b.kind != "main"]
        if others:
            # RULES.md §3 — 居民代表 vote at the central venue only.
            raise Conflict("居民代表会议推选只能在中心会场投票，不能设投票站或流动票箱："
                           + "、".join(others), code="boxes_not_allowed",
                           detail={"boxes": others})
    ids = [b.id for b in boxes]
    if len(set(ids)) != len(ids):
        raise InvalidInput("票箱编号重复", code="duplicate_box")
    if sum(1 for b in boxes if b.kind == "main") > 1:
        raise InvalidInput("中心会场的票箱只能有一个", code="duplicate_box")
    for b in boxes:
        if b.kind != "mobile" and (b.carrier or b.scrutineers):
            raise InvalidInput(f"“{b.name}”不是流动票箱，不填携带人和随箱监票人",
                               code="invalid_box")
    rnd.boxes = [b.model_dump(exclude_none=True) for b in boxes] or None
    rnd.version += 1
    session.add(rnd)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.boxes",
           target=f"round:{rnd.key}", data={"boxes": rnd.boxes or []})
    session.commit()
    return rnd


def per_box(rnd: Round, counts: dict[str, int] | None, what: str) -> dict[str, int]:
    """Counts for every box of the round (issued or returned), each named once."""
    assert rnd.boxes
    if counts is None:
        raise InvalidInput(f"本轮设有票箱，请逐个票箱填写{what}的选票张数", code="boxes_required")
    ids = [b["id"] for b in rnd.boxes]
    unknown = [k for k in counts if k not in ids]
    if unknown:
        raise InvalidInput(f"没有编号为“{unknown[0]}”的票箱", code="unknown_box",
                           detail={"box": unknown[0]})
    missing = [box_label(b) for b in rnd.boxes if b["id"] not in counts]
    if missing:
        raise InvalidInput(f"还没有填写{'、'.join(missing)}{what}的选票张数",
                           code="boxes_required", detail={"missing": missing})
    for box_id, n in counts.items():
        if n < 0 or n > 1_000_000:
            raise InvalidInput("选票张数应在0到1000000之间", code="invalid_count",
                               detail={"box": box_id})
    return {k: int(counts[k]) for k in ids}


def with_counts(rnd: Round, counts: dict[str, int], field: str) -> list[dict[str, Any]]:
    assert rnd.boxes
    return [{**b, field: counts[b["id"]]} for b in rnd.boxes]


def over_returned(rnd: Round) -> list[dict[str, Any]]:
    """Boxes with more ballots in them than were issued to them (RULES.md §5: void)."""
    return [b for b in rnd.boxes or [] if int(b.get("returned", 0)) > int(b.get("issued", 0))]


def totals_boxes(rnd: Round) -> list[dict[str, Any]]:
    return [b for b in rnd.boxes or [] if "totals" in b]


def counted_apart(rnd: Round) -> bool:
    """RECORD.md: boxes carry their own ballots/totals once any box is counted by hand."""
    return bool(totals_boxes(rnd))


def ballot_boxes(rnd: Round) -> list[dict[str, Any]]:
    return [b for b in rnd.boxes or [] if "totals" not in b]


def entry_limit(rnd: Round) -> int:
    """How many ballots may be entered one by one: those not counted on 正字 sheets."""
    assert rnd.ballots_returned is not None
    return rnd.ballots_returned - sum(int(b.get("returned", 0)) for b in totals_boxes(rnd))


def check_entry_box(rnd: Round, box: str | None) -> None:
    """A ballot names a box of the round that is entered ballot by ballot (or none: one)."""
    if box is None:
        if not rnd.boxes or not counted_apart(rnd) or len(ballot_boxes(rnd)) <= 1:
            return
        names = "、".join(box_label(b) for b in ballot_boxes(rnd))
        raise InvalidInput(f"有票箱按汇总录入，逐张录入时须写明票箱（{names}）",
                           code="box_required")
    found = next((b for b in rnd.boxes or [] if b["id"] == box), None)
    if found is None:
        raise InvalidInput(f"本轮没有编号为“{box}”的票箱", code="unknown_box",
                           detail={"box": box})
    if "totals" in found:
        raise Conflict(f"“{box_label(found)}”已按正字汇总录入，不能再逐张录入",
                       code="totals_entered", detail={"box": box})


def entries_by_box(*, session: Session, rnd: Round) -> dict[str | None, int]:
    """Active channel-A entries per box."""
    rows = session.execute(
        select(BallotEntry.box, func.count())
        .where(BallotEntry.round_id == rnd.id, BallotEntry.channel == "A",
               BallotEntry.voided == False)  # noqa: E712
        .group_by(BallotEntry.box)).all()
    return {box: int(n) for box, n in rows}


def put_box_totals(*, session: Session, rnd: Round, box: str, totals: dict[str, Any],
                   ballots_void: int) -> dict[str, Any]:
    """Set one box's 正字 totals on `rnd.boxes` (the caller checks and commits)."""
    found = next((b for b in rnd.boxes or [] if b["id"] == box), None)
    if found is None:
        raise InvalidInput(f"本轮没有编号为“{box}”的票箱", code="unknown_box",
                           detail={"box": box})
    by_box = entries_by_box(session=session, rnd=rnd)
    if by_box.get(box):
        raise Conflict(f"“{box_label(found)}”已逐张录入{by_box[box]}张选票，不能再录入汇总票数",
                       code="entries_exist", detail={"box": box})
    others = [b for b in ballot_boxes(rnd) if b["id"] != box]
    if by_box.get(None) and len(others) > 1:
        raise Conflict("已有未注明票箱的逐张录入，其余票箱不止一个，无法分开计票",
                       code="entries_without_box")
    rnd.boxes = [{**b, "totals": totals, "ballots_void": ballots_void} if b["id"] == box else b
                 for b in rnd.boxes or []]
    return found


def ensure_boxes_complete(*, session: Session, rnd: Round) -> None:
    """Counted apart: every ballot box has exactly its returned ballots entered."""
    if not counted_apart(rnd):
        return
    by_box = entries_by_box(session=session, rnd=rnd)
    sole = ballot_boxes(rnd)[0]["id"] if len(ballot_boxes(rnd)) == 1 else None
    if by_box.get(None) and sole is None:
        raise Conflict("有逐张录入的选票没有注明票箱", code="entries_without_box")
    for b in ballot_boxes(rnd):
        n = by_box.get(b["id"], 0) + (by_box.get(None, 0) if b["id"] == sole else 0)
        if n != int(b.get("returned", 0)):
            raise Conflict(f"“{box_label(b)}”已录入{n}张选票，收回{b.get('returned', 0)}张，"
                           "两者一致后才能计票", code="entries_incomplete",
                           detail={"box": b["id"], "entered": n, "returned": b.get("returned")})


def record_boxes(*, session: Session, rnd: Round, void: bool) -> tuple[list[dict[str, Any]],
                                                                         bool]:
    """The RECORD.md `boxes` of a returned round, and whether they carry the count."""
    assert rnd.boxes and rnd.id is not None
    plain = [{k: b[k] for k in RECORD_FIELDS if k in b} for b in rnd.boxes]
    if void or not counted_apart(rnd):
        return plain, False
    ballots = counted_ballots(session=session, rnd=rnd)
    boxes_of = [e.box for e in active_entries(session=session, round_id=rnd.id, channel="A")]
    sole = ballot_boxes(rnd)[0]["id"] if len(ballot_boxes(rnd)) == 1 else None
    out = []
    for b, p in zip(rnd.boxes, plain, strict=True):
        if "totals" in b:
            out.append({**p, "totals": b["totals"], "ballots_void": b.get("ballots_void", 0)})
        else:
            mine = [ballot for ballot, box in zip(ballots, boxes_of, strict=False)
                    if (box or sole) == b["id"]]
            out.append({**p, "ballots": mine})
    return out, True


def turnout(election: Election, rnd: Round) -> dict[str, Any] | None:
    """村/居 (RULES.md §3): 参加投票 = ballots returned, over 登记选民, with the percentage."""
    if election.body not in COMMITTEE_BODIES or not rnd.attendance:
        return None
    registered = int(rnd.attendance.get("registered") or 0)
    if registered < 1:
        return None
    rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
    required = least_over(registered, rules.turnout_ratio, turnout_inclusive(rules))
    unit = "户" if rules.electorate_mode == "households" else "人"
    roll = "登记选民" if rules.electorate_mode != "representatives" else "居民代表"
    voted = rnd.ballots_returned
    if voted is None:
        return {"voted": None, "registered": registered, "required": required, "ok": None,
                "percent": None,
                "text": f"{roll}{registered}{unit}，参加投票以收回的选票计，至少需{required}{unit}"}
    tenths = voted * 1000 // registered
    percent = f"{tenths // 10}.{tenths % 10}%"
    ok = voted >= required
    verdict = "选举有效" if ok else f"不足{required}{unit}，选举无效"
    return {"voted": voted, "registered": registered, "required": required, "ok": ok,
            "percent": percent,
            "text": f"参加投票{voted}{unit} / {roll}{registered}{unit}（{percent}），{verdict}"}
