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


def percent_text(part: int, whole: int) -> str:
    """`part / whole` as a percentage with one decimal, rounded half up from the exact
    fraction (CAMPAIGN.md: percentages are shown with one decimal): 53/70 → "75.7%"."""
    tenths = (2000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}%"


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


def _share_words(ok: bool, inclusive: bool) -> tuple[str, str]:
    """The words of the law (RULES.md, top): 以上 includes the number, 超过 excludes it."""
    if inclusive:
        return ("达到", "以上") if ok else ("不足", "")
    return ("超过", "") if ok else ("未超过", "")


def quorum_check(record: Record, rnd: Round) -> Check:
    present, expected = rnd.attendance.present, rnd.attendance.expected
    assert present is not None and expected is not None
    rules = record.rules
    allow_equal = False
    if record.body == "supervisory_committee":
        if rules.supervisory_meeting == "representatives":
            # RULES.md §4 (组织法 §26): 有三分之二以上的组成人员参加: 3·present ≥ 2·members.
            ratio, allow_equal = (2, 3), True
        else:
            ratio = (1, 2)  # 村民会议/居民会议: 2·present > members
    elif record.body == "party_plenary":
        ratio = rules.plenary_quorum
        allow_equal = rules.quorum_allow_equal
    else:
        ratio, allow_equal = (4, 5), rules.quorum_allow_equal  # RULES.md §2: 5·present > 4·expected
    required = least_over(expected, ratio, allow_equal)
    ok = present >= required
    who = "有选举权的实到" if record.body in PARTY_BODIES else "实到"
    verb, tail = _share_words(ok, allow_equal)
    share = fraction_zh(ratio) + tail
    if ok:
        text = f"{who}{present}人，{verb}应到{expected}人的{share}，会议有效"
    else:
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


def turnout_inclusive(rules: Rules) -> bool:
    """过半数 (1/2) is strict; the 居民代表 rule 三分之二以上 includes the number (RULES.md §3)."""
    return rules.turnout_ratio != (1, 2)


def voter_unit(rules: Rules) -> str:
    """户代表 mode counts households (户), otherwise persons (人)."""
    return "户" if rules.electorate_mode == "households" else "人"


def turnout_check(rules: Rules, rnd: Round) -> Check:
    registered = rnd.attendance.registered
    assert registered is not None
    actual = voted(rules, rnd)
    inclusive = turnout_inclusive(rules)
    required = least_over(registered, rules.turnout_ratio, inclusive)
    ok = actual >= required
    roll = {"voters": "登记选民", "households": "登记户", "representatives": "居民代表"}[
        rules.electorate_mode
    ]
    unit = voter_unit(rules)
    verb, tail = _share_words(ok, inclusive)
    share = fraction_zh(rules.turnout_ratio) + tail
    if ok:
        text = f"参加投票{actual}{unit}，{verb}{roll}{registered}{unit}的{share}，选举有效"
    else:
        text = (
            f"参加投票{actual}{unit}，{verb}{roll}{registered}{unit}的{share}"
            f"（至少需{required}{unit}），选举无效"
        )
    return Check("turnout", ok, actual, required, text)


def reconciliation_checks(rnd: Round) -> list[Check]:
    """RULES.md §5 — returned ≤ issued and ≤ present (per box too); issued ≤ present.

    Only the checks coded `reconciliation` and `box_reconciliation` void the round;
    `issued_le_present` is a procedural error that is reported while the round is counted.
    """
    issued, returned = rnd.ballots_issued, rnd.ballots_returned
    checks = []
    present = rnd.attendance.present
    if present is not None:
        ok = issued <= present
        text = (
            f"发出选票{issued}张，不多于实到{present}人"
            if ok
            else f"发出选票{issued}张，多于实到{present}人，发票有误；"
            f"收回选票未多于发出数和投票人数的，本轮照常计票"
        )
        checks.append(Check("issued_le_present", ok, issued, present, text))
    limit = issued if present is None else min(issued, present)
    ok = returned <= limit
    if ok:
        whom = f"发出的{issued}张" + ("" if present is None else f"和实到的{present}人")
        text = f"收回选票{returned}张，不多于{whom}，投票有效"
    elif returned > issued:
        text = f"收回选票{returned}张，多于发出的{issued}张，本轮投票无效，应重新投票"
    else:
        text = f"收回选票{returned}张，多于实到{present}人，本轮投票无效，应重新投票"
    checks.append(Check("reconciliation", ok, returned, limit, text))
    for box in rnd.boxes:
        ok = box.returned <= box.issued
        label = box.name or box.id
        text = (
            f"票箱“{label}”发出{box.issued}张，收回{box.returned}张"
            if ok
            else f"票箱“{label}”收回{box.returned}张，多于发出的{box.issued}张，本轮投票无效"
        )
        checks.append(Check("box_reconciliation", ok, box.returned, box.issued, text))
    return checks


VOIDING_CHECKS = frozenset({"reconciliation", "box_reconciliation"})


def boxes_check(record: Record, rnd: Round) -> Check | None:
    """RULES.md §3 — in 居民代表 mode voting happens at the central venue only."""
    if record.rules.electorate_mode != "representatives" or not rnd.boxes:
        return None
    others = [b for b in rnd.boxes if not b.is_main]
    ok = not others
    text = (
        "居民代表会议推选，只在中心会场投票"
        if ok
        else "居民代表会议推选只能在中心会场投票，不应设投票站或流动票箱："
        + "、".join(b.name or b.id for b in others)
    )
    return Check("boxes", ok, len(others), 0, text)


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
        ratio = percent_text(candidates - seats, seats)
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
# RULES.md §2 (条例 2020): 支部委员会 3–5, 总支部委员会 5–7, 基层委员会 5–9, at most 11.
PARTY_SIZE = {"branch": ("支部委员会", 3, 5, 5),
              "general_branch": ("总支部委员会", 5, 7, 7),
              "committee": ("基层委员会", 5, 9, 11)}


def committee_size_check(record: Record) -> Check | None:
    """The committee's seats against its lawful size (村/居; the party members' meeting)."""
    if record.body in COMMITTEE_SIZE:
        name, low, high = COMMITTEE_SIZE[record.body]
        seats = sum(post.seats for post in record.posts)
        ok = low <= seats <= high
        text = (f"{name}由主任、副主任和委员共{low}至{high}人组成，本次共应选{seats}名，"
                f"{'符合' if ok else '不符合'}规定")
        return Check("committee_size", ok, seats, high if seats > high else low, text)
    member_posts = [p for p in record.posts if p.role == "member"]
    if record.body != "party_branch" or not member_posts or record.rules.elects == "delegates":
        return None  # (出席上级党代会代表: their number is set by the higher committee)
    # The 委员 seats are the committee: 书记/副书记 are among them (RULES.md §2).
    name, low, usual, most = PARTY_SIZE[record.rules.unit_kind]
    seats = sum(p.seats for p in member_posts)
    ok = low <= seats <= most
    size = f"{low}至{usual}人" if usual == most else f"一般{low}至{usual}人、最多不超过{most}人"
    text = f"{name}由{size}组成，本次应选委员{seats}名，{'符合' if ok else '不符合'}规定"
    return Check("committee_size", ok, seats, most if seats > most else low, text)


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
