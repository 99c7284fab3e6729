"""The live tally for the projector: running counts per candidate and the threshold line.

While ballots are entered the tally is `counting.tally_more` over the entries so far, the
very computation the count makes (so the board never differs from the result), each entry
added once; once the round is counted the board shows `counting`'s own result.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from app.calculator import name_key
from app.elections.models import Election, Post
from app.elections.service import posts_of
from app.entry.models import BallotEntry
from app.entry.service import judging_record
from app.rounds.boxes import turnout
from app.rounds.counts import void_reason
from app.rounds.models import Round
from app.rounds.record import parse_or_422, record_upto
from app.rounds.service import get_round
from ballots.strokes import StrokeError
from counting import Record, elected_so_far, tally_more, tally_totals
from counting.gates import least_over, majority_threshold
from counting.rules import COMMITTEE_BODIES, rules_for
from counting.tally import PostTally, merge_tallies

FINAL_STATES = ("counted", "published", "void")


def marker(rnd: Round) -> tuple[Any, ...]:
    """Changes whenever the board must be redrawn: a ballot entered moves `entered_a`, a
    correction or any other change `version`."""
    return (rnd.version, rnd.state, rnd.entered_a)


_MARKER = select(Round.version, Round.state, Round.entered_a).where(
    Round.id == bindparam("round_id"), Round.election_id == bindparam("election_id"))


def read_marker(session: Session, election_id: int, round_id: int) -> tuple[Any, ...]:
    """`marker` of the stored round, from its three columns alone (404 when there is none)."""
    row = session.execute(_MARKER, {"round_id": round_id, "election_id": election_id}).first()
    if row is None:  # get_round says why
        return marker(get_round(session=session, election_id=election_id, round_id=round_id))
    return tuple(row)


def threshold_line(election: Election, rnd: Round) -> int | None:
    """The least votes that can be elected (RULES.md §2, §3), for the line on the board."""
    a = rnd.attendance or {}
    rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
    if rnd.kind == "tie_break" and not rules.tiebreak_requires_majority:
        return 0  # RULES.md §6.3: the tied already qualified, the most votes win
    if election.body not in COMMITTEE_BODIES:
        return majority_threshold(int(a["present"])) if "present" in a else None
    if rnd.ballots_returned is None:
        return None
    if rnd.kind == "supplementary":
        return least_over(rnd.ballots_returned, rules.supplementary_min_share, allow_equal=True)
    return majority_threshold(rnd.ballots_returned)


@dataclass
class _Running:
    """A round's tally of the entries so far, kept to add only the new ones next time."""

    key: int  # the round's version (a correction moves it): when it moves, start over
    elected: Mapping[str, frozenset[Any]]
    last_id: int = 0
    tallies: dict[str, PostTally] | None = None


# The entries after `after` (built once: a picture is drawn many times a second).
_NEW_ENTRIES = (
    select(BallotEntry.id, BallotEntry.ballot)
    .where(BallotEntry.round_id == bindparam("round_id"), BallotEntry.channel == "A",
           BallotEntry.voided == False, BallotEntry.id > bindparam("after"))  # noqa: E712
    .order_by(BallotEntry.id))
# By (engine, round id): a process may serve several databases (the tests do).
_running: OrderedDict[tuple[Any, int], _Running] = OrderedDict()
_running_lock = threading.Lock()
_RUNNING_KEPT = 256  # rounds whose running tally a process keeps


def _running_tallies(session: Session, election: Election, rnd: Round) -> dict[str, PostTally]:
    """`counting.tally_more` over the entries added since the last call (a tally is a sum over
    ballots): each ballot is read once, however often the board is redrawn. An undone entry
    or a change of the round starts the sum again."""
    assert rnd.id is not None
    where = (session.get_bind(), rnd.id)
    record = _round_record(session, election, rnd)  # cached per round version
    with _running_lock:
        running = _running.get(where)
        if running is None or running.key != rnd.version:
            running = _Running(rnd.version, elected_so_far(record, name_key))
        _running[where] = running
        _running.move_to_end(where)
        while len(_running) > _RUNNING_KEPT:
            _running.popitem(last=False)
        rows = session.execute(_NEW_ENTRIES, {"round_id": rnd.id,
                                              "after": running.last_id}).all()
        if rows or running.tallies is None:
            running.tallies = tally_more(record, running.elected, [r.ballot for r in rows],
                                         running.tallies)
            if rows:
                running.last_id = rows[-1].id
        tallies = running.tallies
    # A box counted by hand (正字 totals) is on the board as soon as its totals are saved.
    by_hand = [b for b in rnd.boxes or [] if isinstance(b, dict) and "totals" in b]
    if not by_hand:
        return tallies
    parts = [tally_totals(record, running.elected, b["totals"], int(b.get("returned", 0)),
                          int(b.get("ballots_void", 0))) for b in by_hand]
    return merge_tallies([tallies, *parts], record.rounds[-1])


def _round_record(session: Session, election: Election, rnd: Round) -> Record:
    """The record up to this round, parsed (cached per round version while entries come)."""
    if rnd.attendance is not None:
        return judging_record(session=session, election=election, rnd=rnd)
    # Before 核对到会人数 the round has no attendance; the tally does not use it.
    placeholder = ({"registered": 1} if election.body in COMMITTEE_BODIES
                   else {"entitled": 0, "present": 0})
    return parse_or_422(record_upto(session=session, election=election, rnd=rnd, open_=True,
                                    attendance=placeholder))


def _running_posts(session: Session, election: Election, rnd: Round,
                   posts: list[Post]) -> dict[str, Any]:
    """The running tally, computed by `counting` exactly as the count will compute it."""
    assert election.id is not None and rnd.id is not None
    tallies = _running_tallies(session, election, rnd)
    threshold = threshold_line(election, rnd)
    single_first = rules_for(election.body, election.rules).single_given_name_first  # type: ignore[arg-type]

    def strokes(name: str, surname: str | None) -> tuple[int, ...]:
        # equal votes in 姓氏笔画 order, as the count lists them (counting.decide.rank)
        try:
            return (0, *name_key(name, surname, single_first))
        except StrokeError:
            return (1,)
    names = {p.key: p.name for p in posts}
    out: dict[str, Any] = {}
    for post_key, tally in tallies.items():
        ranked: list[tuple[tuple[int, ...], dict[str, Any]]] = []
        for c in tally.counts:
            # RULES.md §6.3: with no threshold (0) nobody "reaches" anything; most votes win.
            row: dict[str, Any] = {"name": c.person.name, "yes": c.yes,
                                   "reached": bool(threshold) and c.yes >= (threshold or 0)}
            if c.person.id is not None:
                row["id"] = c.person.id
            if c.printed:
                row.update(no=c.no, abstain=tally.abstain(c))
            else:
                row["write_in"] = True
            ranked.append(((-c.yes, *strokes(c.person.name, c.person.surname)), row))
        rows = [row for _, row in sorted(ranked, key=lambda kr: kr[0])]
        contest = (rnd.contests or {}).get(post_key, {})
        post_seats = next(int(p.seats) for p in posts if p.key == post_key)
        out[post_key] = {"name": names.get(post_key, post_key),
                         "seats": int(contest.get("seats", post_seats)),
                         "threshold": threshold, "tally": rows,
                         "sections_valid": tally.sections_valid,
                         "sections_invalid": tally.sections_invalid}
    return out


def _counted_posts(rnd: Round, posts: list[Post]) -> dict[str, Any]:
    assert rnd.result is not None
    names = {p.key: p.name for p in posts}
    mine = next((r for r in rnd.result.get("rounds", []) if r.get("id") == rnd.key), {})
    return {key: {"name": names.get(key, key), **value}
            for key, value in mine.get("posts", {}).items()}


def snapshot(*, session: Session, election: Election, rnd: Round,
             posts: list[Post] | None = None) -> dict[str, Any]:
    """The board's picture of `rnd` (`posts`: the election's, when the caller has them)."""
    assert election.id is not None and rnd.id is not None
    if posts is None:
        posts = posts_of(session=session, election_id=election.id)
    final = rnd.state in FINAL_STATES and rnd.result is not None
    entered = rnd.entered_a
    return {
        "round": rnd.id, "key": rnd.key, "kind": rnd.kind, "state": rnd.state,
        "entered": entered, "returned": rnd.ballots_returned, "issued": rnd.ballots_issued,
        "final": rnd.state in FINAL_STATES, "void_reason": void_reason(rnd),
        # A void round has no tally per post: the next round's list still names its posts.
        "post_names": {p.key: p.name for p in posts},
        # 村/居 (RULES.md §3): 参加投票 = ballots returned, over 登记选民 — never sign-ins.
        "turnout": turnout(election, rnd),
        "boxes": [{**{k: b[k] for k in ("id", "kind", "name", "issued", "returned") if k in b},
                   "by_totals": "totals" in b} for b in rnd.boxes or []],
        "posts": _counted_posts(rnd, posts) if final else _running_posts(session, election,
                                                                         rnd, posts),
    }
