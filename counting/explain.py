"""A readable Chinese summary of a result: checks, tally table, elected, what happens next."""

from __future__ import annotations

import unicodedata

from counting.model import Record
from counting.people import Person
from counting.result import NextRound, Result

_ROUND_KIND = {"regular": "正式选举", "tie_break": "重新投票（平票）", "supplementary": "另行选举"}
_ROUND_STATUS = {
    "counted": "已计票",
    "void": "投票无效，须重新投票",
    "not_valid": "会议（选举）无效",
}
# `qualified`: reached the threshold (a majority, or 1/3 in a 村/居 另行选举) but outranked.
_ROW_STATUS = {
    "elected": "当选",
    "tie": "平票",
    "qualified": "达到当选票数，名额已满",
    "not_elected": "未当选",
}
_NEXT = {"tie_break": "对平票候选人重新投票", "supplementary": "另行选举", "repeat": "重新投票"}


def pad(text: str, width: int) -> str:
    """Pad to a display width: a CJK character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _names(people: tuple[Person, ...]) -> str:
    return "、".join(p.name for p in people) or "（无）"


def explain(record: Record, result: Result) -> str:
    posts = {p.id: p.name for p in record.posts}
    lines = [f"《{record.title}》计票结果" if record.title else "计票结果", ""]
    for number, rnd in enumerate(result.rounds, start=1):
        kind = _ROUND_KIND.get(rnd.kind, rnd.kind)
        lines.append(f"第{number}轮（{rnd.id}）　{kind}　{_ROUND_STATUS[rnd.status]}")
        b = rnd.ballots
        ballots = f"  发出选票{b.issued}张，收回{b.returned}张"
        if b.invalid is not None:
            ballots += f"，有效{b.returned - b.invalid}张，无效{b.invalid}张（其中作废{b.void}张）"
        lines.append(ballots)
        for check in rnd.checks:
            lines.append(f"  {'✓' if check.ok else '✗'} {check.text}")
        for post in rnd.posts:
            lines.append("")
            lines.append(f"  【{posts[post.post]}】应选{post.seats}名　{post.threshold_text}")
            lines.append(f"  有效{post.sections_valid}份，无效{post.sections_invalid}份")
            lines.append(f"    {pad('姓名', 16)}赞成  不赞成  弃权  结果")
            for row in post.tally:
                name = row.person.name + ("（另选）" if row.written_in else "")
                votes = f"{row.votes:>4}" if row.votes is not None else f"{row.yes:>4}"
                line = (
                    f"    {pad(name, 16)}{votes}  {row.no:>6}  {row.abstain:>4}  "
                    f"{_ROW_STATUS[row.status]}"
                )
                if row.carried:
                    # RULES.md §3 cascade: the votes at the higher posts count here too.
                    parts = "，".join(f"{posts[p]}票{n}票" for p, n in row.carried.items())
                    line += f"（含{parts}）"
                lines.append(line)
            for dropped in post.nobody:
                lines.append(f"  {dropped.text}")
            lines.append(f"  当选：{_names(post.elected)}")
            if post.tie is not None:
                lines.append(f"  平票：{_names(post.tie.candidates)}，争{post.tie.seats}个名额")
            if post.unfilled:
                lines.append(f"  空缺：{post.unfilled}名")
        lines.append("")
    outcome = result.outcome
    lines.append("结果（当选人按姓氏笔画排列）：")
    for post_id, people in outcome.elected.items():
        extra = f"，暂缺{outcome.vacant[post_id]}名" if post_id in outcome.vacant else ""
        if post_id in outcome.reduced:
            before, after = outcome.reduced[post_id]
            extra += f"，经会议决定名额由{before}名减为{after}名"
        lines.append(f"  {posts[post_id]}：{_names(people)}{extra}")
    lines.append("")
    leaders = {p.id for p in record.posts if p.role in ("secretary", "deputy_secretary")}
    lines.append(_next_text(outcome.status, outcome.next_round, posts, leaders))
    return "\n".join(lines) + "\n"


def _next_text(
    status: str, nxt: NextRound | None, posts: dict[str, str], leaders: set[str]
) -> str:
    if status == "not_valid":
        return "下一步：会议（选举）无效，不能产生结果，须另行召开。"
    if nxt is None:
        return "下一步：选举完成。"
    parts = []
    for c in nxt.posts:
        if c.needs_nomination:
            why = "按规则没有可列入的人选"
            if c.post in leaders:
                why = "已当选委员中无人获得该职位选票"
            listed = f"须由组织者提名候选人（{why}）"
        else:
            listed = f"候选人：{_names(c.candidates)}"
        parts.append(f"{posts[c.post]}{c.seats}名，{listed}" + (f"（{c.note}）" if c.note else ""))
    return f"下一步：{_NEXT[nxt.kind]}——" + "；".join(parts) + "。"
