"""The result of a count as values, and its RECORD.md JSON form (byte-stable)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from counting.decide import Status, Tie
from counting.gates import Check
from counting.people import Person

RESULT_FORMAT = "jipiao.result/1"
RoundStatus = Literal["counted", "void", "not_valid"]
OutcomeStatus = Literal["complete", "needs_round", "not_valid"]
NextKind = Literal["tie_break", "supplementary", "repeat"]


@dataclass(frozen=True, slots=True)
class TallyRow:
    person: Person
    printed: bool
    yes: int
    no: int
    abstain: int
    unreadable: int
    votes: int | None  # cascade mode: the votes that decide (this post's and the higher posts')
    status: Status
    carried: Mapping[str, int] = field(default_factory=dict)  # cascade: votes per higher post
    written_in: bool = False  # written in on this post (not printed here, not only carried)


@dataclass(frozen=True, slots=True)
class NobodyWriteIn:
    """Write-ins of one name that counted for nobody, and why (RULES.md §2, §3, §5)."""

    name: str
    reason: str
    count: int
    text: str


@dataclass(frozen=True, slots=True)
class PostResult:
    post: str
    seats: int
    threshold: int
    threshold_text: str
    sections_valid: int
    sections_invalid: int
    tally: tuple[TallyRow, ...]
    elected: tuple[Person, ...]
    tie: Tie | None
    unfilled: int
    nobody: tuple[NobodyWriteIn, ...] = ()


@dataclass(frozen=True, slots=True)
class BallotSummary:
    issued: int
    returned: int
    void: int
    invalid: int | None  # wholly invalid ballots; unknown for hand-counted totals


@dataclass(frozen=True, slots=True)
class RoundResult:
    id: str
    kind: str
    status: RoundStatus
    checks: tuple[Check, ...]
    ballots: BallotSummary
    posts: tuple[PostResult, ...]


@dataclass(frozen=True, slots=True)
class NextContest:
    post: str
    seats: int
    candidates: tuple[Person, ...]
    needs_nomination: bool = False  # RULES.md §2: no elected 委员 to propose; the organiser names
    note: str | None = None  # why the list is as it is (a woman added, RULES.md §3)


@dataclass(frozen=True, slots=True)
class NextRound:
    kind: NextKind
    posts: tuple[NextContest, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: OutcomeStatus
    elected: Mapping[str, tuple[Person, ...]]
    vacant: Mapping[str, int]
    reduced: Mapping[str, tuple[int, int]]
    next_round: NextRound | None


@dataclass(frozen=True, slots=True)
class Result:
    rounds: tuple[RoundResult, ...]
    outcome: Outcome


# --- JSON -------------------------------------------------------------------------------


def person_ref(person: Person) -> str | dict[str, Any]:
    """A candidate by id; a written-in name as {"name", "write_in": true} (RECORD.md)."""
    if person.id is not None:
        return person.id
    return {"name": person.name, "write_in": True}


def check_to_json(c: Check) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": c.code,
        "ok": c.ok,
        "actual": c.actual,
        "required": c.required,
        "text": c.text,
    }
    if c.post is not None:
        out["post"] = c.post
    return out


def _row(r: TallyRow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if r.person.id is not None:
        out["id"] = r.person.id
    out["name"] = r.person.name
    if r.written_in:
        out["write_in"] = True
    out["yes"] = r.yes
    if r.printed:
        out.update(no=r.no, abstain=r.abstain, unreadable=r.unreadable)
    if r.votes is not None:
        out["votes"] = r.votes
    if r.carried:
        out["carried"] = dict(r.carried)
    out["status"] = r.status
    return out


def _tie(t: Tie | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"candidates": [person_ref(p) for p in t.candidates], "seats": t.seats}


def _post(p: PostResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "seats": p.seats,
        "threshold": p.threshold,
        "threshold_text": p.threshold_text,
        "sections_valid": p.sections_valid,
        "sections_invalid": p.sections_invalid,
        "tally": [_row(r) for r in p.tally],
        "elected": [person_ref(x) for x in p.elected],
        "tie": _tie(p.tie),
        "unfilled": p.unfilled,
    }
    if p.nobody:
        out["write_ins_for_nobody"] = [
            {"name": n.name, "count": n.count, "reason": n.reason, "text": n.text}
            for n in p.nobody
        ]
    return out


def _round(r: RoundResult) -> dict[str, Any]:
    ballots: dict[str, Any] = {
        "issued": r.ballots.issued,
        "returned": r.ballots.returned,
        "void": r.ballots.void,
    }
    if r.ballots.invalid is not None:
        ballots["invalid"] = r.ballots.invalid
        ballots["valid"] = r.ballots.returned - r.ballots.invalid
    return {
        "id": r.id,
        "kind": r.kind,
        "status": r.status,
        "checks": [check_to_json(c) for c in r.checks],
        "ballots": ballots,
        "posts": {p.post: _post(p) for p in r.posts},
    }


def _next(n: NextRound | None) -> dict[str, Any] | None:
    if n is None:
        return None
    posts: dict[str, Any] = {}
    for c in n.posts:
        post: dict[str, Any] = {
            "seats": c.seats,
            "candidates": [person_ref(p) for p in c.candidates],
        }
        if c.needs_nomination:
            post["needs_nomination"] = True
        if c.note is not None:
            post["note"] = c.note
        posts[c.post] = post
    return {"kind": n.kind, "posts": posts}


def result_to_json(result: Result) -> dict[str, Any]:
    o = result.outcome
    outcome: dict[str, Any] = {
        "status": o.status,
        "elected": {post: [person_ref(p) for p in people] for post, people in o.elected.items()},
        "vacant": dict(o.vacant),
        "next_round": _next(o.next_round),
    }
    if o.reduced:
        outcome["reduced"] = {p: {"from": a, "to": b} for p, (a, b) in o.reduced.items()}
    return {
        "format": RESULT_FORMAT,
        "rounds": [_round(r) for r in result.rounds],
        "outcome": outcome,
    }


def dumps(obj: object) -> str:
    """Canonical JSON text: the same result always gives the same bytes (UTF-8)."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
