"""The rollup of an election kept on every count: its outcome, failing checks and the facts
the statistics of CAMPAIGN.md §4 are computed from (read by the board without any ballot)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.elections.models import Candidate, Election, Post
from app.elections.service import post_role
from app.roll.service import expected_of
from app.rounds.models import Round
from app.timeutil import utcnow
from app.units.models import STAGES, ElectionProgress
from app.units.stored_counts import refresh_unit_counts
from counting.rules import COMMITTEE_BODIES

RETURNED = ("counting", "counted", "published", "void")
COUNTED = ("counted", "published", "void")


def progress_of(*, session: Session, election: Election) -> ElectionProgress:
    """The election's progress row (made on first use)."""
    assert election.id is not None and election.unit_id is not None
    row = session.get(ElectionProgress, election.id)
    if row is None:
        row = ElectionProgress(election_id=election.id, unit_id=election.unit_id)
        session.add(row)
    return row


def advance(session: Session, row: ElectionProgress, stage: str) -> None:
    """Move the stage forward to `stage` (never back: the organiser may be ahead), audited."""
    if STAGES.index(stage) > STAGES.index(row.stage):  # type: ignore[arg-type]
        row.stage = stage
        append(session=session, election_id=row.election_id, actor="jipiao",
               action="progress.advance", target=f"election:{row.election_id}",
               data={"stage": stage})


def set_progress(*, session: Session, election: Election, stage: str | None,
                 plan: dict[str, str] | None, actor: str) -> ElectionProgress:
    """Inside a write: the organiser sets the stage and the plan's dates (ISO), audited."""
    row = progress_of(session=session, election=election)
    if stage is not None:
        row.stage = stage
    if plan is not None:
        row.plan = dict(plan)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    append(session=session, election_id=row.election_id, actor=actor, action="progress.set",
           target=f"election:{row.election_id}", data={"stage": row.stage, "plan": row.plan})
    return row


def refresh_progress(*, session: Session, election: Election) -> None:
    """Inside a write, after a round's result changed: outcome, failing checks, facts, and
    the unit's stored counts."""
    assert election.id is not None
    rounds = list(session.execute(select(Round).where(Round.election_id == election.id)
                                  .order_by(Round.number)).scalars())  # type: ignore[arg-type]
    counted = [r for r in rounds if r.state in COUNTED and r.result is not None]
    row = progress_of(session=session, election=election)
    if rounds and rounds[0].state in ("issued", *RETURNED):  # ballots are out
        advance(session, row, "voting")
    if counted:
        last = counted[-1]
        assert last.result is not None
        outcome = last.result.get("outcome", {})
        row.outcome = "needs_round" if last.state == "void" else str(outcome.get("status"))
        checks = (last.result.get("rounds") or [{}])[-1].get("checks", [])
        row.failing = sorted({c["code"] for c in checks if not c.get("ok", True)})
        if row.outcome == "complete":
            advance(session, row, "done")
    row.rounds_counted = len(counted)
    row.facts = election_facts(session=session, election=election, rounds=rounds)
    row.updated_at = utcnow()
    session.add(row)
    refresh_unit_counts(session=session, unit_ids=[election.unit_id])


def _first_round(rounds: list[Round]) -> dict[str, Any]:
    first = rounds[0] if rounds else None
    if first is None or first.state not in RETURNED:
        return {"held": False}
    a = first.attendance or {}
    counted = first.state in COUNTED and first.result is not None
    outcome = (first.result or {}).get("outcome", {}) if counted else {}
    return {
        "held": True,
        "held_on": first.created_at.date().isoformat(),
        # CAMPAIGN.md §4 — complete after the first regular round: no tie-break, 另行选举
        # or repeat (a void first round is a repeat).
        "first_round_complete": first.state != "void" and outcome.get("status") == "complete",
        "registered": int(a.get("registered", 0)),
        "voted": int(first.ballots_returned or 0) if "registered" in a else 0,
        "expected": expected_of(a) if "entitled" in a else 0,
        "present": int(a.get("present", 0)) if "entitled" in a else 0,
    }


def _elected(result: dict[str, Any], posts: dict[str, Post],
             candidates: dict[str, Candidate]) -> list[dict[str, Any]]:
    """Every elected seat with its votes, from the RECORD.md result."""
    out = []
    for post_key, winners in sorted(result.get("outcome", {}).get("elected", {}).items()):
        post = posts.get(post_key)
        for winner in winners:
            key = winner if isinstance(winner, str) else None
            name = candidates[key].name if key in candidates else winner["name"]
            votes, ballots = 0, 0
            for rnd in reversed(result.get("rounds", [])):
                spec = rnd.get("posts", {}).get(post_key)
                if not spec:
                    continue
                line = next((t for t in spec.get("tally", []) if
                             (t.get("id") == key if key else t.get("name") == name)), None)
                if line is not None and line.get("status") == "elected":
                    votes = int(line.get("yes", 0))
                    ballots = int(spec.get("sections_valid", 0)) + int(
                        spec.get("sections_invalid", 0))
                    break
            cand = candidates.get(key) if key else None
            out.append({
                "person_id": cand.person_id if cand else None, "name": name,
                "gender": cand.gender if cand else None,
                "role": post_role(post_key, post.role if post else None),
                "post": post.name if post else post_key, "votes": votes, "ballots": ballots})
    return out


def election_facts(*, session: Session, election: Election,
                   rounds: list[Round]) -> dict[str, Any]:
    assert election.id is not None
    posts = {p.key: p for p in session.execute(
        select(Post).where(Post.election_id == election.id)).scalars()}
    candidates = {c.key: c for c in session.execute(
        select(Candidate).where(Candidate.election_id == election.id)).scalars()}
    counted = [r for r in rounds if r.state in COUNTED and r.result is not None]
    last = counted[-1].result if counted else None
    facts: dict[str, Any] = {
        **_first_round(rounds),
        "complete": bool(last and last.get("outcome", {}).get("status") == "complete"),
        "seats": sum(p.seats for p in posts.values()),
        "candidates": sum(len([k for k in c.posts if k in posts]) for c in candidates.values()),
        "direct": election.body == "party_branch"
        and election.rules.get("secretary_mode") == "direct",
        "elected": _elected(last, posts, candidates) if last else [],
    }
    if election.body in COMMITTEE_BODIES:
        facts["expected"] = facts["present"] = 0
    return facts
