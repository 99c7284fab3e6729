"""Hypothesis strategies that generate valid RECORD.md election records (one regular round).

Reusable: `party_records()`, `village_records()`, `records()` and `ballots_for(...)`, plus
`aggregate_totals(doc)`, which hand-counts a per-ballot record into `totals` the way the
tellers would, written from RULES.md §5 independently of the core.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from hypothesis import strategies as st
from recordkit import WRITE_IN_NAMES, candidates, party_attendance, post, record, round_

from counting.gates import least_over

Doc = dict[str, Any]
Contest = tuple[str, int, list[str]]  # post id, seats, candidate ids

OTHER_MARKS = st.sampled_from(["no", "no", "abstain", "unreadable", "left out"])


@st.composite
def section_marks(draw: st.DrawFn, seats: int, ids: list[str]) -> dict[str, str]:
    """Marks for one post: YES for up to `seats` candidates, now and then one more
    (an over-vote); the others NO, abstain, unreadable or left out (= abstain)."""
    k = draw(st.integers(0, min(len(ids), seats + 1)))
    if k > seats and draw(st.integers(0, 3)) > 0:
        k = seats
    order = draw(st.permutations(ids))
    marks = dict.fromkeys(order[:k], "yes")
    for cid in order[k:]:
        mark = draw(OTHER_MARKS)
        if mark != "left out":
            marks[cid] = mark
    return marks


@st.composite
def one_ballot(draw: st.DrawFn, contests: list[Contest], write_ins: bool = True) -> Doc:
    """A ballot for `contests`; write-ins use names that are not on the list."""
    if draw(st.integers(0, 19)) == 0:
        return {"void": True}
    b: Doc = {"marks": {p: draw(section_marks(s, ids)) for p, s, ids in contests}}
    if write_ins and draw(st.integers(0, 3)) == 0:
        pid = draw(st.sampled_from([p for p, _, _ in contests]))
        names = draw(st.lists(st.sampled_from(WRITE_IN_NAMES), unique=True, min_size=1, max_size=2))
        b["write_ins"] = {
            pid: [{"name": x, "mark": draw(st.sampled_from(["yes", "no", "none"]))} for x in names]
        }
    return b


@st.composite
def ballots_for(
    draw: st.DrawFn, contests: list[Contest], n: int, write_ins: bool = True
) -> list[Doc]:
    """`n` ballots: a few blocs of voters who fill in the same ballot, in proportion to
    small weights (equal weights make boundary ties), then blank ballots for the remainder
    and a few ballots drawn one by one."""
    blocs = draw(st.lists(one_ballot(contests, write_ins), min_size=1, max_size=4))
    weights = [draw(st.sampled_from([1, 1, 2, 3])) for _ in blocs]
    strays = draw(st.integers(0, n // 4))
    voters = n - strays
    out: list[Doc] = []
    for bloc, weight in zip(blocs, weights, strict=True):
        out += [copy.deepcopy(bloc) for _ in range(voters * weight // sum(weights))]
    out += [{"marks": {}} for _ in range(voters - len(out))]
    out += [draw(one_ballot(contests, write_ins)) for _ in range(strays)]
    return out


@st.composite
def party_records(draw: st.DrawFn, max_ballots: int = 24, write_ins: bool = True) -> Doc:
    """党员大会 electing 委员 (indirect mode), ballot by ballot; quorum usually met."""
    seats = draw(st.integers(1, 4))
    n = draw(st.integers(seats + max(1, -(-seats // 5)), seats + 3))
    expected = draw(st.integers(1, max_ballots))
    excluded = draw(st.integers(0, 3))
    least = least_over(expected, (4, 5))
    present = draw(st.integers(least if draw(st.integers(0, 7)) else 0, expected))
    issued = draw(st.integers(max(0, present - 2), present))
    returned = draw(st.integers(max(0, issued - 2), issued))
    ids = [f"c{i:02}" for i in range(1, n + 1)]
    ballots = draw(ballots_for([("member", seats, ids)], returned, write_ins))
    rules = {"writein_without_mark": draw(st.sampled_from(["invalid", "yes"]))}
    return record(
        "party_branch",
        [post("member", seats)],
        candidates(n, ["member"]),
        [
            round_(
                party_attendance(present, expected + excluded, excluded),
                ballots=ballots,
                issued=issued,
            )
        ],
        rules,
    )


@st.composite
def village_records(draw: st.DrawFn, max_ballots: int = 24, write_ins: bool = True) -> Doc:
    """村/居 committee: 主任 1, 副主任 1, 委员 2–3, ballot by ballot; turnout usually met."""
    body = draw(st.sampled_from(["villagers_committee", "residents_committee"]))
    members = draw(st.integers(2, 3))
    sizes = {"chair": 2, "vice_chair": 2, "member": draw(st.integers(members + 1, members + 3))}
    cands, contests, i = [], [], 1
    for pid, size in sizes.items():
        ids = [f"c{j:02}" for j in range(i, i + size)]
        cands += candidates(
            size,
            [pid],
            start=i,
            women=draw(st.sets(st.sampled_from(range(i, i + size)), max_size=1)),
        )
        contests.append((pid, members if pid == "member" else 1, ids))
        i += size
    registered = draw(st.integers(1, max_ballots))
    returned = draw(st.integers(registered // 2 + 1 if draw(st.integers(0, 7)) else 0, registered))
    issued = draw(st.integers(returned, returned + 2))
    ballots = draw(ballots_for(contests, returned, write_ins))
    rules = {
        "multi_post_mode": draw(st.sampled_from(["separate", "cascade"])),
        "writein_without_mark": draw(st.sampled_from(["invalid", "yes"])),
        "voted_counts_invalid": draw(st.booleans()),
    }
    return record(
        body,
        [post("chair", 1), post("vice_chair", 1), post("member", members)],
        cands,
        [round_({"registered": registered}, ballots=ballots, issued=issued)],
        rules,
    )


def records(max_ballots: int = 24, write_ins: bool = True) -> st.SearchStrategy[Doc]:
    """Any of the above: party, 村/居, and party records built to tie at the boundary."""
    return st.one_of(
        party_records(max_ballots, write_ins),
        village_records(max_ballots, write_ins),
        tie_records(),
    )


def aggregate_totals(doc: Doc) -> Doc:
    """The same round hand-counted into `totals` (RULES.md §5, written independently).

    Comparable only for ballots without write-ins of printed names (the totals put those in
    `yes`) and without whole-sheet invalidity (`overvote_scope = sheet`, 书记须选委员), which
    the generators above never produce. `unreadable` marks have no place in totals: they
    fall into the abstentions there, so abstain/unreadable columns are not comparable.
    """
    out = copy.deepcopy(doc)
    rnd = out["rounds"][0]
    by_post = {p["id"]: p["seats"] for p in doc["posts"]}
    unmarked_counts = doc["election"]["rules"].get("writein_without_mark") == "yes"
    totals: dict[str, Doc] = {}
    for pid, seats in by_post.items():
        invalid, yes, no, written = 0, Counter[str](), Counter[str](), Counter[str]()
        for b in rnd["ballots"]:
            if b.get("void"):
                invalid += 1
                continue
            marks = b.get("marks", {}).get(pid, {})
            chosen = [
                w["name"]
                for w in b.get("write_ins", {}).get(pid, [])
                if w["mark"] == "yes" or (w["mark"] == "none" and unmarked_counts)
            ]
            if sum(m == "yes" for m in marks.values()) + len(chosen) > seats:
                invalid += 1  # over-vote: the section is invalid
                continue
            yes.update(c for c, m in marks.items() if m == "yes")
            no.update(c for c, m in marks.items() if m == "no")
            written.update(chosen)
        totals[pid] = {
            "invalid": invalid,
            "yes": dict(yes),
            "no": dict(no),
            "write_ins": dict(written),
        }
    rnd["ballots_void"] = sum(1 for b in rnd["ballots"] if b.get("void"))
    rnd["ballots_returned"] = len(rnd.pop("ballots"))
    rnd["totals"] = totals
    return out


@st.composite
def tie_records(draw: st.DrawFn) -> Doc:
    """党员大会 records built to tie at the boundary (often; strays may break the tie).

    `a` candidates are on every ballot; `t` others share the last `r` seats by rotation
    (ballot j marks r of them, cyclically), so each gets the same votes, more than half
    when r > t/2 — more qualifiers than seats, equal across the cut.
    """
    r = draw(st.integers(2, 3))
    t = draw(st.integers(r + 1, 2 * r - 1))
    a = draw(st.integers(0, 2))
    seats = a + r
    n = seats + max(1, -(-seats // 5)) + draw(st.integers(0, 2))
    n = max(n, a + t)
    ids = [f"c{i:02}" for i in range(1, n + 1)]
    fixed, tied = ids[:a], ids[a : a + t]
    m = draw(st.integers(1, 4))
    ballots: list[Doc] = []
    for j in range(m * t):
        chosen = fixed + [tied[(j + k) % t] for k in range(r)]
        ballots.append({"marks": {"member": dict.fromkeys(chosen, "yes")}})
    strays = draw(st.integers(0, 2))
    ballots += [draw(one_ballot([("member", seats, ids)])) for _ in range(strays)]
    present = len(ballots) + draw(st.integers(0, 1))
    return record(
        "party_branch",
        [post("member", seats)],
        candidates(n, ["member"]),
        [round_(party_attendance(present), ballots=draw(st.permutations(ballots)), issued=present)],
    )
