"""The gates of a round and of a candidate list (RULES.md §2–§5), as explicit checks.

Each check carries a stable code, the integers compared and a Chinese sentence fit to
read out at the meeting. A failed gate is a result, not an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from counting.model import Post, Record, Round
from counting.rules import COMMITTEE_BODIES, PARTY_BODIES, Fraction, Rules

_FRACTION_ZH = {(1, 2): "半数", (2, 3): "三分之二", (4, 5): "五分之四", (1, 3): "三分之一"}


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    ok: bool
    actual: int
    required: int
    text: str
    post: str | None = None


def fraction_zh(f: Fraction) -> str:
    return _FRACTION_ZH.get(f, f"{f[1]}分之{f[0]}")


def least_over(total: int, f: Fraction, allow_equal: bool = False) -> int:
    """The least n with n/total > f (or ≥ f), in integers: d·n > n_f·total."""
    num, den = f
    if allow_equal:
        return -(-num * total // den)
    return num * total // den + 1


def majority_threshold(total: int) -> int:
    """Least votes v with 2·v > total (RULES.md §2: exactly half fails)."""
    return total // 2 + 1


def attendance_check(record: Record, rnd: Round) -> Check:
    """会议有效 / 选举有效: the quorum of a members' meeting or the turnout of a 村/居 vote."""
    if record.body in COMMITTEE_BODIES:
        return turnout_check(record.rules, rnd)
    return quorum_check(record, rnd)


def quorum_check(record: Record, rnd: Round) -> Check:
    present, expected = rnd.attendance.present, rnd.attendance.expected
    assert present is not None and expected is not None
    rules = record.rules
    allow_equal = False
    if record.body == "supervisory_committee":
        ratio: Fraction = (1, 2)  # RULES.md §4: 2·present > members
    elif record.body == "party_plenary":
        ratio = rules.plenary_quorum
        allow_equal = rules.quorum_allow_equal
    else:
        ratio, allow_equal = (4, 5), rules.quorum_allow_equal  # RULES.md §2: 5·present > 4·expected
    required = least_over(expected, ratio, allow_equal)
    ok = present >= required
    who = "有选举权的实到" if record.body in PARTY_BODIES else "实到"
    share = fraction_zh(ratio)
    if ok:
        verb = "不少于" if allow_equal else "超过"
        text = f"{who}{present}人，{verb}应到{expected}人的{share}，会议有效"
    else:
        verb = "少于" if allow_equal else "未超过"
        text = (
            f"{who}{present}人，{verb}应到{expected}人的{share}（至少需{required}人），"
            f"会议无效，不得进行选举"
        )
    return Check("quorum", ok, present, required, text)


def voted(rules: Rules, rnd: Round) -> int:
    """参加投票人数: ballots returned, void ones included unless the rule says otherwise."""
    if rules.voted_counts_invalid:
        return rnd.ballots_returned
    return rnd.ballots_returned - rnd.ballots_void


def turnout_check(rules: Rules, rnd: Round) -> Check:
    registered = rnd.attendance.registered
    assert registered is not None
    actual = voted(rules, rnd)
    required = least_over(registered, rules.turnout_ratio)
    ok = actual >= required
    roll = {"voters": "登记选民", "households": "登记户", "representatives": "居民代表"}[
        rules.electorate_mode
    ]
    share = fraction_zh(rules.turnout_ratio)
    if ok:
        text = f"参加投票{actual}人，超过{roll}{registered}人的{share}，选举有效"
    else:
        text = (
            f"参加投票{actual}人，未超过{roll}{registered}人的{share}（至少需{required}人），"
            f"选举无效"
        )
    return Check("turnout", ok, actual, required, text)


def reconciliation_checks(rnd: Round) -> list[Check]:
    """RULES.md §5 — returned ≤ issued (per box too) and issued ≤ present."""
    issued, returned = rnd.ballots_issued, rnd.ballots_returned
    checks = []
    present = rnd.attendance.present
    if present is not None:
        ok = issued <= present
        text = (
            f"发出选票{issued}张，不多于实到{present}人"
            if ok
            else f"发出选票{issued}张，多于实到{present}人，本轮投票无效，应重新投票"
        )
        checks.append(Check("issued_le_present", ok, issued, present, text))
    ok = returned <= issued
    text = (
        f"收回选票{returned}张，不多于发出的{issued}张，投票有效"
        if ok
        else f"收回选票{returned}张，多于发出的{issued}张，本轮投票无效，应重新投票"
    )
    checks.append(Check("reconciliation", ok, returned, issued, text))
    for box in rnd.boxes:
        ok = box.returned <= box.issued
        text = (
            f"票箱“{box.id}”发出{box.issued}张，收回{box.returned}张"
            if ok
            else f"票箱“{box.id}”收回{box.returned}张，多于发出的{box.issued}张，本轮投票无效"
        )
        checks.append(Check("box_reconciliation", ok, box.returned, box.issued, text))
    return checks


def least_candidates(record: Record, post: Post) -> tuple[int, int | None]:
    """差额: the least number of candidates for a post, and the most (None: no upper bound)."""
    rules, seats = record.rules, post.seats
    if record.body in COMMITTEE_BODIES:
        low, high = rules.surplus_range("member" if post.women_only else post.role)
        if record.body == "residents_committee" and rules.equal_allowed:
            low = 0
        return seats + low, seats + high
    if record.body == "party_branch" and post.role == "member":
        # RULES.md §2 — at least 20 % more, rounded up, never less than one more.
        extra = max(1, -(-seats * rules.member_surplus_percent // 100))
        return seats + extra, None
    return seats, None  # 书记/副书记, the plenary and supervisory committees may be 等额


def surplus_check(record: Record, post: Post, candidates: int) -> Check:
    low, high = least_candidates(record, post)
    seats = post.seats
    ok = candidates >= low and (high is None or candidates <= high)
    head = f"{post.name}候选人{candidates}人，应选{seats}名"
    if record.body == "party_branch" and post.role == "member":
        tenths = (2000 * (candidates - seats) + seats) // (2 * seats)
        ratio = f"{tenths // 10}.{tenths % 10}%"
        pct = record.rules.member_surplus_percent
        rule = f"差额比例{ratio}，{'符合' if ok else '不符合'}差额不少于{pct}%（至少{low}人）的规定"
    elif high is None:
        rule = f"{'符合' if ok else '不符合'}候选人不少于{low}人的规定"
    elif low == high:
        rule = f"{'符合' if ok else '不符合'}候选人应为{low}人（多{low - seats}人）的规定"
    else:
        rule = f"{'符合' if ok else '不符合'}候选人{low}至{high}人的规定"
    return Check("surplus", ok, candidates, low, f"{head}，{rule}", post.id)


# RULES.md §3: 主任, 副主任 and 委员 together are 3–7 people (村), 5–9 (居).
COMMITTEE_SIZE = {"villagers_committee": ("村民委员会", 3, 7),
                  "residents_committee": ("居民委员会", 5, 9)}


def committee_size_check(record: Record) -> Check | None:
    """The seats of all posts together against the committee's lawful size (村/居 only)."""
    if record.body not in COMMITTEE_SIZE:
        return None
    name, low, high = COMMITTEE_SIZE[record.body]
    seats = sum(post.seats for post in record.posts)
    ok = low <= seats <= high
    text = (f"{name}由主任、副主任和委员共{low}至{high}人组成，本次共应选{seats}名，"
            f"{'符合' if ok else '不符合'}规定")
    return Check("committee_size", ok, seats, high if seats > high else low, text)


def candidate_checks(record: Record) -> tuple[Check, ...]:
    """The set-up as entered: committee size, 差额 per post, women-only posts (RULES.md §2, §3)."""
    size = committee_size_check(record)
    checks: list[Check] = [] if size is None else [size]
    for post in record.posts:
        standing = [c for c in record.candidates if post.id in c.posts]
        checks.append(surplus_check(record, post, len(standing)))
        if post.women_only:
            men = [c.name for c in standing if c.gender != "F"]
            text = (
                f"{post.name}候选人均为女性"
                if not men
                else f"{post.name}只能由女性候选人竞选，以下候选人不符：{'、'.join(men)}"
            )
            checks.append(
                Check("women_only", not men, len(standing) - len(men), len(standing), text, post.id)
            )
    if record.rules.women_seat_mode == "reserved_seat" and not any(
        p.women_only for p in record.posts
    ):
        checks.append(
            Check(
                "women_seat",
                False,
                0,
                1,
                "规则要求设立妇女委员专门职位（reserved_seat），但职位中没有妇女委员（women_only）",
            )
        )
    return tuple(checks)


def round_gates(record: Record, round_id: str) -> tuple[Check, ...]:
    """Before ballots go out: the quorum (party, supervisory) or, after voting, the turnout."""
    rnd = next(r for r in record.rounds if r.id == round_id)
    return (attendance_check(record, rnd),)
