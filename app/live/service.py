"""The live tally for the projector: running counts per candidate and the threshold line.

Each entry's section validity was judged by `counting` when it was entered (stored with
the entry); this module only adds up those judgements. Once the round is counted the
board shows `counting`'s own result.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from app.elections.models import Election, Post
from app.elections.service import candidates_of, posts_of
from app.entry.ballots import active_entries
from app.entry.models import BallotEntry
from app.names import clean_name
from app.rounds.boxes import turnout
from app.rounds.models import Round
from counting.gates import least_over, majority_threshold
from counting.rules import COMMITTEE_BODIES, rules_for

FINAL_STATES = ("counted", "published", "void")


def marker(*, session: Session, rnd: Round) -> tuple[Any, ...]:
    """Changes whenever the board must be redrawn (cheap: one indexed aggregate)."""
    count, last, voided = session.execute(
        select(func.count(), func.max(BallotEntry.id),
               func.count(BallotEntry.voided_by))
        .where(BallotEntry.round_id == rnd.id)
    ).one()
    return (rnd.version, rnd.state, count, last, voided)


def threshold_line(election: Election, rnd: Round) -> int | None:
    """The least votes that can be elected (RULES.md §2, §3), for the line on the board."""
    a = rnd.attendance or {}
    if election.body not in COMMITTEE_BODIES:
        return majority_threshold(int(a["present"])) if "present" in a else None
    if rnd.ballots_returned is None:
        return None
    if rnd.kind == "supplementary":
        share = rules_for(election.body, election.rules).supplementary_min_share  # type: ignore[arg-type]
        return least_over(rnd.ballots_returned, share, allow_equal=True)
    return majority_threshold(rnd.ballots_returned)


def _running_posts(session: Session, election: Election, rnd: Round,
                   posts: list[Post]) -> dict[str, Any]:
    assert election.id is not None and rnd.id is not None
    candidates = candidates_of(session=session, election_id=election.id)
    names = {c.key: c.name for c in candidates}
    by_name = {n: k for k, n in names.items()}
    contests = rnd.contests or {p.key: {"seats": p.seats,
                                        "candidates": [k for k, _n in names.items()]}
                                for p in posts}
    out: dict[str, Any] = {}
    entries = active_entries(session=session, round_id=rnd.id, channel="A")
    threshold = threshold_line(election, rnd)
    for p in posts:
        if p.key not in contests:
            continue
        cands = [c.key for c in candidates
                 if p.key in c.posts and c.key in contests[p.key]["candidates"]]
        yes = dict.fromkeys(cands, 0)
        no = dict.fromkeys(cands, 0)
        write_ins: dict[str, int] = {}
        valid = invalid = 0
        for e in entries:
            section = e.response.get("sections", {}).get(p.key)
            if e.ballot.get("void") or (section is not None and not section.get("valid")):
                invalid += 1
                continue
            valid += 1
            for cid, mark in e.ballot.get("marks", {}).get(p.key, {}).items():
                if cid in yes and mark in ("yes", "no"):
                    (yes if mark == "yes" else no)[cid] += 1
            for w in e.ballot.get("write_ins", {}).get(p.key, []):
                if w.get("mark") == "yes":
                    name = clean_name(w["name"])
                    if by_name.get(name) in yes:
                        yes[by_name[name]] += 1
                    else:
                        write_ins[name] = write_ins.get(name, 0) + 1
        for box in rnd.boxes or []:
            # A box counted by hand (正字 totals) is on the board at once (RECORD.md boxes).
            section = box.get("totals", {}).get(p.key) if "totals" in box else None
            if section is None:
                continue
            void = int(box.get("ballots_void", 0))
            bad = int(section.get("invalid", 0)) + void
            invalid += bad
            valid += int(box.get("returned", 0)) - bad
            for cid, n in section.get("yes", {}).items():
                if cid in yes:
                    yes[cid] += int(n)
            for cid, n in section.get("no", {}).items():
                if cid in no:
                    no[cid] += int(n)
            for name, n in section.get("write_ins", {}).items():
                name = clean_name(name)
                if by_name.get(name) in yes:
                    yes[by_name[name]] += int(n)
                else:
                    write_ins[name] = write_ins.get(name, 0) + int(n)
        rows = [{"id": c, "name": names[c], "yes": yes[c], "no": no[c],
                 "abstain": valid - yes[c] - no[c],
                 "reached": threshold is not None and yes[c] >= threshold} for c in cands]
        rows += [{"name": n, "write_in": True, "yes": v,
                  "reached": threshold is not None and v >= threshold}
                 for n, v in write_ins.items()]
        rows.sort(key=lambda r: -int(r["yes"]))
        out[p.key] = {"name": p.name, "seats": int(contests[p.key].get("seats", p.seats)),
                      "threshold": threshold, "tally": rows, "sections_valid": valid,
                      "sections_invalid": invalid}
    return out


def _counted_posts(rnd: Round, posts: list[Post]) -> dict[str, Any]:
    assert rnd.result is not None
    names = {p.key: p.name for p in posts}
    mine = next((r for r in rnd.result.get("rounds", []) if r.get("id") == rnd.key), {})
    return {key: {"name": names.get(key, key), **value}
            for key, value in mine.get("posts", {}).items()}


def snapshot(*, session: Session, election: Election, rnd: Round) -> dict[str, Any]:
    assert election.id is not None and rnd.id is not None
    posts = posts_of(session=session, election_id=election.id)
    final = rnd.state in FINAL_STATES and rnd.result is not None
    entered = len(active_entries(session=session, round_id=rnd.id, channel="A"))
    return {
        "round": rnd.id, "key": rnd.key, "kind": rnd.kind, "state": rnd.state,
        "entered": entered, "returned": rnd.ballots_returned, "issued": rnd.ballots_issued,
        "final": rnd.state in FINAL_STATES,
        # 村/居 (RULES.md §3): 参加投票 = ballots returned, over 登记选民 — never sign-ins.
        "turnout": turnout(election, rnd),
        "boxes": [{**{k: b[k] for k in ("id", "kind", "name", "issued", "returned") if k in b},
                   "by_totals": "totals" in b} for b in rnd.boxes or []],
        "posts": _counted_posts(rnd, posts) if final else _running_posts(session, election,
                                                                         rnd, posts),
    }
