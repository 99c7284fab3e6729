"""选举结果报告单: attendance, ballots, each candidate's votes, the elected, what comes next.

Signed by 总监票人, 监票人, 计票人 and 主持人 (RULES.md §8). A QR code holds the published
record's URL with its SHA-256 (also printed as text), so anyone can fetch and re-count it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ballots.documents.result_view import (
    ROUND_KIND_ZH,
    bad_result,
    count_text,
    electorate_words,
    get_field,
    has_carried,
    names_in_stroke_order,
    next_round_note,
    nobody_text,
    result_round,
    status_text,
    tally_name,
    votes_text,
)
from ballots.flow import Column, Flow
from ballots.layout import MM, SIZE_4, SIZE_5, SIZE_S4, SIZE_S5
from ballots.pdf import PdfMeta, document_font, new_canvas
from ballots.qr import draw_qr
from counting import dumps, parse_record
from counting.model import Record, Round
from counting.rules import PARTY_BODIES

QR_SIZE = 27 * MM
QUIET_MARGIN = 2 * MM  # the QR's white quiet zone may reach into the page margin


@dataclass(frozen=True, slots=True)
class ReportOptions:
    organisation: str | None = None  # printed under the title, e.g. the 街道 or 选举委员会
    meeting_date: date | None = None
    published_url: str | None = None  # where the record is published
    record_sha256: str | None = None  # of the published file; default: of its canonical JSON
    audit_anchor: str | None = None  # the audit log's head hash when printed (its place too)
    meta: PdfMeta = field(default_factory=PdfMeta)


def record_digest(record: Mapping[str, object]) -> str:
    """SHA-256 of the record's canonical JSON (`counting.dumps`)."""
    return hashlib.sha256(dumps(record).encode("utf-8")).hexdigest()


def report_payload(url: str | None, sha256: str) -> str:
    """The QR payload: the URL with the hash as its fragment, or the bare hash."""
    return f"{url}#sha256={sha256}" if url else f"sha256:{sha256}"


def render_report(
    record: Mapping[str, object],
    result: Mapping[str, object],
    *,
    round_id: str | None = None,
    options: ReportOptions = ReportOptions(),
) -> bytes:
    """PDF report of one round (default: the last) of a counted record."""
    parsed = parse_record(record)
    rres = result_round(result, round_id)
    rnd = _record_round(parsed, rres)
    kind = ROUND_KIND_ZH.get(rnd.kind, "选举")
    sub = f"第{parsed.rounds.index(rnd) + 1}轮（{rnd.id}）{kind}"
    return _render(record, parsed, result, [(rres, rnd)], sub, options,
                   is_last=rres is result_round(result, None), final=False)


def render_election_report(
    record: Mapping[str, object],
    result: Mapping[str, object],
    *,
    options: ReportOptions = ReportOptions(),
) -> bytes:
    """PDF report of the whole election: every round (first round, tie-break, 另行选举) on
    one signed form, then the elected of the election in 姓氏笔画 order (RULES.md §6.5)."""
    parsed = parse_record(record)
    rounds = get_field(result, "rounds", "")
    if not isinstance(rounds, list) or not rounds:
        raise bad_result("/rounds")
    pairs = [(rres, _record_round(parsed, rres)) for rres in rounds]
    kinds = "、".join(f"第{i}轮{ROUND_KIND_ZH.get(r.kind, '选举')}"
                     for i, (_, r) in enumerate(pairs, start=1))
    sub = f"全部{len(pairs)}轮：{kinds}"
    return _render(record, parsed, result, pairs, sub, options, is_last=True, final=True)


def _record_round(parsed: Record, rres: Mapping[str, Any]) -> Round:
    rid = get_field(rres, "id", "/rounds/-")
    rnd = next((r for r in parsed.rounds if r.id == rid), None)
    if rnd is None:
        raise bad_result(f"/rounds/{rid}")
    return rnd


def _render(
    record: Mapping[str, object], parsed: Record, result: Mapping[str, object],
    pairs: list[tuple[Mapping[str, Any], Round]], sub: str, options: ReportOptions,
    *, is_last: bool, final: bool,
) -> bytes:
    sha = options.record_sha256 or record_digest(record)
    font = document_font(options.meta)
    title = f"{parsed.title or '选举'}结果报告单"
    lines = [t for rres, _ in pairs for t in _all_text(parsed, rres, result)]
    font.require([title, sub, *lines, options.organisation or "", options.published_url or "",
                  options.audit_anchor or ""])
    buffer = io.BytesIO()
    c = new_canvas(buffer, options.meta, title, numbered=True, running=True)
    flow = Flow(c, font)
    # The QR sits in the top right corner; the title stays centred clear of it.
    draw_qr(c, report_payload(options.published_url, sha), flow.left + flow.width - QR_SIZE
            + QUIET_MARGIN, flow.top - QR_SIZE + QUIET_MARGIN, QR_SIZE)
    flow.title(title, room=flow.width - 2 * (QR_SIZE + 2 * MM))
    if options.organisation:
        sub = f"{options.organisation}　{sub}"
    if options.meeting_date:
        sub += f"　{_date_zh(options.meeting_date)}"
    flow.paragraph(sub, SIZE_4, align="center", room=flow.width - 2 * (QR_SIZE + 2 * MM))
    _provenance(flow, options.published_url, sha, options.audit_anchor)
    flow.space(2 * MM)
    last_rres = pairs[-1][0]
    steps = _next_step_sentences(parsed, last_rres, result, is_last=is_last)
    elected = _final_elected(parsed, result) if final else []
    for number, (rres, rnd) in enumerate(pairs, start=1):
        if final:
            kind = ROUND_KIND_ZH.get(rnd.kind, "选举")
            flow.ensure(40 * MM)  # a round's heading stays with its figures
            flow.paragraph(f"第{parsed.rounds.index(rnd) + 1}轮（{rnd.id}）{kind}", SIZE_4,
                           bold=True)
            flow.space(1 * MM)
        _basic_facts(flow, parsed, rnd)
        _checks(flow, rres)
        posts = rres.get("posts") if isinstance(rres.get("posts"), Mapping) else {}
        assert isinstance(posts, Mapping)
        shown = [p for p in parsed.posts if p.id in posts]
        for post in shown:
            # The last table keeps its last row with what follows it down to the signatures.
            tail = 0.0
            if number == len(pairs) and post is shown[-1]:
                tail = (_steps_height(flow, parsed, steps) + _signed_height()
                        + sum(flow.paragraph_height(t, SIZE_S4, keep=people(parsed)) + 2 * MM
                              for t in elected))
            _post(flow, parsed, post.id, posts[post.id], rnd.kind, tail=tail)
        if not final:
            _next_steps(flow, parsed, steps)
    if final:
        flow.paragraph("选举结果（按姓氏笔画为序）：", SIZE_S4, bold=True)
        for text in elected:
            flow.paragraph(text, SIZE_S4, indent=4 * MM, keep=people(parsed))
        flow.space(2 * MM)
        _next_steps(flow, parsed, steps)
    _sign(flow, options.meeting_date)
    flow.finish()
    c.save()
    return buffer.getvalue()


def _final_elected(record: Record, result: Mapping[str, object]) -> list[str]:
    """当选 per post over all rounds (`outcome.elected`), in 姓氏笔画 order."""
    outcome = result.get("outcome")
    elected = outcome.get("elected") if isinstance(outcome, Mapping) else None
    vacant = outcome.get("vacant") if isinstance(outcome, Mapping) else None
    if not isinstance(elected, Mapping):
        return ["选举尚未产生最终结果。"]
    out = []
    for post in record.posts:
        names = names_in_stroke_order(record, elected.get(post.id) or [])
        line = f"{post.name}：{'、'.join(names) if names else '无'}"
        left = vacant.get(post.id) if isinstance(vacant, Mapping) else None
        if isinstance(left, int) and left > 0:
            line += f"（暂缺{left}名）"
        out.append(line)
    return out


def people(record: Record) -> list[str]:
    """Every candidate's name: a line never breaks inside one."""
    return [c.name for c in record.candidates]


def _date_zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _all_text(
    record: Record, rres: Mapping[str, Any], result: Mapping[str, object]
) -> list[str]:
    texts = [p.name for p in record.posts] + [c.name for c in record.candidates]
    outcome = result.get("outcome")
    nxt = outcome.get("next_round") if isinstance(outcome, Mapping) else None
    nxt_posts = nxt.get("posts") if isinstance(nxt, Mapping) else None
    for spec in nxt_posts.values() if isinstance(nxt_posts, Mapping) else []:
        if isinstance(spec, Mapping):
            texts.append(next_round_note(spec) or "")
    for check in rres.get("checks", []) or []:
        if isinstance(check, Mapping) and isinstance(check.get("text"), str):
            texts.append(check["text"])
    for post in (rres.get("posts") or {}).values():
        if isinstance(post, Mapping) and isinstance(post.get("threshold_text"), str):
            texts.append(post["threshold_text"])
        if isinstance(post, Mapping):
            texts.append(nobody_text(post) or "")
        for entry in post.get("tally", []) if isinstance(post, Mapping) else []:
            if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                texts.append(entry["name"])
    return texts


def _basic_facts(flow: Flow, record: Record, rnd: Round) -> None:
    a = rnd.attendance
    if record.body in PARTY_BODIES or a.registered is None:
        # RULES.md §2 — 应到 = entitled − approved exclusions; 实到 counts voters only.
        people = [("应到人数", a.expected), ("实到人数", a.present)]
        if a.excluded:
            people.insert(0, ("有选举权", a.entitled))
            people.insert(1, ("批准不计入", a.excluded))
    else:
        # RULES.md §3 — in 户代表 mode the roll counts households.
        registered, voted = electorate_words(record.rules)
        people = [(registered, a.registered), (voted, rnd.ballots_returned)]
    ballots = [("发出选票", rnd.ballots_issued), ("收回选票", rnd.ballots_returned),
               ("作废选票", rnd.ballots_void)]
    facts = [*people, *ballots]
    flow.table([Column(k, 1.0) for k, _ in facts], [[count_text(v) for _, v in facts]],
               size=SIZE_5, min_row=8 * MM)


def _checks(flow: Flow, rres: Mapping[str, Any]) -> None:
    checks = [c for c in rres.get("checks", []) or [] if isinstance(c, Mapping)]
    if not checks:
        return
    flow.paragraph("核验：", SIZE_S4, bold=True)
    for check in checks:
        verdict = "符合" if check.get("ok") else "不符合"
        text = check.get("text") or (
            f"{check.get('code')}：实际{check.get('actual')}，要求{check.get('required')}"
        )
        flow.paragraph(f"【{verdict}】{text}", SIZE_S4, indent=4 * MM)
    flow.space(2 * MM)


def _post(
    flow: Flow, record: Record, post_id: str, res: Mapping[str, Any], round_kind: str,
    *, tail: float = 0.0,
) -> None:
    """A post's line, its table and its 当选 line; `tail` is the height of what must follow
    on the same page as the table's last row (the next steps and the signatures)."""
    post = record.post(post_id)
    seats, threshold = res.get("seats"), res.get("threshold")
    rule = res.get("threshold_text")
    if not isinstance(rule, str):
        rule = f"当选至少须得{count_text(threshold)}票"
    heading = (f"{post.name}：应选{count_text(seats)}名；{rule}；"
               f"本栏有效{count_text(res.get('sections_valid'))}张，"
               f"无效{count_text(res.get('sections_invalid'))}张。")
    # RULES.md §3 cascade: a lower post's 得票 adds the person's votes at the higher posts.
    cascade = has_carried(res.get("tally"))
    post_names = {p.id: p.name for p in record.posts}
    rows = []
    for entry in res.get("tally", []) or []:
        if not isinstance(entry, Mapping):
            continue
        row = [tally_name(record, entry), count_text(entry.get("yes")),
               count_text(entry.get("no")), count_text(entry.get("abstain"))]
        if cascade:
            row.append(votes_text(entry, post_names))
        row.append(status_text(entry, round_kind))
        rows.append(row)
    columns = [Column("姓名", 0.3), Column("赞成", 0.15), Column("不赞成", 0.15),
               Column("弃权", 0.15), Column("结果", 0.25)]
    if cascade:
        columns = [Column("姓名", 0.18), Column("赞成", 0.1), Column("不赞成", 0.1),
                   Column("弃权", 0.1), Column("得票", 0.32), Column("结果", 0.2)]
    nobody = nobody_text(res)
    elected = res.get("elected") or []
    names = "、".join(names_in_stroke_order(record, elected)) if elected else "无"
    chosen = f"当选（按姓氏笔画为序）：{names}"
    after = [t for t in (nobody, chosen) if t]
    below = sum(flow.paragraph_height(t, SIZE_S4, keep=people(record)) for t in after)
    # A table that fits on one page starts on a new page rather than leave rows behind.
    whole = (flow.paragraph_height(heading, SIZE_S4)
             + flow.table_height(columns, rows, size=SIZE_S4, min_row=7 * MM)
             + below + (5 * MM + tail if tail else 0.0))
    if whole <= flow.top - flow.bottom:
        flow.ensure(whole)
    flow.paragraph(heading, SIZE_S4, bold=True)
    flow.table(columns, rows, size=SIZE_S4, min_row=7 * MM,
               reserve_after=(below + 5 * MM + tail) if tail else 0.0)
    for text in after:
        flow.paragraph(text, SIZE_S4, keep=people(record))
    flow.space(2 * MM)


SIGNERS = ("总监票人", "监票人", "计票人", "主持人")


def _signed_height() -> float:
    return Flow.signatures_height(len(SIGNERS)) + 4 * MM + SIZE_S4 * 1.6 + 2 * MM


def _sign(flow: Flow, day: date | None) -> None:
    """The signatures and the date below them, on one page."""
    flow.ensure(_signed_height())
    flow.signatures(SIGNERS)
    flow.space(4 * MM)
    flow.paragraph(_date_zh(day) if day else "　　　　年　　月　　日", SIZE_S4, align="right")


def _next_step_sentences(
    record: Record, rres: Mapping[str, Any], result: Mapping[str, object], *, is_last: bool,
) -> list[str]:
    # The last round's next step is the outcome's (it names the candidates); an earlier
    # round says what it left open.
    sentences = _round_sentences(record, rres, ties=not is_last)
    if is_last:
        sentences.extend(_outcome_sentences(record, result))
    return sentences or ["本轮选举结束。"]


def _steps_height(flow: Flow, record: Record, sentences: list[str]) -> float:
    return SIZE_S4 * 1.45 + 2 * MM + sum(
        flow.paragraph_height(s, SIZE_S4, indent=4 * MM, keep=people(record)) for s in sentences)


def _next_steps(flow: Flow, record: Record, sentences: list[str]) -> None:
    flow.paragraph("下一步：", SIZE_S4, bold=True)
    for s in sentences:
        flow.paragraph(s, SIZE_S4, indent=4 * MM, keep=people(record))
    flow.space(2 * MM)


def _round_sentences(record: Record, rres: Mapping[str, Any], *, ties: bool) -> list[str]:
    status = rres.get("status")
    if status == "not_valid":
        return ["会议（选举）有效人数不足，本轮选举无效，未计票（RULES.md §2、§3）。"]
    if status == "void":
        return ["收回选票多于发出选票，本轮选举无效，须重新举行。"]
    out = []
    for post in record.posts:
        res = (rres.get("posts") or {}).get(post.id)
        if not isinstance(res, Mapping):
            continue
        tie = res.get("tie")
        if ties and isinstance(tie, Mapping) and tie.get("candidates"):
            names = "、".join(names_in_stroke_order(record, tie["candidates"]))
            out.append(f"{post.name}：{names}得票相等，须就{count_text(tie.get('seats'))}"
                       "个名额重新投票。")
        unfilled = res.get("unfilled")
        if ties and isinstance(unfilled, int) and unfilled > 0:
            # RULES.md §6.4 — party: 另行选举 or, by the meeting's decision, fewer seats.
            then = ("须另行选举，或经选举大会决定减少名额" if record.body in PARTY_BODIES
                    else "须另行选举")
            out.append(f"{post.name}：尚缺{unfilled}名，{then}。")
    return out


def _outcome_sentences(record: Record, result: Mapping[str, object]) -> list[str]:
    outcome = result.get("outcome")
    if not isinstance(outcome, Mapping):
        return []
    status = outcome.get("status")
    if status == "complete":
        out = ["选举结束，应选名额已全部产生或依规定暂缺。"]
        vacant = outcome.get("vacant") or {}
        for post in record.posts:
            if isinstance(vacant, Mapping) and vacant.get(post.id):
                out.append(f"{post.name}暂缺{count_text(vacant[post.id])}名。")
        return out
    nxt = outcome.get("next_round")
    if status == "needs_round" and isinstance(nxt, Mapping):
        kind = {"tie_break": "重新投票", "supplementary": "另行选举",
                "repeat": "重新举行本轮选举"}.get(str(nxt.get("kind")), "再行投票")
        out = []
        for post in record.posts:
            spec = (nxt.get("posts") or {}).get(post.id)
            if not isinstance(spec, Mapping):
                continue
            head = f"须{kind}：{post.name}{count_text(spec.get('seats'))}名，"
            note = next_round_note(spec)
            if spec.get("needs_nomination") and not spec.get("candidates"):
                # RECORD.md: a list the rules cannot fill (RULES.md §2) — the organiser nominates.
                out.append(f"{head}{note}。")
                continue
            names = "、".join(names_in_stroke_order(record, spec.get("candidates") or []))
            out.append(f"{head}候选人（按姓氏笔画为序）：{names or '—'}"
                       + (f"（{note}）" if note else "") + "。")
        return out or [f"须{kind}。"]
    if status == "not_valid":
        return ["选举无效，须另行组织选举。"]
    return []


def _provenance(flow: Flow, url: str | None, sha: str, anchor: str | None = None) -> None:
    """What the QR holds, in text: the published record's URL and its SHA-256; the audit
    log's anchor (`jipiao audit verify --anchor` proves the log up to it)."""
    room = flow.width - QR_SIZE
    flow.paragraph("公布的选举记录：" + (url or "（未填写网址）"), SIZE_S5, room=room)
    flow.paragraph(f"记录文件 SHA-256：{sha}", SIZE_S5, room=room)
    if anchor:
        flow.paragraph(f"审计日志锚点：{anchor}", SIZE_S5, room=room)
    flow.paragraph("任何人可下载该记录，用 jipiao count 重新计票核对。", SIZE_S5, room=room)
    flow.y = min(flow.y, flow.top - QR_SIZE)
