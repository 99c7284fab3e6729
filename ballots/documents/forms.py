"""The forms an organiser files besides ballots and results (plain data in, PDF bytes out):

    render_sign_in_sheet(people, *, options)        签到表 (正式/预备, signatures, 应到/实到)
    render_proxy_sign_in_sheet(proxies, *, options) 委托投票 holders' 签到表 (村/居)
    render_candidate_notice(posts, *, options)      候选人名单公示
    render_voter_notice(people, *, options)         选民名单公示 (选举日前 20 日公布)
    render_proxy_notice(proxies, *, options)        委托投票 公示
    render_ballot_register(boxes, *, options)       选票发放/收回登记表, one per ballot box
    render_vetting_table(people, *, options, …)     候选人资格联审表 (CAMPAIGN.md §3)

People are listed in 姓氏笔画 order (RULES.md §7); the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ballots.flow import Column, Flow
from ballots.layout import MM, SIZE_4, SIZE_S4, SIZE_S5
from ballots.pdf import PdfMeta, document_font, new_canvas
from ballots.strokes import sort_names

NOTICE_DAYS_BEFORE = 20  # 村/居: the roll is published 20 days before the election


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    surname: str | None = None  # when the 姓 is not the first character nor a known 复姓
    kind: str = ""  # printed in the 类别 column: 正式党员, 预备党员, 选民 …
    votes: bool = True  # counts towards 应到 (a 预备党员 does not, RULES.md §2)
    note: str = ""  # a disambiguator (出生年份、单位) or 小组/村民小组


@dataclass(frozen=True, slots=True)
class ProxyPair:
    holder: Person  # 受托人
    principal: Person  # 委托人


@dataclass(frozen=True, slots=True)
class PostList:
    post_name: str
    seats: int
    candidates: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class BallotBox:
    name: str  # 主会场票箱, 第一分会场, 流动票箱（一）…
    place: str = ""


@dataclass(frozen=True, slots=True)
class FormOptions:
    title: str  # the election, e.g. 中共幸福社区支部委员会换届选举
    organisation: str | None = None  # 落款
    issued_on: date | None = None  # the notice's date
    election_date: date | None = None
    single_given_name_first: bool = True
    meta: PdfMeta = field(default_factory=PdfMeta)


def in_stroke_order(people: Sequence[Person], single_given_name_first: bool = True,
                    ) -> list[Person]:
    """People in 姓氏笔画 order (RULES.md §7); an unknown character raises UnknownCharacter."""
    order = sort_names([(p.name, p.surname) for p in people],
                       single_given_name_first=single_given_name_first).order
    return [people[i] for i in order]


def _date_zh(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "　　　　年　　月　　日"


def _start(options: FormOptions, title: str, texts: Sequence[str]) -> tuple[io.BytesIO, Flow]:
    font = document_font(options.meta)
    font.require([title, options.organisation or "", *texts])
    buffer = io.BytesIO()
    c = new_canvas(buffer, options.meta, title, numbered=True, running=True)
    flow = Flow(c, font)
    flow.title(title)
    return buffer, flow


def _end(buffer: io.BytesIO, flow: Flow) -> bytes:
    flow.finish()
    flow.c.save()
    return buffer.getvalue()


def _sign_off(flow: Flow, options: FormOptions) -> None:
    """落款 and date at the bottom right, kept together."""
    flow.ensure(3 * SIZE_4 * 1.45 + 10 * MM)
    flow.space(8 * MM)
    if options.organisation:
        flow.paragraph(options.organisation, SIZE_4, align="right")
    flow.paragraph(_date_zh(options.issued_on), SIZE_4, align="right")


def _names(people: Sequence[Person]) -> list[str]:
    return [p.name + (f"（{p.note}）" if p.note else "") for p in people]


def render_sign_in_sheet(people: Sequence[Person], *, options: FormOptions,
                         expected: int | None = None) -> bytes:
    """签到表: 序号, 姓名, 类别 (正式/预备), 签名; then 应到/实到 lines for the totals.

    `expected` is 应到 when approved exclusions lower it; default: the people who vote."""
    ordered = in_stroke_order(people, options.single_given_name_first)
    title = f"{options.title}签到表"
    buffer, flow = _start(options, title, [*_names(ordered), *(p.kind for p in ordered)])
    voters = sum(p.votes for p in ordered)
    others = len(ordered) - voters
    flow.paragraph(f"会议日期：{_date_zh(options.election_date)}", SIZE_S4, align="center")
    flow.space(2 * MM)
    rows = [[str(i), name, p.kind, "", ""]
            for i, (p, name) in enumerate(zip(ordered, _names(ordered), strict=True), start=1)]
    columns = [Column("序号", 0.08), Column("姓名", 0.27), Column("类别", 0.15),
               Column("本人签名", 0.32), Column("备注", 0.18)]
    totals = 3 * SIZE_S4 * 1.45 + 16 * MM
    flow.table(columns, rows, size=SIZE_S4, min_row=9 * MM, reserve_after=totals)
    flow.ensure(totals)
    extra = f"（另有{others}名无表决权，不计入应到）" if others else ""
    flow.paragraph(f"应到人数：{voters if expected is None else expected}人{extra}", SIZE_S4,
                   bold=True)
    flow.paragraph("实到人数：________人　　请假________人　　缺席________人", SIZE_S4, bold=True)
    flow.space(4 * MM)
    flow.signatures(["签到负责人", "监票人"])
    return _end(buffer, flow)


def render_proxy_sign_in_sheet(proxies: Sequence[ProxyPair], *, options: FormOptions) -> bytes:
    """委托投票 holders' 签到表 (村/居): 受托人 in 姓氏笔画 order with their 委托人."""
    pairs = _proxies_in_order(proxies, options)
    title = f"{options.title}委托投票签到表"
    buffer, flow = _start(options, title, [t for p in pairs for t in _names([p.holder,
                                                                             p.principal])])
    flow.paragraph(f"会议日期：{_date_zh(options.election_date)}", SIZE_S4, align="center")
    flow.space(2 * MM)
    rows = [[str(i), _names([p.holder])[0], _names([p.principal])[0], "", ""]
            for i, p in enumerate(pairs, start=1)]
    columns = [Column("序号", 0.08), Column("受托人", 0.24), Column("委托人", 0.24),
               Column("受托人签名", 0.28), Column("领票数", 0.16)]
    flow.table(columns, rows, size=SIZE_S4, min_row=9 * MM,
               reserve_after=SIZE_S4 * 1.45 + 14 * MM)
    flow.paragraph(f"委托投票共{len(pairs)}人次。", SIZE_S4, bold=True)
    flow.signatures(["登记人", "监票人"])
    return _end(buffer, flow)


def _proxies_in_order(proxies: Sequence[ProxyPair], options: FormOptions) -> list[ProxyPair]:
    holders = in_stroke_order([p.holder for p in proxies], options.single_given_name_first)
    # several principals of one holder stay together, in their own stroke order
    out: list[ProxyPair] = []
    seen: set[int] = set()
    for holder in holders:
        mine = [i for i, p in enumerate(proxies) if p.holder == holder and i not in seen]
        seen.update(mine)
        principals = in_stroke_order([proxies[i].principal for i in mine],
                                     options.single_given_name_first)
        out += [ProxyPair(holder, principal) for principal in principals]
    return out


def _name_grid(flow: Flow, names: Sequence[str], per_row: int = 5) -> None:
    rows = [list(names[i : i + per_row]) for i in range(0, len(names), per_row)]
    for row in rows:
        row += [""] * (per_row - len(row))
    columns = [Column("", 1.0) for _ in range(per_row)]
    flow.table(columns, rows or [[""] * per_row], size=SIZE_4, min_row=10 * MM, header=False)


def render_candidate_notice(posts: Sequence[PostList], *, options: FormOptions) -> bytes:
    """候选人名单公示: each post's candidates in 姓氏笔画 order, the organiser's 落款."""
    title = f"{options.title}候选人名单公示"
    ordered = [(p, in_stroke_order(p.candidates, options.single_given_name_first))
               for p in posts]
    buffer, flow = _start(options, title, [t for _, c in ordered for t in _names(c)])
    flow.space(4 * MM)
    flow.paragraph(f"　　根据有关规定，现将{options.title}候选人名单公示如下"
                   "（按姓氏笔画为序）：", SIZE_4)
    for post, people in ordered:
        flow.space(3 * MM)
        flow.paragraph(f"{post.post_name}候选人（应选{post.seats}名，候选人{len(people)}名）：",
                       SIZE_4, bold=True)
        _name_grid(flow, _names(people))
    flow.paragraph("　　公示期间，对候选人有异议的，可以书面或当面向选举工作机构反映。", SIZE_4)
    _sign_off(flow, options)
    return _end(buffer, flow)


def render_voter_notice(people: Sequence[Person], *, options: FormOptions) -> bytes:
    """选民名单公示 (村/居): the roll in 姓氏笔画 order, published 20 days before the election."""
    title = f"{options.title}选民名单公示"
    ordered = in_stroke_order(people, options.single_given_name_first)
    buffer, flow = _start(options, title, _names(ordered))
    flow.space(4 * MM)
    when = ""
    if options.election_date:
        latest = options.election_date - timedelta(days=NOTICE_DAYS_BEFORE)
        when = (f"选举日为{_date_zh(options.election_date)}，本名单应不迟于{_date_zh(latest)}"
                "公布。")
    flow.paragraph(f"　　现将{options.title}登记的选民名单公布如下（共{len(ordered)}人，"
                   f"按姓氏笔画为序）。{when}", SIZE_4)
    flow.space(2 * MM)
    _name_grid(flow, _names(ordered))
    flow.paragraph("　　对选民名单有不同意见的，可以在名单公布之日起五日内向村（居）民选举委员会"
                   "申诉。", SIZE_4)
    _sign_off(flow, options)
    return _end(buffer, flow)


def render_proxy_notice(proxies: Sequence[ProxyPair], *, options: FormOptions) -> bytes:
    """委托投票 公示: who votes for whom, 受托人 in 姓氏笔画 order."""
    pairs = _proxies_in_order(proxies, options)
    title = f"{options.title}委托投票公示"
    buffer, flow = _start(options, title, [t for p in pairs for t in _names([p.holder,
                                                                             p.principal])])
    flow.space(4 * MM)
    flow.paragraph(f"　　经审核，下列选民委托他人投票，现予公示（共{len(pairs)}人，"
                   "按受托人姓氏笔画为序）：", SIZE_4)
    flow.space(2 * MM)
    rows = [[str(i), _names([p.principal])[0], _names([p.holder])[0]]
            for i, p in enumerate(pairs, start=1)]
    flow.table([Column("序号", 0.12), Column("委托人", 0.44), Column("受托人", 0.44)], rows,
               size=SIZE_4, min_row=9 * MM)
    flow.paragraph("　　对以上委托有异议的，可向选举委员会反映。",
                   SIZE_4)
    _sign_off(flow, options)
    return _end(buffer, flow)


def render_ballot_register(boxes: Sequence[BallotBox], *, options: FormOptions,
                           lines: int = 8) -> bytes:
    """选票发放/收回登记表: for each box (主会场, 分会场, 流动票箱) its own ruled form."""
    title = f"{options.title}选票发放收回登记表"
    font = document_font(options.meta)
    font.require([title, *(b.name + b.place for b in boxes)])
    buffer = io.BytesIO()
    c = new_canvas(buffer, options.meta, title, numbered=True, running=True)
    flow = Flow(c, font)
    columns = [Column("时间", 0.14), Column("发出选票（张）", 0.16), Column("收回选票（张）", 0.16),
               Column("发票人签名", 0.18), Column("监票人签名", 0.18), Column("备注", 0.18)]
    for i, box in enumerate(boxes):
        if i:
            flow.new_page()
        flow.title(title)
        where = f"　地点：{box.place}" if box.place else ""
        flow.paragraph(f"票箱：{box.name}{where}　日期：{_date_zh(options.election_date)}",
                       SIZE_4, align="center")
        flow.space(2 * MM)
        flow.table(columns, [[""] * len(columns) for _ in range(lines)], size=SIZE_S4,
                   min_row=11 * MM)
        flow.table([Column("合计", 0.28), Column("发出", 0.24), Column("收回", 0.24),
                    Column("剩余/作废", 0.24)], [["", "", "", ""]], size=SIZE_S4,
                   min_row=11 * MM)
        flow.signatures(["发票人", "监票人", "总监票人"])
    return _end(buffer, flow)


@dataclass(frozen=True, slots=True)
class VettedPerson:
    """One row of the 联审表 (CAMPAIGN.md §3), as plain text and numbers."""

    name: str
    surname: str | None
    gender: str  # 男 / 女 / ""
    birth: str  # 1970年5月 or ""
    age: int | None  # on the reference date
    education: str
    political_status: str
    party_years: int | None
    conditions: tuple[str, ...]  # findings, each with its exception if granted; () = 符合
    reviews: tuple[tuple[str, str], ...]  # (department, 无问题 / 有问题 / 待审核 …)
    passed: bool


def render_vetting_table(people: Sequence[VettedPerson], *, options: FormOptions,
                         conditions: str, departments: Sequence[str]) -> bytes:
    """联审表: each candidate in 姓氏笔画 order with the conditions checked, each department's
    sign-off and the verdict; a signature line per department (CAMPAIGN.md §3)."""
    order = sort_names([(p.name, p.surname) for p in people],
                       single_given_name_first=options.single_given_name_first).order
    ordered = [people[i] for i in order]
    title = f"{options.title}候选人资格联审表"
    rows = [[str(i), p.name, p.gender, "\n".join(x for x in (p.birth, f"{p.age}岁"
                                                              if p.age is not None else "") if x),
             p.education, p.political_status, "\n".join(p.conditions) or "符合",
             "\n".join(f"{d}：{s}" for d, s in p.reviews), "审核通过" if p.passed else "未通过"]
            for i, p in enumerate(ordered, start=1)]
    buffer, flow = _start(options, title, [conditions, *departments,
                                           *(cell for row in rows for cell in row)])
    flow.paragraph(f"资格条件：{conditions}", SIZE_S5)
    flow.paragraph("按姓氏笔画为序。各部门对负面清单逐项审核，全部部门审核无问题且资格条件符合"
                   "（或经决定例外）的，方为审核通过。", SIZE_S5)
    flow.space(2 * MM)
    columns = [Column("序号", 0.05), Column("姓名", 0.09), Column("性别", 0.05),
               Column("出生年月", 0.11), Column("文化程度", 0.08), Column("政治面貌", 0.1),
               Column("资格条件", 0.19, "left"), Column("各部门审核", 0.19, "left"),
               Column("结论", 0.1)]
    flow.table(columns, rows or [[""] * len(columns)], size=SIZE_S5, min_row=10 * MM,
               reserve_after=flow.signatures_height(len(departments)))
    flow.signatures([f"{d}审核人" for d in departments])
    _sign_off(flow, options)
    return _end(buffer, flow)
