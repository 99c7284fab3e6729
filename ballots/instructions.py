"""The 说明 printed on a ballot, generated from the election's rules (RULES.md §2, §3, §5, §6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counting.rules import PARTY_BODIES, Body, Rules

_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class SectionFacts:
    """What the instructions need to know about one post section of the sheet."""

    post_name: str
    role: str
    seats: int
    candidates: int
    write_in_columns: int
    women_only: bool


def chinese_number(n: int) -> str:
    """一 … 九十九, for fractions like 三分之一 and 五分之四."""
    if n <= 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def ballot_instructions(
    body: Body, rules: Rules, kind: str, sections: Sequence[SectionFacts]
) -> tuple[str, ...]:
    """Numbered sentences telling the voter how to mark and when the ballot is invalid."""
    lines: list[str] = []
    lines.append(_what_is_elected(kind, rules, body, sections))
    lines.append(
        "对候选人赞成的，在其姓名下方的空格内画“○”；不赞成的，画“×”；弃权的，不画任何符号。"
    )
    if any(s.write_in_columns for s in sections):
        # RULES.md §5 — a write-in without a mark: invalid (party) or YES (村/居).
        unmarked = (
            "只写姓名不画符号的，视为赞成。"
            if rules.writein_without_mark == "yes"
            else "只写姓名不画“○”的，该另选无效。"
        )
        lines.append(
            "如另选他人，在“另选他人”栏内写上其姓名，并在姓名下方的空格内画“○”；" + unmarked
        )
        if rules.writein_requires_no_mark:
            # RULES.md §5 — 投不赞成票者可以另选他人; a write-in without a NO counts for nobody.
            lines.append(
                "对某职位的候选人投不赞成票的，方可在该职位栏内另选他人；"
                "未投不赞成票而另选的，另选无效。"
                if len(sections) > 1
                else "对候选人投不赞成票的，方可另选他人；未投不赞成票而另选的，另选无效。"
            )
    lines.append(_overvote(rules, sections))
    if _secretary_must_be_marked(rules, sections):
        # RULES.md §2 — direct mode: 书记/副书记 YES without a 委员 YES voids the ballot.
        names = "、".join(s.post_name for s in sections if s.role in _SECRETARY_ROLES)
        member = next(s.post_name for s in sections if s.role == "member")
        lines.append(
            f"选为{names}的，必须同时在{member}栏内对其画“○”（或另选其为{member}），"
            "否则本选票无效。"
        )
    if rules.multi_post_mode == "cascade" and len(sections) > 1:
        # RULES.md §3 — cascade counting of a multi-post sheet.
        lines.append(
            "候选人未当选较高职位的，其在较高职位栏所得赞成票，计入其在较低职位的得票。"
        )
    if len(sections) > 1 and rules.same_person_multi_post == "highest_only":
        # RULES.md §3 — one person, one post per ballot: only the highest post's mark counts.
        lines.append("同一人在多个职位栏内均被选的，只计其中最高职位的一票。")
    lines.extend(
        f"{s.post_name}只能从女性中选出。" for s in sections if s.women_only
    )
    lines.append("符号要准确，字迹要清楚；不能辨认的符号无效。选票上不得作其他任何标记。")
    return tuple(f"{i}. {line}" for i, line in enumerate(lines, start=1))


_SECRETARY_ROLES = ("secretary", "deputy_secretary")


def _secretary_must_be_marked(rules: Rules, sections: Sequence[SectionFacts]) -> bool:
    roles = {s.role for s in sections}
    return (
        rules.secretary_mode == "direct"
        and rules.secretary_requires_member_mark
        and "member" in roles
        and bool(roles & set(_SECRETARY_ROLES))
    )


def _what_is_elected(kind: str, rules: Rules, body: Body, sections: Sequence[SectionFacts]) -> str:
    posts = "；".join(
        f"{s.post_name}应选{s.seats}名，候选人{s.candidates}名" for s in sections
    )
    if kind == "tie_break":
        # RULES.md §6.3 — the tied persons, for exactly the contested seats.
        rule = (
            "得票多且赞成票超过实到会有选举权人数一半的当选"
            if rules.tiebreak_requires_majority
            else "得票多的当选"
        )
        return f"本次为得票相等候选人的重新投票：{posts}，{rule}。"
    if kind == "supplementary":
        if body in PARTY_BODIES:
            rule = "赞成票超过实到会有选举权人数一半的当选"  # RULES.md §6.4
        else:
            num, den = rules.supplementary_min_share  # RULES.md §3 另行选举
            rule = (
                f"得票多且不少于所投选票数{chinese_number(den)}分之{chinese_number(num)}的当选"
            )
        return f"本次为另行选举：{posts}，{rule}。"
    return f"本选票{posts}。"


def _overvote(rules: Rules, sections: Sequence[SectionFacts]) -> str:
    # RULES.md §5 — over-vote per section, or the whole sheet with overvote_scope = sheet.
    chosen = "赞成（含另选他人）" if any(s.write_in_columns for s in sections) else "赞成"
    if len(sections) == 1:
        return f"{chosen}的人数等于或少于应选人数的为有效票，多于应选人数的为无效票。"
    if rules.overvote_scope == "sheet":
        return f"任何一栏{chosen}的人数多于该栏应选人数的，整张选票无效。"
    return f"某一栏{chosen}的人数多于该栏应选人数的，该栏无效，其他栏仍然有效。"
