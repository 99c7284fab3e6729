"""Readable Chinese summaries of a nomination result and an appraisal result."""

from __future__ import annotations

from counting.campaign.appraisal_record import AppraisalRecord, AppraisalResult
from counting.campaign.nomination_record import DirectRecord, NominationRecord
from counting.campaign.nomination_result import DirectResult, NominationResult, form_text
from counting.campaign.recommendation import MEETING_NAMES, RecommendationResult, Threshold
from counting.explain import pad
from counting.people import Person

_STATUS = {"counted": "已计票", "not_valid": "会议无效，须重新召开", "void": "推荐无效，须重新推荐"}
_OUT = {"below_threshold": "未过半数", "below_cut": "名次在初步人选人数之外"}
_THRESHOLD = {
    "combined_half": "综合得票超过推荐票（加权）的一半",
    "each_meeting_half": "在两个推荐会议上均得票超过收回推荐票的一半",
    "none": "不设票数门槛，按综合得票排序",
}


def _names(people: tuple[Person, ...]) -> str:
    return "、".join(p.name for p in people) or "（无）"


def explain_nomination(record: NominationRecord, result: NominationResult) -> str:
    head = f"《{record.title}》" if record.title else ""
    if isinstance(result, RecommendationResult):
        return "\n".join([f"{head}两推结果", "", *_recommendation(result)]) + "\n"
    assert isinstance(record, DirectRecord)
    return "\n".join([f"{head}直接提名（海推）结果", "", *_direct(record, result)]) + "\n"


def _threshold_text(t: Threshold) -> str:
    text = _THRESHOLD[t.mode]
    if t.least_score is not None:
        text += f"（至少{t.least_score}分）"
    if t.least_votes:
        text += (
            "（"
            + "，".join(f"{MEETING_NAMES[k]}至少{n}票" for k, n in t.least_votes.items())
            + "）"
        )
    return text


def _recommendation(result: RecommendationResult) -> list[str]:
    lines = []
    for m in result.meetings:
        lines.append(f"{MEETING_NAMES[m.kind]}　{_STATUS[m.status]}")
        lines.extend(f"  {'✓' if c.ok else '✗'} {c.text}" for c in m.checks)
    lines.append("")
    if result.threshold is None:
        lines.append("结果：推荐会议无效，不能确定初步人选，须重新召开。")
        return lines
    lines.append(f"门槛：{_threshold_text(result.threshold)}")
    for p in result.posts:
        lines.append("")
        lines.append(f"【{p.post.name}】应选{p.post.seats}名，初步人选{p.wanted}名")
        lines.append(f"    {pad('姓名', 12)}群众推荐  党员推荐  综合  名次  结果")
        for r in p.rows:
            verdict = "初步人选" if r.nominee else f"落选（{_OUT[r.out_reason or 'below_cut']}）"
            if r.added_from:
                verdict = "初步人选（书记初步人选，同时列入委员）"
            mark = "＊" if r.on_committee_list else ""
            lines.append(
                f"    {pad(r.person.name + mark, 12)}{r.votes.get('representatives', 0):>8}"
                f"  {r.votes.get('members', 0):>8}  {r.score:>4}  {r.rank:>4}  {verdict}"
            )
        lines.append(f"  初步人选（按姓氏笔画）：{_names(p.nominees)}")
        if p.missing:
            lines.append(f"  尚缺{p.missing}名：须扩大推荐范围或由党委补充。")
        lines.append(f"  党委推荐名单（＊）：{_names(p.committee_list)}")
    lines.append("")
    lines.append(
        "结果：初步人选已产生，由组织者确定。"
        if result.status == "complete"
        else "结果：过半数人数不足，须扩大推荐范围或由党委补充。"
    )
    return lines


def _direct(record: DirectRecord, result: DirectResult) -> list[str]:
    lines = [f"收回提名票{result.ballots_returned}张"]
    for p in result.posts:
        lines.append("")
        lines.append(
            f"【{p.post.name}】应选{p.post.seats}名，候选人{p.wanted}名；"
            f"有效{p.count.sections_valid}份，无效{p.count.sections_invalid}份"
        )
        for r in p.rows:
            status = {"candidate": "候选人", "preselection": "参加预选", "out": "—"}[r.status]
            lines.append(f"    {pad(r.person.name, 12)}{r.votes:>6}票  第{r.rank}名  {status}")
        for i, h in enumerate(p.held, start=1):
            valid = h.vote.ballots_returned - h.vote.invalid
            lines.append(
                f"  第{i}次预选：收回{h.vote.ballots_returned}张，有效{valid}张，取{h.places}名"
            )
            for r in h.rows:
                status = {"candidate": "候选人", "preselection": "参加再次预选", "out": "—"}[
                    r.status
                ]
                lines.append(f"    {pad(r.person.name, 12)}{r.votes:>6}票  第{r.rank}名  {status}")
        if p.preselection is not None:
            pre = p.preselection
            why = (
                f"另有联名或自荐提名的{_names(pre.joined)}，提名人数多于候选人名额"
                if pre.joined
                else f"第{p.wanted}名并列，人数超过候选人名额"
            )
            tied = f"（并列：{_names(pre.tied)}）" if pre.tied and not pre.joined else ""
            lines.append(f"  {why}：须预选，从{_names(pre.among)}中产生{pre.places}名{tied}")
        else:
            lines.append(f"  候选人（按姓氏笔画）：{_names(p.candidates)}")
        if p.missing:
            lines.append(f"  尚缺{p.missing}名候选人。")
    if result.forms:
        lines.append("")
        lines.append("联名推荐与自荐：")
        posts = {p.id: p.name for p in record.posts}
        for v in result.forms:
            who = record.people[v.form.person].name
            lines.append(f"  {who}（{posts[v.form.post]}）：{form_text(v)}")
    return lines


def explain_appraisal(record: AppraisalRecord, result: AppraisalResult) -> str:
    lines = [f"《{record.title}》测评结果" if record.title else "测评结果"]
    labels = [o.label for o in record.rules.options]
    if result.evaluation is not None:
        lines += ["", f"民主测评：收回测评表{result.evaluation_returned}张"]
        lines.append(
            f"    {pad('对象', 16)}"
            + "".join(pad(label, 8) for label in labels)
            + "有效  满意率  不满意率"
        )
        for s in result.evaluation:
            flag = "　不满意超过三分之一，不宜继续提名（由组织者决定）" if s.flagged else ""
            lines.append(
                f"    {pad(s.subject.name, 16)}"
                + "".join(pad(str(s.counts[label]), 8) for label in labels)
                + f"{s.valid:>4}  {s.satisfied_rate or '—':>6}  {s.dissatisfied_rate or '—':>6}"
                + flag
            )
    if result.survey is not None:
        lines += ["", f"{'✓' if result.survey.ok else '✗'} {result.survey.text}"]
    for vote in result.trust_votes:
        lines += ["", f"{vote.vote.name}：收回{vote.vote.ballots_returned}张"]
        for row in vote.rows:
            verdict = "信任" if row.trusted else "未获信任（信任票未超过半数）"
            lines.append(
                f"    {pad(row.subject.name, 12)}信任{row.trust}  不信任{row.distrust}  "
                f"弃权{row.abstain}  {row.trust_rate or '—'}  {verdict}"
            )
    return "\n".join(lines) + "\n"
