"""Counting a whole record: every round in order, folded into one outcome (RULES.md §6)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from counting.decide import Decision, SortKey, Tie, decide, rank, top_with_ties
from counting.gates import (
    VOIDING_CHECKS,
    Check,
    attendance_check,
    boxes_check,
    candidate_checks,
    least_over,
    majority_threshold,
    reconciliation_checks,
    surplus_check,
    voted,
    voter_unit,
)
from counting.model import Box, Record, Round
from counting.people import NOBODY_TEXT, Person, candidate_people, write_in_resolver
from counting.record import fail, parse_ballots, parse_totals, pointer
from counting.result import (
    BallotSummary,
    NextContest,
    NextRound,
    NobodyWriteIn,
    Outcome,
    PostResult,
    Result,
    RoundResult,
    TallyRow,
)
from counting.rules import COMMITTEE_BODIES, PARTY_BODIES
from counting.tally import PostTally, box_round, merge_tallies, tally_round

NameKey = Callable[[str, str | None, bool], SortKey]

# The order posts are decided in. 村/居: 主任 first, a person keeps the highest post won
# (RULES.md §3 cascade). Party: 委员 first, since 书记须为委员 (RULES.md §2).
_COMMITTEE_ORDER = {"chair": 0, "vice_chair": 1, "member": 2}
_PARTY_ORDER = {"member": 0, "secretary": 1, "deputy_secretary": 2}


@dataclass
class _PostState:
    """What the rounds so far have settled for one post (mutable only inside `count`)."""

    seats: int
    elected: list[Person] = field(default_factory=list)
    vacant: int = 0
    reduced_from: int | None = None
    tie: Tie | None = None
    pool: dict[Person, int] = field(default_factory=dict)  # last contest's votes
    supplementary_held: bool = False

    @property
    def open(self) -> int:
        return self.seats - len(self.elected) - self.vacant - (self.tie.seats if self.tie else 0)


def count(record: Record, name_key: NameKey) -> Result:
    """Count every round of `record`; `name_key` gives the 姓氏笔画 order (RULES.md §7)."""
    single_first = record.rules.single_given_name_first
    keys: dict[Person, SortKey] = {}

    def name_order(p: Person) -> SortKey:
        key = keys.get(p)
        if key is None:
            key = keys[p] = name_key(p.name, p.surname, single_first)
        return key

    people = candidate_people(record)
    states = {p.id: _PostState(p.seats) for p in record.posts}
    results: list[RoundResult] = []
    pending: NextRound | None = None
    last: RoundResult | None = None
    for i, rnd in enumerate(record.rounds):
        notes = _expect(record, rnd, i, pending, last, states)
        result = _count_round(record, rnd, states, name_order, notes)
        results.append(result)
        last = result
        if result.status != "counted":
            pending = NextRound(
                "repeat",
                tuple(
                    NextContest(
                        c.post,
                        c.seats,
                        tuple(sorted((people[x] for x in c.candidates), key=name_order)),
                    )
                    for c in rnd.contests
                ),
            )
            continue
        _apply_decisions(record, rnd, i, states)
        pending = _next_round(record, states, name_order)

    assert last is not None
    # A meeting that never got a valid count is not valid; a later round that failed its
    # quorum or turnout leaves the seats already filled standing and is held again.
    if last.status == "not_valid" and not any(r.status == "counted" for r in results):
        status, next_round = "not_valid", None
    elif pending is not None:
        status, next_round = "needs_round", pending
    else:
        status, next_round = "complete", None
        if record.body in COMMITTEE_BODIES:
            women = _women_member_check(record, states, name_order)
            results[-1] = replace(results[-1], checks=(*results[-1].checks, women))
    outcome = Outcome(
        status=status,  # type: ignore[arg-type]
        elected={pid: tuple(sorted(s.elected, key=name_order)) for pid, s in states.items()},
        vacant={pid: s.vacant for pid, s in states.items() if s.vacant},
        reduced={
            pid: (s.reduced_from, s.seats)
            for pid, s in states.items()
            if s.reduced_from is not None
        },
        next_round=next_round,
    )
    return Result(tuple(results), outcome)


def elected_so_far(record: Record, name_key: NameKey) -> dict[str, frozenset[Person]]:
    """Who the rounds before the last one elected, per post: what the last round's write-ins
    are judged against (a person already elected to a post is not written in there again)."""
    *earlier, _last = record.rounds
    if not earlier:
        return {}
    before = count(replace(record, rounds=tuple(earlier)), name_key)
    return {pid: frozenset(people) for pid, people in before.outcome.elected.items()}


def tally_more(
    record: Record,
    elected: Mapping[str, frozenset[Person]],
    ballots: list[object],
    so_far: Mapping[str, PostTally] | None = None,
) -> dict[str, PostTally]:
    """The last round's tally per post with `ballots` (RECORD.md ballot entries) added to
    `so_far`, exactly as the count makes it (validity, one post a person, write-ins and whom
    they count for), without gates or decisions: the live board while ballots are entered.
    A tally is a sum over ballots, so the board adds each new ballot once."""
    index = len(record.rounds) - 1
    rnd = record.rounds[index]
    parsed = parse_ballots(record, rnd.contests, ballots, pointer("rounds", index, "ballots"))
    tallies = _tally_part(record, elected, Box("entries", len(parsed), len(parsed),
                                               ballots=parsed,
                                               ballots_void=sum(b.void for b in parsed)))
    if so_far is None:
        return tallies
    return merge_tallies([dict(so_far), tallies], rnd)


def tally_totals(
    record: Record,
    elected: Mapping[str, frozenset[Person]],
    totals: object,
    returned: int,
    void: int = 0,
) -> dict[str, PostTally]:
    """The last round's tally of one box counted by hand (RECORD.md `totals`), checked as the
    record parser checks them: the live board adds a 正字 box as soon as it is saved."""
    index = len(record.rounds) - 1
    rnd = record.rounds[index]
    ptr = pointer("rounds", index, "totals")
    parsed = parse_totals(record, rnd.contests, totals if isinstance(totals, dict) else {},
                          returned, void, ptr)
    return _tally_part(record, elected,
                       Box("totals", returned, returned, totals=parsed, ballots_void=void))


def _tally_part(
    record: Record, elected: Mapping[str, frozenset[Person]], part: Box
) -> dict[str, PostTally]:
    """The last round's tally of a part of its ballots, counted like a box of its own."""
    rnd = box_round(record.rounds[-1], part)
    tallies, _stats = tally_round(record, rnd, write_in_resolver(record, rnd, elected))
    return tallies


# --- one round ---------------------------------------------------------------------------


def _count_round(
    record: Record,
    rnd: Round,
    states: dict[str, _PostState],
    name_order: Callable[[Person], SortKey],
    notes: list[Check],
) -> RoundResult:
    rules = record.rules
    checks: list[Check] = list(notes)
    summary = BallotSummary(rnd.ballots_issued, rnd.ballots_returned, rnd.ballots_void, None)
    committee = record.body in COMMITTEE_BODIES
    if not (committee and rnd.kind == "supplementary" and not rules.supplementary_turnout_check):
        gate = attendance_check(record, rnd)
        checks.append(gate)
        if not gate.ok:
            return RoundResult(rnd.id, rnd.kind, "not_valid", tuple(checks), summary, ())
    reconciliation = reconciliation_checks(rnd)
    checks += reconciliation
    boxes = boxes_check(record, rnd)
    if boxes is not None:
        checks.append(boxes)
    if rnd.kind == "regular":
        checks += _list_checks(record, rnd)
    # RULES.md §5 — more returned than issued or than present voids the round; issuing
    # more than present alone is reported (`issued_le_present`) and the round is counted.
    if not all(c.ok for c in reconciliation if c.code in VOIDING_CHECKS):
        return RoundResult(rnd.id, rnd.kind, "void", tuple(checks), summary, ())

    elected_before = {pid: frozenset(s.elected) for pid, s in states.items()}
    resolver = write_in_resolver(record, rnd, elected_before)
    tallies, stats = tally_round(record, rnd, resolver)
    if stats is not None:
        summary = BallotSummary(rnd.ballots_issued, rnd.ballots_returned, stats.void, stats.invalid)
    posts = _decide_posts(record, rnd, tallies, states, name_order, checks)
    by_post = {p.post: p for p in posts}
    ordered = tuple(by_post[c.post] for c in rnd.contests)
    return RoundResult(rnd.id, rnd.kind, "counted", tuple(checks), summary, ordered)


def _list_checks(record: Record, rnd: Round) -> list[Check]:
    """差额 of this round's lists (RULES.md §2, §3): reported, never blocking the count."""
    checks = []
    for contest in rnd.contests:
        checks.append(surplus_check(record, record.post(contest.post), len(contest.candidates)))
    checks += [c for c in candidate_checks(record)
               if c.code in ("committee_size", "women_only", "women_seat")]
    return checks


def _threshold(record: Record, rnd: Round) -> tuple[int, str]:
    """The least votes that may be elected in this round, and the sentence that says so."""
    rules = record.rules
    if rnd.kind == "tie_break" and not rules.tiebreak_requires_majority:
        # RULES.md §6.3 — the tied already qualified: most votes wins; equal votes (even
        # none at all) are a tie again, never decided by name or by lot.
        return 0, "重新投票：在平票候选人中得票多者当选，票数再次相同则再次重新投票"
    if record.body in COMMITTEE_BODIES:
        if rnd.kind == "supplementary":
            cast = rnd.ballots_returned
            share = rules.supplementary_min_share
            t = least_over(cast, share, allow_equal=True)  # RULES.md §3: 3·votes ≥ cast
            return t, f"另行选举：得票多者当选，但不得少于投票总数{cast}张的三分之一，即至少{t}票"
        total = voted(rules, rnd)
        t = majority_threshold(total)  # RULES.md §3: 2·votes > voted
        unit = voter_unit(rules)  # 户代表 mode: households
        return t, f"当选须获得参加投票{unit}数{total}{unit}的过半数选票，即至少{t}票"
    present = rnd.attendance.present
    assert present is not None
    t = majority_threshold(present)  # RULES.md §2: 2·yes > present (not ballots, not 应到)
    who = "实到会有选举权的人数" if record.body in PARTY_BODIES else "实到人数"
    return t, f"当选须获得超过{who}{present}人半数的赞成票，即至少{t}票"


def _decide_posts(
    record: Record,
    rnd: Round,
    tallies: Mapping[str, PostTally],
    states: dict[str, _PostState],
    name_order: Callable[[Person], SortKey],
    checks: list[Check],
) -> list[PostResult]:
    rules = record.rules
    committee = record.body not in PARTY_BODIES
    order = _COMMITTEE_ORDER if committee else _PARTY_ORDER
    roles = {p.id: p for p in record.posts}
    contests = sorted(
        rnd.contests, key=lambda c: (roles[c.post].women_only, order.get(roles[c.post].role, 9))
    )
    threshold, threshold_text = _threshold(record, rnd)
    cascade = committee and rules.multi_post_mode == "cascade"
    taken: set[Person] = set()  # 村/居: elected to another post already (one post a person)
    if committee:
        for s in states.values():
            taken.update(s.elected)
        if rnd.kind == "tie_break":
            # The tied may already hold a lower post (a cascade tie): they may still move up.
            people = candidate_people(record)
            taken -= {people[cid] for c in rnd.contests for cid in c.candidates}
    carried: dict[Person, dict[str, int]] = {}  # cascade: votes from the higher posts, by post
    results = []
    for contest in contests:
        tally = tallies[contest.post]
        votes = {c.person: c.yes for c in tally.counts}
        from_above: dict[Person, dict[str, int]] | None = None
        women_only = roles[contest.post].women_only
        if cascade and not women_only:
            from_above = {p: dict(by_post) for p, by_post in carried.items()}
            for person, by_post in carried.items():
                votes[person] = votes.get(person, 0) + sum(by_post.values())
            for c in tally.counts:
                carried.setdefault(c.person, {})[contest.post] = c.yes
        # RULES.md §3 — a women_only post elects women only.
        eligible = {
            p: v for p, v in votes.items() if p not in taken and (not women_only or p.gender == "F")
        }
        decision = decide(eligible, contest.seats, threshold, name_order)
        if rnd.kind == "tie_break" and threshold == 0:
            # RULES.md §6.3 — no threshold in a tie-break: whoever is not elected lost it.
            decision = replace(
                decision,
                status={
                    p: "not_elected" if s == "qualified" else s for p, s in decision.status.items()
                },
            )
        decision = _secretary_must_be_member(record, contest.post, decision, states, checks)
        if committee:
            taken.update(decision.elected)
            # RULES.md §3 cascade: a person elected at a higher post leaves the lower contests.
            for p in decision.elected:
                carried.pop(p, None)
                _leave_lower_posts(record, p, contest.post, states, checks)
        state = states[contest.post]
        state.elected.extend(decision.elected)
        state.tie = decision.tie
        state.pool = {p: v for p, v in votes.items() if p not in state.elected}
        if rnd.kind == "supplementary":
            state.supplementary_held = True
        results.append(
            _post_result(
                tally,
                contest.post,
                contest.seats,
                threshold,
                threshold_text,
                None if from_above is None else (votes, from_above),
                decision,
                name_order,
                record,
            )
        )
    return results


def _leave_lower_posts(
    record: Record, person: Person, post_id: str, states: dict[str, _PostState], checks: list[Check]
) -> None:
    """One post a person (村/居): elected higher in a later round, their lower seat reopens."""
    for other_id, other in states.items():
        if other_id != post_id and person in other.elected:
            other.elected.remove(person)
            higher, lower = record.post(post_id).name, record.post(other_id).name
            checks.append(
                Check(
                    "moved_up",
                    True,
                    0,
                    0,
                    f"{person.name}当选{higher}，不再担任{lower}，{lower}空出1个名额",
                    other_id,
                )
            )


def _secretary_must_be_member(
    record: Record,
    post_id: str,
    decision: Decision,
    states: Mapping[str, _PostState],
    checks: list[Check],
) -> Decision:
    """RULES.md §2 — a person not elected 委员 cannot take a 书记/副书记 seat."""
    members = _elected_members(record, post_id, states)
    if members is None:
        return decision
    post = record.post(post_id)
    refused = [p for p in decision.elected if p not in members]
    if not refused:
        return decision
    for p in refused:
        checks.append(
            Check(
                "secretary_not_member",
                False,
                0,
                1,
                f"{p.name}得票过半数，但未当选委员，不能担任{post.name}，该职位另行选举",
                post_id,
            )
        )
    status = dict(decision.status)
    for p in refused:
        status[p] = "not_elected"
    kept = tuple(p for p in decision.elected if p not in refused)
    return Decision(kept, decision.tie, decision.unfilled + len(refused), status)


def _post_result(
    tally: PostTally,
    post: str,
    seats: int,
    threshold: int,
    threshold_text: str,
    cascade: tuple[Mapping[Person, int], Mapping[Person, Mapping[str, int]]] | None,
    decision: Decision,
    name_order: Callable[[Person], SortKey],
    record: Record,
) -> PostResult:
    rows = {c.person: c for c in tally.counts}
    people = list(rows)
    if cascade is not None:
        people += [p for p in cascade[0] if p not in rows]
    votes = cascade[0] if cascade is not None else {p: rows[p].yes for p in people}
    table = []
    for person in rank({p: votes.get(p, 0) for p in people}, name_order):
        c = rows.get(person)
        from_above = cascade[1].get(person, {}) if cascade is not None else {}
        table.append(
            TallyRow(
                person=person,
                printed=c.printed if c else False,
                yes=c.yes if c else 0,
                no=c.no if c else 0,
                abstain=tally.abstain(c) if c and c.printed else 0,
                unreadable=c.unreadable if c else 0,
                votes=votes.get(person, 0) if cascade is not None else None,
                status=decision.status.get(person, "not_elected"),
                carried={p: n for p, n in from_above.items() if n},
                written_in=c is not None and not c.printed,
            )
        )
    tie = decision.tie
    if tie is not None:
        tie = Tie(tuple(sorted(tie.candidates, key=name_order)), tie.seats)
    post_name = record.post(post).name
    nobody = tuple(
        NobodyWriteIn(name, why, n, _nobody_text(name, why, n, post_name))
        for name, why, n in sorted(tally.nobody, key=lambda x: (-x[2], x[0], x[1]))
    )
    return PostResult(
        post=post,
        seats=seats,
        threshold=threshold,
        threshold_text=threshold_text,
        sections_valid=tally.sections_valid,
        sections_invalid=tally.sections_invalid,
        tally=tuple(table),
        elected=tuple(sorted(decision.elected, key=name_order)),
        tie=tie,
        unfilled=decision.unfilled,
        nobody=nobody,
    )


def _nobody_text(name: str, why: str, n: int, post_name: str) -> str:
    return f"另选{post_name}“{name}”{n}票无效：{NOBODY_TEXT[why]}"


def _women_member_check(
    record: Record, states: Mapping[str, _PostState], name_order: Callable[[Person], SortKey]
) -> Check:
    """RULES.md §3 — the committee 应当有妇女成员 (组织法 §6): reported, never blocking."""
    elected = {p for s in states.values() for p in s.elected if p.gender == "F"}
    women = [p.name for p in sorted(elected, key=name_order)]
    body = "村民委员会" if record.body == "villagers_committee" else "居民委员会"
    if women:
        text = f"当选成员中有妇女成员：{'、'.join(women)}"
    else:
        text = (f"当选成员中没有妇女成员，不符合“{body}成员中应当有妇女成员”的规定"
                "（不影响当选结果，公告前请组织者注意）")
    return Check("women_member", bool(women), len(women), 1, text)


# --- between rounds ------------------------------------------------------------------------


def _apply_decisions(record: Record, rnd: Round, index: int, states: dict[str, _PostState]) -> None:
    """RULES.md §6.4 — the meeting may reduce the seats to those filled; no further round."""
    for post_id, seats in rnd.decisions.reduce_seats.items():
        ptr = pointer("rounds", index, "decisions", "reduce_seats", post_id)
        state = states[post_id]
        if not record.rules.allow_reduce_seats:
            fail(
                ptr,
                "本选举的规则不允许减少名额（allow_reduce_seats = false）",
                "the rules do not allow reducing seats",
            )
        if state.tie is not None or len(state.elected) != seats or seats >= state.seats:
            fail(
                ptr,
                f"减少名额只能减到已当选的{len(state.elected)}名，且须有空缺、无待决的平票",
                f"seats may only be reduced to the {len(state.elected)} elected, "
                "when seats are unfilled and no tie is pending",
            )
        state.reduced_from = state.reduced_from or state.seats
        state.seats = seats


def _next_round(
    record: Record, states: dict[str, _PostState], name_order: Callable[[Person], SortKey]
) -> NextRound | None:
    ties = [
        NextContest(pid, s.tie.seats, tuple(sorted(s.tie.candidates, key=name_order)))
        for pid, s in states.items()
        if s.tie is not None
    ]
    if ties:
        return NextRound("tie_break", tuple(ties))
    committee = record.body not in PARTY_BODIES
    member_seats_open = any(
        s.open > 0 for pid, s in states.items() if record.post(pid).role == "member"
    )
    contests = []
    for pid, state in states.items():
        left = state.open
        if left <= 0:
            continue
        if committee and state.supplementary_held:
            state.vacant += left  # RULES.md §3 — still unfilled after 另行选举: 暂缺
            continue
        if member_seats_open and _elected_members(record, pid, states) is not None:
            # RULES.md §2 — a 书记/副书记 comes from the elected 委员: their seats wait
            # until the 委员 are complete, then go to a round of their own.
            continue
        contests.append(_supplementary_contest(record, states, pid, name_order))
    if not contests:
        return None
    return NextRound("supplementary", tuple(contests))


def _supplementary_contest(
    record: Record,
    states: Mapping[str, _PostState],
    post_id: str,
    name_order: Callable[[Person], SortKey],
) -> NextContest:
    """The 另行选举 list: the not-elected with the most votes, ties at the cut included."""
    rules, state = record.rules, states[post_id]
    left = state.open
    committee = record.body not in PARTY_BODIES
    elected_anywhere = {p for s in states.values() for p in s.elected}
    barred = elected_anywhere if committee else set(state.elected)
    pool = {p: v for p, v in state.pool.items() if p not in barred}
    members = _elected_members(record, post_id, states)
    if members is not None:
        # RULES.md §2 — only elected 委员 who received votes for the post are proposed.
        pool = {p: v for p, v in pool.items() if p in members and v > 0}
    if record.post(post_id).women_only:
        pool = {p: v for p, v in pool.items() if p.gender == "F"}  # RULES.md §3
    if committee:
        n = left + rules.supplementary_candidates  # RULES.md §3
    else:
        pct = rules.party_supplementary_candidates  # RULES.md §6.4: left + ceil(left/5)
        n = left + max(1, -(-left * pct // 100))
    ranked = rank(pool, name_order)
    chosen = top_with_ties(ranked, pool, n)
    note = None
    if (
        committee
        and rules.women_seat_mode == "another_round_if_none"
        and not any(p.gender == "F" for p in elected_anywhere)
        and not any(p.gender == "F" for p in chosen)
    ):
        # RULES.md §3 — no woman elected: the highest-voted not-elected woman joins the list.
        woman = next((p for p in ranked if p.gender == "F"), None)
        if woman is not None:
            chosen.append(woman)
            note = f"{woman.name}为未当选者中得票最多的女性，依规定列入候选人名单"
    return NextContest(
        post_id,
        left,
        tuple(sorted(chosen, key=name_order)),
        needs_nomination=not chosen,
        note=note,
    )


def _elected_members(
    record: Record, post_id: str, states: Mapping[str, _PostState]
) -> set[Person] | None:
    """The elected 委员 a 书记/副书记 seat must come from (RULES.md §2); None: no such rule."""
    member_posts = [p.id for p in record.posts if p.role == "member"]
    if (
        record.body not in PARTY_BODIES
        or not record.rules.secretary_must_be_elected_member
        or record.post(post_id).role not in ("secretary", "deputy_secretary")
        or not member_posts
    ):
        return None
    return {p for pid in member_posts for p in states[pid].elected}


def _expect(
    record: Record,
    rnd: Round,
    index: int,
    pending: NextRound | None,
    last: RoundResult | None,
    states: Mapping[str, _PostState],
) -> list[Check]:
    """A later round must be the one the rules call for (RULES.md §6).

    A round that cannot follow is refused; a 另行选举 list that differs from the one the
    rules build is counted, with a failed `supplementary_list` check saying so.
    """
    ptr = pointer("rounds", index)
    if last is None:
        if rnd.kind != "regular":
            fail(ptr + "/kind", "第一轮应为正式选举（regular）", "the first round must be regular")
        return []
    if pending is None:
        fail(
            ptr,
            f"选举在第{index}轮后已经完成，不应再有轮次“{rnd.id}”",
            f"the election was complete after round {index}; round {rnd.id!r} is not expected",
        )
    kind = last.kind if pending.kind == "repeat" else pending.kind
    if rnd.kind != kind:
        fail(
            ptr + "/kind",
            f"此轮应为“{kind}”，而不是“{rnd.kind}”",
            f"this round must be {kind!r}, not {rnd.kind!r}",
        )
    want = {c.post: c for c in pending.posts}
    got = {c.post: c for c in rnd.contests}
    if set(want) != set(got):
        listed = "、".join(record.post(p).name for p in want)
        fail(
            ptr + "/posts",
            f"此轮应选举的职位是：{listed}",
            f"this round must contest the posts {', '.join(want)}",
        )
    people = candidate_people(record)
    committee = record.body not in PARTY_BODIES
    notes = []
    for post_id, contest in got.items():
        cptr = pointer("rounds", index, "posts", post_id)
        post_name = record.post(post_id).name
        if contest.seats != want[post_id].seats:
            fail(
                cptr + "/seats",
                f"此轮{post_name}的名额应为{want[post_id].seats}名",
                f"this round must fill {want[post_id].seats} seats",
            )
        names = {people[c].name for c in contest.candidates}
        wanted = {p.name for p in want[post_id].candidates}
        if pending.kind in ("tie_break", "repeat") and names != wanted:
            fail(
                cptr + "/candidates",
                f"此轮{post_name}候选人应为：{'、'.join(sorted(wanted))}",
                "a tie-break or repeated round keeps exactly its candidates",
            )
        if pending.kind != "supplementary":
            continue
        holders = states.values() if committee else [states[post_id]]
        barred = sorted(names & {p.name for s in holders for p in s.elected})
        if barred:
            fail(
                cptr + "/candidates",
                f"已当选的人不能再作为{post_name}候选人：{'、'.join(barred)}",
                "a person already elected cannot stand again",
            )
        if names != wanted and not want[post_id].needs_nomination:
            # (a list the rules could not fill is named by the organiser, RULES.md §2)
            notes.append(
                Check(
                    "supplementary_list",
                    False,
                    len(names),
                    len(wanted),
                    f"{post_name}另行选举候选人与按规则产生的名单"
                    f"（{'、'.join(sorted(wanted))}）不同",
                    post_id,
                )
            )
    return notes
