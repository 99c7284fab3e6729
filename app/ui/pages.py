"""What the pages show, read through the API's own services (never a rule decided here).

The clerk's sheet is the printed ballot's own layout (`ballots.content.ballot_content`): the
same sections, the same 姓氏笔画 order, the same number of 另选他人 columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.elections.models import Election
from app.elections.service import candidates_of, posts_of
from app.roll.service import expected_of
from app.rounds.boxes import entry_limit
from app.rounds.models import Round
from app.rounds.record import parse_or_422, prospective_round, record_upto
from app.rounds.service import rounds_of
from app.rounds.states import STATE_ZH
from ballots.content import BallotOptions, ballot_content
from ballots.documents.ballot import grid_row_lengths
from ballots.documents.ballot_blocks import name_parts
from counting import round_gates
from counting.model import Record
from counting.rules import COMMITTEE_BODIES, PARTY_BODIES
from counting.validity import (
    POST_RANK,
    RULE_TEXT,  # the core's own sentences (RULES.md §2, §5)
    SECRETARY_NOT_MEMBER,
    SHEET_OVERVOTE,
    VOID,
    overvote_text,
)

BODY_ZH = {
    "party_branch": "党支部（党员大会）",
    "party_plenary": "党组织委员会全体会议",
    "residents_committee": "居民委员会",
    "villagers_committee": "村民委员会",
    "supervisory_committee": "居务/村务监督委员会",
}
KIND_ZH = {"regular": "正式选举", "tie_break": "重新投票", "supplementary": "另行选举"}


@dataclass(frozen=True, slots=True)
class ElectionRow:
    id: int
    title: str
    body_zh: str
    round_text: str
    published: bool


def election_rows(*, session: Session, published_only: bool = False) -> list[ElectionRow]:
    """Every election on this server (in production: those with a published round), newest
    first, with where its last round stands."""
    elections = session.execute(select(Election).order_by(Election.id.desc())).scalars()  # type: ignore[union-attr]
    rows = []
    for e in elections:
        assert e.id is not None
        rounds = rounds_of(session=session, election_id=e.id)
        last = rounds[-1] if rounds else None
        text = f"第{last.number}轮：{STATE_ZH[last.state]}" if last else "尚未开始投票"
        published = any(r.state == "published" for r in rounds)
        if published or not published_only:
            rows.append(ElectionRow(e.id, e.title, BODY_ZH.get(e.body, e.body), text, published))
    return rows


def latest_round(*, session: Session, election_id: int) -> Round | None:
    rounds = rounds_of(session=session, election_id=election_id)
    return rounds[-1] if rounds else None


@dataclass(frozen=True, slots=True)
class CheckedAttendance:
    number: int
    expected: int
    present: int


def checked_attendance(election: Election, rnd: Round | None) -> CheckedAttendance | None:
    """应到/实到 as a party or 监委 round's 核对 fixed them (RULES.md §2: `present` is the 实到
    of this round): None while the round is still a draft, and for a 村/居, whose turnout is
    the ballots returned (RULES.md §3)."""
    if rnd is None or rnd.attendance is None or election.body in COMMITTEE_BODIES:
        return None
    a = rnd.attendance
    return CheckedAttendance(rnd.number, expected_of(a), int(a["present"]))


def round_record(*, session: Session, election: Election,
                 rnd: Round) -> tuple[dict[str, Any], Record]:
    doc = record_upto(session=session, election=election, rnd=rnd, open_=True)
    record: Record = parse_or_422(doc)
    return doc, record


def clerk_sheet(*, session: Session, election: Election, rnd: Round) -> dict[str, Any]:
    """The sheet the 计票人 page draws and checks (JSON, embedded in the page)."""
    assert election.id is not None and rnd.id is not None
    doc, record = round_record(session=session, election=election, rnd=rnd)
    parsed = next(r for r in record.rounds if r.id == rnd.key)
    content = ballot_content(doc, record, rnd.key, parsed.kind, parsed.contests, BallotOptions())
    rules = record.rules
    per_row = grid_row_lengths(content)  # the printed ballot's row breaks and numbers
    number = 0
    posts = []
    for s in content.sections:
        candidates = []
        for cid, name in zip(s.candidate_ids, s.names, strict=True):
            number += 1
            candidates.append({"id": cid, "name": name, "n": number, "parts": name_parts(name)})
        posts.append({
            "id": s.post_id, "name": s.post_name, "role": s.role, "seats": s.seats,
            "per_row": per_row[s.post_id],
            "write_in_columns": s.write_in_columns, "candidates": candidates,
            "overvote_text": overvote_text(s.post_name, s.seats),
            "rank": POST_RANK[s.role], "women_only": record.post(s.post_id).women_only,
        })
    # RULES.md §2 — 书记须选委员 applies only to party bodies in direct mode.
    secretary_rule = (record.body in PARTY_BODIES and rules.secretary_mode == "direct"
                      and rules.secretary_requires_member_mark)
    # Who a written name counts for (counting/people.py, RULES.md §5), for the over-vote check.
    people: dict[str, str | None] = {}
    for c in record.candidates:
        people[c.name] = None if c.name in people else c.id
    for m in record.committee or ():  # a plenary write-in may name any elected 委员
        people.setdefault(m.name, "name:" + m.name)
    women = {c.id for c in record.candidates if c.gender == "F"}
    women |= {"name:" + m.name for m in record.committee or () if m.gender == "F"}
    contest_only = ({c.post: list(c.candidates) for c in parsed.contests}
                    if parsed.kind == "tie_break" else None)
    return {
        "election_id": election.id, "round_id": rnd.id, "round_number": rnd.number,
        "round_key": rnd.key, "kind": rnd.kind, "kind_zh": KIND_ZH.get(rnd.kind, rnd.kind),
        "title": content.title, "double_entry": rnd.double_entry,
        "ballots_returned": rnd.ballots_returned,
        "entry_limit": entry_limit(rnd) if rnd.ballots_returned is not None else None,
        "boxes": {b["id"]: b.get("name") or b["id"] for b in rnd.boxes or []},
        "posts": posts,
        "people": people, "contest_only": contest_only,
        "closed_write_ins": record.body == "party_plenary",
        "ineligible": sorted(record.ineligible),
        "women": sorted(women),
        "rules": {"writein_without_mark": rules.writein_without_mark,
                  "overvote_scope": rules.overvote_scope,
                  "secretary_requires_member_mark": secretary_rule,
                  "same_person_multi_post": rules.same_person_multi_post,
                  "writein_requires_no_mark": rules.writein_requires_no_mark},
        "texts": {"void": RULE_TEXT[VOID], "secretary_not_member": RULE_TEXT[SECRETARY_NOT_MEMBER],
                  "sheet_overvote": RULE_TEXT[SHEET_OVERVOTE]},
    }


@dataclass(frozen=True, slots=True)
class GateView:
    ok: bool
    text: str


def quorum_preview(*, session: Session, election: Election, attendance: dict[str, Any],
                   rnd: Round | None) -> list[GateView]:
    """会议有效/选举有效 as the roll stands now (RULES.md §2, §3): read only, nothing saved.

    The same gates `POST …/quorum` applies, run on the round that is (or would be) next."""
    probe = rnd if rnd is not None and rnd.state in ("draft", "quorum_checked") else None
    if probe is None:
        probe = Round(election_id=election.id or 0, number=(rnd.number + 1) if rnd else 1,
                      kind="regular")
    doc = record_upto(session=session, election=election, rnd=probe, attendance=attendance,
                      open_=True)
    doc["rounds"][-1] = prospective_round(doc, probe, attendance, election.body)
    record = parse_or_422(doc)
    return [GateView(c.ok, c.text) for c in round_gates(record, probe.key)]


def candidate_names(*, session: Session, election_id: int) -> dict[str, str]:
    """Candidate id (c01…) → name, for results that list ids."""
    return {c.key: c.name for c in candidates_of(session=session, election_id=election_id)}


def post_names(*, session: Session, election_id: int) -> dict[str, str]:
    return {p.key: p.name for p in posts_of(session=session, election_id=election_id)}
