"""The RECORD.md document of an election, built from the database for `counting`.

The service never decides a rule itself: it writes down what happened (posts, candidates,
attendance, ballots) as a RECORD.md record and asks the counting core.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.elections.models import Candidate, CheckOut, Election, Post
from app.elections.service import candidates_of, checks_out, posts_of
from app.entry.ballots import counted_ballots
from app.errors import InvalidInput
from app.roll.service import proxy_names, roll_id
from app.rounds.boxes import record_boxes
from app.rounds.models import Round
from counting import RecordError, candidate_checks, parse_record
from counting.rules import COMMITTEE_BODIES

RECORD_FORMAT = "jipiao.record/1"
# Rounds whose ballots were returned: they belong in the record.
RETURNED_STATES = ("counting", "counted", "published", "void")


def base_document(election: Election, posts: list[Post],
                  candidates: list[Candidate]) -> dict[str, Any]:
    doc_posts = []
    for p in posts:
        post: dict[str, Any] = {"id": p.key, "name": p.name, "seats": p.seats}
        if p.role:
            post["role"] = p.role
        if p.women_only:
            post["women_only"] = True
        doc_posts.append(post)
    doc_candidates = []
    for c in candidates:
        cand: dict[str, Any] = {"id": c.key, "name": c.name, "posts": list(c.posts)}
        if c.surname:
            cand["surname"] = c.surname
        if c.gender:
            cand["gender"] = c.gender
        doc_candidates.append(cand)
    head: dict[str, Any] = {"id": f"jipiao-{election.id}", "title": election.title,
                            "body": election.body, "rules": dict(election.rules)}
    if election.body == "party_plenary" and election.committee is not None:
        # RULES.md §2 — the elected 委员 a write-in may name.
        head["committee"] = [committee_member(m) for m in election.committee]
    return {
        "format": RECORD_FORMAT,
        "election": head,
        "posts": doc_posts,
        "candidates": doc_candidates,
        "rounds": [],
    }


def committee_member(member: dict[str, Any]) -> dict[str, Any]:
    """One `election.committee` entry: `{"name", "surname"?, "gender"?}`."""
    out: dict[str, Any] = {"name": member["name"]}
    for key in ("surname", "gender"):
        if member.get(key):
            out[key] = member[key]
    return out


def election_base(*, session: Session, election: Election) -> dict[str, Any]:
    assert election.id is not None
    doc = base_document(election, posts_of(session=session, election_id=election.id),
                        candidates_of(session=session, election_id=election.id))
    if election.body in COMMITTEE_BODIES:
        # RULES.md §3 — proxy lists are public: the record carries them (an extra field).
        proxies = proxy_names(session=session, election_id=roll_id(election))
        if proxies:
            doc["election"]["proxies"] = proxies
    return doc


def contest_posts(doc: dict[str, Any], rnd: Round) -> list[str]:
    if rnd.contests:
        return list(rnd.contests)
    return [p["id"] for p in doc["posts"]]


def zero_totals(posts: list[str]) -> dict[str, Any]:
    return {post: {"invalid": 0, "yes": {}, "no": {}} for post in posts}


def round_head(rnd: Round, attendance: dict[str, Any]) -> dict[str, Any]:
    head: dict[str, Any] = {"id": rnd.key, "kind": rnd.kind}
    if rnd.contests:
        head["posts"] = rnd.contests
    head["attendance"] = attendance
    return head


def returned_round(*, session: Session, doc: dict[str, Any], rnd: Round) -> dict[str, Any]:
    """A round whose ballots came back: entered ballots, or hand-counted totals."""
    assert rnd.attendance is not None
    out = round_head(rnd, rnd.attendance)
    out["ballots_issued"] = rnd.ballots_issued
    out["ballots_returned"] = rnd.ballots_returned
    if rnd.boxes:
        # RULES.md §3 "Boxes": each box reconciled; with a box counted by hand, each box
        # carries its own ballots or totals and the round's count is their sum.
        boxes, apart = record_boxes(session=session, rnd=rnd, void=rnd.state == "void")
        out["boxes"] = boxes
        if apart:
            if rnd.decisions:
                out["decisions"] = rnd.decisions
            return out
    if rnd.state == "void":
        # RULES.md §5 — returned > issued: the round is void, nothing was counted.
        out["totals"] = zero_totals(contest_posts(doc, rnd))
    elif rnd.totals is not None:
        out["totals"] = rnd.totals
        out["ballots_void"] = rnd.ballots_void or 0
    else:
        out["ballots"] = counted_ballots(session=session, rnd=rnd)
    if rnd.decisions:
        out["decisions"] = rnd.decisions
    return out


def open_round(rnd: Round, attendance: dict[str, Any]) -> dict[str, Any]:
    """A round whose ballots are not back yet: no ballots (for judging entries, printing)."""
    out = round_head(rnd, attendance)
    out["ballots"] = []
    return out


def earlier_rounds(*, session: Session, election_id: int, before: int) -> list[Round]:
    return list(session.execute(
        select(Round).where(Round.election_id == election_id, Round.number < before,
                            Round.state.in_(RETURNED_STATES))  # type: ignore[attr-defined]
        .order_by(Round.number)
    ).scalars())


def record_upto(*, session: Session, election: Election, rnd: Round,
                attendance: dict[str, Any] | None = None, open_: bool = False) -> dict[str, Any]:
    """The record with every returned round before `rnd`, then `rnd` itself."""
    assert election.id is not None
    doc = election_base(session=session, election=election)
    for earlier in earlier_rounds(session=session, election_id=election.id, before=rnd.number):
        doc["rounds"].append(returned_round(session=session, doc=doc, rnd=earlier))
    if open_ or rnd.state not in RETURNED_STATES:
        snapshot = attendance if attendance is not None else rnd.attendance
        assert snapshot is not None
        doc["rounds"].append(open_round(rnd, snapshot))
    else:
        doc["rounds"].append(returned_round(session=session, doc=doc, rnd=rnd))
    return doc


def prospective_round(doc: dict[str, Any], rnd: Round, attendance: dict[str, Any],
                      body: str) -> dict[str, Any]:
    """For the gate before ballots go out. 村/居 turnout counts ballots returned, so the
    check asks whether the voters present (in person and by proxy) would be enough."""
    if body not in COMMITTEE_BODIES:
        return open_round(rnd, attendance)
    out = round_head(rnd, attendance)
    present = int(attendance.get("present", 0)) + int(attendance.get("proxies", 0))
    out["ballots_issued"] = out["ballots_returned"] = present
    out["totals"] = zero_totals(contest_posts(doc, rnd))
    return out


def parse_or_422(doc: dict[str, Any], code: str = "invalid_record") -> Any:
    try:
        return parse_record(doc)
    except RecordError as err:
        raise InvalidInput(_problems_zh(err), code=code, detail={"problems": [
            {"pointer": p.pointer, "zh": p.zh, "en": p.en} for p in err.problems]}) from None


def _problems_zh(err: RecordError) -> str:
    return "；".join(f"{p.zh}（{p.pointer}）" for p in err.problems[:5])


def setup_checks(*, session: Session, election: Election) -> list[CheckOut]:
    """差额 and women-only checks of the candidate list as it stands (RULES.md §2, §3)."""
    doc = election_base(session=session, election=election)
    attendance: dict[str, Any] = ({"registered": 1} if election.body in COMMITTEE_BODIES
                                  else {"entitled": 0, "present": 0})
    doc["rounds"] = [{"id": "r1", "kind": "regular", "attendance": attendance, "ballots": []}]
    try:
        record = parse_record(doc)
    except RecordError:
        return []
    out = checks_out(candidate_checks(record))
    if election.body in COMMITTEE_BODIES:
        # RULES.md §3 — the women rules (另行选举 list, women-only posts) need each gender:
        # an unknown gender would silently count as "not a woman". A warning, not a gate.
        unknown = [c["name"] for c in doc["candidates"] if not c.get("gender")]
        if unknown:
            out.append(CheckOut(code="gender_unknown", ok=False, actual=len(unknown), required=0,
                                text=f"候选人{'、'.join(unknown[:10])}未填性别：妇女成员的规定"
                                     "（另行选举名单、妇女委员）需要性别，请在候选人表中填写"))
    return out
